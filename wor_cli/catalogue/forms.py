"""Values in the forms people type them, turned into the catalogue's own.

A coordinator's spreadsheet says "di", "dinsdag" or "Tuesday", "10.00" or
"10u", "1-9-2026", "€ 2,50" or "gratis", "ja". Each function here takes one
cell (text, or the number/date/time a spreadsheet program already made of it)
and returns the catalogue's value, or raises `Unreadable` with a message key
saying what was expected. Empty cells are the callers' business.

The words looked up in tables a coordinator can extend (themes, accessibility,
languages, the columns' Dutch names) are in `word_tables.py`.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Any

from wor_cli.catalogue.rules import _ID, _POSTCODE, _URL
from wor_cli.errors import Keyed
from wor_cli.validation import EMAIL
from wor_cli.text import fold
from wor_cli.vocabulary import DAY_WORDS

MAX_CELL = 10_000  # characters; a longer cell is not something a person typed
_PRINTABLE_ASCII = bytes(range(0x20, 0x7f))


def printable(text: str) -> bool:
    """`str.isprintable`, for ASCII text by deleting the printable bytes (twice as fast on a column)."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


class Unreadable(Keyed, ValueError):
    """A cell that cannot be read; `key` is the message key, `params` its values."""


# --- days, times, dates ----------------------------------------------------------------------

_DAY_SPLIT = re.compile(r"\s*(?:[;,/&+]|\ben\b|\band\b)\s*")


def day(value: Any) -> str:
    """"di", "Dinsdag", "dinsdags", "tue", "Tuesday" -> "tuesday"."""
    word = fold(str(value)).strip().rstrip(".").strip()
    found = DAY_WORDS.get(word)
    if found is None:
        raise Unreadable("interchange.bad_day", value=str(value))
    return found


def days(value: Any) -> list[str]:
    """One or more days in a cell: "di en do", "ma; wo", "maandag/vrijdag"."""
    parts = [p for p in _DAY_SPLIT.split(fold(str(value)).strip()) if p]
    if not parts:
        raise Unreadable("interchange.bad_day", value=str(value))
    found: list[str] = []
    for part in parts:
        try:
            one = day(part)
        except Unreadable:
            raise Unreadable("interchange.bad_day", value=str(value)) from None
        if one not in found:
            found.append(one)
    return found


_TIME = re.compile(r"([0-9]{1,2})(?:\s*(?:[:.hu]|uur)\s*([0-9]{2})?)?(?::[0-9]{2})?\s*(?:uur|u|h)?")


def clock_time(value: Any) -> str:
    """"10:00", "10.00", "9.30", "10u", "10 uur", "10u30", "10:00:00", a spreadsheet time -> "HH:MM"."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value < 1:  # a spreadsheet's time is a fraction of a day
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    text = str(value).strip().lower()
    match = _TIME.fullmatch(text)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if hours < 24 and minutes < 60:
            return f"{hours:02d}:{minutes:02d}"
    raise Unreadable("interchange.bad_time", value=str(value))


_MONTHS = {name: number for number, names in enumerate((
    ("jan", "januari", "january"), ("feb", "februari", "february"), ("mrt", "maart", "mar", "march"),
    ("apr", "april"), ("mei", "may"), ("jun", "juni", "june"), ("jul", "juli", "july"),
    ("aug", "augustus", "august"), ("sep", "sept", "september"), ("okt", "oktober", "oct", "october"),
    ("nov", "november"), ("dec", "december"),
), start=1) for name in names}
# Digits are 0-9 only, as everywhere in wor (validation.plain_digits): re's \d, int() and the
# accent folding (NFKD) would read "２０２６-11-02" or "€ ２,50" as a date and an amount nobody
# typed on a Dutch keyboard.
_NUMERIC_DATE = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}|[0-9]{2})")
# A date with a time after it, as a spreadsheet writes a datetime, keeps its date: "2026-11-02 10:00"
# and "2026-11-02T10:00:00Z" alike. The text is folded to lower case first, hence "t" and "z".
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[t ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:z|[+-][0-9]{2}:?[0-9]{2})?)?")
_WORDED_DATE = re.compile(r"([0-9]{1,2})\s+([a-z]+)\.?\s+([0-9]{4})")


def _folded_digits(value: Any) -> str:
    """The cell folded as the forms compare it; "" (read by no form) when it has other digits than 0-9."""
    raw = str(value)
    if not raw.isascii() and any(c.isdigit() and not c.isascii() for c in raw):
        return ""
    return fold(raw).strip()


def calendar_date(value: Any) -> str:
    """"2026-09-01", "1-9-2026", "01/09/2026", "1.9.26", "1 september 2026", a spreadsheet date -> ISO.

    Day first, always: this is how dates are written in the Netherlands.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = _folded_digits(value)
    try:
        if match := _ISO_DATE.fullmatch(text):
            year, month, day_ = (int(g) for g in match.groups()[:3])
        elif match := _NUMERIC_DATE.fullmatch(text):
            day_, month, year = (int(g) for g in match.groups())
            year += 2000 if year < 100 else 0
        elif (match := _WORDED_DATE.fullmatch(text)) and match.group(2) in _MONTHS:
            day_, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
        else:
            raise ValueError(text)
        return date(year, month, day_).isoformat()
    except ValueError:
        raise Unreadable("interchange.bad_date", value=str(value)) from None


# --- money, numbers, yes/no ----------------------------------------------------------------------

_FREE = frozenset({"gratis", "free", "kosteloos", "geen kosten", "geen", "nvt: gratis", "0,-", "€0", "€ 0"})
_AMOUNT = re.compile(r"(?:€|eur|euro)?\s*([0-9]{1,6}(?:[.\s][0-9]{3})*(?:[.,][0-9]{1,2})?|[0-9]{1,6})\s*(?:,-|€|eur|euro)?")
_PER_IN_AMOUNT = re.compile(r"\s*(?:per|p/|/)\s*(\S+)\s*$")


def amount(value: Any) -> tuple[float | int, str | None]:
    """"€ 2,50", "2.50", "EUR 3", "3,-", "1.250,00", "gratis", a number -> (euros, "per" word or None).

    "€ 2,50 per keer" keeps the "per" word for the caller.
    """
    if isinstance(value, bool):
        raise Unreadable("interchange.bad_amount", value=str(value))
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value < 0 or value > 1_000_000:
            raise Unreadable("interchange.bad_amount", value=str(value))
        return _tidy(float(value)), None
    text = _folded_digits(value)
    per = None
    if match := _PER_IN_AMOUNT.search(text):
        per, text = match.group(1), text[: match.start()].strip()
    if text in _FREE:
        return 0, per
    match = _AMOUNT.fullmatch(text)
    if not match:
        raise Unreadable("interchange.bad_amount", value=str(value))
    digits = match.group(1).replace(" ", "")
    if _GROUPED.fullmatch(digits):  # 1.250,00: dots group thousands
        digits = digits.replace(".", "")
    return _tidy(float(digits.replace(",", "."))), per


_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?")


def _tidy(number: float) -> float | int:
    """3.0 -> 3, 2.5 stays: the YAML reads as people write it."""
    return int(number) if number.is_integer() else round(number, 2)


PERIODS = {
    "session": ("session", "sessie", "keer", "les", "bijeenkomst", "middag", "ochtend", "avond", "dag",
                "activiteit", "deelname", "visit", "class", "hour", "uur", "time"),
    "month": ("month", "maand", "mnd", "m", "maandelijks"),
    "year": ("year", "jaar", "jr", "j", "jaarlijks", "seizoen"),
    "course": ("course", "cursus", "serie", "reeks", "training", "programma"),
    "once": ("once", "eenmalig", "eenmaal", "inschrijving"),
}
_PERIOD_WORDS = {word: period for period, words in PERIODS.items() for word in words}


_PER_WORD = re.compile(r"^(?:per|p/|/)\s*")


def period(value: Any) -> str:
    """"per keer", "maand", "p/m", "jaar", "cursus", "eenmalig" -> session|month|year|course|once."""
    text = fold(str(value)).strip().rstrip(".")
    text = _PER_WORD.sub("", text).strip()
    found = _PERIOD_WORDS.get(text)
    if found is None:
        raise Unreadable("interchange.bad_per", value=str(value))
    return found


_FREQUENCIES = {
    "weekly": ("weekly", "wekelijks", "elke week", "iedere week", "week", "1x per week", "per week"),
    "biweekly": ("biweekly", "tweewekelijks", "twee-wekelijks", "2-wekelijks", "om de week", "om de twee weken",
                 "om de 2 weken", "elke twee weken", "elke 2 weken", "1x per 2 weken", "fortnightly"),
    "monthly": ("monthly", "maandelijks", "elke maand", "iedere maand", "maand", "1x per maand", "per maand"),
    "once": ("once", "eenmalig", "eenmaal", "1x", "een keer", "eén keer"),
}
_FREQUENCY_WORDS = {fold(word): key for key, words in _FREQUENCIES.items() for word in words}


def frequency(value: Any) -> str:
    found = _FREQUENCY_WORDS.get(fold(str(value)).strip().rstrip("."))
    if found is None:
        raise Unreadable("interchange.bad_frequency", value=str(value))
    return found


_YES = frozenset({"ja", "j", "yes", "y", "true", "waar", "1", "x", "wel", "online"})
_NO = frozenset({"nee", "n", "no", "false", "onwaar", "0", "niet", "-"})


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(str(value)).strip().rstrip(".")
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Unreadable("interchange.bad_yes_no", value=str(value))


def decimal(value: Any, low: float, high: float) -> float:
    """A coordinate: "52,0590" or 52.059; NaN, infinities and 5000-digit numbers refused."""
    if isinstance(value, bool):
        raise Unreadable("interchange.bad_number", value=str(value))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", ".")
        try:
            number = float(text) if len(text) <= 20 else math.nan
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise Unreadable("interchange.bad_number", value=str(value)[:40])
    if not math.isfinite(number) or not low <= number <= high:
        raise Unreadable("interchange.out_of_range", value=str(value)[:40], low=low, high=high)
    return number


_AGE = re.compile(r"([0-9]{1,3})\s*(?:\+|jaar|jr|years?)?")


def age(value: Any) -> int:
    """"55", "55 jaar", "55+", 55.0 -> 55 (0-120)."""
    if isinstance(value, bool):
        raise Unreadable("interchange.bad_age", value=str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        match = _AGE.fullmatch(_folded_digits(value))
        if not match:
            raise Unreadable("interchange.bad_age", value=str(value)[:40])
        number = int(match.group(1))
    if not 0 <= number <= 120:
        raise Unreadable("interchange.bad_age", value=str(value)[:40])
    return number


# --- identifiers, places, contact --------------------------------------------------------------

_NOT_ID = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 60) -> str:
    """"Wandelgroep De Stapper!" -> "wandelgroep-de-stapper": an id as the format wants it."""
    made = _NOT_ID.sub("-", fold(text)).strip("-")
    return made[:limit].rstrip("-")


def activity_id(value: Any) -> str:
    """An id typed in a spreadsheet: upper case is forgiven, anything else outside [a-z0-9-] is not."""
    text = str(value).strip().lower()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not _ID.fullmatch(text) or len(text) > 100:
        raise Unreadable("interchange.bad_id", value=str(value)[:60])
    return text


_SPACES = re.compile(r"\s+")
_POSTCODE_AS_WRITTEN = re.compile(r"[1-9]\d{3}(?: [A-Z]{2})?")
_DIGIT = re.compile(r"\d")


def postcode(value: Any) -> str:
    """"2533ab", "2533 AB", 8232 -> "2533 AB" / "8232"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if _POSTCODE_AS_WRITTEN.fullmatch(text):  # "2533 AB" (most of them): already as it should be
        return text
    text = _SPACES.sub("", text).upper()
    if not _POSTCODE.fullmatch(text):
        raise Unreadable("interchange.bad_postcode", value=str(value)[:40])
    return f"{text[:4]} {text[4:]}" if len(text) > 4 else text


def phone(value: Any) -> str:
    """A spreadsheet may have made the number a number: 701234567 lost its leading 0."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        return "0" + digits if len(digits) == 9 else digits
    text = str(value).strip().strip('"').strip()
    if not text or not _DIGIT.search(text):
        raise Unreadable("interchange.bad_phone", value=str(value)[:40])
    return text


def email(value: Any) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if not EMAIL.fullmatch(text):
        raise Unreadable("interchange.bad_email", value=text[:80])
    return text


def web_address(value: Any) -> str:
    """"www.example.nl" gets its https://."""
    text = str(value).strip()
    if text.lower().startswith("www."):
        text = "https://" + text
    if not _URL.fullmatch(text):
        raise Unreadable("interchange.bad_url", value=text[:80])
    return text


_LIST_SPLIT = re.compile(r"\s*[;,]\s*")


def items(value: Any) -> list[str]:
    """A cell holding a list: "bewegen; natuur", "bewegen, natuur"."""
    return [part for part in _LIST_SPLIT.split(str(value).strip()) if part]
