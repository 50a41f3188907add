"""The Dutch welzijn thesaurus: the words coaches use, linked to the catalogue's.

`data/thesaurus.yaml` holds groups of words that mean roughly the same for a
coach ("geldzorgen", "schulden", "schuldhulp"), the themes a group points to,
and English words mapped to Dutch ones. It is compiled once into stems (the
same analysis as the index) and kept inside the catalogue index, so a search
never parses YAML or loads the stemmer just to expand a query.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from wor_cli import text

THESAURUS_FILE = Path(__file__).parent / "data" / "thesaurus.yaml"


def signature(path: Path = THESAURUS_FILE) -> str:
    """Changes whenever the file does."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _phrase(words_text: str) -> str:
    """A word or short phrase as its stems, e.g. "partner overleden" -> "partner overled"."""
    return " ".join(text.stem(w) for w in text.words(words_text))


def compile_file(path: Path = THESAURUS_FILE) -> dict[str, Any]:
    """Read the YAML and return the compiled form (JSON-friendly).

    groups:  [{"members": [[word, stems], ...], "means": [[word, stems], ...], "themes": [...],
              "access": [...]}]; `access` is what a person the words describe needs of an
              activity (the catalogue's accessibility values: "slechthorend" needs hearing-loop;
              or at-home: "komt de deur niet uit" needs an activity that comes to the home)
    by_stem: stems of a member -> indexes of the groups it belongs to
    words:   every member word (folded) -> its stems, for reading a query
    english: English word or phrase (folded) -> [Dutch word, its stems]
    phrases: a phrase of two or more words as its content stems ("heeft nergens meer zin
             in" and "nergens zin in" meet at "nergen zin") -> [kind, folded phrase],
             kind "words" or "english"
    close_phrases: a phrase with one content word ("even weg", "nodig zijn") as the stems
             of all its words -> [kind, folded phrase]: without its small words it would be
             the bare word ("weg"), so it is found only as written
    """
    from wor_cli import yamlfile

    data = yamlfile.load_fast(path.read_bytes()) or {}
    groups: list[dict[str, Any]] = []
    by_stem: dict[str, list[int]] = {}
    surface: dict[str, str] = {}
    for group in data.get("groups", []):
        members = []
        for word in group.get("words", []):
            folded = " ".join(text.words(str(word)))
            stems = _phrase(folded)
            if stems and stems not in [m[1] for m in members]:
                members.append([folded, stems])
            if stems:
                surface[folded] = stems  # every form is known, also one sharing a stem
        if not members:
            continue
        for _, stems in members:
            by_stem.setdefault(stems, []).append(len(groups))
        # `means`: the catalogue's words for what the members describe ("moet er even
        # tussenuit" means ontspanning, natuur); searched for a member, never expanded back.
        means = []
        for word in group.get("means") or []:
            folded = " ".join(text.words(str(word)))
            if folded:
                means.append([folded, _phrase(folded)])
        groups.append({"members": members, "means": means, "themes": list(group.get("themes") or []),
                       "weight": float(group.get("weight") or 1.0), "access": list(group.get("access") or [])})
    english = {}
    for word, dutch in (data.get("english") or {}).items():
        dutch_folded = " ".join(text.words(str(dutch)))
        english[" ".join(text.words(str(word)))] = [dutch_folded, _phrase(dutch_folded)]
    phrases: dict[str, list[str]] = {}
    close_phrases: dict[str, list[str]] = {}
    for kind, table in (("english", english), ("words", surface)):
        for folded in table:
            key = text.phrase_key(folded.split())
            if len(key.split()) > 1:
                phrases[key] = [kind, folded]
            elif key and " " in folded:
                close_phrases[_phrase(folded)] = [kind, folded]
    longest = max([len(k.split()) for k in [*surface, *english]] or [1])
    return {"groups": groups, "by_stem": by_stem, "words": surface, "english": english, "longest": longest,
            "phrases": phrases, "close_phrases": close_phrases}
