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
from dataclasses import dataclass, field
from typing import Any

from wor_cli import text
from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.catalogue.postcodes import distance_km
from wor_cli.i18n import t
from wor_cli.vocabulary import DAYS, REASON_THEMES

FIELD_WEIGHTS = (10.0, 6.0, 3.0, 1.0, 0.5)  # name, keywords, themes, description, place
RELATED_WEIGHT = 0.6  # a thesaurus neighbour counts for less than the word itself
THEME_WEIGHT = 0.35  # per concept whose themes the activity shares
CLIENT_THEME_WEIGHT = 0.3  # the activity fits a reason for referral
ONLINE_NEARBY_WEIGHT = 0.6  # searching near a postcode, local activities come first
NARROW_AGE_WEIGHT = 0.8  # age unknown: an activity only for young people fits fewer clients
PHRASE_SPAN = 3  # words of a thesaurus phrase may be this far apart ("overleden kind")
MAX_WHY = 6
PER_CONCEPT = 1000  # the best matches per word; enough for any first screen, cheap on 20,000 activities


@dataclass
class Query:
    """A search: the coach's words plus strict filters."""

    text: str = ""
    themes: list[str] = field(default_factory=list)  # any of these (filter)
    days: list[str] = field(default_factory=list)  # any of these (filter)
    free: bool = False
    max_cost: float | None = None
    near: tuple[float, float] | None = None  # centre of the postcode area
    near_label: str | None = None
    km: float | None = None
    accessible: list[str] = field(default_factory=list)  # all of these (filter)
    max_age_fit: int | None = None
    languages: list[str] = field(default_factory=list)  # any of these (filter)
    limit: int = 10
    prefer_themes: list[str] = field(default_factory=list)  # from reasons: a bonus, not a filter
    prefer_label: dict[str, str] = field(default_factory=dict)  # theme -> reason, for `why`


@dataclass
class Concept:
    label: str  # what the coach typed
    primary: list[str]  # FTS terms for the word itself (stems, or phrases of stems)
    related: dict[str, str]  # FTS term -> readable word, from the thesaurus
    themes: set[str]
    via: str | None = None  # "wandlen → wandelen" or "walking → wandelen"
    word: str = ""  # the (corrected, translated) word the primary terms come from


@dataclass
class Result:
    id: str
    name: str
    score: float
    themes: list[str]
    why: list[str]
    distance_km: float | None
    activity: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        a = self.activity
        return {
            "id": self.id, "name": self.name, "score": round(self.score, 4), "themes": self.themes,
            "why": self.why, "distance_km": None if self.distance_km is None else round(self.distance_km, 2),
            "online": a["online"], "organization": a["organization"], "description": a["description"],
            "schedule": a["schedule"], "cost": a["cost"], "location": a["location"],
            "eligibility": a["eligibility"], "accessibility": a["accessibility"], "languages": a["languages"],
            "contact": a["contact"],
        }


# --- understanding the words ---------------------------------------------------------------------


def _max_typos(word: str) -> int:
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts once), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _correct(index: CatalogueIndex, word: str, known: dict[str, str], english: dict[str, Any]) -> str | None:
    """The nearest known word within the typo allowance, or None."""
    limit = _max_typos(word)
    if not limit:
        return None
    candidates = set(index.words_like(len(word) - limit, len(word) + limit))
    candidates |= {w for w in known if " " not in w}
    candidates |= {w for w in english if " " not in w}
    best, best_distance = None, limit + 1
    for candidate in sorted(candidates):
        if candidate[0] != word[0] and candidate[:2] != word[:2][::-1]:
            continue  # typos rarely hit the first letter; this keeps the search small
        distance = edit_distance(word, candidate, limit)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best


def understand(index: CatalogueIndex, query_text: str) -> list[Concept]:
    """Turn what the coach typed into concepts."""
    thesaurus = index.thesaurus()
    known: dict[str, str] = thesaurus.get("words", {})
    english: dict[str, list[str]] = thesaurus.get("english", {})
    longest = thesaurus.get("longest", 1)
    tokens = text.words(query_text)
    catalogue_stems = index.stems_of(set(tokens))
    concepts: list[Concept] = []
    seen: set[str] = set()
    position = 0
    while position < len(tokens):
        # Longest phrase first: "partner overleden", "walking group".
        for size in range(min(longest, len(tokens) - position), 0, -1):
            phrase = " ".join(tokens[position:position + size])
            if size > 1 and phrase not in known and phrase not in english:
                continue
            if size == 1 and phrase in text.STOPWORDS and phrase not in english:
                break
            concept = _concept(index, phrase, thesaurus, catalogue_stems)
            if concept is not None and concept.word not in seen:
                seen.add(concept.word)
                concepts.append(concept)
            position += size - 1
            break
        position += 1
    return concepts


def _concept(index: CatalogueIndex, word: str, thesaurus: dict[str, Any], catalogue_stems: dict[str, str]) -> Concept | None:
    known: dict[str, str] = thesaurus.get("words", {})
    english: dict[str, list[str]] = thesaurus.get("english", {})
    via = None
    label = word
    if word in english:
        dutch, stems = english[word]
        via = f"{word} → {dutch}"
        word = dutch
    elif word not in known and word not in catalogue_stems and not _known_stem(index, word):
        corrected = _correct(index, word, known, english)
        if corrected is None:
            if len(word) < 3:
                return None
        else:
            via = f"{word} → {corrected}"
            if corrected in english:
                corrected = english[corrected][0]
            word = corrected
    stems = known.get(word) or catalogue_stems.get(word) or " ".join(text.stem(w) for w in word.split())
    related: dict[str, str] = {}
    themes: set[str] = set()
    for group_index in thesaurus.get("by_stem", {}).get(stems, []):
        group = thesaurus["groups"][group_index]
        themes.update(group["themes"])
        for member_word, member_stems in group["members"]:
            if member_stems != stems:
                related.setdefault(member_stems, member_word)
    return Concept(label=label, primary=[stems], related=related, themes=themes, via=via, word=word)


def _known_stem(index: CatalogueIndex, word: str) -> bool:
    """True when the word's stem occurs in the catalogue (stemming only if needed)."""
    return index.stem_in_index(text.stem(word))


# --- filters -----------------------------------------------------------------------------------


def _filter_sql(query: Query) -> tuple[str, list[Any]]:
    """Filters on the activities table `a`, as SQL with parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: list[str]) -> None:
        clauses.append("(" + " OR ".join(f"a.{column} LIKE ?" for _ in values) + ")")
        params.extend(f"%|{v}|%" for v in values)

    if query.themes:
        any_of("themes", query.themes)
    if query.languages:
        any_of("langs", query.languages)
    for value in query.accessible:
        clauses.append("a.access LIKE ?")
        params.append(f"%|{value}|%")
    if query.days:
        mask = sum(1 << DAYS.index(day) for day in query.days)
        clauses.append("(a.days & ?) != 0")
        params.append(mask)
    if query.free:
        clauses.append("a.cost = 0")
    if query.max_cost is not None:
        clauses.append("a.cost IS NOT NULL AND a.cost <= ?")
        params.append(query.max_cost)
    if query.max_age_fit is not None:
        clauses.append("(a.min_age IS NULL OR a.min_age <= ?) AND (a.max_age IS NULL OR a.max_age >= ?)")
        params += [query.max_age_fit, query.max_age_fit]
    if query.near is not None and query.km is not None:
        # A generous box first (cheap, in SQL); the exact distance is checked after.
        lat, lon = query.near
        dlat = query.km / 110.0
        dlon = query.km / 60.0  # at 52° north one degree of longitude is ~68 km
        clauses.append(
            "(a.online = 1 OR (a.lat BETWEEN ? AND ? AND a.lon BETWEEN ? AND ?) OR (a.lat IS NULL AND a.pc4 IS NOT NULL))"
        )
        params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
    return (" AND ".join(clauses) or "1"), params


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
    where, params = _filter_sql(query)
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
    rows = {
        rowid: (json.loads(data), themes)
        for rowid, data, themes in _fetch(index, list(totals), "rowid, data, themes")
    }
    scored: list[tuple[float, float, str, int, float | None]] = []
    for rowid, (activity, themes_bar) in rows.items():
        distance = _distance(index, activity, query)
        if query.near is not None and query.km is not None and not activity["online"]:
            if distance is None or distance > query.km:
                continue
        score = totals[rowid]
        if query.near is not None and activity["online"]:
            score *= ONLINE_NEARBY_WEIGHT
        if query.max_age_fit is None and (activity["eligibility"] or {}).get("max_age") is not None:
            score *= NARROW_AGE_WEIGHT
        themes = set(activity["themes"])
        score += THEME_WEIGHT * sum(1 for ct in concept_themes if ct & themes)
        if themes & set(query.prefer_themes):
            score += CLIENT_THEME_WEIGHT
        scored.append((score, distance if distance is not None else float("inf"), activity["name"], rowid, distance))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    results = []
    for score, _, _, rowid, distance in scored[: query.limit]:
        activity = rows[rowid][0]
        results.append(
            Result(
                id=activity["id"], name=activity["name"], score=score, themes=activity["themes"],
                why=_why(index, rowid, activity, concepts, matched.get(rowid, []), query, distance),
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


def _distance(index: CatalogueIndex, activity: dict[str, Any], query: Query) -> float | None:
    if query.near is None or activity["online"]:
        return None
    location = activity["location"] or {}
    if location.get("lat") is not None:
        return distance_km(query.near, (location["lat"], location["lon"]))
    postcode = location.get("postcode")
    if postcode:
        centre = area_centre(index, postcode[:4])
        if centre is not None:
            return distance_km(query.near, centre)
    return None


def area_centre(index: CatalogueIndex, area: str) -> tuple[float, float] | None:
    """The organisation's table first, then the catalogue's own entries."""
    from wor_cli.catalogue.postcodes import table_centre

    return table_centre(area) or index.pc4_centre(area)


# --- why ----------------------------------------------------------------------------------------


def _why(index: CatalogueIndex, rowid: int, activity: dict[str, Any], concepts: list[Concept],
         matched: list[int], query: Query, distance: float | None) -> list[str]:
    reasons: list[str] = []
    if matched:
        tokens = set(" ".join(index.conn.execute(
            "SELECT name, keywords, themes, description, place FROM fts WHERE rowid = ?", (rowid,)
        ).fetchone()).split())
        for number in matched:
            concept = concepts[number]
            prefix = f"{concept.via}" if concept.via else concept.label
            if any(_term_in(term, tokens) for term in concept.primary):
                reasons.append(prefix)
                continue
            hit = next((word for term, word in concept.related.items() if _term_in(term, tokens)), None)
            reasons.append(f"{prefix} ≈ {hit}" if hit else prefix)
    themes = set(activity["themes"])
    for concept in concepts:
        for theme in sorted(concept.themes & themes):
            label = t("why.theme", theme=theme)
            if label not in reasons:
                reasons.append(label)
    for theme in query.prefer_themes:
        if theme in themes and query.prefer_label.get(theme):
            label = t("why.reason", reason=t(f"reason.{query.prefer_label[theme]}"))
            if label not in reasons:
                reasons.append(label)
    reasons += _filter_reasons(activity, query, distance)
    return reasons[:MAX_WHY] if len(reasons) > MAX_WHY else reasons


def _term_in(term: str, tokens: set[str]) -> bool:
    return all(any(token.startswith(part) for token in tokens) for part in term.split())


def _filter_reasons(activity: dict[str, Any], query: Query, distance: float | None) -> list[str]:
    reasons = []
    if query.themes:
        reasons += [t("why.theme", theme=th) for th in query.themes if th in activity["themes"]][:1]
    if query.near is not None:
        if activity["online"]:
            reasons.append(t("why.online"))
        elif distance is not None:
            reasons.append(t("why.distance", km=_km(distance), place=query.near_label or ""))
    if query.free:
        reasons.append(t("why.free"))
    elif query.max_cost is not None and activity["cost"]:
        reasons.append(t("why.max_cost", amount=_euro(activity["cost"]["amount"])))
    if query.days:
        days = [s["day"] for s in activity["schedule"] if s["day"] in query.days]
        reasons.append(t("why.day", day=t(f"day.{days[0]}")))
    for value in query.accessible:
        reasons.append(t(f"access.{value}"))
    if query.languages:
        spoken = [lang for lang in query.languages if lang in activity["languages"]]
        reasons.append(t("why.language", language=spoken[0]))
    if query.max_age_fit is not None and activity["eligibility"] and (
        activity["eligibility"]["min_age"] is not None or activity["eligibility"]["max_age"] is not None
    ):
        reasons.append(t("why.age", age=query.max_age_fit))
    return reasons


def _km(value: float) -> str:
    from wor_cli.i18n import language

    shown = f"{value:.1f}"
    return shown.replace(".", ",") if language() == "nl" else shown


def _euro(amount: float) -> str:
    from wor_cli.i18n import language

    shown = f"{amount:.2f}"
    return shown.replace(".", ",") if language() == "nl" else shown


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
