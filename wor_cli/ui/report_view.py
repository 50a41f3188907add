"""`wor report` in the terminal: the same sections as the HTML file, as aligned columns.

Plain aligned lines rather than boxed rich tables, for two reasons: a
coordinator copies parts of the report into an e-mail, where box-drawing
characters fall apart; and laying out a dozen rich tables costs several times
more than the report's own figures (the report must stay about as quick as
`wor --help`). Headings are bold and notes dim; numbers are right-aligned.

The report is built as parts of (text, style) pieces: at a terminal rich draws
them with their styles; written to a pipe or a file they are plain lines, and
rich is not even loaded.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from wor_cli.i18n import number, t
from wor_cli.reports.text import readable
from wor_cli.ui.columns import fit

LABEL = 44  # widest label column; a longer label wraps between words
NUMBER = 9


TEXT_WIDTH = 100  # a plain report's prose is wrapped here; its tables are narrower
Part = list[tuple[str, str]]  # pieces of text and their style ("" for none), printed as one block


def _text(text: str, style: str = "") -> Part:
    return [(text, style)]


def _section(title: str, rows: Sequence[Sequence[Any]], header: Sequence[str] = (), *,
             label: int = LABEL, width: int = NUMBER) -> Part:
    """A bold title, an optional dim header and rows: a label, then right-aligned values.

    A row with a label only is a bold sub-heading, written whole.
    """
    section = [(title + "\n", "bold")]
    if header:
        section.append((fit(header[0], label) + "".join(f"{h:>{width}}" for h in header[1:]) + "\n", "dim"))
    for row in rows:
        values = [str(v) for v in row[1:]]
        if not values:
            section.append((str(row[0]) + "\n", "bold"))
            continue
        *above, last = _wrapped(str(row[0]), label)
        section.append(("".join(line + "\n" for line in above)
                        + fit(last, label) + "".join(f"{v:>{width}}" for v in values) + "\n", ""))
    return section


def _wrapped(label: str, width: int) -> list[str]:
    """A label too long for its column, broken between words onto lines of its own; its
    figures stand on the last. Cut, "vooruitgegaan (Eenzaamheid (De Jong Giervel…" hid which
    questionnaire a figure is about. A single word too long is still cut by `fit`."""
    if len(label) <= width:
        return [label]
    return textwrap.wrap(label, width - 1, subsequent_indent=" ", break_long_words=False) or [label]


def parts(report: dict[str, Any]) -> list[Part]:
    """The report's blocks, in reading order."""
    text = readable(report)
    parts: list[Part] = [_text(text["title"], "bold"), _text(text["period"] + "\n")]
    if text["empty"]:
        return [*parts, _text(t("report.empty"))]
    previous = bool(text["previous_period"])
    parts += [
        _section(t("report.section.key"), [
            (label, f"{value} ({share})" if share else value,
             *([f"{was} ({was_share})" if was_share else was] if previous else []))
            for label, value, share, was, was_share in text["key_figures"]
        ], ("", "", t("report.col.previous")) if previous else (), width=16),
        *([_text(text["previous_period"] + "\n", "dim")] if previous else []),
        _section(t("report.section.reasons"), [(label, number(count), share) for label, count, share in text["reasons"]],
                 (t("report.col.reason"), t("report.col.count"), t("report.col.share"))),
        _section(t("report.section.practices"),
                 [(name, number(count), share) for name, count, share in text["practices"]],
                 (t("report.col.practice"), t("report.col.count"), t("report.col.share"))),
        _section(t("report.section.funnel"), [(label, number(count)) for label, count in text["funnel"]]),
        _section(t("report.section.timing"), text["timing"], label=56),
        _section(t("report.section.themes"), [(label, number(count)) for label, count in text["themes"]],
                 (t("report.col.theme"), t("report.col.count"))),
        _section(t("report.section.top"), [(name, number(count)) for name, count in text["top"]],
                 (t("report.col.activity"), t("report.col.clients"))),
        _text(text["taken_up"] + "\n"),
    ]
    rows: list[tuple[Any, ...]] = []
    instrument = None
    for row in text["outcomes"]:
        if row["instrument"] != instrument:  # one heading per questionnaire
            instrument = row["instrument"]
            rows.append((instrument,))
        rows.append((f"  {row['score']}", number(row["n"]), row["start"], row["end"], row["change"],
                     row["improved"], row["worse"]))
    header = (t("report.col.score"), t("report.col.n"), t("report.col.start"), t("report.col.end"),
              t("report.col.change"), t("report.col.improved"), t("report.col.worse"))
    # six number columns beside a narrower label still fit in 80 columns
    parts += [_section(t("report.section.outcomes"), rows, header, label=18, width=10),
              _text(t("report.outcomes_note") + "\n", "dim")]
    gp, follow, people = text["gp_visits"], text["followup"], text["demographics"]
    gp_rows = [(t("report.chart.this_period"), number(gp["n"]), gp["before"], gp["after"], gp["change"])]
    if gp["previous"]:
        gp_rows.append((t("report.col.previous"), number(gp["previous"][3]), *gp["previous"][:3]))
    parts += [
        _section(t("report.section.gp_visits"), gp_rows,
                 ("", t("report.col.n"), t("report.col.before"), t("report.col.after"), t("report.col.change")),
                 label=30, width=10),
        _text(gp["note"] + "\n", "dim"),
        _section(t("report.section.followup"),
                 [(label, number(count), share, *([was] if previous else [])) for label, count, share, was in follow["rows"]]
                 + [(t("report.followup.satisfaction"), follow["satisfaction"], "",
                     *([follow["satisfaction_before"]] if previous else []))],
                 ("", t("report.col.count"), t("report.col.share"), *([t("report.col.previous_short")] if previous else []))),
        _text(follow["note"] + "\n", "dim"),
        _section(t("report.section.dropout"),
                 [(label, number(count), *([number(was)] if previous else [])) for label, count, was in text["dropout"]],
                 (t("report.col.dropout"), t("report.col.count"), *([t("report.col.previous_short")] if previous else []))),
        _section(t("report.section.demographics"),
                 [(t("report.demographics.age_band"),), *[(f"  {b}", number(c), share) for b, c, share in people["age_band"]],
                  (t("report.demographics.gender"),), *[(f"  {g}", number(c), share) for g, c, share in people["gender"]],
                  (t("report.demographics.area"),), *[(f"  {a}", number(c), share) for a, c, share in people["area"]]],
                 ("", t("report.col.count"), t("report.col.share"))),
        _text(t("report.demographics_note") + "\n", "dim"),
    ]
    if not text["has_stories"]:
        return parts
    parts += [_text(t("report.section.stories"), "bold"), _text(text["stories_note"] + "\n", "dim")]
    parts += [_text(f"{position}. {story}\n") for position, story in enumerate(text["stories"], 1)]
    return parts


def render(report: dict[str, Any]) -> Any:
    """The report for rich to print at a terminal (wrapped to its width, in its colours)."""
    from rich.console import Group
    from rich.text import Text

    blocks = []
    for part in parts(report):
        block = Text()
        for piece, style in part:
            block.append(piece, style=style or None)
        blocks.append(block)
    return Group(*blocks)


def as_text(report: dict[str, Any]) -> str:
    """The report as plain text (a pipe, or `--format table --out FILE`), prose wrapped at 100."""
    lines = []
    for part in parts(report):
        for line in "".join(piece for piece, _ in part).split("\n"):
            lines += textwrap.wrap(line, TEXT_WIDTH, break_on_hyphens=False) if len(line) > TEXT_WIDTH else [line]
    return "\n".join(lines) + "\n"
