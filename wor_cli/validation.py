"""Checking one value at a time, the same way for prompts and answers files.

Each validator takes what a person typed (a string from a prompt) or what YAML
made of it (a number, a date, a list) and returns the clean value, or raises
`Invalid` with a message key. The interactive prompts call them on every
keystroke's result; answers files call them for every field, collecting all
problems before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from wor_cli import clock
from wor_cli.i18n import excerpt
from wor_cli.vocabulary import LANGUAGE_CODES

MAX_TEXT = 4000  # a long note; more is almost certainly a paste gone wrong
MIN_AGE, MAX_AGE = 12, 110
EARLIEST_YEAR = 2000  # no step of a referral (nor a check of an activity) lies before it: the year 1 is a typo


class Invalid(ValueError):
    """A value that cannot be accepted; `key` and `params` make the message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        # What was typed is quoted back short (a pasted megabyte stays out of the message).
        self.params = {k: excerpt(v) if k == "value" else v for k, v in params.items()}


def text(value: Any, *, required: bool = True, max_length: int = MAX_TEXT) -> str | None:
    if value is None or (isinstance(value, str) and not visible(value)):
        if required:
            raise Invalid("field.invisible" if value else "field.required")
        return None
    if not isinstance(value, str):
        raise Invalid("field.not_text")
    if len(value) > max_length * 2:  # before looking at every character
        raise Invalid("field.too_long", max=max_length)
    value = visible(value)
    if len(value) > max_length:
        raise Invalid("field.too_long", max=max_length)
    check_characters(value)
    return value


def visible(value: str) -> str:
    """`value` without whitespace and invisible characters (zero-width space, BOM, ...) at either end.

    A name that is only a zero-width space looks empty to the coach, so it is.
    """
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp")


# What no person types: control characters (a terminal escape, a bell), the bidirectional
# overrides and isolates that make "Anna" display as something else in a letter or a
# terminal (U+202A-202E, U+2066-2069), and lone surrogates (surrogateescape: bytes that
# were not UTF-8). Line breaks and tabs are typed. One pattern, so a long text costs one scan.
_UNTYPED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def untyped_character(value: str) -> str | None:
    """The message key for a character in `value` that nobody types, or None: one definition for every checker."""
    found = _UNTYPED.search(value)
    if found is None:
        return None
    return "field.not_utf8" if "\ud800" <= found.group() <= "\udfff" else "field.control_character"


def check_characters(value: str) -> None:
    """Refuse what no person types: control characters, direction overrides, bytes that were not UTF-8."""
    key = untyped_character(value)
    if key is not None:
        raise Invalid(key)


def optional_text(value: Any) -> str | None:
    return text(value, required=False)


def whole_number(value: Any, *, low: int, high: int) -> int:
    if isinstance(value, bool):
        raise Invalid("field.not_number")
    # ASCII digits only: "１９４８" or "¹⁹⁴⁸" is not what a person meant to type as a number,
    # and at most 18 of them, so a pasted 5,000-digit number is refused, not converted.
    if isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,18}\s*", value):
        value = int(value)
    elif isinstance(value, str):
        plain_digits(value)
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


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")  # the one e-mail pattern (records, catalogues, imports)


MAX_EMAIL = 254  # the longest address mail can carry (RFC 5321)


def email(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value.strip()) > MAX_EMAIL:
        raise Invalid("field.too_long", max=MAX_EMAIL)
    if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()):
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
    plain_digits(raw)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ t]\d{1,2}[:.]\d{2}(?::\d{2})?", raw):
        raise Invalid("field.date_without_time")
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


def plain_digits(raw: str) -> None:
    """Refuse "１２-11-2026", "２:30" or "１４": re's \\d, int() and float() would all take it.

    The one rule for digits, used by dates, times, whole numbers, settings and every number option."""
    if not raw.isascii() and any(c.isdigit() and not c.isascii() for c in raw):
        raise Invalid("field.plain_digits")


def past_date(value: Any, *, not_before: date | None = None, not_after: date | None = None) -> date:
    """A date that is not in the future (and, if given, not before `not_before` nor after `not_after`)."""
    day = parse_date(value)
    if day > clock.today():
        raise Invalid("field.future_date")
    if day.year < EARLIEST_YEAR:
        raise Invalid("field.date_too_old")
    if not_before is not None and day < not_before:
        raise Invalid("field.date_before", date=not_before.isoformat())
    if not_after is not None and day > not_after:
        raise Invalid("field.date_after", date=not_after.isoformat())
    return day


_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})")
_AHEAD_WORDS = {"morgen": 1, "tomorrow": 1, "overmorgen": 2}
MAX_AHEAD_DAYS = 366


def moment(value: Any, *, not_before: date | None = None) -> str | None:
    """A planned appointment: a date, or a date and a time; returned as "2026-11-23" or "2026-11-23 10:30".

    Written as for any date (23-11-2026, 2026-11-23, morgen), with the time after a
    space ("23-11 10:30"). It may lie ahead, up to a year; never before `not_before`.
    """
    from datetime import datetime

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day, time = value.date(), value.strftime("%H:%M")
    elif isinstance(value, date):
        day, time = value, None
    elif isinstance(value, str):
        plain_digits(value)
        parts = value.strip().replace("T", " ").split()
        time = None
        if len(parts) == 2:
            found = _TIME.fullmatch(parts[1])
            if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
                raise Invalid("field.time")
            time = f"{int(found.group(1)):02d}:{found.group(2)}"
        elif len(parts) != 1:
            raise Invalid("field.moment")
        word = parts[0].lower()
        if word in _AHEAD_WORDS:
            day = clock.today() + timedelta(days=_AHEAD_WORDS[word])
        else:
            try:
                day = parse_date(parts[0])
            except Invalid:
                raise Invalid("field.moment") from None
    else:
        raise Invalid("field.moment")
    if not_before is not None and day < not_before:
        raise Invalid("field.appointment_before", date=not_before.isoformat())
    if day > clock.today() + timedelta(days=MAX_AHEAD_DAYS):
        raise Invalid("field.appointment_far")
    return day.isoformat() + (f" {time}" if time else "")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Invalid("field.not_boolean")


def one_of(value: Any, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise Invalid("field.not_in_list", value=value, allowed=", ".join(allowed))
    return value


def salutation(value: Any) -> str | None:
    """mevrouw | meneer, or nothing ("geen", empty): then letters use the full name."""
    from wor_cli.vocabulary import SALUTATIONS

    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "geen", "none")):
        return None
    if isinstance(value, str) and value.strip().lower() in SALUTATIONS:
        return value.strip().lower()
    raise Invalid("field.not_in_list", value=value, allowed=", ".join(SALUTATIONS))


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
