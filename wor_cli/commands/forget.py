"""Erasing: `wor forget` (one client) and `wor purge` (what is past its retention).

Thin, as every command (docs/architecture.md): confirmation only at a terminal, `--yes` in scripts.
"""

from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import at_terminal, command, open_store, print_json, retention_years
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import plural, t


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
    years = retention_years()
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
