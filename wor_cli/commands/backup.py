"""Keeping a copy: `wor backup` and `wor restore`.

Thin, as every command (docs/architecture.md): confirmation only at a terminal, `--yes` in scripts.
"""

from pathlib import Path
from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import at_terminal, command, db_path, open_store, print_json
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import t


@command
def backup(
    path: Annotated[Optional[str], typer.Argument(help=t("help.backup.path"), show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.backup.force"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """A consistent, private copy of the database, also while wor is in use."""
    from wor_cli.privacy import backup as backups

    store = open_store(create=False)
    try:
        made = backups.make(store, path, force=force)
    finally:
        # Closed at once: the copy is done, and a connection left open would
        # only hold on to the file.
        store.close()
    if as_json:
        print_json({"path": str(made), "encrypted": store.encrypted})
        return
    from wor_cli.ui import console

    console.success(t("backup.made", path=str(made)))
    if store.encrypted:
        console.info(t("backup.encrypted_note"))


@command
def restore(
    path: Annotated[Path, typer.Argument(help=t("help.restore.path"), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help=t("help.restore.yes"))] = False,
) -> None:
    """Check a backup, then put it in place of the database."""
    from wor_cli.commands._shared import database_key
    from wor_cli.errors import WorError
    from wor_cli.privacy import backup as backups
    from wor_cli.store import open_store as open_at
    from wor_cli.ui import console, privacy_view

    if not yes and not at_terminal():
        raise BadInput("restore.needs_yes")
    target = db_path()
    key = database_key(Path(path).expanduser()) if Path(path).expanduser().is_file() else None
    if key is None and target.is_file():
        key = database_key(target)
    inspected = backups.inspect(path, key)
    current = None
    if target.is_file():
        try:
            current = open_at(target, create=False, key=key)
        except WorError as e:
            if e.key in ("encrypt.needs_key", "encrypt.wrong_key", "encrypt.not_installed"):
                raise  # locked, not broken: never set an encrypted database aside for want of its key
            console.warn(t("restore.current_broken", reason=e.message()))
    if not yes:
        console.out().print(privacy_view.restore_summary(backups.describe(inspected), current))
        if not privacy_view.confirm("restore.confirm", t("restore.question", path=str(target))):
            if current is not None:
                current.close()
            raise Refused("restore.cancelled")
    done = backups.restore(target, inspected, key, current)
    console.success(t("restore.done", path=str(target)))
    if done.replaced is not None:
        console.info(t("restore.kept_old", path=str(done.replaced)))
    if done.erased_again:
        console.info(t("restore.erased_again", refs=", ".join(done.erased_again)))
