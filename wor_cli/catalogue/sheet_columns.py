"""The columns of a catalogue spreadsheet (cli.md's list): their names, and how each one's cells are read.

One cell at a time (`READERS`: what a coordinator typed, in any of the forms of `forms.py`, or the
`forms.Unreadable` that says why not), and for the columns where it can be done a whole column's
distinct cells at once (`COLUMN_READERS`: one regular expression over them all), because a sheet
repeats its towns, themes and prices on every row. `spreadsheet.py` reads the rows with these and
`spreadsheet_export.py` writes the same columns back; tests/test_catalogue_import_speed.py holds
each whole-column reader to its one-cell reader.
"""

from __future__ import annotations

import re
from typing import Any

from wor_cli.catalogue import forms, word_tables

REQUIRED = ("name", "organization", "description", "themes")
OPTIONAL = (
    "id", "keywords", "day", "start", "end", "frequency", "location_name", "address", "postcode", "city",
    "lat", "lon", "online", "cost_amount", "cost_per", "cost_note", "min_age", "max_age",
    "eligibility_note",  # ours, beyond cli.md's list: the catalogue's eligibility.note
    "languages", "accessibility", "contact_name", "phone", "email", "url", "verified",
)
# The order a written spreadsheet has its columns in.
COLUMNS = (
    "id", "name", "organization", "description", "themes", "keywords", "day", "start", "end", "frequency",
    "location_name", "address", "postcode", "city", "lat", "lon", "online", "cost_amount", "cost_per",
    "cost_note", "min_age", "max_age", "eligibility_note", "languages", "accessibility", "contact_name", "phone",
    "email", "url", "verified",
)
SCHEDULE_COLUMNS = ("day", "start", "end", "frequency")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    if not text:
        raise forms.Unreadable("interchange.cell_required")
    return text


def _paragraphs(value: Any) -> str:
    """A description keeps its line breaks (Alt+Enter in Excel), not its stray spaces."""
    lines = [" ".join(part.split()) for part in str(value).replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip()
    if not text:
        raise forms.Unreadable("interchange.cell_required")
    return text


def _list_of(parse):
    def read(value: Any) -> list[str]:
        found: list[str] = []
        for item in forms.items(value):
            one = parse(item)
            if one not in found:
                found.append(one)
        return found

    return read


def _keywords(value: Any) -> list[str]:
    return list(dict.fromkeys(forms.items(value)))


def _themes(value: Any) -> list[str]:
    themes = _list_of(word_tables.theme)(value)
    if not themes:
        raise forms.Unreadable("interchange.cell_required")
    return themes


# How each column is read; one definition, used for every row.
READERS = {
    "id": forms.activity_id, "name": _text, "organization": _text, "description": _paragraphs,
    "themes": _themes, "keywords": _keywords, "day": forms.days, "start": forms.clock_time,
    "end": forms.clock_time, "frequency": forms.frequency, "location_name": _text, "address": _text,
    "postcode": forms.postcode, "city": _text, "lat": lambda v: forms.decimal(v, -90, 90),
    "lon": lambda v: forms.decimal(v, -180, 180), "online": forms.yes_no, "cost_amount": forms.amount,
    "cost_per": forms.period, "cost_note": _text, "min_age": forms.age, "max_age": forms.age,
    "eligibility_note": _text, "languages": _list_of(word_tables.language),
    "accessibility": _list_of(word_tables.accessibility), "contact_name": _text, "phone": forms.phone,
    "email": forms.email, "url": forms.web_address, "verified": forms.calendar_date,
}
# --- whole columns at once ------------------------------------------------------------------------
# Each takes the distinct stripped, non-empty text cells of a column and returns what the reader
# in READERS returns for each, in order, or None to decline: then every cell is read on its own,
# and a cell that cannot be read gets its message there. tests/test_catalogue_import_speed.py
# checks each against its reader in READERS.

_IDS = re.compile(r"[a-z0-9-]{1,100}(?:\n[a-z0-9-]{1,100})*")
_POSTCODES = re.compile(r"[1-9]\d{3}(?: [A-Z]{2})?(?:\n[1-9]\d{3}(?: [A-Z]{2})?)*")
_DECIMALS = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,12})?(?:\n-?[0-9]{1,3}(?:\.[0-9]{1,12})?)*")


def _joined(values: list[str]) -> str:
    """The values one per line, for one regular expression over them all; "" when a value is itself more than one line."""
    joined = "\n".join(values)
    return joined if joined.count("\n") == len(values) - 1 else ""


def _tidy_already(values: list[str]) -> bool:
    """True when no value has a run of spaces or any other white space (tab, line break, no-break space):
    then each is already what `_text` makes of it. Every white space but the plain space is unprintable."""
    together = "".join(values)  # stripped values: no run of spaces appears where two meet
    return "  " not in together and forms.printable(together)


def _texts(values: list[str]) -> list[str]:
    return values if _tidy_already(values) else list(map(" ".join, map(str.split, values)))


def _descriptions(values: list[str]) -> list[str]:
    if _tidy_already(values):
        return values
    return [_paragraphs(v) if "\n" in v else " ".join(v.split()) for v in values]


def _ids(values: list[str]) -> list[str] | None:
    lowered = list(map(str.lower, values))
    return lowered if _IDS.fullmatch(_joined(lowered)) else None


def _postcodes(values: list[str]) -> list[str] | None:
    return values if _POSTCODES.fullmatch(_joined(values)) else None  # already as written: "2533 AB"


def _decimals(low: float, high: float):
    def read(values: list[str]) -> list[float] | None:
        if not _DECIMALS.fullmatch(_joined(values)):
            return None
        numbers = list(map(float, values))
        return numbers if low <= min(numbers) and max(numbers) <= high else None

    return read


def _phones(values: list[str]) -> list[str] | None:
    if any('"' in v for v in values) or not all(map(forms._DIGIT.search, values)):
        return None
    return values


def _keyword_lists(values: list[str]) -> list[list[str]]:
    split = list(map(forms._LIST_SPLIT.split, values))
    if any("" in parts for parts in split):  # "a;;b", "a;": the empty ones go
        return [list(dict.fromkeys(part for part in parts if part)) for parts in split]
    return list(map(list, map(dict.fromkeys, split)))


def _lists_of(parse):
    """A column of lists of words from a table (themes, languages): each distinct word is looked up once."""

    def read(values: list[str]) -> list[list[str]] | None:
        words: dict[str, str] = {}
        found_lists: list[list[str]] = []
        for parts in map(forms._LIST_SPLIT.split, values):
            found: list[str] = []
            for part in parts:
                if not part:
                    continue
                one = words.get(part)
                if one is None:
                    try:
                        one = words[part] = parse(part)
                    except forms.Unreadable:
                        return None
                if one not in found:
                    found.append(one)
            found_lists.append(found)
        return found_lists

    return read


def _theme_lists(values: list[str]) -> list[list[str]] | None:
    found = _lists_of(word_tables.theme)(values)
    return None if found is None or not all(found) else found


COLUMN_READERS = {
    "id": _ids, "name": _texts, "organization": _texts, "description": _descriptions, "themes": _theme_lists,
    "keywords": _keyword_lists, "location_name": _texts, "address": _texts, "postcode": _postcodes,
    "city": _texts, "lat": _decimals(-90, 90), "lon": _decimals(-180, 180), "cost_note": _texts,
    "eligibility_note": _texts, "languages": _lists_of(word_tables.language),
    "accessibility": _lists_of(word_tables.accessibility), "contact_name": _texts, "phone": _phones,
}
