"""Privacy and maintenance: backup, restore, export-client, forget, purge, doctor, audit, encrypt.

Thin on purpose: each command parses its options, asks for confirmation
where the data is at stake, calls `wor_cli.privacy` and prints. Confirmation
questions are asked only at a terminal; a script says `--yes` or
`--confirm REF` instead, and without either it is refused (exit 2) rather
than left hanging on a question nobody sees.
"""


from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import (
    at_terminal, catalogue_dir, command, db_path, fail, open_store, print_json, reference, settings,
)
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import plural, t


def _retention_years() -> int:
    from wor_cli import config

    return int(config.get("retention_years", settings()))


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


@command
def export_client(
    ref: Annotated[str, typer.Argument(help=t("help.export_client.ref"), show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help=t("help.export_client.format"), metavar="json|pdf")] = "json",
    out: Annotated[Optional[str], typer.Option("--out", help=t("help.export_client.out"), metavar="PATH")] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.export_client.force"))] = False,
) -> None:
    """Everything held about one client, for the client (right of access)."""
    from wor_cli import audit
    from wor_cli.privacy import access
    from wor_cli.privacy.files import write_output

    if fmt not in ("json", "pdf"):
        raise BadInput("privacy.export.bad_format", value=fmt, allowed="json, pdf")
    store = open_store(create=False)
    try:
        ref = reference(store, ref)
        data = access.export(store, ref, settings(), _retention_years())
        content = _export_content(data, fmt)
        if out == "-":
            target = None
        else:
            target = write_output(
                out or None, content, default_name=f"wor-export-{data['ref']}.{fmt}", database=db_path(),
                force=force,
            )
        audit.record_read(store, "client.export", data["ref"])
    finally:
        store.close()
    if target is None:
        import sys

        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from wor_cli.ui import console

    console.success(t("privacy.export.written", ref=data["ref"], path=str(target)))


def _export_content(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "pdf":
        from wor_cli import documents
        from wor_cli.privacy import access

        return documents.render(access.document(data), "pdf")
    import json

    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@command
def forget(
    ref: Annotated[str, typer.Argument(help=t("help.forget.ref"), show_default=False)],
    confirm: Annotated[
        Optional[str], typer.Option("--confirm", help=t("help.forget.confirm"), metavar="REF", show_default=False)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """Erase a client completely (right to erasure)."""
    from wor_cli.referrals import normalise_ref

    if confirm is None and not at_terminal():
        raise BadInput("forget.needs_confirm", ref=normalise_ref(ref))
    with open_store(create=False) as store:
        _forget(store, ref, confirm, as_json)


def _forget(store: Any, ref: str, confirm: Optional[str], as_json: bool) -> None:
    from wor_cli.privacy import erasure
    from wor_cli.referrals import normalise_ref
    from wor_cli.ui import console, privacy_view

    plan = erasure.plan(store, ref)
    if confirm is not None:
        if normalise_ref(confirm) != plan.ref:
            raise BadInput("forget.confirm_mismatch", given=confirm, ref=plan.ref)
    else:
        console.out().print(privacy_view.forget_plan(plan))
        typed = privacy_view.ask_text("forget.ref", t("forget.type_ref", ref=plan.ref))
        if normalise_ref(typed or "") != plan.ref:
            raise Refused("forget.not_confirmed")
    done = erasure.forget(store, plan.ref)
    if as_json:
        print_json({"erased": done.refs, "wiped": done.wiped})
    else:
        console.success(t("forget.done", refs=", ".join(done.refs)))
        console.info(t("forget.backups_note"))
    if not done.wiped:
        console.warn(t("forget.not_wiped"))
    if plan.look_alikes:
        console.warn(t("forget.look_alikes", refs=", ".join(plan.look_alikes)))


@command
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help.purge.dry_run"))] = False,
    yes: Annotated[bool, typer.Option("--yes", help=t("help.purge.yes"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """Erase what is past the retention period."""
    years = _retention_years()
    with open_store(create=False) as store:
        _purge(store, years, dry_run, yes, as_json)


def _purge(store: Any, years: int, dry_run: bool, yes: bool, as_json: bool) -> None:
    from wor_cli.privacy import retention
    from wor_cli.ui import console, privacy_view

    due = retention.due(store, years)
    drafts = retention.stale_drafts(store)
    if dry_run:
        if as_json:
            print_json({"retention_years": years, "due": due, "drafts": drafts})
        else:
            console.out().print(privacy_view.purge_table(due, drafts, years))
        return
    if not yes:
        if not at_terminal():
            raise BadInput("purge.needs_yes")
        console.out().print(privacy_view.purge_table(due, drafts, years))
        if (due or drafts) and not privacy_view.confirm("purge.confirm", t(plural("purge.question", len(due)), count=len(due))):
            raise Refused("purge.cancelled")
    done = retention.purge(store, years)
    if as_json:
        print_json({"erased": done.refs, "drafts": done.drafts, "backups": done.backups, "wiped": done.wiped})
    else:
        console.success(t("purge.done", referrals=t(plural("count.referrals", len(done.refs)), count=len(done.refs)),
                          drafts=t(plural("count.unfinished_steps", done.drafts), count=done.drafts),
                          backups=t(plural("count.old_backups", done.backups), count=done.backups)))
    if not done.wiped:
        console.warn(t("forget.not_wiped"))


@command
def doctor(as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False) -> None:
    """Health checks: integrity, permissions, location, migrations, retention, backups, catalogue."""
    from wor_cli.commands._shared import database_key, key_file
    from wor_cli.errors import WorError
    from wor_cli.privacy import health

    path = db_path()
    try:
        key = database_key(path)
    except WorError:  # an unreadable key file: doctor still checks what it can
        key = None
    checks = health.run(path, key, catalogue_dir(), _retention_years(), key_file=key_file())
    if as_json:
        print_json([c.as_json() for c in checks])
    else:
        from wor_cli.ui import console, privacy_view

        console.out().print(privacy_view.doctor_table(checks))
    if health.failed(checks):
        problems = sum(1 for c in checks if c.status == health.FAIL)
        fail(t(plural("doctor.failed", problems), count=problems), 1)  # a script sees why on stderr, whatever the format


@command
def audit(
    ref: Annotated[Optional[str], typer.Argument(help=t("help.audit.ref"), show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """The audit trail: who did what when (never what was written)."""
    from wor_cli import audit as trail
    from wor_cli.referrals import normalise_ref

    with open_store(create=False) as store:
        rows = trail.trail(store, normalise_ref(ref) if ref else None)
    if as_json:
        print_json(rows)
        return
    from wor_cli.ui import console, privacy_view

    if not rows:
        console.info(t("audit.empty"))
        return
    console.out().print(privacy_view.audit_table(rows))


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
