"""`wor export minimal-dataset`: one row per referral, nothing directly identifying."""


from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import command, open_store
from wor_cli.commands.options import ForceOption, FromOption, ToOption, format_option, out_option, period, save
from wor_cli.errors import BadInput
from wor_cli.i18n import plural, t

FORMATS = ("csv", "json", "xlsx")

app = typer.Typer(help=t("help.export"), no_args_is_help=True)


@app.command("minimal-dataset", help=t("help.export.minimal_dataset"))
@command
def minimal_dataset(
    start: FromOption = None,
    end: ToOption = None,
    format_: Annotated[str, format_option("help.export.format", FORMATS)] = "csv",
    out: Annotated[Optional[str], out_option("help.export.out")] = None,
    force: ForceOption = False,
) -> None:
    from wor_cli import audit
    from wor_cli.reports import exports

    if format_ not in FORMATS:
        raise BadInput("export.bad_format", value=format_, allowed=", ".join(FORMATS))
    if format_ == "xlsx" and out is None:
        raise BadInput("export.xlsx_needs_out")
    chosen = period(start, end)
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
            from wor_cli.reports import workbooks

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
