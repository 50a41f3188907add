"""`wor export minimal-dataset`: one row per referral, nothing directly identifying."""


from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import command, open_store
from wor_cli.commands.report import parse_day, save
from wor_cli.errors import BadInput
from wor_cli.i18n import plural, t

FORMATS = ("csv", "json", "xlsx")

app = typer.Typer(help=t("help.export"), no_args_is_help=True)


@app.command("minimal-dataset", help=t("help.export.minimal_dataset"))
@command
def minimal_dataset(
    start: Annotated[Optional[str], typer.Option("--from", help=t("help.export.from"), metavar="DATE", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--to", help=t("help.export.to"), metavar="DATE", show_default=False)] = None,
    format_: Annotated[str, typer.Option("--format", help=t("help.export.format"), metavar="csv|json|xlsx")] = "csv",
    out: Annotated[Optional[str], typer.Option("--out", help=t("help.export.out"), metavar="PATH", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.export.force"))] = False,
) -> None:
    from wor_cli import audit, exports, reports

    if format_ not in FORMATS:
        raise BadInput("export.bad_format", value=format_, allowed=", ".join(FORMATS))
    if format_ == "xlsx" and out is None:
        raise BadInput("export.xlsx_needs_out")
    chosen = reports.period(parse_day("--from", start), parse_day("--to", end))
    store = open_store()
    columns = exports.columns()
    counted = _Counted(exports.rows(store, chosen))  # streamed: one referral at a time
    if out is None:
        import sys

        chunks = exports.csv_chunks(columns, counted) if format_ == "csv" else exports.json_chunks(counted)
        for chunk in chunks:
            sys.stdout.write(chunk)
        audit.record_read(store, "export.minimal_dataset")
        return

    def fill(staged: Path) -> None:
        """Write the rows into the private file the output rule prepared, without holding them all."""
        if format_ == "xlsx":
            from wor_cli import workbooks

            workbooks.dataset(columns, counted, staged)
            return
        chunks = exports.csv_chunks(columns, counted) if format_ == "csv" else exports.json_chunks(counted)
        with open(staged, "w", encoding="utf-8", newline="") as f:
            for chunk in chunks:
                f.write(chunk)

    name = f"wor-minimale-dataset-{chosen.start.isoformat()}-{chosen.end.isoformat()}.{format_}"
    saved = save(out, fill, name, force)
    audit.record_read(store, "export.minimal_dataset")
    from wor_cli.ui import console

    console.success(t(plural("export.saved", counted.n), count=counted.n, path=str(saved)))


class _Counted:
    """Passes rows through, counting them (for the message after saving)."""

    def __init__(self, rows: Any) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Any:
        for row in self.rows:
            self.n += 1
            yield row
