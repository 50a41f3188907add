"""Encryption at rest with SQLCipher: the key, and converting a database.

SQLCipher encrypts every page of the file (AES-256, with an HMAC per page so
tampering is noticed) under a key derived from a passphrase
(PBKDF2-HMAC-SHA512). The passphrase is SQLCipher's own, so an encrypted
`wor.db` also opens in DB Browser for SQLite or the `sqlcipher` shell with the
same passphrase: the data never depends on `wor` alone.

The key comes from a key file (`--key-file PATH` or `WOR_KEY_FILE`) or is
asked at a terminal with hidden input; never from a plain command-line
option, which would end up in the shell's history and the process list.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wor_cli import audit
from wor_cli.errors import BadInput, Refused
from wor_cli.privacy import files
from wor_cli.store.connection import database_errors, file_kind, is_encrypted, sqlcipher  # noqa: F401 - is_encrypted for the privacy commands

if TYPE_CHECKING:
    from wor_cli.store import Store

MIN_PASSPHRASE = 12


MAX_KEY_FILE = 4096  # a passphrase on one line; anything bigger is not a key file


def read_key_file(path: Path) -> str:
    """The passphrase in a key file: its first line, without the line break.

    Only a small regular file: `/dev/zero` or a FIFO given as the key file
    would otherwise be read forever.
    """
    from wor_cli.inputs import FileProblem, read

    if not Path(path).exists() and not Path(path).is_symlink():
        raise BadInput("encrypt.key_file_missing", path=str(path))
    try:
        raw = read(path, MAX_KEY_FILE)
    except FileProblem as e:
        raise BadInput("encrypt.key_file_unreadable", path=str(path), reason=e.reason()) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("encrypt.key_file_not_text", path=str(path)) from None
    lines = text.splitlines()
    key = lines[0] if lines else ""
    if not key.strip() or "\0" in key:
        raise BadInput("encrypt.key_file_empty", path=str(path))
    return key


def check_new_passphrase(key: str) -> None:
    """A new passphrase must be long enough to resist guessing on a stolen laptop."""
    if len(key) < MIN_PASSPHRASE:
        raise BadInput("encrypt.too_short", minimum=MIN_PASSPHRASE)


def key_file_is_private(path: Path) -> bool:
    return files.is_private(path)



@dataclass
class Converted:
    backup: Path
    backups_encrypted: int


def encrypt(store: Store, key: str) -> Converted:
    """Convert the plain database of `store` into an encrypted one, in place.

    1. a backup is made (the way back if anything below fails);
    2. the database must be open nowhere else: switching it out of WAL mode
       fails while another `wor` has it open, so that proves it;
    3. SQLCipher exports it, holding an exclusive lock, into a private file
       beside it; that copy is checked (integrity, and every table's row
       count) before it replaces the original, whose old content is then
       overwritten;
    4. the automatic backups beside it are encrypted the same way, since a
       plain copy next to an encrypted database would undo the point.
    `store` is closed afterwards; reopen it with the key.
    """
    from wor_cli.privacy import backup

    if store.encrypted:
        raise Refused("encrypt.already", path=str(store.path))
    check_new_passphrase(key)
    module = sqlcipher()
    made = backup.make(store, None, reason="encrypt")
    path = store.path
    store.close()
    conn = module.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except database_errors():
            mode = "busy"
        if mode != "delete":
            raise Refused("encrypt.in_use", path=str(path))
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        with files.temporary_beside(path, "encrypt") as staged:
            _export_checked(conn, staged, key)
            files.replace_wiping_old(staged, path)
    finally:
        conn.close()
    return Converted(made, _encrypt_backups(backup.folder(path), key))


def _export_checked(conn, staged: Path, key: str) -> None:
    files.attach(conn, staged, "secret", key)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        try:
            conn.execute("SELECT sqlcipher_export('secret')")
            tables = [name for (name,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                here = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
                there = conn.execute(f"SELECT count(*) FROM secret.{quoted}").fetchone()[0]
                if here != there:
                    raise Refused("encrypt.copy_differs", table=table)
            conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
    finally:
        conn.execute("DETACH DATABASE secret")
    files.check_integrity(staged, key)


def _encrypt_backups(folder: Path, key: str) -> int:
    """Encrypt every plain backup in the automatic backup folder; returns how many."""
    from wor_cli.privacy import backup

    count = 0
    for found in backup.listing(folder):
        if found.encrypted:
            continue
        source = files.open_file(found.path, None, read_only=True)
        try:
            with files.temporary_beside(found.path, "encrypt") as staged:
                files.copy_database(source, None, staged, key)
                source.close()
                files.replace_wiping_old(staged, found.path)
        finally:
            source.close()
        os.chmod(found.path, 0o600)
        count += 1
    return count


def audit_encrypted(store: Store) -> None:
    """The audit row for the conversion, written in the encrypted database."""
    with store.transaction() as conn:
        audit.record(conn, "database.encrypt")
