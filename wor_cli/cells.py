"""A value as a spreadsheet cell, for every CSV and xlsx file wor writes.

Excel and LibreOffice run a cell that starts with = + - or @ (and, through
those, a tab or carriage return before one) as a formula: a practice named
`=HYPERLINK("http://…")` in a report, or an activity in an exported
catalogue, would become a link or worse on the coordinator's computer
(formula injection). Typed text is data, so such a cell gets a leading
apostrophe, which both programs show as "this is text"; `from_cell` takes it
off again when wor reads its own export back.
"""

from __future__ import annotations

from typing import Any

_STARTS_A_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """`value` as a cell: text that would start a formula kept as text; numbers, dates and None as they are."""
    if type(value) is str and value[:1] in _STARTS_A_FORMULA and not _is_number(value):
        return "'" + value
    return value


def from_cell(text: str) -> str:
    """A cell as typed: the apostrophe `safe` put before a formula character taken off."""
    if text[:1] == "'" and text[1:2] in _STARTS_A_FORMULA:
        return text[1:]
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
