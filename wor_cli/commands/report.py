"""`wor report`: the figures and stories of a period, for the municipality."""


from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import command, open_store, settings
from wor_cli.errors import BadInput
from wor_cli.i18n import t

FORMATS = ("table", "json", "csv", "html", "xlsx")


def parse_day(option: str, value: Optional[str]) -> Optional[date]:
    """--from/--to as typed (2026-01-01, 1-1-2026, vandaag), or a clear exit 2."""
    if value is None:
        return None
    from wor_cli import i18n, validation

    try:
        return validation.parse_date(value)
    except validation.Invalid as e:
        raise BadInput("report.bad_date", option=option, value=i18n.excerpt(value), reason=t(e.key, **e.params)) from None


@command
def report(
    start: Annotated[Optional[str], typer.Option("--from", help=t("help.report.from"), metavar="DATE", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--to", help=t("help.report.to"), metavar="DATE", show_default=False)] = None,
    format_: Annotated[str, typer.Option("--format", help=t("help.report.format"), metavar="table|json|csv|html|xlsx")] = "table",
    out: Annotated[Optional[str], typer.Option("--out", help=t("help.report.out"), metavar="PATH", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.report.force"))] = False,
    stories: Annotated[int, typer.Option("--stories", help=t("help.report.stories"), min=0, metavar="N")] = 10,
    dataset: Annotated[Optional[list[Path]], typer.Option("--dataset", help=t("help.report.dataset"), metavar="FILE", show_default=False)] = None,
) -> None:
    """Referrals, the funnel, timing, activities, outcome change and stories for a period."""
    from wor_cli import reports

    if format_ not in FORMATS:
        raise BadInput("report.bad_format", value=format_, allowed=", ".join(FORMATS))
    if format_ == "xlsx" and out is None:
        raise BadInput("report.xlsx_needs_out")
    chosen = reports.period(parse_day("--from", start), parse_day("--to", end))
    store = None
    if dataset:
        from wor_cli import report_dataset

        chosen = report_dataset.months(chosen)
        figures = report_dataset.build(report_dataset.load(dataset), chosen)
    else:
        store = open_store()
        figures = reports.build(store, chosen, stories=stories)
    name = f"wor-verslag-{chosen.start.isoformat()}-{chosen.end.isoformat()}"
    if format_ == "xlsx":
        from wor_cli import workbooks

        _save(out, workbooks.report(figures), f"{name}.xlsx", force)
    elif format_ == "html":
        from wor_cli import report_html

        content = report_html.render(figures, organisation=settings().get("organisation.name"))
        _save(out, content, f"{name}.html", force)
    elif format_ == "table" and out is None:
        from wor_cli.ui import console, report_view

        console.out().print(report_view.render(figures))
    elif format_ == "table":
        from wor_cli.ui import report_view

        _save(out, report_view.as_text(figures), f"{name}.txt", force)
    else:
        import json

        text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n" if format_ == "json" else reports.as_csv(figures)
        if out is None:
            import sys

            sys.stdout.write(text)
        else:
            _save(out, text, f"{name}.{format_}", force)
    if store is not None:  # from datasets there is no database to record it in
        from wor_cli import audit

        audit.record_read(store, "report")


def save(out: str | None, content: Any, default_name: str, force: bool) -> Path:
    """Write a report or export privately (0600) and whole, by the output-file rule (cli.md).

    `content` is the text or bytes, or a function that fills the private file it is given
    (the minimal dataset, written a row at a time).
    """
    from wor_cli.commands._shared import db_path
    from wor_cli.privacy.files import write_output

    return write_output(out, content, default_name=default_name, database=db_path(), force=force)


def _save(out: str | None, content: str | bytes, default_name: str, force: bool) -> None:
    from wor_cli.ui import console

    console.success(t("report.saved", path=str(save(out, content, default_name, force))))
