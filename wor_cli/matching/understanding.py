"""From what the coach typed to concepts: who the client is, phrases, English, compounds, typos.

Order of work for each word, each step only when the one before found nothing:
1. words that only describe the person ("vrouw", "81", "Poolse") go to `person`;
2. thesaurus phrases, longest first, matched on their content stems in any order within a
   window a little wider than the phrase and within one clause, so small words, pronouns and
   word order do not matter ("heeft nergens meer zin in" = "nergens zin in", "waar ze het voor
   doet" = "waar doe ik het voor");
3. English words and phrases become Dutch (and are searched as typed too);
4. an inflected or derived form goes to its thesaurus word ("depressieve" -> depressief,
   "fietser" -> fiets, "valt" -> vallen), a diminutive to its base ("moestuintje" -> moestuin);
5. a word the catalogue or the thesaurus knows is taken as it is;
6. an unknown compound is split into known parts ("rouwbegeleiding" -> rouw + begeleiding),
   unless it is a word in everyday Dutch use ("buitenland");
7. a word that is not a Dutch word at all is corrected to the nearest known word
   (rapidfuzz, optimal string alignment); a real Dutch word the catalogue lacks is left
   alone rather than "corrected" into another word that happens to be there.
Last, the illness of a partner, parent or child adds "mantelzorg" (the client is a carer).
When the words as read find almost nothing, the search reads them once more with `learned`:
a word nothing knows stands for what it went with in judged questions (`Reader._learned`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wor_cli import clock, text
from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.matching.person import LANGUAGES, Person, read_person
from wor_cli.matching.phrases import SENTENCE_MARKS, clauses, find_close_phrases, find_phrases
from wor_cli.matching.query import Concept
from wor_cli.matching.reader import Reader
from wor_cli.matching.when import TIME_WORDS, When, read_when
from wor_cli.matching.wordclasses import (
    CLAUSE_WORDS, LIGHT_WORDS, ONLY_AFTER, ONLY_BEFORE, ONLY_WORDS, SINCE_WORDS, WISH_WORDS,
)

MOST_WORDS = 150  # different words read from one question (a coach's note has far fewer)
ILLNESS_THEMES = frozenset({"gezondheid"})  # a concept about health or illness
CARE_WORD = "mantelzorg"
PEERS = "lotgenoten"  # the theme of peer support (the catalogue format's fixed list)
WISH_WEIGHT = 1.3  # a word of what the client wants, in a note that also describes the situation
INFERRED_WEIGHT = 0.7  # a concept no word names counts for less than one typed


@dataclass
class Understanding:
    concepts: list[Concept]
    person: Person
    when: When = field(default_factory=When)


def understand(index: CatalogueIndex, query_text: str) -> list[Concept]:
    return read(index, query_text).concepts


def read(index: CatalogueIndex, query_text: str, learned: bool = False) -> Understanding:
    """Turn what the coach typed into concepts and what it says about the person; `learned`:
    words that nothing knows read by what they went with in judged questions (`Reader._learned`)."""
    thesaurus = index.thesaurus()
    english: dict[str, list[str]] = thesaurus.get("english", {})
    tokens = text.words(query_text)
    dutch = text.DUTCH_STOPWORDS.union(w for w in thesaurus.get("words", {}) if " " not in w)
    person = read_person(tokens, set(english) | text.ENGLISH_STOPWORDS, clock.today().year, dutch)
    reader = Reader(index, thesaurus, learned)
    when = read_when(tokens)
    concepts: list[Concept] = []
    seen: set[str] = set()

    def add(found: list[Concept]) -> None:
        for concept in found:
            if concept.word not in seen:
                seen.add(concept.word)
                concepts.append(concept)

    # Positions of the words that can take part in a phrase (small words in between skipped).
    spots = [i for i, token in enumerate(tokens) if token not in text.GAP_WORDS]
    stems = reader.phrase_stems(tokens)
    keys = [stems[i] for i in spots]
    clause_of = clauses(query_text, tokens)
    used: set[int] = set()
    found: list[tuple[int, list[Concept]]] = []
    phrases = find_phrases(keys, [clause_of[i] for i in spots], thesaurus, used)
    close = find_close_phrases(stems, spots, thesaurus, used)  # after the longer ones
    for start, phrase, taken in [*phrases, *close]:
        if all(spots[at] in person.person_words | person.medium_words for at in taken):
            continue  # "in English", "English speaking": the client's language, read as such
        phrase_concepts = reader.phrase_concept(*phrase)
        if phrase[0] != "english":
            # Named in `why` as typed: "mist zijn werk" for him, not the thesaurus's "mist haar
            # werk"; a close phrase with its small words ("even weg"), as it was found.
            typed = phrase[1] if len(taken) == 1 else " ".join(tokens[spots[min(taken)]:spots[max(taken)] + 1])
            for concept in phrase_concepts:
                concept.label = typed
        if len(taken) == 1:
            reader.add_own_word(phrase_concepts, tokens[spots[taken[0]]])
        found.append((start, phrase_concepts))
    read_words: set[str] = set()
    for at, position in enumerate(spots):
        token = tokens[position]
        if at in used or position in person.person_words or token.isdigit() or token in read_words:
            continue
        if position in when.unwanted:
            continue  # "slaapt tot de middag": no time wanted, and not what to find
        if token in text.STOPWORDS and token not in english:
            continue
        if token in ONLY_WORDS and _means_only(tokens, position):
            continue  # "kan alleen maandag": only, not alone
        if token in LIGHT_WORDS and token not in reader.known and token not in english:
            continue  # "zoekt", "net", "hangt": they carry the sentence, the words around them say what
        if len(read_words) >= MOST_WORDS:
            break  # a pasted letter: its first words say enough, and time stays bounded
        read_words.add(token)
        found.append((at, reader.word_concepts(token)))
    _weigh_wish(found, _wish_marks(clause_of, tokens, spots))
    for _, concepts_here in sorted(found, key=lambda f: f[0]):
        add(concepts_here)
    add(_care_for_someone(reader, person, concepts, query_text, tokens, found, spots))
    return Understanding(concepts, person, when)


def _wish_marks(clause_of: list[int], tokens: list[str], spots: list[int]) -> list[bool]:
    """Per spot: whether it stands in a clause of what the client wants, after its wish word
    ("vrouw 70, kent niemand, wil graag zingen": only "zingen")."""
    wish = [False] * len(tokens)
    open_clause = None
    for position, token in enumerate(tokens):
        if open_clause is not None and (clause_of[position] != open_clause or token in CLAUSE_WORDS):
            open_clause = None
        if open_clause is not None:
            wish[position] = True
        elif token in WISH_WORDS:
            open_clause = clause_of[position]
    return [wish[position] for position in spots]


def _weigh_wish(found: list[tuple[int, list[Concept]]], wish: list[bool]) -> None:
    """The words of what the client wants count more than those that describe the situation,
    when a note has both: in "man 40, lang in de bijstand, wil weer aan de slag" the activity
    is work, not benefits."""
    inside = [any(wish) and wish[at] for at, _ in found]
    if not any(inside) or all(inside):
        return
    if any(PEERS in c.themes for (_, concepts_here), wished in zip(found, inside) if wished for c in concepts_here):
        return  # "zoekt lotgenoten": peers in the same situation, so the situation is what is wanted
    for (_, concepts_here), wished in zip(found, inside):
        for concept in concepts_here:
            if wished:
                concept.weight *= WISH_WEIGHT


def _care_for_someone(reader: "Reader", person: Person, concepts: list[Concept], query_text: str,
                      tokens: list[str], found: list[tuple[int, list[Concept]]], spots: list[int]) -> list[Concept]:
    """Someone close who is ill makes the client a carer: "meneer 70, vrouw heeft een beroerte
    gehad", "ouders van zoon met psychose" are also about mantelzorg, though no word says so.
    Not after a loss (grief), and only where the illness is theirs: in one sentence with the
    word for them ("Zijn vrouw werkt nog. Hij zit de hele dag voor de tv": he sits still),
    and not the client's answer to what happened to them ("drinkt te veel sinds zijn vrouw
    weg is"). `found`: each concept with its place among `spots`, the positions of the words."""
    who = person.partner or person.relative
    if who is None:
        return []
    sentence_of = clauses(query_text, tokens, SENTENCE_MARKS)
    places = {id(concept): spots[at] for at, concepts_here in found for concept in concepts_here}
    theirs = [position for position, token in enumerate(tokens) if token == who]

    def about_them(concept: Concept) -> bool:
        at = places.get(id(concept))
        return at is not None and any(
            sentence_of[at] == sentence_of[them]
            and not (at < them and any(w in SINCE_WORDS for w in tokens[at:them]))
            for them in theirs)

    themes = set().union(*(c.themes for c in concepts))
    illness = next((c for c in concepts if c.themes & ILLNESS_THEMES and about_them(c)), None)
    if illness is None or themes & {"mantelzorg", "rouw"}:
        return []
    care = reader.concept(CARE_WORD, label=who, via=f"{who} + {illness.label} → {CARE_WORD}", weight=INFERRED_WEIGHT)
    return [care]


def _means_only(tokens: list[str], position: int) -> bool:
    """Whether "alleen" at `position` says "only" ("kan alleen maandag", "spreekt alleen Engels")."""
    before = tokens[position - 1] if position else ""
    after = tokens[position + 1: position + 3]
    if after[:1] == ["op"]:  # "alleen op maandag", but not "alleen op haar kamer"
        after = after[1:]
    word = after[0] if after else ""
    return before in ONLY_AFTER or word in ONLY_BEFORE or word in TIME_WORDS or word in LANGUAGES
