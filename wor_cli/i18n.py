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
from datetime import date
from pathlib import Path

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


def t(key: str, /, lang: str | None = None, **params: object) -> str:
    """The text for `key` in the current language, with `params` filled in."""
    lang = lang or _current
    text = catalogue(lang).get(key)
    if text is None and lang != DEFAULT_LANGUAGE:
        text = catalogue(DEFAULT_LANGUAGE).get(key)
    if text is None:
        return key
    return text.format(**params) if params else text


def short_date(value: date | str | None, lang: str | None = None) -> str:
    """A date as a coach reads it in a table: 23-11-2026 (nl) or 2026-11-23 (en)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if (lang or _current) == "nl":
        return f"{value.day:02d}-{value.month:02d}-{value.year}"
    return value.isoformat()


def long_date(value: date | str, lang: str | None = None) -> str:
    """A date written out, as in a letter: "23 november 2026" / "23 November 2026"."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.day} {MONTHS[lang or _current][value.month - 1]} {value.year}"
