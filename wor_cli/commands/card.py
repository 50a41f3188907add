"""`wor card`: the referral card for a GP practice, one page to keep next to the computer."""


import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import catalogue_dir, command, db_path, open_store, settings
from wor_cli.errors import BadInput
from wor_cli.i18n import t

TEXT_FORMATS = ("md", "html")  # the ones shown on screen without --out
FORMATS = ("md", "html", "pdf", "docx")


@command
def card(
    fmt: Annotated[str, typer.Option("--format", help=t("help.card.format"), metavar="md|html|pdf|docx")] = "md",
    out: Annotated[
        Optional[str], typer.Option("--out", help=t("help.card.out"), metavar="PATH", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.letter.force"))] = False,
    templates: Annotated[
        Optional[Path],
        typer.Option("--templates", help=t("help.letter.templates"), metavar="DIR", show_default=False),
    ] = None,
) -> None:
    """Make the referral card and show it, or write it to a file."""
    from wor_cli.letters import card as cards
    from wor_cli.ui import console, letter_view

    if fmt not in FORMATS:
        raise BadInput("letter.bad_format", value=fmt, allowed=", ".join(FORMATS))
    to_screen = out == "-" or (out is None and fmt in TEXT_FORMATS)
    if to_screen and fmt not in TEXT_FORMATS and sys.stdout.isatty():
        raise BadInput("letter.binary_to_terminal", format=fmt)
    content = cards.make(settings(), fmt, catalogue=catalogue_dir(), linked=_linked, templates_dir=templates)
    if to_screen:
        letter_view.show(content, fmt)
        return
    from wor_cli.privacy.output import write_output

    path = write_output(out, content, default_name=cards.filename(fmt), database=db_path(), force=force)
    console.success(t("card.saved", path=str(path)))


def _linked() -> list[tuple[str, int]]:
    """The activities clients went to most (started or still going), when there is a database.

    Declined or stopped ones are left out: the card shows what works for people.
    """
    if not db_path().exists():
        return []
    from wor_cli.errors import WorError

    try:
        store = open_store(create=False)
    except WorError as e:  # the card needs no database: examples then come from the catalogue alone
        from wor_cli.ui import console

        console.info(t("card.no_database", problem=e.message()))
        return []
    return [
        (row["activity_id"], row["n"]) for row in store.rows(
            "SELECT activity_id, count(DISTINCT referral_id) AS n FROM activity_links "
            "WHERE status IN ('started', 'continuing') GROUP BY activity_id ORDER BY n DESC, activity_id LIMIT 10"
        )
    ]
