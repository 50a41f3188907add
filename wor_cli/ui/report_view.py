"""`wor report` in the terminal: the same sections as the HTML file, as rich tables."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from wor_cli.i18n import t
from wor_cli.report_text import number, readable


def _table(title: str, *columns: str, right: tuple[int, ...] = ()) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_header=any(columns))
    for index, column in enumerate(columns):
        table.add_column(column, justify="right" if index in right else "left")
    return table


def render(report: dict[str, Any]) -> Group:
    text = readable(report)
    parts: list[Any] = [Text(text["title"], style="bold"), Text(text["period"]), Text("")]
    if text["empty"]:
        return Group(*parts, Text(t("report.empty")))

    key = _table(t("report.section.key"), "", "", right=(1,))
    for label, value, share in text["key_figures"]:
        key.add_row(label, f"{value} ({share})" if share else value)
    parts.append(key)

    reasons = _table(t("report.section.reasons"), t("report.col.reason"), t("report.col.count"), t("report.col.share"), right=(1, 2))
    for label, count, share in text["reasons"]:
        reasons.add_row(label, number(count), share)
    practices = _table(t("report.section.practices"), t("report.col.practice"), t("report.col.count"), t("report.col.share"), right=(1, 2))
    for practice, count, share in text["practices"]:
        practices.add_row(escape(practice), number(count), share)
    funnel = _table(t("report.section.funnel"), "", t("report.col.count"), right=(1,))
    for label, count in text["funnel"]:
        funnel.add_row(label, number(count))
    timing = _table(t("report.section.timing"), "", "", right=(1,))
    for label, value in text["timing"]:
        timing.add_row(label, value)
    parts += [reasons, practices, funnel, timing]

    themes = _table(t("report.section.themes"), t("report.col.theme"), t("report.col.count"), right=(1,))
    for label, count in text["themes"]:
        themes.add_row(label, number(count))
    top = _table(t("report.section.top"), t("report.col.activity"), t("report.col.clients"), right=(1,))
    for name, count in text["top"]:
        top.add_row(escape(name), number(count))
    parts += [themes, top, Text(text["taken_up"]), Text("")]

    outcomes = _table(
        t("report.section.outcomes"), t("report.col.score"), t("report.col.n"), t("report.col.start"),
        t("report.col.end"), t("report.col.change"), t("report.col.improved"), t("report.col.worse"),
        right=(1, 2, 3, 4, 5, 6),
    )
    instrument = None
    for row in text["outcomes"]:
        if row["instrument"] != instrument:  # one heading per questionnaire
            instrument = row["instrument"]
            outcomes.add_row(f"[bold]{escape(instrument)}[/]")
        outcomes.add_row(
            f"  {escape(row['score'])}", number(row["n"]),
            row["start"], row["end"], row["change"], row["improved"], row["worse"],
        )
    parts += [outcomes, Text(t("report.outcomes_note"), style="dim"), Text("")]

    parts.append(Text(t("report.section.stories"), style="bold"))
    parts.append(Text(text["stories_note"], style="dim"))
    for position, story in enumerate(text["stories"], 1):
        parts.append(Text(f"{position}. {story}"))
    return Group(*parts)


def as_text(report: dict[str, Any]) -> str:
    """The table as plain text, for `--format table --out FILE`."""
    buffer = io.StringIO()
    Console(file=buffer, width=100, no_color=True, highlight=False).print(render(report))
    return buffer.getvalue()
