"""`wor report`: the figures and stories of a period, for the municipality."""


from pathlib import Path
from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import command, open_store, settings
from wor_cli.commands.options import ForceOption, FromOption, ToOption, format_option, out_option, period, save
from wor_cli.errors import BadInput
from wor_cli.i18n import shown, t

FORMATS = ("table", "json", "csv", "html", "xlsx")



@command
def report(
    start: FromOption = None,
    end: ToOption = None,
    format_: Annotated[str, format_option("help.report.format", FORMATS)] = "table",
    out: Annotated[Optional[str], out_option("help.report.out")] = None,
    force: ForceOption = False,
    stories: Annotated[int, typer.Option("--stories", help=t("help.report.stories"), min=0, metavar="N")] = 10,
    dataset: Annotated[Optional[list[Path]], typer.Option("--dataset", help=t("help.report.dataset"), metavar="FILE", show_default=False)] = None,
) -> None:
    """Referrals, the funnel, timing, activities, outcome change and stories for a period."""
    from wor_cli.reports import database

    if format_ not in FORMATS:
        raise BadInput("report.bad_format", value=format_, allowed=", ".join(FORMATS))
    if format_ == "xlsx" and out is None:
        raise BadInput("report.xlsx_needs_out")
    chosen = period(start, end)
    store = None
    if dataset:
        from wor_cli.reports import dataset as report_dataset

        chosen = report_dataset.months(chosen)
        figures = report_dataset.build(report_dataset.load(dataset), chosen)
    else:
        store = open_store()
        figures = database.build(store, chosen, stories=stories)
    name = f"wor-verslag-{chosen.start.isoformat()}-{chosen.end.isoformat()}"
    if format_ == "xlsx":
        from wor_cli.reports import workbooks

        _save(out, workbooks.report(figures), f"{name}.xlsx", force, dataset)
    elif format_ == "html":
        from wor_cli.reports import html as report_html

        content = report_html.render(figures, organisation=settings().get("organisation.name"))
        _save(out, content, f"{name}.html", force, dataset)
    elif format_ == "table" and out is None:
        import sys

        from wor_cli.ui import report_view

        if sys.stdout.isatty():  # a person reads it: rich, wrapped to the terminal, in colour
            from wor_cli.ui import console

            console.out().print(report_view.render(figures))
        else:  # a pipe or a file: the same lines, plain, without loading rich
            sys.stdout.write(report_view.as_text(figures))
    elif format_ == "table":
        from wor_cli.ui import report_view

        _save(out, report_view.as_text(figures), f"{name}.txt", force, dataset)
    else:
        import json

        from wor_cli.reports import flat

        text = shown(json.dumps(figures, ensure_ascii=False, indent=2) + "\n" if format_ == "json" else flat.as_csv(figures))
        if out is None:
            import sys

            sys.stdout.write(text)
        else:
            _save(out, text, f"{name}.{format_}", force, dataset)
    if store is not None:  # from datasets there is no database to record it in
        from wor_cli import audit

        audit.record_read(store, "report")



def _save(out: str | None, content: str | bytes, default_name: str, force: bool,
          dataset: list[Path] | None) -> None:
    from wor_cli.ui import console

    console.success(t("report.saved", path=str(save(out, content, default_name, force, tuple(dataset or ())))))
