"""Ranking: a bounded set of candidates per kind of evidence, scored on what each activity *is*.

Candidates come from a few small SQL queries, each with a LIMIT (candidates.py): the best
bm25 matches of each concept (a very common word only from names and keywords), activities
in the themes the words point to, and activities for the kind of person described. So a
broad search of common words on 100,000 activities reads a few hundred rows, not the catalogue.

Each candidate is then scored in Python from its own index text:
- per concept, *where* it matches: the name (1.0) and keywords (0.9) say what an activity
  is, themes (0.5) what it is about, the description (0.45) what it mentions in passing.
  A word found inside a compound ("wandel" in "wandelgroep") counts 0.75, a thesaurus
  neighbour 0.6 of the word itself;
- a concept weighs less when it occurs in many activities (a word in half the catalogue
  tells little), a little more when it is rare, and a part of a split compound weighs 0.7;
- themes the words point to, themes of the referral's reasons, and the themes of each
  word's own best matches in this catalogue (learned there, not from a vocabulary; with
  the feedback of the best results on the rest: feedback.py);
- who the client is (age, gender, language, new to the country): a small bonus when an
  activity is meant for such a person, a penalty when it is meant for someone else;
- when the words say the client has time ("avonden", "op zondag", "in het weekend"): a
  little more for a slot at such a time, less when every slot is at another.
Last, the first 20 of a search with words (and no referral's reasons) are re-ordered by a
model learned from judged questions, from the shape of this evidence and from what the
question's words were found to go with in fitting activities (reranker.py, associations.py).
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
from wor_cli.matching import associations, feedback, reranker
from wor_cli.matching.candidates import Candidates, comes_home, fields_of, fts_expression, rows_of
from wor_cli.matching.filters import NO_FILTERS, distance_of, filter_sql
from wor_cli.matching.audience import audience_words, fit
from wor_cli.matching.query import AT_HOME, Concept, Query, Result
from wor_cli.matching.understanding import Understanding, read
from wor_cli.matching.when import WEEKEND, When, day_mask, slot_fits
from wor_cli.matching.why import reasons

FIELD_STRENGTH = (1.0, 0.9, 0.5, 0.45)  # name, keywords, themes, description
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
ACCESS_FIT = 0.5  # the activity offers what the person needs ("slechthorend": a hearing loop)
TIME_FIT = 0.15  # a slot at a time the words name ("avonden", "zondag")
TIME_MISS = 0.7  # every slot at another time
EVIDENCE = 12  # where a scored candidate keeps its reranker.Evidence
FEW_FOUND = 5  # a first screen: with filters set, fewer found by the words is filled up by the filters
COMMON_DOCS = 2000  # a word in more activities than this finds candidates by name and keywords only

# Themes that say an activity is for people in one situation (a grief walk, a carers' walk):
# when the words do not point there, such an activity fits the client less than an open one.
SITUATION_THEMES = frozenset({"rouw", "mantelzorg"})
OTHER_SITUATION = 0.75
# A thesaurus group of both these themes names a condition people meet peers about.
CONDITION_THEMES = frozenset({"gezondheid", "lotgenoten"})


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

    def score(self, fields: list[set[str]], strengths: tuple[float, ...] | None = None) -> tuple[float, str | None, int]:
        """The best field strength times match strength, the related word (None: the word
        itself) and the field it was found in (its place in `fields`; -1: none)."""
        strengths = strengths or FIELD_STRENGTH  # looked up at each call: tests/tools/tune_ranking.py patches it
        best, via, where = 0.0, None, -1
        for parts, weight, word in self.terms:
            for place, (strength, field) in enumerate(zip(strengths, fields)):
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
                    best, via, where = value, word, place
        return best, via, where


def search(index: CatalogueIndex, query: Query) -> list[Result]:
    """The best `query.limit` activities for `query`, best first.

    When the words find fewer than a first screen of what the filters admit ("horend slecht"
    with a hearing loop, "kan niet zelf reizen" with transport arranged), the filters the coach
    set are what there is to go on (and before them, what words that nothing knows went with in
    judged questions, `Reader._learned`): after what the words found comes what passes the filters,
    in the order of a search without words (the client's age and language still count), each
    with only the filters and the person as its reasons. A search with no filters is not filled
    up: "everything" is no answer."""
    understood = read(index, query.text)
    results = _ranked(index, query, understood)
    if len(results) < min(FEW_FOUND, query.limit) and understood.concepts:
        # Words nothing knows ("beesten", "flat") are then read by what they went with in
        # judged questions: after what the words themselves found, never before it.
        wider = read(index, query.text, learned=True)
        if wider.concepts != understood.concepts:
            shown = {result.id for result in results}
            results += [result for result in _ranked(index, query, wider) if result.id not in shown][: query.limit - len(results)]
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
    candidates = Candidates(index, query)
    weights = []
    places = []  # a concept that is mostly a place name ("Zutphen"): where, not what
    closeness: list[dict[int, float]] = []  # per concept: bm25 relative to its best, to break ties
    for concept in concepts:
        primary = fts_expression(concept.primary)
        rarity, found = _rarity(index, primary, total)
        weights.append(concept.weight * rarity)
        places.append(_is_place(index, concept, primary, found))
        expression = fts_expression([*concept.primary, *concept.related])
        # Words in thousands of activities find their candidates where they say what an activity is.
        common = found > COMMON_DOCS or (bool(concept.related) and index.count_matching(expression) > COMMON_DOCS)
        candidates.matching(expression, common=common)
        top = max(candidates.bm25.values(), default=0.0)
        closeness.append({r: v / top for r, v in candidates.bm25.items()} if top > 0 else {})
    total_weight = sum(weights) or 1.0
    wanted_themes = set().union(*(c.themes for c in concepts), query.prefer_themes)
    if wanted_themes:
        candidates.in_themes(wanted_themes)
    for words in audience_words(person):
        candidates.matching(fts_expression(list(words)), common=True)
    if person.languages or person.english:
        candidates.in_languages([*person.languages, *(["en"] if person.english else [])])
    needs = _needs(concepts)
    if needs:
        candidates.offering(set(needs))
    if when.days or WEEKEND in when.parts:
        candidates.on_days(day_mask(when.days | ({"saturday", "sunday"} if WEEKEND in when.parts else set())))
    if not concepts and not wanted_themes:
        candidates.any(query.limit)
    if not candidates.rowids:
        return []
    found_rows = []
    centres: dict[str, tuple[float, float] | None] = {}
    for row in rows_of(index, list(candidates.rowids)):
        online, lat, lon, pc4 = row[3], row[6], row[7], row[8]
        distance = distance_of(index, query, bool(online), lat, lon, pc4, centres)
        if query.near is not None and query.km is not None and not online:
            if distance is None or distance > query.km:
                continue
        found_rows.append((row, distance, fields_of(row)))
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
    learned = feedback.learned_themes(rows, closeness, OTHER_THEME)
    schedules = _schedules(index, [row[0] for row, _, _, _ in rows]) if when else {}
    # Activities for people with a condition ("Inloophuis kanker", "herstelgroep verslaving"),
    # when no word points to health, fit less, as a grief walk does for someone not grieving.
    conditions = set() if "gezondheid" in wanted_themes else _condition_stems(index.thesaurus())
    scored = []
    for row, distance, fields, values in rows:
        rowid, name, themes_bar, online, min_age, max_age = row[:6]
        langs_bar, access_bar = row[9], row[15]
        listed = themes_bar.strip("|").split("|")
        themes, main_theme = set(listed), listed[0]  # a catalogue names the main theme first
        score = 0.0
        matched = []
        by_theme = []
        evidence = reranker.Evidence(total_weight, len(concepts), len(listed))
        for number, (concept, weight) in enumerate(zip(concepts, weights)):
            value, related_word, field = values[number]
            value *= scale[number]
            if value > 0:
                near = closeness[number].get(rowid, 0.0)
                score += weight * (value + TIE_BREAK * near)
                evidence.matched(weight, value, near, related_word is None, None if places[number] else field)
                matched.append(number)
            if main_theme in concept.themes:
                score += weight * THEME_WEIGHT
                evidence.theme(weight, 1.0)
            elif concept.themes & themes:
                score += weight * THEME_WEIGHT * OTHER_THEME
                evidence.theme(weight, OTHER_THEME)
            if learned[number]:
                gain, theme = max((learned[number].get(theme, 0.0) * (1.0 if place == 0 else OTHER_THEME), theme)
                                  for place, theme in enumerate(listed))
                score += weight * feedback.LEARNED_WEIGHT * gain
                evidence.learned_theme(weight, gain)
                # Named in `why` only for a word that says something: not "geleden" or "moeilijk".
                if (gain >= feedback.FEEDBACK_SHOWN and value == 0 and theme not in concept.themes
                        and weight >= feedback.LEARNED_SHOWN):
                    by_theme.append((number, theme))
        if themes & set(query.prefer_themes):
            score += CLIENT_THEME_WEIGHT
        if themes & SITUATION_THEMES and not themes & SITUATION_THEMES & wanted_themes:
            score *= OTHER_SITUATION
            evidence.other_situation = 1.0
        if (fields[0] | fields[1]) & conditions:
            score *= OTHER_SITUATION
            evidence.condition = 1.0
        if query.near is not None and online:
            score *= ONLINE_NEARBY_WEIGHT
        factor, bonus, _ = fit(person, fields[0] | fields[1], min_age, max_age, langs_bar, query)
        score = score * factor + bonus
        evidence.person_factor, evidence.person_bonus = factor, bonus
        offered = _offered(needs, access_bar, at_home=comes_home(online, row[6], row[8]))
        if offered:
            score += ACCESS_FIT
            evidence.access = 1.0
        if when:
            slots = schedules.get(rowid) or []  # none: by appointment, any time may do
            if slots:
                timed = any(slot_fits(when, slot) is not None for slot in slots)
                score = score + TIME_FIT if timed else score * TIME_MISS
                evidence.time_fit, evidence.time_miss = (1.0, 0.0) if timed else (0.0, 1.0)
        evidence.before_feedback = score
        scored.append([score, distance if distance is not None else float("inf"), name, rowid, distance, fields,
                       matched, (min_age, max_age, langs_bar, offered), listed, None, by_theme, None, evidence])
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    if concepts:
        feedback.theme_feedback(scored, OTHER_THEME)
        scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        if sum(1 for s in scored if s[6]) <= feedback.WORD_FEEDBACK_FEW:
            feedback.word_feedback(scored)
            scored.sort(key=lambda s: (-s[0], s[1], s[2]))
        # The reranker learned from questions of words (and filters): none came with a client's
        # reasons for referral, whose weight it would not know. Such a search (`--client`, the
        # search inside `wor intake`) keeps the evidence order, with the reasons in it.
        if not query.prefer_themes:
            top = scored[: reranker.DEPTH]
            for item, found in zip(top, associations.weigh(index, query.text, [(item[feedback.FIELDS], item[feedback.THEMES]) for item in top])):
                e = item[EVIDENCE]
                (e.association, e.association_best, e.association_strong, e.association_named,
                 e.association_named_best, e.association_theme, e.association_theme_best) = found
            reranker.rerank(scored, feedback.SCORE, EVIDENCE, feedback.THEMES)
            scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    best = scored[: query.limit]
    details = index.details([s[3] for s in best])
    results = []
    for score, _, _, rowid, distance, fields, matched, (min_age, max_age, langs_bar, offered), _, shared, by_theme, like, _ in best:
        activity = details[rowid]
        hits = []
        for number in matched:
            concept = concepts[number]
            _, related_word, _ = matchers[number].score(fields[:4])
            shown = concept.via or concept.label
            hits.append(f"{shown} ≈ {related_word}" if related_word else shown)
        for number, theme in by_theme:
            hits.append(f"{concepts[number].via or concepts[number].label} → {t('why.theme', theme=theme)}")
        if like is not None:
            hits.append(t("why.like", name=like))
        _, _, about_person = fit(person, fields[0] | fields[1], min_age, max_age, langs_bar, query)
        about_person = [*about_person, *(t("why.access", who=needs[value], access=t(f"access.{value}"))
                                         for value in offered)]
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


def _schedules(index: CatalogueIndex, rowids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The schedule slots of the candidates: read only when the words say when."""
    return {rowid: activity["schedule"] for rowid, activity in index.details(rowids).items()}


def _needs(concepts: list[Concept]) -> dict[str, str]:
    """What the person the words describe needs of an activity, each with the words that say
    so: {"hearing-loop": "slechthorend"}. Evidence, not a filter: the coach did not ask for one."""
    needs: dict[str, str] = {}
    for concept in concepts:
        for value in sorted(concept.access):
            needs.setdefault(value, concept.label)
    return needs


def _offered(needs: dict[str, str], access_bar: str | None, at_home: bool) -> list[str]:
    """Which of the needs the activity meets: by its accessibility values, and AT_HOME by
    coming to the person (`at_home`: it has no place and is not online)."""
    if not needs:
        return []
    offered = set((access_bar or "").strip("|").split("|"))
    if at_home:
        offered.add(AT_HOME)
    return [value for value in needs if value in offered]


def _time_fit(when: When, slots: list[dict[str, Any]]) -> str | None:
    """`why` for the first slot at a time the words name ("avonden: dinsdag 19:30"), or None."""
    for slot in slots:
        met = slot_fits(when, slot)
        if met is not None:
            return t("why.when", word=when.words[met], day=t(f"day.{slot['day']}"), start=slot.get("start") or "")
    return None
