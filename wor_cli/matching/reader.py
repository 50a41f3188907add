"""Looking a coach's words up: the thesaurus, the catalogue's own words, English, word forms,
compounds and typos, once per search (`understanding.read` decides which words to look up)."""

from __future__ import annotations

from typing import Any

from wor_cli import text
from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.matching.query import Concept
from wor_cli.matching.word_forms import BASE_ENDINGS, STRONG_PAST, past_infinitives, verb_infinitives
from wor_cli.matching.wordclasses import PARTICLES

REAL_WORD_ZIPF = 2.0  # at least this common in Dutch: a word, not a typo
LONGEST_WORD = 40  # longer than any Dutch word a coach types ("arbeidsongeschiktheidsuitkering": 31)
WHOLE_WORD_ZIPF = 3.5  # this common in Dutch: never split into parts
PART_WEIGHT = 0.7  # each part of a split compound counts for less than a whole word
# A word outside the thesaurus that is this common in Dutch at large ("doet", "thuis",
# "samen", "goed") says little about what to find; the thesaurus holds the coach's words.
EVERYDAY_ZIPF = ((5.3, 0.4), (4.8, 0.7))
# Even a thesaurus word this common is mostly used in another sense ("alleen": only).
AMBIGUOUS_ZIPF = 6.0
LINKS = ("s", "en", "e", "er")  # Dutch linking sounds between the parts of a compound
DIMINUTIVES = ("etje", "tje", "pje", "je")
# An unknown word's stand-ins learned from judged questions (`Reader._learned`): how many of
# the catalogue's stems and of the themes, and how much the concept then counts.
LEARNED_WORDS = 6
LEARNED_THEMES = 2
LEARNED_WEIGHT = 0.7
STOP_STEMS = frozenset(text.stem(word) for word in text.STOPWORDS)
ENGLISH_ENDINGS = (("ies", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))


def _max_typos(word: str) -> int:
    return 0 if len(word) <= 3 else 1 if len(word) <= 7 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters counts once), capped at limit+1."""
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b, score_cutoff=limit)


def _participle(left: str, right: str) -> bool:
    """A separable verb's particle and a past participle ("buiten|gesloten", "weg|gestuurd",
    "op|gesloten"): a real Dutch word made so is one verb (shut out, sent away), not a
    compound of its parts. "wandel|gebied" has no particle and stays a compound."""
    return left in PARTICLES and len(right) >= 5 and right.startswith("ge") and right.endswith(("en", "t", "d"))


class Reader:
    """Looks words up in the catalogue's index and the thesaurus, once per search."""

    def __init__(self, index: CatalogueIndex, thesaurus: dict[str, Any], learned: bool = False) -> None:
        self.index = index
        self.learned = learned  # unknown words read by what they went with (`_learned`)
        self.thesaurus = thesaurus
        self.known: dict[str, str] = thesaurus.get("words", {})
        self.english: dict[str, list[str]] = thesaurus.get("english", {})

    def phrase_stems(self, tokens: list[str]) -> list[str]:
        stems = self.index.stems_for(t for t in tokens if t not in self.known)
        return [self.known.get(t) or stems[t] for t in tokens]

    def add_own_word(self, concepts: list[Concept], word: str) -> None:
        """A close phrase's content word, where the thesaurus knows it alone too, keeps what it
        means alone: "meer bewegen" is still "bewegen" (and sport, conditie), "piekert veel"
        still "piekert". The bare "weg" of "even weg" or "nodig" of "nodig zijn" is no such word."""
        if word not in self.known or not concepts:
            return
        concept = concepts[0]
        for own in self.word_concepts(word):
            concept.primary.extend(term for term in own.primary if term not in concept.primary)
            for term, readable in own.related.items():
                concept.related.setdefault(term, readable)
            concept.themes |= own.themes
            concept.access |= own.access

    def phrase_concept(self, kind: str, phrase: str) -> list[Concept]:
        if kind == "english":
            return [self.from_english(phrase)]
        return [self.concept(phrase)]

    def from_english(self, word: str) -> Concept:
        """An English word or phrase as its Dutch thesaurus word, still searched as typed too:
        a catalogue with activities in English ("Volunteer Match") uses the English word."""
        dutch = self.english[word][0]
        # A Dutch word outside the thesaurus weighs as it would typed in Dutch ("home" → "thuis").
        weight = 1.0 if dutch in self.known else self._everyday(dutch)
        concept = self.concept(dutch, label=word, via=f"{word} → {dutch}" if dutch != word else None, weight=weight)
        typed = word.split()
        if dutch != word and not any(w in text.DUTCH_STOPWORDS or len(w) < 3 for w in typed):
            own = " ".join(self.index.stem(w) for w in typed)
            if own not in concept.primary:
                concept.primary.append(own)
        return concept

    def word_concepts(self, word: str) -> list[Concept]:
        if len(word) < 3 and word not in self.known and word not in self.english:
            return []  # "af", "op": too short to mean anything alone
        if len(word) > LONGEST_WORD:
            return []  # no word, and splitting or correcting it would take time without bound
        if word in self.english:
            return [self.from_english(word)]
        english_base = self._english_base(word)
        if english_base is not None:
            concept = self.from_english(english_base)
            concept.label = word
            return [concept]
        base = None if word in self.known else self._base_form(word)
        if base is not None:
            # "depressieve" is "depressief", "fietser" is one who "fietst": the thesaurus's word,
            # with the typed word's own stem still searched.
            concept = self.concept(base, label=word, via=f"{word} → {base}")
            own = self.index.stem(word)
            if own not in concept.primary:
                concept.primary.append(own)
            return [concept]
        if word in self.known:
            common = len(word) >= 4 and (self.index.frequency(word) or 0.0) >= AMBIGUOUS_ZIPF
            return [self.concept(word, weight=0.5 if common else 1.0)]
        if self._in_catalogue(word):
            return [self.concept(word, weight=self._everyday(word))]
        dutch = len(word) > 3 and self._is_dutch(word)
        # A plain typo first ("wandlen"), then a compound ("rouwbegeleiding"), then a worse typo.
        corrected = None if dutch else self._correct(word, 1)
        small = self._undiminish(word)
        if small != word:  # "moestuintje" is a small "moestuin", not "moe + tuin"
            return [self.concept(small, label=word, via=f"{word} → {small}")]
        # A word in everyday Dutch use is a word of its own, not a compound to take apart
        # ("buitenland" is not "buit + land"), even when the catalogue lacks it.
        parts = None if corrected or self._common_word(word) else self._split(word)
        if parts:
            via = f"{word} → {' + '.join(parts)}"
            return [self.concept(p, label=word, via=via, weight=PART_WEIGHT) for p in parts]
        if corrected is None and not dutch:
            corrected = self._correct(word, _max_typos(word))
        if corrected is not None:
            via = f"{word} → {corrected}"
            if corrected in self.english:
                concept = self.from_english(corrected)
                concept.label, concept.via = word, f"{via} → {concept.word}" if concept.word != corrected else via
                return [concept]
            return [self.concept(corrected, label=word, via=via)]
        concept = self.concept(word, weight=self._everyday(word))
        return [self._learned(concept) if self.learned else concept]

    def _learned(self, concept: Concept) -> Concept:
        """A word that neither the catalogue nor the thesaurus knows, left as it is ("beesten",
        "achtertuin"), finds nothing; read so only when the words as they are found almost
        nothing (ranking.search), as a last resort. Where the judged questions taught what it goes with
        in fitting activities (associations.py: "beest" with "geit", "dier", "konijn"), those of
        the catalogue's stems, and the themes, stand in for it, at LEARNED_WEIGHT: what it
        tends to go with, not what it means. A word the catalogue has, or the thesaurus, keeps
        to itself, and so does an everyday word ("steun", "werkt", "doordeweeks"): what it
        went with is the topic of the questions it happened to be in."""
        stem = concept.primary[0]
        if concept.related or concept.themes or concept.weight < 1.0 or " " in stem or self.index.stem_in_index(stem):
            return concept
        from wor_cli.matching import associations

        row = associations.table().row(stem)
        strong = [(value, other) for other, value in row.items() if value >= associations.STRONG]
        strong.sort(key=lambda pair: (-pair[0], pair[1]))
        marks = [other[len(associations.THEME):] for _, other in strong if other.startswith(associations.THEME)]
        stems = [other for _, other in strong if not other.startswith(associations.THEME) and other not in STOP_STEMS]
        shown = self.index.words_of_stems(stems)
        words = [other for other in stems if other in shown][:LEARNED_WORDS]
        if not words and not marks:
            return concept
        concept.related.update((other, shown[other]) for other in words)
        concept.themes.update(marks[:LEARNED_THEMES])
        concept.weight = min(concept.weight, LEARNED_WEIGHT)
        return concept

    def concept(self, word: str, *, label: str | None = None, via: str | None = None, weight: float = 1.0) -> Concept:
        stems = self.known.get(word) or " ".join(self.index.stem(w) for w in word.split())
        related: dict[str, str] = {}
        themes: set[str] = set()
        access: set[str] = set()
        for group_index in self.thesaurus.get("by_stem", {}).get(stems, []):
            group = self.thesaurus["groups"][group_index]
            themes.update(group["themes"])
            access.update(group.get("access", []))
            weight = min(weight, group.get("weight", 1.0))
            for member_word, member_stems in [*group["members"], *group.get("means", [])]:
                if member_stems != stems:
                    related.setdefault(member_stems, member_word)
        return Concept(label=label or word, primary=[stems], related=related, themes=themes, via=via, word=word,
                       weight=weight, access=access)

    def _base_form(self, word: str) -> str | None:
        """The thesaurus word an inflected or derived form comes from, when its own stem is not
        in the thesaurus: an adjective's ending ("depressieve" -> depressief, "zieke" -> ziek,
        "autistische" -> autistisch), a doer ("fietser" -> fiets, "danseres" -> dans,
        "wandelaar" -> wandel), a verb as written about the client ("valt" -> vallen, "slaapt"
        -> slapen). None when the word is a thesaurus word itself or no form is."""
        by_stem = self.thesaurus.get("by_stem", {})
        if (len(word) < 4 and word not in STRONG_PAST) or self.index.stem(word) in by_stem:
            return None  # short words have no forms to undo, but "las" is the past of lezen
        candidates = []
        for ending, instead in BASE_ENDINGS:
            if not word.endswith(ending) or len(word) - len(ending) < 4:
                continue
            base = word[: len(word) - len(ending)] + instead
            forms = [base]
            if len(base) >= 4 and base[-1] == base[-2] and base[-1] not in "aeiou":
                forms.append(base[:-1])  # "dikke" -> dik
            candidates.append(forms)
        candidates.append(verb_infinitives(word))
        candidates.append(past_infinitives(word))
        for forms in candidates:
            for form in forms:
                if form in self.known:
                    return form
            for form in forms:
                stem = self.index.stem(form)
                for group in by_stem.get(stem, []):  # the thesaurus's own word with that stem
                    for word, stems in self.thesaurus["groups"][group]["members"]:
                        if stems == stem:
                            return word
        return None

    def _english_base(self, word: str) -> str | None:
        """An English word's form in the table: "sleeping" is "sleep", "volunteers" "volunteer"."""
        if len(word) < 4 or self.known.get(word) or self._in_catalogue(word):
            return None
        for ending, instead in ENGLISH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                base = word[: len(word) - len(ending)] + instead
                if base in self.english:
                    return base
                if len(base) >= 4 and base[-1] == base[-2] and base[:-1] in self.english:
                    return base[:-1]  # "shopping" -> shop
        return None

    # --- is it a word? ---------------------------------------------------------------------

    def _in_catalogue(self, word: str) -> bool:
        if self.index.known_words([word]):
            return True
        return self.index.stem_in_index(self.index.stem(word))

    def _is_known(self, word: str) -> bool:
        """Known to the catalogue or the thesaurus (as a word, a stem or a diminutive); a part
        shorter than four letters only as a whole word ("bos", not the stem "len")."""
        if len(word) < 4:
            return word in self.known or bool(self.index.stems_of([word]))
        if word in self.known or word in self.english or self._in_catalogue(word):
            return True
        for ending in DIMINUTIVES:
            base = word[: -len(ending)]
            if word.endswith(ending) and len(base) >= 3 and (base in self.known or self._in_catalogue(base)):
                return True
        return False

    def _everyday(self, word: str) -> float:
        frequency = self.index.frequency(word) if len(word) >= 4 else None
        for zipf, weight in EVERYDAY_ZIPF:
            if frequency is not None and frequency >= zipf:
                return weight
        return 1.0

    def _common_word(self, word: str) -> bool:
        frequency = self.index.frequency(word) if len(word) >= 4 else None
        return frequency is not None and frequency >= WHOLE_WORD_ZIPF

    def _is_dutch(self, word: str) -> bool:
        if len(word) < 4:
            return False  # the word list holds no words this short
        frequency = self.index.frequency(word)
        return frequency is not None and frequency >= REAL_WORD_ZIPF

    # --- compounds and typos -----------------------------------------------------------------

    def _split(self, word: str) -> list[str] | None:
        """Two known parts that glue into `word` ("wandelclubje" -> wandel + clubje), or None.

        Both parts must be words (the catalogue's, the thesaurus's or real Dutch ones) and at
        least one known to the catalogue or the thesaurus; among the splits that qualify, the
        one whose parts are both known wins, then the most even one."""
        if len(word) < 7:
            return None
        best: tuple[tuple[int, int], list[str]] | None = None
        whole_word = self._is_dutch(word)
        for cut in range(3, len(word) - 2):
            left, rest = word[:cut], word[cut:]
            rights = [rest] + [rest[len(link):] for link in LINKS if rest.startswith(link) and len(rest) - len(link) >= 3]
            if left in text.STOPWORDS:
                continue
            for right in rights:
                if right in text.STOPWORDS or (whole_word and _participle(word[: len(word) - len(right)], right)):
                    continue
                known = int(self._is_known(left)) + int(self._is_known(right))
                if not known:
                    continue
                if known == 1 and not (self._is_known(left) or self._is_dutch(left)):
                    continue
                if known == 1 and not (self._is_known(right) or self._is_dutch(right)):
                    continue
                rank = (known, min(len(left), len(right)))
                if best is None or rank > best[0]:
                    best = (rank, [left, self._undiminish(right)])
        return best[1] if best else None

    def _undiminish(self, word: str) -> str:
        for ending in DIMINUTIVES:
            base = word[: -len(ending)]
            if word.endswith(ending) and len(base) >= 3 and (base in self.known or self._in_catalogue(base)):
                return base
        return word

    def _correct(self, word: str, most: int) -> str | None:
        """The nearest known word within the typo allowance (at most `most`), or None."""
        limit = min(most, _max_typos(word))
        if not limit:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        # Typos rarely hit the first letter: only catalogue words that start with it (or with the
        # first two letters swapped) are read, a range of the word list's key, not all of it.
        candidates = set()
        for start in {word[0], word[1::-1]}:
            candidates.update(w for (w,) in self.index.conn.execute(
                "SELECT word FROM words WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?",
                (start, start + "\uffff", len(word) - limit, len(word) + limit)))
        candidates |= {w for w in self.known if " " not in w}
        candidates |= {w for w in self.english if " " not in w}
        candidates = sorted(c for c in candidates if c[0] == word[0] or c[:2] == word[:2][::-1])
        found = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not found:
            return None
        best = min(distance for _, distance, _ in found)
        nearest = sorted(candidate for candidate, distance, _ in found if distance == best)
        if len(nearest) == 1:
            return nearest[0]
        # Equally near: the word the catalogue uses most is the likelier one meant (a place in
        # every address, "leusen" -> Leusden, not "lessen"), as spelling correction has it.
        return max(nearest, key=lambda word: (self._documents(word), -nearest.index(word)))

    def _documents(self, word: str) -> int:
        """In how many activities a word occurs (0 for a thesaurus-only word)."""
        stem = self.index.stem(word)
        return self.index.count_matching(f'"{stem}"') if stem.isalnum() else 0
