"""`wor encrypt`: the database encrypted with SQLCipher, the key never on the command line."""

from typing import Any

from wor_cli.commands._shared import at_terminal, command, db_path, open_store
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import plural, t


@command
def encrypt() -> None:
    """Convert the database to an encrypted one (after a backup)."""
    from wor_cli.commands._shared import GLOBALS, database_key
    from wor_cli.privacy import encryption
    from wor_cli.store import open_store as open_at
    from wor_cli.ui import console, privacy_view

    path = db_path()
    if encryption.is_encrypted(path):
        raise Refused("encrypt.already", path=str(path))
    key = database_key(path)  # from --key-file or WOR_KEY_FILE
    if key is None:
        if not at_terminal():
            raise BadInput("encrypt.needs_key_file")
        key = _new_passphrase(privacy_view)
    encryption.check_new_passphrase(key)
    store = open_store(create=False, warn_unused_key=False)
    done = encryption.encrypt(store, key)
    GLOBALS.key = key
    reopened = open_at(path, create=False, key=key)
    try:
        encryption.audit_encrypted(reopened)
    finally:
        reopened.close()
    console.success(t("encrypt.done", path=str(path)))
    console.info(t(plural("encrypt.backup_note", done.backups_encrypted), path=str(done.backup), count=done.backups_encrypted))
    console.info(t("encrypt.keep_key"))


def _new_passphrase(privacy_view: Any) -> str:
    first = privacy_view.ask_key("encrypt.new_key", t("encrypt.ask_new_key"))
    second = privacy_view.ask_key("encrypt.new_key_again", t("encrypt.ask_new_key_again"))
    if first != second:
        raise BadInput("encrypt.keys_differ")
    return first
