"""`wor agenda`: what is planned or due in the coming days."""


from typing import Annotated

import typer

from wor_cli.commands._shared import command, open_store, print_json
from wor_cli.errors import BadInput
from wor_cli.i18n import t


@command
def agenda(
    days: Annotated[int, typer.Option("--days", help=t("help.agenda.days"), metavar="N")] = 14,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """What is planned or due from today up to N days ahead, overdue first."""
    from wor_cli import agenda as planning

    if not 0 <= days <= planning.MAX_DAYS:
        raise BadInput("agenda.bad_days", value=days, high=planning.MAX_DAYS)
    found = planning.items(open_store(), days)
    if as_json:
        print_json([item.as_json() for item in found])
        return
    from wor_cli.ui import console, views

    if not found:
        console.info(t("agenda.empty", days=days))
        return
    console.out().print(views.agenda_table(found, days))
