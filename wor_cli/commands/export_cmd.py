"""`wor export minimal-dataset`: one row per referral, nothing directly identifying."""


from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import command, open_store
from wor_cli.commands.report import parse_day, save
from wor_cli.errors import BadInput
from wor_cli.i18n import t

FORMATS = ("csv", "json")

app = typer.Typer(help=t("help.export"), no_args_is_help=True)


@app.command("minimal-dataset", help=t("help.export.minimal_dataset"))
@command
def minimal_dataset(
    start: Annotated[Optional[str], typer.Option("--from", help=t("help.export.from"), metavar="DATE", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--to", help=t("help.export.to"), metavar="DATE", show_default=False)] = None,
    format_: Annotated[str, typer.Option("--format", help=t("help.export.format"), metavar="csv|json")] = "csv",
    out: Annotated[Optional[str], typer.Option("--out", help=t("help.export.out"), metavar="PATH", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.export.force"))] = False,
) -> None:
    from wor_cli import audit, exports, reports

    if format_ not in FORMATS:
        raise BadInput("export.bad_format", value=format_, allowed=", ".join(FORMATS))
    chosen = reports.period(parse_day("--from", start), parse_day("--to", end))
    store = open_store()
    columns, rows = exports.minimal_dataset(store, chosen)
    text = exports.as_csv(columns, rows) if format_ == "csv" else exports.as_json(rows)
    if out is None:
        import sys

        sys.stdout.write(text)
        audit.record_read(store, "export.minimal_dataset")
        return
    name = f"wor-minimale-dataset-{chosen.start.isoformat()}-{chosen.end.isoformat()}.{format_}"
    saved = save(out, text, name, force)
    audit.record_read(store, "export.minimal_dataset")
    from wor_cli.ui import console

    console.success(t("export.saved", count=len(rows), path=str(saved)))
