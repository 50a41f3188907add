"""Finding the activities that fit: query understanding, filters, ranking, `why`.

A coach types what the client said ("weduwe, eenzaam, vroeger veel gebreid"),
not the catalogue's words. `understanding` reads who the client is (`person`:
age, gender, languages, new to the country) and turns the other words into
*concepts*: thesaurus phrases, English, known words, split compounds, corrected
typos, each with its thesaurus neighbours and themes. `ranking` gathers a
bounded set of candidates and scores each on where it matches (name and
keywords say what an activity is), how telling each word is, themes, and how
well it suits the person. Filters are applied in SQL and checked again in
Python (distance): a result never violates one. Every result says `why`.
See docs/matching.md.
"""

from __future__ import annotations

from typing import Any

from wor_cli.matching.filters import area_centre
from wor_cli.matching.query import Concept, Query, Result
from wor_cli.matching.ranking import search
from wor_cli.matching.reader import edit_distance
from wor_cli.matching.understanding import understand
from wor_cli.vocabulary import REASON_THEMES

# --- a search built from a referral --------------------------------------------------------------


def words_for_referral(record: dict[str, Any]) -> str:
    """What the client said matters (latest first) and the GP's question."""
    said = [c["what_matters"] for c in reversed(record["contacts"]) if c.get("what_matters")]
    return " ".join([*said[:1], record["referral"]["question"]])


def for_referral(query: Query, index: Any, record: dict[str, Any], *, default_km: float, this_year: int,
                 keep_near: bool = False, keep_age: bool = False, keep_languages: bool = False) -> str | None:
    """Fill `query` from a referral, as `match --client` and the search inside `intake` do:
    its words (when none were typed), the themes of its reasons, the client's age and
    languages, and the default radius around the client's postcode. Options the coach gave
    (`keep_*`) win. Returns the client's postcode area when it is not known to the
    catalogue or the postcode table (the search then covers everywhere), else None."""
    if not query.text:
        query.text = words_for_referral(record)
    query.prefer_themes, query.prefer_label = prefer_for_referral(record)
    client = record["client"]
    age = this_year - client["birth_year"]
    query.client_age = age
    if not keep_age:
        query.max_age_fit = age
    if not keep_languages and client["languages"]:
        query.languages = client["languages"]
    query.client_languages = list(client["languages"] or [])
    if keep_near or not client["postcode"]:
        return None
    from wor_cli.catalogue import postcodes

    area = postcodes.pc4(client["postcode"])
    centre = area_centre(index, area)
    if centre is None:
        return area
    query.near, query.near_label, query.km = centre, area, default_km
    return None


def prefer_for_referral(record: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    themes: list[str] = []
    labels: dict[str, str] = {}
    for reason in record["referral"]["reasons"]:
        for theme in REASON_THEMES.get(reason, ()):
            if theme not in themes:
                themes.append(theme)
                labels[theme] = reason
    return themes, labels


__all__ = [
    "Concept", "Query", "Result", "area_centre", "edit_distance", "for_referral", "prefer_for_referral", "search",
    "understand", "words_for_referral",
]
