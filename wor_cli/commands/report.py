"""`wor report`: the figures and stories of a period, for the municipality."""


from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from wor_cli.commands._shared import command, open_store, settings
from wor_cli.errors import BadInput
from wor_cli.i18n import t

FORMATS = ("table", "json", "csv", "html", "xlsx")


def parse_day(option: str, value: Optional[str]) -> Optional[date]:
    """--from/--to as typed (2026-01-01, 1-1-2026, vandaag), or a clear exit 2."""
    if value is None:
        return None
    from wor_cli import validation

    try:
        return validation.parse_date(value)
    except validation.Invalid as e:
        raise BadInput("report.bad_date", option=option, value=value, reason=t(e.key, **e.params)) from None


@command
def report(
    start: Annotated[Optional[str], typer.Option("--from", help=t("help.report.from"), metavar="DATE", show_default=False)] = None,
    end: Annotated[Optional[str], typer.Option("--to", help=t("help.report.to"), metavar="DATE", show_default=False)] = None,
    format_: Annotated[str, typer.Option("--format", help=t("help.report.format"), metavar="table|json|csv|html|xlsx")] = "table",
    out: Annotated[Optional[Path], typer.Option("--out", help=t("help.report.out"), metavar="PATH", show_default=False)] = None,
    stories: Annotated[int, typer.Option("--stories", help=t("help.report.stories"), min=0, metavar="N")] = 10,
    dataset: Annotated[Optional[list[Path]], typer.Option("--dataset", help=t("help.report.dataset"), metavar="FILE", show_default=False)] = None,
) -> None:
    """Referrals, the funnel, timing, activities, outcome change and stories for a period."""
    from wor_cli import reports

    if format_ not in FORMATS:
        raise BadInput("report.bad_format", value=format_, allowed=", ".join(FORMATS))
    chosen = reports.period(parse_day("--from", start), parse_day("--to", end))
    if dataset:
        from wor_cli import report_dataset

        chosen = report_dataset.months(chosen)
        figures = report_dataset.build(report_dataset.load(dataset), chosen)
    else:
        from wor_cli import audit

        store = open_store()
        figures = reports.build(store, chosen, stories=stories)
        audit.record_read(store, "report")
    if format_ == "xlsx":
        from wor_cli import workbooks

        if out is None:
            raise BadInput("report.xlsx_needs_out")
        _save(out, workbooks.report(figures))
        return
    if format_ == "html":
        from wor_cli import report_html

        target = out or Path(f"wor-verslag-{chosen.start.isoformat()}-{chosen.end.isoformat()}.html")
        _save(target, report_html.render(figures, organisation=settings().get("organisation.name")))
        return
    if format_ == "table":
        from wor_cli.ui import console, report_view

        if out is None:
            console.out().print(report_view.render(figures))
        else:
            _save(out, report_view.as_text(figures))
        return
    import json

    text = json.dumps(figures, ensure_ascii=False, indent=2) + "\n" if format_ == "json" else reports.as_csv(figures)
    if out is None:
        import sys

        sys.stdout.write(text)
    else:
        _save(out, text)


def save(path: Path, content: str | bytes) -> Path:
    """Write a report or export privately (0600) and whole, replacing an earlier one of the same name."""
    from wor_cli.private_files import write_private

    write_private(path, content, force=True)
    return path


def _save(path: Path, content: str | bytes) -> None:
    from wor_cli.ui import console

    console.success(t("report.saved", path=str(save(path, content))))
