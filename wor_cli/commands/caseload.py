"""`wor list` and `wor show`: the caseload, and one referral whole."""


from typing import Annotated

import typer

from wor_cli.commands._shared import command, open_store, print_json, reference
from wor_cli.errors import BadInput
from wor_cli.i18n import t


@command
def list_(
    status: Annotated[str, typer.Option("--status", help=t("help.list.status"), metavar="open|closed|all")] = "open",
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """The caseload, with what is due next."""
    from wor_cli import caseload

    if status not in caseload.STATUS_FILTERS:
        raise BadInput("list.bad_status", value=status, allowed=", ".join(caseload.STATUS_FILTERS))
    from wor_cli import config
    from wor_cli.commands._shared import settings

    store, years = open_store(), int(config.get("retention_years", settings()))
    if as_json:
        print_json(caseload.entries(store, status, years))
        return
    from wor_cli.ui import caseload_view, console

    overview = caseload.overview(store, status)
    if not overview["count"]:
        console.info(t("list.empty"))
        return
    caseload_view.write_caseload(console.out(), overview, caseload.each(store, status, years))


@command
def show(
    ref: Annotated[str, typer.Argument(help=t("help.show.ref"), show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """One referral whole: client, GP, contacts, measures, activities, letters."""
    from wor_cli import audit, referrals

    store = open_store()
    record = referrals.record(store, reference(store, ref))
    audit.record_read(store, "referral.show", record["ref"])
    if as_json:
        print_json(record)
        return
    from wor_cli.ui import console, views

    close = record["close"]
    story = None
    if close and close.get("shareable") and close.get("story"):
        from wor_cli import stories

        story = stories.as_reported(store, close["story"], client=record["client"]["name"],
                                    referrer=record["referrer"]["name"], practice=record["referrer"]["practice"])
    console.out().print(views.referral_panel(record, story))
