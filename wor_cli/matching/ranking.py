"""Ranking: a bounded set of candidates per kind of evidence, scored on what each activity *is*.

Candidates come from a few small SQL queries, each with a LIMIT: the best bm25 matches
of each concept (a very common word only from names and keywords), activities in the
themes the words point to, and activities for the kind of person described. So a broad
search of common words on 100,000 activities reads a few hundred rows, not the catalogue.

Each candidate is then scored in Python from its own index text:
- per concept, *where* it matches: the name (1.0) and keywords (0.9) say what an activity
  is, themes (0.5) what it is about, the description (0.45) what it mentions in passing.
  A word found inside a compound ("wandel" in "wandelgroep") counts 0.75, a thesaurus
  neighbour 0.6 of the word itself;
- a concept weighs less when it occurs in many activities (a word in half the catalogue
  tells little), a little more when it is rare, and a part of a split compound weighs 0.7;
- themes the words point to, themes of the referral's reasons, and the themes of each
  word's own best matches in this catalogue (learned there, not from a vocabulary);
- who the client is (age, gender, language, new to the country): a small bonus when an
  activity is meant for such a person, a penalty when it is meant for someone else;
- when the words say the client has time ("avonden", "op zondag", "in het weekend"): a
  little more for a slot at such a time, less when every slot is at another.
Only the results shown are decoded from JSON (and the candidates' schedules, when the words
name a time).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any

from wor_cli.catalogue.index import CatalogueIndex
from wor_cli import text
from wor_cli.i18n import t
from wor_cli.matching.filters import NO_FILTERS, distance_of, filter_sql
from wor_cli.matching.audience import audience_words, fit
from wor_cli.matching.query import Concept, Query, Result
from wor_cli.matching.understanding import Understanding, read
from wor_cli.matching.when import WEEKEND, When, day_mask, slot_fits
from wor_cli.matching.why import reasons

FIELD_STRENGTH = (1.0, 0.9, 0.5, 0.45)  # name, keywords, themes, description
BM25_WEIGHTS = "10.0, 6.0, 3.0, 1.0, 0.5"  # name, keywords, themes, description, place: picks candidates
COMPOUND = 0.75  # the word is the first part of a longer one
RELATED_WEIGHT = 0.6  # a thesaurus neighbour counts for less than the word itself
THEME_WEIGHT = 0.35  # per concept whose themes include the activity's main (first) theme
OTHER_THEME = 0.6  # share of that when they include one of its other themes
CLIENT_THEME_WEIGHT = 0.3  # the activity fits a reason for referral
ONLINE_NEARBY_WEIGHT = 0.6  # searching near a postcode, local activities come first
PLACE_WEIGHT = 0.45  # the activity is in the place the words name
TIE_BREAK = 0.1  # bm25 within a concept: more of the word, in a shorter text, comes first
COMMON_SHARE = 0.05  # a word in more than this share of activities starts to count for less
RARE_WEIGHT = 0.1  # per decade a word is rarer than that, it counts this much more
RARE_DECADES = 2.0
PHRASE_SPAN = 3  # words of a thesaurus phrase may be this far apart ("overleden kind")
FEEDBACK_TOP = 3  # pseudo-relevance feedback: the best this many results vote for themes
FEEDBACK_WEIGHT = 0.3  # at most this much for a candidate in the themes they agree on
FEEDBACK_SHOWN = 0.5  # a theme at least half the best results share is named in `why`
LEARNED_TOP = 20  # a word's own best matches in this catalogue say which themes it is about
LEARNED_WEIGHT = 0.2  # at most this much per concept for an activity in such a theme
LEARNED_SHOWN = 0.7  # a concept weighing less (everyday Dutch) does not name its learned theme in `why`
TIME_FIT = 0.15  # a slot at a time the words name ("avonden", "zondag")
TIME_MISS = 0.7  # every slot at another time
# Word-level feedback: only when the words themselves reach at most this many activities.
WORD_FEEDBACK_FEW = 5
WORD_FEEDBACK_WEIGHT = 0.3  # at most this much for sharing the best results' name and keyword words
WORD_FEEDBACK_REACH = 3.0  # sharing a third of their words earns all of it
WORD_FEEDBACK_COMMON = 0.35  # a word in more of the candidates than this says nothing here
PER_KIND = 100  # candidates per kind of evidence: enough for any first screen
FEW_FOUND = 5  # a first screen: with filters set, fewer found by the words is filled up by the filters
COMMON_DOCS = 2000  # a word in more activities than this finds candidates by name and keywords only

# Themes that say an activity is for people in one situation (a grief walk, a carers' walk):
# when the words do not point there, such an activity fits the client less than an open one.
SITUATION_THEMES = frozenset({"rouw", "mantelzorg"})
OTHER_SITUATION = 0.75
# A thesaurus group of both these themes names a condition people meet peers about.
CONDITION_THEMES = frozenset({"gezondheid", "lotgenoten"})


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


class _Candidates:
    """Collects rowids from bounded queries, each with the filters applied in SQL."""

    def __init__(self, index: CatalogueIndex, query: Query) -> None:
        self.index = index
        self.query = query
        self.where, self.params = filter_sql(query)
        self.rowids: dict[int, None] = {}
        self.bm25: dict[int, float] = {}  # of the last `matching` call, best = highest
        self.order = _nearest_first(query)

    def matching(self, expression: str, common: bool = False) -> None:
        """The best matches of `expression` by bm25. A `common` word (in thousands of
        activities) is taken only where it names what an activity is, and without ranking:
        bm25 over every activity that mentions it would read the whole catalogue."""
        self.bm25 = {}
        if not expression:
            return
        if common:
            match = f"{{name keywords}} : ({expression})"
            if self.where == NO_FILTERS:
                sql, params = f"SELECT rowid FROM fts WHERE fts MATCH ? LIMIT {PER_KIND}", [match]
            else:
                sql = (f"SELECT fts.rowid FROM fts JOIN activities a ON a.rowid = fts.rowid "
                       f"WHERE fts MATCH ? AND {self.where} LIMIT {PER_KIND}")
                params = [match, *self.params]
            self._add(sql, params)
            return
        if self.where == NO_FILTERS:
            sql = (f"SELECT rowid, bm25(fts, {BM25_WEIGHTS}) AS s FROM fts WHERE fts MATCH ? "
                   f"ORDER BY s LIMIT {PER_KIND}")
            params = [expression]
        else:
            sql = (f"SELECT fts.rowid, bm25(fts, {BM25_WEIGHTS}) AS s FROM fts JOIN activities a "
                   f"ON a.rowid = fts.rowid WHERE fts MATCH ? AND {self.where} ORDER BY s LIMIT {PER_KIND}")
            params = [expression, *self.params]
        for rowid, score in self.index.conn.execute(sql, params):
            self.rowids[rowid] = None
            self.bm25[rowid] = -score

    def in_themes(self, themes: set[str]) -> None:
        clause = " OR ".join("a.themes LIKE ?" for _ in themes)
        self._add(
            f"SELECT a.rowid FROM activities a WHERE {self.where} AND ({clause}) {self.order} LIMIT {PER_KIND}",
            [*self.params, *(f"%|{theme}|%" for theme in sorted(themes))],
        )

    def in_languages(self, languages: list[str]) -> None:
        clause = " OR ".join("a.langs LIKE ?" for _ in languages)
        self._add(
            f"SELECT a.rowid FROM activities a WHERE {self.where} AND ({clause}) {self.order} LIMIT {PER_KIND}",
            [*self.params, *(f"%|{code}|%" for code in languages)],
        )

    def on_days(self, mask: int) -> None:
        self._add(f"SELECT a.rowid FROM activities a WHERE {self.where} AND (a.days & ?) != 0 {self.order} "
                  f"LIMIT {PER_KIND}", [*self.params, mask])

    def any(self, limit: int) -> None:
        self._add(f"SELECT a.rowid FROM activities a WHERE {self.where} {self.order} LIMIT {limit}", self.params)

    def _add(self, sql: str, params: list[Any]) -> None:
        for (rowid,) in self.index.conn.execute(sql, params):
            self.rowids[rowid] = None


def _nearest_first(query: Query) -> str:
    """ORDER BY for candidates found without words: nearest first when searching near a place."""
    if query.near is None:
        return ""  # any order: reading stops after LIMIT rows
    lat, lon = query.near
    return f"ORDER BY a.online, ((a.lat - {lat!r}) * (a.lat - {lat!r}) + 0.37 * (a.lon - {lon!r}) * (a.lon - {lon!r}))"


def _is_place(index: CatalogueIndex, concept: Concept, expression: str, found: int) -> bool:
    """Whether a concept names where activities are ("Zutphen", "Reeshof") rather than what
    they are: found mostly in the place column. That column also holds the organisations'
    names ("Steunpunt Mantelzorg", "Sporten Zonder Grenzen"), so a word the thesaurus knows
    as a topic (it has themes or neighbours there) is a topic wherever the catalogue has it."""
    if not found or concept.themes or concept.related:
        return False
    return index.count_matching(f"{{place}} : ({expression})") >= max(2, found / 2)


def _rarity(index: CatalogueIndex, expression: str, total: int) -> tuple[float, int]:
    """How much a concept tells, from the share of activities it occurs in (inverse document
    frequency, gently), and that count."""
    if not expression or not total:
        return 1.0, 0
    found = index.count_matching(expression)
    share = found / total
    if share <= COMMON_SHARE:
        # A rarer word is more specific ("rouwcafe" against "koffie"): a little more, by the
        # decades of rarity below COMMON_SHARE, at most two (so a word in 1 of 100,000
        # activities is not worth a word in 1 of 1,000 many times over).
        if not found:
            return 1.0, found
        return 1.0 + RARE_WEIGHT * min(RARE_DECADES, math.log10(COMMON_SHARE / share)), found
    return max(0.3, 1.0 - 0.5 * math.log10(share / COMMON_SHARE)), found


class _Matcher:
    """One concept's terms resolved against the words of the candidates, once per search, so
    scoring an activity takes a few set lookups: each part of a term maps to the words it
    matches (1 for the stem itself, COMPOUND for a longer word it starts)."""

    def __init__(self, concept: Concept, vocabulary: list[str], known: set[str]) -> None:
        self.terms: list[tuple[list[dict[str, float]], float, str | None]] = []
        for weight, pairs in ((1.0, [(t, None) for t in concept.primary]),
                              (RELATED_WEIGHT, list(concept.related.items()))):
            for term, word in pairs:
                parts = [self._part(stem, vocabulary, known) for stem in term.split()]
                if parts and all(parts):
                    self.terms.append((parts, weight, word))

    @staticmethod
    def _part(stem: str, vocabulary: list[str], known: set[str]) -> dict[str, float]:
        if len(stem) < 4:
            return {stem: 1.0} if stem in known else {}
        found = {}
        other_words = text.PREFIX_NOT.get(stem, ())
        at = bisect_left(vocabulary, stem)
        while at < len(vocabulary) and vocabulary[at].startswith(stem):
            word = vocabulary[at]
            if not word.startswith(other_words) or word == stem:
                found[word] = 1.0 if word == stem else COMPOUND
            at += 1
        return found

    def score(self, fields: list[set[str]], strengths: tuple[float, ...] | None = None) -> tuple[float, str | None]:
        """The best field strength times match strength, and the related word (None: the word itself)."""
        strengths = strengths or FIELD_STRENGTH  # looked up at each call: tests/tools/tune_ranking.py patches it
        best, via = 0.0, None
        for parts, weight, word in self.terms:
            for strength, field in zip(strengths, fields):
                if strength * weight <= best:
                    break
                value = strength * weight
                for part in parts:
                    hits = part.keys() & field
                    if not hits:
                        value = 0.0
                        break
                    value *= max(part[w] for w in hits)
                if value > best:
                    best, via = value, word
        return best, via


def search(index: CatalogueIndex, query: Query) -> list[Result]:
    """The best `query.limit` activities for `query`, best first.

    When the words find fewer than a first screen of what the filters admit ("horend slecht"
    with a hearing loop, "kan niet zelf reizen" with transport arranged), the filters the coach
    set are what there is to go on: after what the words found comes what passes the filters,
    in the order of a search without words (the client's age and language still count), each
    with only the filters and the person as its reasons. A search with no filters is not filled
    up: "everything" is no answer."""
    understood = read(index, query.text)
    results = _ranked(index, query, understood)
    if len(results) < min(FEW_FOUND, query.limit) and understood.concepts and filter_sql(query)[0] != NO_FILTERS:
        shown = {result.id for result in results}
        admitted = _ranked(index, query, Understanding([], understood.person, understood.when))
        results += [result for result in admitted if result.id not in shown][: query.limit - len(results)]
    return results


def _ranked(index: CatalogueIndex, query: Query, understood: Understanding) -> list[Result]:
    """The best `query.limit` activities for what the words were read as, best first."""
    concepts, person, when = understood.concepts, understood.person, understood.when
    if person.age is None and query.client_age is not None:
        person.age, person.age_label = query.client_age, str(query.client_age)
    for code in query.client_languages:
        if code != "nl" and code not in person.languages:
            person.languages.append(code)
    total = index.count()
    candidates = _Candidates(index, query)
    weights = []
    places = []  # a concept that is mostly a place name ("Zutphen"): where, not what
    closeness: list[dict[int, float]] = []  # per concept: bm25 relative to its best, to break ties
    for concept in concepts:
        primary = _fts_expression(concept.primary)
        rarity, found = _rarity(index, primary, total)
        weights.append(concept.weight * rarity)
        places.append(_is_place(index, concept, primary, found))
        expression = _fts_expression([*concept.primary, *concept.related])
        # Words in thousands of activities find their candidates where they say what an activity is.
        common = found > COMMON_DOCS or (bool(concept.related) and index.count_matching(expression) > COMMON_DOCS)
        candidates.matching(expression, common=common)
        top = max(candidates.bm25.values(), default=0.0)
        closeness.append({r: v / top for r, v in candidates.bm25.items()} if top > 0 else {})
    wanted_themes = set().union(*(c.themes for c in concepts), query.prefer_themes)
    if wanted_themes:
        candidates.in_themes(wanted_themes)
    for words in audience_words(person):
        candidates.matching(_fts_expression(list(words)), common=True)
    if person.languages or person.english:
        candidates.in_languages([*person.languages, *(["en"] if person.english else [])])
    if when.days or WEEKEND in when.parts:
        candidates.on_days(day_mask(when.days | ({"saturday", "sunday"} if WEEKEND in when.parts else set())))
    if not concepts and not wanted_themes:
        candidates.any(max(PER_KIND, query.limit))
    if not candidates.rowids:
        return []
    found_rows = []
    centres: dict[str, tuple[float, float] | None] = {}
    for row in _rows(index, list(candidates.rowids)):
        online, lat, lon, pc4 = row[3], row[6], row[7], row[8]
        distance = distance_of(index, query, bool(online), lat, lon, pc4, centres)
        if query.near is not None and query.km is not None and not online:
            if distance is None or distance > query.km:
                continue
        found_rows.append((row, distance, [set(column.split()) for column in row[10:15]]))
    known = set().union(*(w for _, _, fields in found_rows for w in fields))
    vocabulary = sorted(known)
    matchers = [_Matcher(c, vocabulary, known) for c in concepts]
    rows = []
    for row, distance, fields in found_rows:
        values = [
            m.score(fields[4:], (PLACE_WEIGHT,)) if is_place else m.score(fields[:4])
            for m, is_place in zip(matchers, places)
        ]
        rows.append((row, distance, fields, values))
    # A concept whose own word the catalogue never uses ("vroeger gebreid") is carried by its
    # thesaurus neighbours alone: then they count as the word itself.
    scale = []
    for number in range(len(concepts)):
        direct = any(values[number][0] > 0 and values[number][1] is None for _, _, _, values in rows)
        scale.append(1.0 if direct else 1.0 / RELATED_WEIGHT)
    learned = _learned_themes(rows, closeness)
    schedules = _schedules(index, [row[0] for row, _, _, _ in rows]) if when else {}
    # Activities for people with a condition ("Inloophuis kanker", "herstelgroep verslaving"),
    # when no word points to health, fit less, as a grief walk does for someone not grieving.
    conditions = set() if "gezondheid" in wanted_themes else _condition_stems(index.thesaurus())
    scored = []
    for row, distance, fields, values in rows:
        rowid, name, themes_bar, online, min_age, max_age = row[:6]
        langs_bar = row[9]
        listed = themes_bar.strip("|").split("|")
        themes, main_theme = set(listed), listed[0]  # a catalogue names the main theme first
        score = 0.0
        matched = []
        by_theme = []
        for number, (concept, weight) in enumerate(zip(concepts, weights)):
            value = values[number][0] * scale[number]
            if value > 0:
                score += weight * (value + TIE_BREAK * closeness[number].get(rowid, 0.0))
                matched.append(number)
            if main_theme in concept.themes:
                score += weight * THEME_WEIGHT
            elif concept.themes & themes:
                score += weight * THEME_WEIGHT * OTHER_THEME
            if learned[number]:
                gain, theme = max((learned[number].get(theme, 0.0) * (1.0 if place == 0 else OTHER_THEME), theme)
                                  for place, theme in enumerate(listed))
                score += weight * LEARNED_WEIGHT * gain
                # Named in `why` only for a word that says something: not "geleden" or "moeilijk".
                if gain >= FEEDBACK_SHOWN and value == 0 and theme not in concept.themes and weight >= LEARNED_SHOWN:
                    by_theme.append((number, theme))
        if themes & set(query.prefer_themes):
            score += CLIENT_THEME_WEIGHT
        if themes & SITUATION_THEMES and not themes & SITUATION_THEMES & wanted_themes:
            score *= OTHER_SITUATION
        if (fields[0] | fields[1]) & conditions:
            score *= OTHER_SITUATION
        if query.near is not None and online:
            score *= ONLINE_NEARBY_WEIGHT
        factor, bonus, _ = fit(person, fields[0] | fields[1], min_age, max_age, langs_bar, query)
        score = score * factor + bonus
        if when:
            slots = schedules.get(rowid) or []  # none: by appointment, any time may do
            if slots:
                timed = any(slot_fits(when, slot) is not None for slot in slots)
                score = score + TIME_FIT if timed else score * TIME_MISS
        scored.append([score, distance if distance is not None else float("inf"), name, rowid, distance, fields,
                       matched, (min_age, max_age, langs_bar), listed, None, by_theme, None])
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    if concepts:
        _feedback(scored)
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        if sum(1 for s in scored if s[6]) <= WORD_FEEDBACK_FEW:
            _word_feedback(scored)
            scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    best = scored[: query.limit]
    details = index.details([s[3] for s in best])
    results = []
    for score, _, _, rowid, distance, fields, matched, (min_age, max_age, langs_bar), _, shared, by_theme, like in best:
        activity = details[rowid]
        hits = []
        for number in matched:
            concept = concepts[number]
            _, related_word = matchers[number].score(fields[:4])
            shown = concept.via or concept.label
            hits.append(f"{shown} ≈ {related_word}" if related_word else shown)
        for number, theme in by_theme:
            hits.append(f"{concepts[number].via or concepts[number].label} → {t('why.theme', theme=theme)}")
        if like is not None:
            hits.append(t("why.like", name=like))
        _, _, about_person = fit(person, fields[0] | fields[1], min_age, max_age, langs_bar, query)
        if when:
            timed = _time_fit(when, activity["schedule"])
            if timed is not None:
                about_person = [*about_person, timed]
        results.append(
            Result(
                id=activity["id"], name=activity["name"], score=score, themes=activity["themes"],
                why=reasons(activity, hits, about_person, concepts, query, distance, shared),
                distance_km=distance, activity=activity,
            )
        )
    return results


def _condition_stems(thesaurus: dict[str, Any]) -> set[str]:
    """The stems of the thesaurus's words for a condition people meet peers about (its groups
    of the themes gezondheid and lotgenoten both: kanker, depressie, verslaving, burn-out).
    Made once and kept in the thesaurus dict, which lives as long as the index object."""
    cached = thesaurus.get("_condition_stems")
    if cached is None:
        groups = {number for number, group in enumerate(thesaurus.get("groups", []))
                  if CONDITION_THEMES <= set(group.get("themes", []))}
        cached = {stem for stem, found in thesaurus.get("by_stem", {}).items()
                  if " " not in stem and groups.intersection(found)}
        thesaurus["_condition_stems"] = cached
    return cached


def _learned_themes(rows: list[tuple], closeness: list[dict[int, float]]) -> list[dict[str, float]]:
    """Per concept, the themes of its own best matches in this catalogue (by bm25, main theme 1,
    others 0.6), as shares. Learned from the catalogue at search time, not from a vocabulary:
    where "koffie" is mostly found in activities of the theme ontmoeten, a coffee question
    also reaches the meeting places whose text never says koffie."""
    themes_of = {row[0]: row[2].strip("|").split("|") for row, _, _, _ in rows}
    learned = []
    for near in closeness:
        votes: dict[str, float] = {}
        best = sorted(((v, r) for r, v in near.items() if r in themes_of), reverse=True)[:LEARNED_TOP]
        total = sum(v for v, _ in best)
        for value, rowid in best:
            for place, theme in enumerate(themes_of[rowid]):
                votes[theme] = votes.get(theme, 0.0) + value * (1.0 if place == 0 else OTHER_THEME)
        learned.append({theme: vote / total for theme, vote in votes.items()} if total else {})
    return learned


def _feedback(scored: list[list[Any]]) -> None:
    """Pseudo-relevance feedback: the themes of the best few results, weighted by their
    scores, are what the words are most likely about; every candidate in those themes gains
    a little. A classic method that needs no vocabulary: a question whose words reach one
    good activity pulls in its neighbours."""
    top = [s for s in scored[:FEEDBACK_TOP] if s[0] > 0]
    if not top:
        return
    votes: dict[str, float] = {}
    for item in top:
        share = item[0] / top[0][0]
        for place, theme in enumerate(item[8]):
            votes[theme] = votes.get(theme, 0.0) + share * (1.0 if place == 0 else OTHER_THEME)
    total = sum(item[0] / top[0][0] for item in top)
    for item in scored:
        gain, theme = max((votes.get(theme, 0.0) * (1.0 if place == 0 else OTHER_THEME), theme)
                          for place, theme in enumerate(item[8]))
        item[0] += FEEDBACK_WEIGHT * gain / total
        if gain / total >= FEEDBACK_SHOWN:
            item[9] = theme  # shown in `why` as the theme it shares with the best matches


def _word_feedback(scored: list[list[Any]]) -> None:
    """Word-level pseudo-relevance feedback, for a question whose own words reach few
    activities ("voedselbank", "zorgboerderij"): the words in the names and keywords of the
    best three, weighted by their scores, say what the others should be about, so the
    activities that share them come before those that only share a theme. Words found in
    many candidates ("inloop", "groep") do not count: they say nothing about this question."""
    top = [s for s in scored[:FEEDBACK_TOP] if s[0] > 0]
    if not top:
        return
    seen_in: dict[str, int] = {}
    for item in scored:
        for word in item[5][0] | item[5][1]:
            seen_in[word] = seen_in.get(word, 0) + 1
    common = max(2.0, WORD_FEEDBACK_COMMON * len(scored))
    votes: list[dict[str, float]] = []
    for item in top:
        share = item[0] / top[0][0]
        # Not its place ("Voedselbank Zwolle", in Zwolle): where it is, not what it is.
        votes.append({word: share for word in (item[5][0] | item[5][1]) - item[5][4]
                      if len(word) >= 4 and not word.isdigit() and word not in text.STOPWORDS
                      and seen_in[word] <= common})
    total = sum(sum(v.values()) for v in votes)
    if not total:
        return
    for item in scored[len(top):]:
        words = item[5][0] | item[5][1]
        shared = [sum(v for w, v in vote.items() if w in words) for vote in votes]
        gain = min(1.0, WORD_FEEDBACK_REACH * sum(shared) / total)
        item[0] += WORD_FEEDBACK_WEIGHT * gain
        if gain >= FEEDBACK_SHOWN:
            item[11] = top[shared.index(max(shared))][2]  # `why`: like that one


def _schedules(index: CatalogueIndex, rowids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The schedule slots of the candidates: read only when the words say when."""
    return {rowid: activity["schedule"] for rowid, activity in index.details(rowids).items()}


def _time_fit(when: When, slots: list[dict[str, Any]]) -> str | None:
    """`why` for the first slot at a time the words name ("avonden: dinsdag 19:30"), or None."""
    for slot in slots:
        met = slot_fits(when, slot)
        if met is not None:
            return t("why.when", word=when.words[met], day=t(f"day.{slot['day']}"), start=slot.get("start") or "")
    return None


def _rows(index: CatalogueIndex, rowids: list[int]) -> list[tuple]:
    """Filter columns and the index text of candidates: what scoring needs, no JSON."""
    found: list[tuple] = []
    for start in range(0, len(rowids), 900):  # stay under SQLite's parameter limit
        chunk = rowids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        texts = {
            r[0]: r[1:] for r in index.conn.execute(
                f"SELECT rowid, name, keywords, themes, description, place FROM fts WHERE rowid IN ({marks})", chunk
            )
        }
        for row in index.conn.execute(
            f"SELECT rowid, name, themes, online, min_age, max_age, lat, lon, pc4, langs FROM activities "
            f"WHERE rowid IN ({marks})", chunk
        ):
            found.append((*row, *texts.get(row[0], ("", "", "", "", ""))))
    return found


