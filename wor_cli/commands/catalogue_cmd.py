"""`wor catalogue`: check a catalogue folder, load a postcode table."""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import catalogue_dir, command, print_json
from wor_cli.errors import ExitCode
from wor_cli.i18n import t

app = typer.Typer(help=t("help.catalogue"), no_args_is_help=True)


def finding_text(found: dict[str, Any]) -> str:
    """`FILE:LINE: message`, the form editors and coordinators can jump to."""
    where = f"{found['file']}:{found['line']}" if found.get("line") else found["file"]
    return f"{where}: {t(found['key'], **found['params'])}"


@app.command("check", help=t("help.catalogue.check"))
@command
def check(
    folder: Annotated[Optional[Path], typer.Argument(help=t("help.catalogue.dir"), show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    from wor_cli import catalogue
    from wor_cli.ui import console
    from wor_cli.ui.progress import index_progress

    result = catalogue.check(folder or catalogue_dir(), progress=index_progress())
    if as_json:
        print_json(
            {
                "activities": result["activities"],
                "errors": [_plain(f) for f in result["errors"]],
                "warnings": [_plain(f) for f in result["warnings"]],
            }
        )
    else:
        for found in result["errors"]:
            console.error(finding_text(found))
        for found in result["warnings"]:
            console.warn(finding_text(found))
        summary = t("catalogue.summary", activities=result["activities"], errors=len(result["errors"]),
                    warnings=len(result["warnings"]))
        (console.error if result["errors"] else console.success)(summary)
    if result["errors"]:
        raise typer.Exit(int(ExitCode.BAD_INPUT))


def _plain(found: dict[str, Any]) -> dict[str, Any]:
    return {"file": found["file"], "line": found["line"], "message": t(found["key"], **found["params"])}


@app.command("postcodes", help=t("help.catalogue.postcodes"))
@command
def postcodes(file: Annotated[Path, typer.Argument(help=t("help.catalogue.postcodes_file"), show_default=False)]) -> None:
    from wor_cli.catalogue import postcodes as table
    from wor_cli.ui import console

    rows = table.read_table(file)
    saved = table.save_table(rows)
    console.success(t("catalogue.postcodes_saved", count=len(rows), path=str(saved)))
