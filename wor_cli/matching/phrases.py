"""Thesaurus phrases in a question: found on their content stems, in any order, within a clause.

"heeft nergens meer zin in" is the thesaurus's "heeft nergens zin in" and "lopen op hun
tandvlees" is "op zijn tandvlees": small words, pronouns and word order do not matter. A phrase
stays inside the clause it was written in (between commas, full stops, brackets), and one made
only of small words ("wat wil ik nog") counts only as written, word after word.
"""

from __future__ import annotations

import re
from typing import Any

from wor_cli import text

PHRASE_SLACK = 2  # a phrase of n words may be spread over n + 2 words of the question
# Pronouns say who, not what: "waar doe ik het voor" and "waar doet ze het voor" are one phrase.
PRONOUNS = frozenset("ik je jij u hij zij ze we wij hun hen hem mij me jou jouw uw ons onze zich zichzelf mn".split())


CLAUSE_MARKS = r"[,.;:!?()\n]+"
SENTENCE_MARKS = r"[.!?\n]+"


def clauses(query_text: str, tokens: list[str], marks: str = CLAUSE_MARKS) -> list[int]:
    """Per token, the number of the clause it stands in (text between punctuation), or with
    `marks=SENTENCE_MARKS` of its sentence."""
    clause_of = []
    for number, piece in enumerate(re.split(marks, text.fold(query_text))):
        clause_of.extend(number for _ in text.words(piece))
    if len(clause_of) != len(tokens):  # cannot happen: the same words, split at punctuation
        return [0] * len(tokens)
    return clause_of


def phrase_form(stem: str) -> str:
    """A stem as phrases compare it: a verb's -t off ("doet" meets "doe", "piekert" "pieker")."""
    return stem[:-1] if len(stem) >= 4 and stem.endswith("t") else stem


def _phrase_list(thesaurus: dict[str, Any]) -> list[tuple[tuple[str, ...], list[str], bool]]:
    """The thesaurus phrases as their content stems (pronouns left out), longest first, each
    with whether it is made of small words only ("wat wil ik nog"); made once and kept in the
    thesaurus dict, which lives as long as the index object."""
    cached = thesaurus.get("_phrase_list")
    if cached is None:
        cached = []
        for key, phrase in thesaurus.get("phrases", {}).items():
            stems = tuple(phrase_form(w) for w in key.split() if w not in PRONOUNS)
            if len(stems) < 2:  # "op zichzelf": without its pronoun it would be any "op"
                stems = tuple(phrase_form(w) for w in key.split())
            cached.append((stems, phrase, all(stem in text.STOPWORDS for stem in stems)))
        cached.sort(key=lambda item: -len(item[0]))
        thesaurus["_phrase_list"] = cached
    return cached


def find_phrases(keys: list[str], clause_of: list[int], thesaurus: dict[str, Any],
                  used: set[int]) -> list[tuple[int, list[str], list[int]]]:
    """Thesaurus phrases in the words, longest first: their content stems in any order within
    a window a little wider than the phrase, so "waar ze het allemaal nog voor doet" is "waar
    doe ik het voor" and "lopen op hun tandvlees" is "op zijn tandvlees". A phrase's pronouns
    are not needed (unless it is one word without them), and a phrase stays within one clause:
    "thuis van haar werk, mist structuur" is not "mist haar werk". Marks the positions a
    phrase takes in `used`."""
    forms = [phrase_form(key) for key in keys]
    present = set(forms)
    found = []
    for stems, phrase, small_words in _phrase_list(thesaurus):
        if not present.issuperset(stems):
            continue
        if small_words:
            # Small words in any order are any sentence ("wil wat aanspraak" is not "wat wil ik
            # nog"): such a phrase counts only as written, word after word.
            found.extend(_in_order(forms, clause_of, stems, phrase, used))
            continue
        width = len(stems) + PHRASE_SLACK
        for start in range(len(forms)):
            if start in used or forms[start] not in stems:
                continue
            wanted = list(stems)
            taken = []
            for at in range(start, min(len(forms), start + width)):
                if at not in used and forms[at] in wanted and clause_of[at] == clause_of[start]:
                    wanted.remove(forms[at])
                    taken.append(at)
                    if not wanted:
                        break
            if not wanted:
                used.update(taken)
                found.append((start, phrase, taken))
                break
    return found


def find_close_phrases(stems: list[str], spots: list[int], thesaurus: dict[str, Any],
                       used: set[int]) -> list[tuple[int, list[str], list[int]]]:
    """Phrases of one content word and small words ("even weg", "nodig zijn", "werkt ook
    nog"), found only as written, word after word, among all the question's words (`stems`,
    small words included): "kan maandag even weg" is a wish for a break, where the bare "weg"
    would find an activity with a road in its name. Reported as `find_phrases` reports, by
    spot (the content word's place among `spots`); marks the spot in `used`."""
    close = thesaurus.get("close_phrases") or {}
    if not close:
        return []
    longest = max(len(key.split()) for key in close)
    spot_of = {position: at for at, position in enumerate(spots)}
    found = []
    for start in range(len(stems)):
        for size in range(min(longest, len(stems) - start), 1, -1):
            phrase = close.get(" ".join(stems[start:start + size]))
            if phrase is None:
                continue
            taken = [spot_of[p] for p in range(start, start + size) if p in spot_of]
            if taken and not used.intersection(taken):
                used.update(taken)
                found.append((taken[0], phrase, taken))
            break
    return found


def _in_order(forms: list[str], clause_of: list[int], stems: tuple[str, ...], phrase: list[str],
              used: set[int]) -> list[tuple[int, list[str], list[int]]]:
    """The first place where `stems` stand one after the other, as `find_phrases` reports it."""
    size = len(stems)
    for start in range(len(forms) - size + 1):
        taken = list(range(start, start + size))
        if (tuple(forms[start:start + size]) == stems and not used.intersection(taken)
                and len({clause_of[at] for at in taken}) == 1):
            used.update(taken)
            return [(start, phrase, taken)]
    return []
