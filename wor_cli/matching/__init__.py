"""Finding the activities that fit: query understanding, filters, ranking, `why`.

A coach types what the client said ("weduwe, eenzaam, vroeger veel gebreid"),
not the catalogue's words. Each meaningful word becomes a *concept*:

1. English words and phrases are translated (thesaurus `english`).
2. A word the catalogue and thesaurus do not know is corrected to the nearest
   known word (one typo for short words, two for long ones): "wandlen".
3. The word is stemmed (Dutch Snowball) and matched as a prefix, so
   "wandelen" also finds "wandelgroep".
4. Its thesaurus group adds related words ("geldzorgen" -> "schuldhulp") at a
   lower weight, and the themes the group points to.

Each concept is searched in the FTS5 index with field weights (name and
keywords over description). Its scores are normalised per concept, so every
word the coach typed counts equally, and summed: an activity that fits
several of the client's words comes first. Activities in a theme the words
point to get a smaller bonus. Filters are applied in SQL and checked again in
Python (distance), and a result never violates one. Every result says `why`.
"""

from __future__ import annotations

import json
from typing import Any

from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.matching.filters import area_centre, distance_of, filter_sql
from wor_cli.matching.query import Concept, Query, Result
from wor_cli.matching.understanding import edit_distance, understand
from wor_cli.matching.why import reasons
from wor_cli.vocabulary import REASON_THEMES

FIELD_WEIGHTS = (10.0, 6.0, 3.0, 1.0, 0.5)  # name, keywords, themes, description, place
RELATED_WEIGHT = 0.6  # a thesaurus neighbour counts for less than the word itself
THEME_WEIGHT = 0.35  # per concept whose themes the activity shares
CLIENT_THEME_WEIGHT = 0.3  # the activity fits a reason for referral
ONLINE_NEARBY_WEIGHT = 0.6  # searching near a postcode, local activities come first
NARROW_AGE_WEIGHT = 0.8  # age unknown: an activity only for young people fits fewer clients
PHRASE_SPAN = 3  # words of a thesaurus phrase may be this far apart ("overleden kind")
PER_CONCEPT = 1000  # the best matches per word; enough for any first screen, cheap on 20,000 activities


def _fts_token(stem: str) -> str:
    """One stem as an FTS5 token: a prefix from four letters on ("wandel" finds "wandelgroep")."""
    return f'"{stem}"' + ("*" if len(stem) >= 4 else "")


def _fts_expression(terms: list[str]) -> str:
    """Terms OR-ed; a phrase of several stems matches them close together, in any order."""
    parts = []
    for term in terms:
        words = term.split()
        if not words or not all(w.isalnum() for w in words):
            continue
        if len(words) == 1:
            parts.append(_fts_token(words[0]))
        else:
            parts.append(f"NEAR({' '.join(_fts_token(w) for w in words)}, {PHRASE_SPAN})")
    return " OR ".join(parts)


# --- ranking -----------------------------------------------------------------------------------


def _scores(index: CatalogueIndex, expression: str, where: str, params: list[Any]) -> dict[int, float]:
    if not expression:
        return {}
    weights = ", ".join(str(w) for w in FIELD_WEIGHTS)
    rows = index.conn.execute(
        f"SELECT fts.rowid, bm25(fts, {weights}) AS score FROM fts JOIN activities a ON a.rowid = fts.rowid "
        f"WHERE fts MATCH ? AND {where} ORDER BY score LIMIT {PER_CONCEPT}",
        [expression, *params],
    )
    return {rowid: -score for rowid, score in rows}


def search(index: CatalogueIndex, query: Query) -> list[Result]:
    """The best `query.limit` activities for `query`, best first."""
    concepts = understand(index, query.text)
    where, params = filter_sql(query)
    totals: dict[int, float] = {}
    matched: dict[int, list[int]] = {}  # rowid -> indexes of concepts it matched
    for number, concept in enumerate(concepts):
        primary = _scores(index, _fts_expression(concept.primary), where, params)
        related = _scores(index, _fts_expression(list(concept.related)), where, params)
        combined = {r: max(primary.get(r, 0.0), RELATED_WEIGHT * related.get(r, 0.0)) for r in {*primary, *related}}
        top = max(combined.values(), default=0.0)
        for rowid, value in combined.items():
            if value > 0:
                totals[rowid] = totals.get(rowid, 0.0) + value / top
                matched.setdefault(rowid, []).append(number)
    concept_themes = [c.themes for c in concepts]
    wanted_themes = set().union(*concept_themes, query.prefer_themes) if concepts or query.prefer_themes else set()
    if wanted_themes or not concepts:
        # Activities in a theme the words point to are candidates too, and
        # with no words at all every activity that passes the filters is.
        theme_where = where
        theme_params = list(params)
        if concepts or query.prefer_themes:
            theme_where += " AND (" + " OR ".join("a.themes LIKE ?" for _ in wanted_themes) + ")"
            theme_params += [f"%|{theme}|%" for theme in wanted_themes]
        for (rowid,) in index.conn.execute(f"SELECT a.rowid FROM activities a WHERE {theme_where}", theme_params):
            totals.setdefault(rowid, 0.0)
    if not totals:
        return []
    # Score from the index's own columns; only the few shown are decoded from JSON.
    centres: dict[str, tuple[float, float] | None] = {}
    scored: list[tuple[float, float, str, int, float | None]] = []
    for rowid, name, themes_bar, online, max_age, lat, lon, pc4 in _fetch(
        index, list(totals), "rowid, name, themes, online, max_age, lat, lon, pc4"
    ):
        distance = distance_of(index, query, bool(online), lat, lon, pc4, centres)
        if query.near is not None and query.km is not None and not online:
            if distance is None or distance > query.km:
                continue
        score = totals[rowid]
        if query.near is not None and online:
            score *= ONLINE_NEARBY_WEIGHT
        if query.max_age_fit is None and max_age is not None:
            score *= NARROW_AGE_WEIGHT
        themes = set(themes_bar.strip("|").split("|"))
        score += THEME_WEIGHT * sum(1 for ct in concept_themes if ct & themes)
        if themes & set(query.prefer_themes):
            score += CLIENT_THEME_WEIGHT
        scored.append((score, distance if distance is not None else float("inf"), name, rowid, distance))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    best = scored[: query.limit]
    data = dict(_fetch(index, [rowid for _, _, _, rowid, _ in best], "rowid, data"))
    results = []
    for score, _, _, rowid, distance in best:
        activity = json.loads(data[rowid])
        results.append(
            Result(
                id=activity["id"], name=activity["name"], score=score, themes=activity["themes"],
                why=reasons(index, rowid, activity, concepts, matched.get(rowid, []), query, distance),
                distance_km=distance, activity=activity,
            )
        )
    return results


def _fetch(index: CatalogueIndex, rowids: list[int], columns: str) -> list[tuple]:
    found: list[tuple] = []
    for start in range(0, len(rowids), 900):  # stay under SQLite's parameter limit
        chunk = rowids[start:start + 900]
        found += index.conn.execute(
            f"SELECT {columns} FROM activities WHERE rowid IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
    return found


# --- a search built from a referral --------------------------------------------------------------


def words_for_referral(record: dict[str, Any]) -> str:
    """What the client said matters (latest first) and the GP's question."""
    said = [c["what_matters"] for c in reversed(record["contacts"]) if c.get("what_matters")]
    return " ".join([*said[:1], record["referral"]["question"]])


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
    "Concept", "Query", "Result", "area_centre", "edit_distance", "prefer_for_referral", "search",
    "understand", "words_for_referral",
]
