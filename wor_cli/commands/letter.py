"""`wor letter`: a letter to the GP, or the client's welzijnsrecept."""


import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import catalogue_dir, command, db_path, open_store, settings
from wor_cli.errors import BadInput
from wor_cli.i18n import t

TEXT_FORMATS = ("md", "txt", "html")  # the ones that go to the screen without --out


@command
def letter(
    ref: Annotated[str, typer.Argument(help=t("help.letter.ref"), show_default=False)],
    kind: Annotated[
        Optional[str],
        typer.Option("--kind", help=t("help.letter.kind"), metavar="ontvangst|tussen|eind|recept", show_default=False),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help=t("help.letter.format"), metavar="md|txt|html|pdf|docx")
    ] = "md",
    out: Annotated[
        Optional[str], typer.Option("--out", help=t("help.letter.out"), metavar="PATH", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.letter.force"))] = False,
    templates: Annotated[
        Optional[Path],
        typer.Option("--templates", help=t("help.letter.templates"), metavar="DIR", show_default=False),
    ] = None,
) -> None:
    """Make a letter, record it, and write it to the screen or a private file."""
    from wor_cli import letters
    from wor_cli.ui import console, letter_view

    to_screen = out == "-" or (out is None and fmt in TEXT_FORMATS)
    if to_screen and fmt not in TEXT_FORMATS and sys.stdout.isatty():
        raise BadInput("letter.binary_to_terminal", format=fmt)
    store = open_store()
    made = letters.make(
        store, ref, kind=kind, fmt=fmt, settings=settings(), catalogue=catalogue_dir(), templates_dir=templates,
        draft=to_screen,
    )
    kind_label = t(f"letter.kind.{made.kind}").capitalize()
    due = t("letter.due_note") if made.chosen else None
    if made.missing:  # a draft without the sender's details: shown, not kept as a letter made
        from wor_cli import audit
        from wor_cli.letters import sender

        audit.record_read(store, "letter.draft", made.ref)
        letter_view.show(made.content, made.fmt)
        console.warn(t("letter.draft_missing", **sender.advice(list(made.missing))))
        return
    if to_screen:
        letters.keep(store, made)
        letter_view.show(made.content, made.fmt)
        letter_view.note(t("letter.shown", kind=kind_label, ref=made.ref), due)
    else:
        path = letters.keep(store, made, out, to_file=True, force=force, database=db_path())
        console.success(t("letter.saved", kind=kind_label, ref=made.ref, path=str(path)))
        if due:
            console.info(due)
