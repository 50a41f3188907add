"""The report and the minimal dataset as Excel workbooks that open right.

A Dutch coordinator double-clicks the file: every table of the report is a
sheet of its own, numbers are numbers (so a sum or a chart works at once),
shares are percentages, dates and months are real dates, and the column
headers are in the coach's language. openpyxl is a well-kept library that
writes the format Excel expects; it is imported only here, and only for
`--format xlsx`. The dataset is written in openpyxl's write-only mode, a row
at a time, so a hundred thousand referrals do not sit in memory as cells.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from wor_cli import cells, instruments
from wor_cli.i18n import t
from wor_cli.reports.text import theme

PERCENT, DECIMAL, MONTH, DAY = "0%", "0.00", "yyyy-mm", "yyyy-mm-dd"


def _workbook() -> Any:
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _sheet(book: Any, title: str, header: Sequence[str]) -> Any:
    from openpyxl.styles import Font

    sheet = book.create_sheet(_sheet_title(title, book))
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, text, font=Font(bold=True)) for text in header])
    for index, text in enumerate(header):
        sheet.column_dimensions[_column(index)].width = max(10, min(60, len(str(text)) + 4))
    return sheet


def _sheet_title(title: str, book: Any) -> str:
    """Excel allows 31 characters and none of : \\ / ? * [ ]; titles must differ."""
    clean = re.sub(r"[:\\/?*\[\]]", " ", title).strip()[:31] or "Blad"
    taken = {sheet.title for sheet in book.worksheets}
    found, number = clean, 2
    while found in taken:
        found = f"{clean[:28]} {number}"
        number += 1
    return found


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _cell(sheet: Any, value: Any, *, style: str | None = None, font: Any = None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if style:
        cell.number_format = style
    if font is not None:
        cell.font = font
    return cell


def _row(sheet: Any, values: Iterable[Any], styles: Sequence[str | None] = ()) -> None:
    values = list(values)
    styles = list(styles) + [None] * (len(values) - len(styles))
    sheet.append([_cell(sheet, _safe(v), style=s) if s or isinstance(v, date) else _safe(v)
                  for v, s in zip(values, styles)])


def _safe(value: Any) -> Any:
    """A cell's value: typed text that would start a formula kept as text (cells.safe); dates, numbers as they are."""
    if isinstance(value, date) or value is None or isinstance(value, (int, float)):
        return value
    return cells.safe(str(value))


def _bytes(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the report ---------------------------------------------------------------------------------


def report(figures: dict[str, Any]) -> bytes:
    """Every table of the report as its own sheet; the previous period beside each figure."""
    book = _workbook()
    before = figures["previous"]
    both = (t("report.chart.this_period"), t("report.chart.previous_period"))

    sheet = _sheet(book, t("report.xlsx.period"), ("", t("report.xlsx.from"), t("report.xlsx.to")))
    for label, part in zip(both, (figures, before)):
        _row(sheet, (label, date.fromisoformat(part["period"]["from"]), date.fromisoformat(part["period"]["to"])),
             (None, DAY, DAY))

    key = _sheet(book, t("report.section.key"), ("", *both))
    outcomes_now, outcomes_then = figures["outcomes"], before["outcomes"]
    for label, pick, style in (
        (t("report.key.referred"), lambda r: r["referrals"]["total"], None),
        (t("report.key.started"), lambda r: r["funnel"]["started"], None),
        (t("report.key.closed"), lambda r: r["funnel"]["closed_total"], None),
        (t("report.key.completed"), lambda r: r["funnel"]["closed"].get("completed", 0), None),
        (t("report.key.days"), lambda r: r["days_to_first_contact"]["median"], None),
        (t("report.key.contacts"), lambda r: r["contacts_per_referral"]["mean_closed"], DECIMAL),
    ):
        _row(key, (label, pick(figures), pick(before)), (None, style, style))
    for name, row in outcomes_now.items():
        _row(key, (t("report.key.improved", score=_score_label(row)), row["improved_share"],
                   outcomes_then.get(name, {}).get("improved_share")), (None, PERCENT, PERCENT))

    total = figures["referrals"]["total"]
    reasons = _sheet(book, t("report.section.reasons"), (
        t("report.col.reason"), t("report.col.count"), t("report.col.share"), t("report.col.previous")))
    for reason, count in figures["referrals"]["by_reason"].items():
        _row(reasons, (t(f"reason.{reason}"), count, _share(count, total),
                       before["referrals"]["by_reason"].get(reason, 0)), (None, None, PERCENT))

    practices = _sheet(book, t("report.section.practices"), (
        t("report.col.practice"), t("report.col.count"), t("report.col.share"), t("report.col.previous")))
    for practice, count in figures["referrals"]["by_practice"].items():
        _row(practices, (practice, count, _share(count, total), before["referrals"]["by_practice"].get(practice, 0)),
             (None, None, PERCENT))

    funnel = _sheet(book, t("report.section.funnel"), ("", *both))
    for label, pick in _funnel_rows():
        _row(funnel, (label, pick(figures), pick(before)))

    timing = _sheet(book, t("report.section.timing"), ("", *both))
    for label, section, item in (
        (t("report.timing.days_median"), "days_to_first_contact", "median"),
        (t("report.timing.days_mean"), "days_to_first_contact", "mean"),
        (t("report.timing.contacts_mean"), "contacts_per_referral", "mean"),
        (t("report.timing.contacts_closed"), "contacts_per_referral", "mean_closed"),
    ):
        _row(timing, (label, figures[section][item], before[section][item]), (None, DECIMAL, DECIMAL))

    themes = _sheet(book, t("report.section.themes"), (t("report.col.theme"), t("report.col.count")))
    for name, count in figures["activities"]["by_theme"].items():
        _row(themes, (theme(name), count))
    top = _sheet(book, t("report.section.top"), (t("report.col.activity"), "id", t("report.col.clients")))
    for activity in figures["activities"]["top"]:
        _row(top, (activity["name"], activity["id"], activity["count"]))

    effect = _sheet(book, t("report.section.outcomes"), (
        t("report.col.instrument"), t("report.col.score"), t("report.col.n"), t("report.col.start"),
        t("report.col.end"), t("report.col.change"), t("report.col.improved"), t("report.col.worse"),
        t("report.col.previous")))
    for name, row in outcomes_now.items():
        instrument, score = _labels(row)
        _row(effect, (instrument, score, row["n"], row["start_mean"], row["end_mean"], row["mean_change"],
                      row["improved_share"], row["worse_share"], outcomes_then.get(name, {}).get("improved_share")),
             (None, None, None, DECIMAL, DECIMAL, DECIMAL, PERCENT, PERCENT, PERCENT))

    gp = _sheet(book, t("report.section.gp_visits"), (
        "", t("report.col.n"), t("report.col.before"), t("report.col.after"), t("report.col.change")))
    for label, part in zip(both, (figures, before)):
        visits = part["gp_visits"]
        _row(gp, (label, visits["n"], visits["before_mean"], visits["after_mean"], visits["mean_change"]),
             (None, None, DECIMAL, DECIMAL, DECIMAL))

    follow = _sheet(book, t("report.section.followup"), (
        "", t("report.col.count"), t("report.col.share"), t("report.col.previous")))
    for answer, count in figures["followup"]["still_taking_part"].items():
        _row(follow, (t(f"followup.answer.{answer}"), count, figures["followup"]["still_taking_part_share"][answer],
                      before["followup"]["still_taking_part_share"].get(answer)), (None, None, PERCENT, PERCENT))
    _row(follow, (t("report.followup.satisfaction"), figures["followup"]["satisfaction_mean"], None,
                  before["followup"]["satisfaction_mean"]), (None, DECIMAL, None, DECIMAL))

    dropout = _sheet(book, t("report.section.dropout"), (t("report.col.dropout"), *both))
    for reason, count in figures["dropout"].items():
        _row(dropout, (t(f"dropout.{reason}"), count, before["dropout"].get(reason, 0)))

    people = _sheet(book, t("report.section.demographics"), ("", "", t("report.col.count"), t("report.col.share")))
    for part, labels in (("age_band", None), ("gender", "report.gender"), ("area", "report.area")):
        for group, count in figures["demographics"][part].items():
            shown = t(f"{labels}.{group}") if labels and (part == "gender" or group in ("other", "unknown")) else group
            _row(people, (t(f"report.demographics.{part}"), shown, count, _share(count, total)),
                 (None, None, None, PERCENT))

    if figures.get("stories"):
        stories = _sheet(book, t("report.section.stories"), ("", t("report.section.stories")))
        for number, story in enumerate(figures["stories"], 1):
            _row(stories, (number, story))
    return _bytes(book)


def _funnel_rows() -> list[tuple[str, Any]]:
    from wor_cli.vocabulary import OUTCOMES

    return [
        (t("report.funnel.referred"), lambda r: r["funnel"]["referred"]),
        (t("report.funnel.started"), lambda r: r["funnel"]["started"]),
        (t("report.funnel.active"), lambda r: r["funnel"]["active"]),
        (t("report.funnel.waiting"), lambda r: r["funnel"]["waiting"]),
        *[(t("report.funnel.closed", outcome=t(f"outcome.{o}")), lambda r, o=o: r["funnel"]["closed"].get(o, 0))
          for o in OUTCOMES],
    ]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _labels(row: dict[str, Any]) -> tuple[str, str]:
    from wor_cli.i18n import language

    instrument = instruments.instruments().get(row["instrument"])
    if instrument is None:
        return row["instrument"], row["score"]
    score = instrument.score_by_id(row["score"])
    return instrument.label(language()), score.label(language()) if score else row["score"]


def _score_label(row: dict[str, Any]) -> str:
    instrument, score = _labels(row)
    return f"{instrument}: {score}"


# --- the minimal dataset -----------------------------------------------------------------------


def dataset(columns: Sequence[str], rows: Iterator[dict[str, Any]], target: Any) -> None:
    """One sheet, one row per referral, saved to `target`; months as dates, lists joined with '; '."""
    book = _workbook()
    sheet = _sheet(book, t("dataset.sheet"), [header(column) for column in columns])
    styles = [MONTH if column.endswith("_month") else None for column in columns]
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column)
            if column.endswith("_month") and value:
                value = date(int(value[:4]), int(value[5:7]), 1)
            elif isinstance(value, list):
                value = "; ".join(value)
            values.append(value)
        _row(sheet, values, styles)
    book.save(target)


def header(column: str) -> str:
    """A column's header in the coach's language: "Maand van verwijzing", "ONS4: tevreden (begin)"."""
    from wor_cli.i18n import language

    key = f"dataset.field.{column}"
    text = t(key)
    if text != key:
        return text
    instrument_id, _, rest = column.partition(".")
    score_id, _, when = rest.partition(".")
    instrument = instruments.instruments().get(instrument_id)
    score = instrument.score_by_id(score_id) if instrument else None
    if score is None:
        return column
    return f"{instrument.label(language())}: {score.label(language())} ({t(f'dataset.when.{when}')})"
