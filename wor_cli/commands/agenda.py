"""`wor agenda`: what is planned or due in the coming days."""


from typing import Annotated

import typer

from wor_cli.commands._shared import command, open_store
from wor_cli.errors import BadInput
from wor_cli.i18n import plural, shown, t


@command
def agenda(
    days: Annotated[int, typer.Option("--days", help=t("help.agenda.days"), metavar="N")] = 14,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """What is planned or due from today up to N days ahead, overdue first."""
    from wor_cli import agenda as planning

    if not 0 <= days <= planning.MAX_DAYS:
        raise BadInput("agenda.bad_days", value=days, high=planning.MAX_DAYS)
    store = open_store()
    if as_json:
        _print_lines([item.as_json() for item in planning.items(store, days)])
        return
    from wor_cli.ui import agenda_view, console

    found, left_out = planning.for_screen(store, days, agenda_view.AGENDA_OVERDUE)
    if not found:
        console.info(t(plural("agenda.empty", days), days=days))
        return
    console.out().print(agenda_view.agenda_lines(found, days, left_out), no_wrap=True, overflow="ellipsis")


def _print_lines(items: list[dict]) -> None:
    """A JSON list with one object per line: as readable as indented JSON for flat objects, and
    written by json's C encoder (`indent` falls back to the pure-Python one: 3x slower on 10,000)."""
    import json
    import sys

    lines = ",\n".join("  " + json.dumps(item, ensure_ascii=False) for item in items)
    sys.stdout.write(shown(f"[\n{lines}\n]\n") if items else "[]\n")
