"""Looking after the data: `wor doctor` (what needs doing) and `wor audit` (who did what)."""

from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import (
    catalogue_dir, command, db_path, fail, open_store, print_json, retention_years,
)
from wor_cli.i18n import plural, t


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
    checks = health.run(path, key, catalogue_dir(), retention_years(), key_file=key_file())
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
