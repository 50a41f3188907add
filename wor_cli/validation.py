"""Checking one value at a time, the same way for prompts and answers files.

Each validator takes what a person typed (a string from a prompt) or what YAML
made of it (a number, a date, a list) and returns the clean value, or raises
`Invalid` with a message key. The interactive prompts call them on every
keystroke's result; answers files call them for every field, collecting all
problems before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from wor_cli import clock
from wor_cli.vocabulary import LANGUAGE_CODES

MAX_TEXT = 4000  # a long note; more is almost certainly a paste gone wrong
MIN_AGE, MAX_AGE = 12, 110


class Invalid(ValueError):
    """A value that cannot be accepted; `key` and `params` make the message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def text(value: Any, *, required: bool = True, max_length: int = MAX_TEXT) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid("field.required")
        return None
    if not isinstance(value, str):
        raise Invalid("field.not_text")
    value = value.strip()
    if len(value) > max_length:
        raise Invalid("field.too_long", max=max_length)
    return value


def optional_text(value: Any) -> str | None:
    return text(value, required=False)


def whole_number(value: Any, *, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise Invalid("field.not_number")
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise Invalid("field.not_number")
    if not low <= value <= high:
        raise Invalid("field.out_of_range", low=low, high=high)
    return value


def birth_year(value: Any) -> int:
    year = clock.today().year
    try:
        return whole_number(value, low=year - MAX_AGE, high=year - MIN_AGE)
    except Invalid as e:
        if e.key == "field.out_of_range":
            raise Invalid("field.birth_year_range", low=year - MAX_AGE, high=year - MIN_AGE) from None
        raise


def minutes(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return whole_number(value, low=1, high=600)


_POSTCODE = re.compile(r"([1-9]\d{3})\s?([A-Za-z]{2})?")


def postcode(value: Any, *, required: bool = False) -> str | None:
    """A Dutch postcode, written the standard way: "8011 AB" (or "8011" alone)."""
    if value is None or value == "":
        if required:
            raise Invalid("field.required")
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid("field.not_text")
    found = _POSTCODE.fullmatch(value.strip())
    if not found:
        raise Invalid("field.postcode")
    digits, letters = found.groups()
    return f"{digits} {letters.upper()}" if letters else digits


def phone(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        # YAML reads 0612345678 as a number (and a leading 0 as octal!).
        raise Invalid("field.quote_number")
    if not isinstance(value, str):
        raise Invalid("field.not_text")
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"[+\d][\d\s()./-]*", value):
        raise Invalid("field.phone")
    if value.startswith("+") or value.startswith("00"):
        if not 8 <= len(digits) <= 15:
            raise Invalid("field.phone")
    elif len(digits) != 10 or not digits.startswith("0"):
        raise Invalid("field.phone")
    return value


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def email(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _EMAIL.fullmatch(value.strip()):
        raise Invalid("field.email")
    return value.strip()


def agb(value: Any) -> str | None:
    """The AGB code of a GP: exactly 8 digits, kept as text (it may start with 0)."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        raise Invalid("field.quote_number")
    if not isinstance(value, str) or not re.fullmatch(r"\d{8}", value.strip()):
        raise Invalid("field.agb")
    return value.strip()


_WORD_DATES = {"vandaag": 0, "today": 0, "gisteren": 1, "yesterday": 1, "eergisteren": 2}


def parse_date(value: Any) -> date:
    """A date from YAML or from typing: 2026-11-02, 2-11-2026, 2/11, vandaag, gisteren."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise Invalid("field.date")
    raw = value.strip().lower()
    if raw in _WORD_DATES:
        return clock.today() - timedelta(days=_WORD_DATES[raw])
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
        found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{4}))?", raw)
        if found:
            day, month, year = found.groups()
            return date(int(year) if year else clock.today().year, int(month), int(day))
    except ValueError:
        pass
    raise Invalid("field.date")


def past_date(value: Any, *, not_before: date | None = None, not_after: date | None = None) -> date:
    """A date that is not in the future (and, if given, not before `not_before` nor after `not_after`)."""
    day = parse_date(value)
    if day > clock.today():
        raise Invalid("field.future_date")
    if day.year < 2000:
        raise Invalid("field.date_too_old")
    if not_before is not None and day < not_before:
        raise Invalid("field.date_before", date=not_before.isoformat())
    if not_after is not None and day > not_after:
        raise Invalid("field.date_after", date=not_after.isoformat())
    return day


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid("field.not_boolean")


def one_of(value: Any, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise Invalid("field.not_in_list", value=value, allowed=", ".join(allowed))
    return value


def some_of(value: Any, allowed: Iterable[str], *, at_least: int = 0) -> list[str]:
    """A list of distinct values from `allowed`, in the order given."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if value is None:
        value = []
    if not isinstance(value, list):
        raise Invalid("field.not_list")
    allowed = tuple(allowed)
    chosen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            raise Invalid("field.not_in_list", value=item, allowed=", ".join(allowed))
        if item not in chosen:
            chosen.append(item)
    if len(chosen) < at_least:
        raise Invalid("field.choose_at_least", count=at_least)
    return chosen


def languages(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise Invalid("field.not_list")
    chosen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in LANGUAGE_CODES:
            raise Invalid("field.language", value=item)
        if item not in chosen:
            chosen.append(item)
    return chosen


def count_of(value: Any, *, low: int = 0, high: int = 99) -> int | None:
    """An optional small count (GP visits 0-99, satisfaction 1-10); a very long digit string is refused
    before it is turned into a number."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value.strip()) > 6:
        raise Invalid("field.out_of_range", low=low, high=high)
    return whole_number(value, low=low, high=high)


def gp_visits(value: Any) -> int | None:
    return count_of(value, low=0, high=99)


def satisfaction(value: Any) -> int | None:
    return count_of(value, low=1, high=10)
