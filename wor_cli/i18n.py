"""Message catalogues: every text a coach reads comes from here, by key.

One JSON file per language in `wor_cli/locales/`. JSON rather than YAML because
it loads in a fraction of a millisecond with the standard library, and the help
texts are needed on every start-up. Keys are dotted (`intake.saved`); values are
`str.format` templates with named fields.

Dutch is the reference language: a key missing in another language falls back
to Dutch, and a key missing everywhere shows itself, so a gap is visible but
never a crash.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

_LOCALES = Path(__file__).parent / "locales"
_catalogues: dict[str, dict[str, str]] = {}
_current = DEFAULT_LANGUAGE

MONTHS = {
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli",
           "augustus", "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
}


def set_language(lang: str) -> None:
    """Choose the language for everything that follows (validated by the caller)."""
    global _current
    _current = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language() -> str:
    return _current


def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language, loaded once."""
    if lang not in _catalogues:
        with open(_LOCALES / f"{lang}.json", encoding="utf-8") as f:
            _catalogues[lang] = json.load(f)
    return _catalogues[lang]


EXCERPT = 60  # characters of a typed value quoted back in a message
LONGEST_PARAM = 1000  # no part of a message is longer, whatever was filled in


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as quoted back to the coach: at most `limit` characters, then "…".

    The one place that decides how much of what was typed (or pasted, or
    found in a file) a message repeats: a pasted megabyte must not come back
    as a megabyte of error message.
    """
    text = value if isinstance(value, str) else repr(value) if not isinstance(value, (int, float)) else _number(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _number(value: int | float) -> str:
    try:
        return str(value)
    except ValueError:  # an int of more than 4300 digits cannot even be printed
        return "9" * EXCERPT


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """The text for `key` in the current language, with `params` filled in (each cut to LONGEST_PARAM)."""
    lang = lang or _current
    text = catalogue(lang).get(key)
    if text is None and lang != DEFAULT_LANGUAGE:
        text = catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return key
    if not params:
        return text
    return text.format(**{k: _bounded(v) for k, v in params.items()})


def plural(key: str, number: int) -> str:
    """The key of the text for `number` things: `KEY.one` for exactly one, `KEY` itself otherwise.

    Dutch and English both count this way ("1 activiteit", "0 / 3 activiteiten"), so a
    text with a number before a noun is written twice in each catalogue: its plural
    form under its own key, its singular under KEY.one. The key is chosen here and
    the text filled in by `t` as ever: `t(plural("match.linked", n), count=n, ...)`,
    or `BadInput(plural("edit.no_contact", n), ...)` for a message raised.
    """
    return f"{key}.one" if number == 1 else key


def shown(text: str) -> str:
    """`text` as an output can carry it: a file name in bytes that are not UTF-8 (os gives them as
    lone surrogates) with U+FFFD in their place. Every message and every JSON output goes through it."""
    if not text.isascii() and any("\ud800" <= c <= "\udfff" for c in text):
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text


def _bounded(value: object) -> object:
    if isinstance(value, str):
        value = shown(value)
        return value if len(value) <= LONGEST_PARAM else excerpt(value, LONGEST_PARAM)
    if isinstance(value, (list, tuple, dict)):
        return _bounded(str(value))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3000:
        return _number(value)
    return value


NBSP = "\u00a0"  # between "€" and the amount, so a line never breaks inside a price


def number(value: float | None, digits: int = 1) -> str:
    """A mean as "4,5" (Dutch) or "4.5"; a whole count as "10.000" or "10,000"; None as "–".

    The one place where numbers get the decimal comma of Dutch.
    """
    if value is None:
        return "–"
    if isinstance(value, int):
        text = f"{value:,}"
        return text.replace(",", ".") if _current == "nl" else text
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if _current == "nl" else text


def money(amount: float) -> str:
    """ "€ 3" for a whole amount, "€ 2,50" otherwise (Dutch), "€ 2.50" in English."""
    whole = float(amount).is_integer()
    return f"€{NBSP}{number(int(amount) if whole else float(amount), 0 if whole else 2)}"


def language_name(code: str) -> str:
    """A language as people name it ("Pools", "Polish"); its code when we have no name for it."""
    key = f"language.{code}"
    name = t(key)
    return code if name == key else name


def cost(given: dict[str, Any] | None, unknown: str = "match.cost_unknown") -> str:
    """An activity's cost as people read it: "gratis", "€ 2,50 per keer", or the text for `unknown`."""
    if not given or given.get("amount") is None:
        return t(unknown)
    if given["amount"] == 0:
        return t("match.cost_free")
    shown = money(given["amount"])
    return f"{shown} {t('per.' + given['per'])}" if given.get("per") else shown


def short_date(value: date | str | None, lang: str | None = None) -> str:
    """A date as a coach reads it in a table: 23-11-2026 (nl) or 2026-11-23 (en)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if (lang or _current) == "nl":
        return f"{value.day:02d}-{value.month:02d}-{value.year}"
    return value.isoformat()


def moment(stamp: object, lang: str | None = None) -> str:
    """A stored moment (UTC, "2026-11-20T14:03:09Z") in this computer's own time, as people
    read it: 20-11-2026 15:03:09 (nl), 2026-11-20 15:03:09 (en). The audit trail is read
    by a privacy officer in the Netherlands: UTC shown bare put every row an hour or two off."""
    stored = str(stamp)
    try:
        local = datetime.fromisoformat(stored.replace("Z", "+00:00")).astimezone()
    except ValueError:  # not a moment wor wrote (a damaged backup): shown as it is stored
        return excerpt(stored.replace("T", " ").rstrip("Z"))
    return f"{short_date(local.date(), lang)} {local:%H:%M:%S}"


def long_date(value: date | str, lang: str | None = None) -> str:
    """A date written out, as in a letter: "23 november 2026" / "23 November 2026"."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {MONTHS[lang or _current][value.month - 1]} {value.year}"
