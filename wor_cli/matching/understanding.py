"""From what the coach typed to concepts: phrases, English, typos, stems, thesaurus groups."""

from __future__ import annotations

from typing import Any

from wor_cli import text
from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.matching.query import Concept


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
