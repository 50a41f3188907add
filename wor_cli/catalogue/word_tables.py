"""The tables of words a coordinator can extend: data/interchange.yaml, looked up as people type.

A spreadsheet's column names in Dutch ("Naam", "Beschrijving"), and the words for its themes
("sport" is bewegen), accessibility ("rolstoel") and languages ("Nederlands", "Dutch", "nld"),
are data, so a coordinator can add one without code. Each function takes one word as typed and
returns the catalogue's value, or raises `forms.Unreadable` with the message key, as the forms of
`forms.py` do.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from wor_cli.catalogue import forms
from wor_cli.text import fold
from wor_cli.vocabulary import ACCESSIBILITY, LANGUAGE_CODES, THEMES

TABLES = Path(__file__).resolve().parent.parent / "data" / "interchange.yaml"


@lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, str]]:
    """interchange.yaml turned around: folded word -> catalogue value, per table."""
    import yaml

    raw = yaml.load(TABLES.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    turned: dict[str, dict[str, str]] = {}
    for table, entries in raw.items():
        turned[table] = {fold(str(word)).replace(" ", "_") if table == "columns" else fold(str(word)): value
                         for value, words in entries.items() for word in words}
    for theme in THEMES:
        turned["themes"][theme] = theme
    for code in ACCESSIBILITY:
        turned["accessibility"][code] = code
    return turned


def theme(value: str) -> str:
    """A theme as typed: "Bewegen", "praktische hulp" (or a word the table knows, like "sport")."""
    word = fold(value).strip()
    found = tables()["themes"].get(word) or tables()["themes"].get(word.replace(" ", "-"))
    if found is None:
        raise forms.Unreadable("interchange.bad_theme", value=value, allowed=", ".join(THEMES))
    return found


def accessibility(value: str) -> str:
    found = tables()["accessibility"].get(fold(value).strip())
    if found is None:
        raise forms.Unreadable("interchange.bad_accessibility", value=value, allowed=", ".join(ACCESSIBILITY))
    return found


def accessibility_in(text: str) -> list[str]:
    """Every accessibility value whose phrase occurs in a free text (HSDS)."""
    folded = f" {' '.join(re.findall(r'[a-z0-9-]+', fold(text)))} "
    found: list[str] = []
    for phrase, code in tables()["accessibility"].items():
        if f" {phrase} " in folded and code not in found:
            found.append(code)
    return sorted(found, key=ACCESSIBILITY.index)


def language(value: str) -> str:
    """"nl", "NL", "Nederlands", "Dutch", "nld" -> "nl"."""
    word = fold(value).strip()
    if word in LANGUAGE_CODES:
        return word
    found = tables()["languages"].get(word)
    if found is None:
        raise forms.Unreadable("interchange.bad_language", value=value)
    return found
