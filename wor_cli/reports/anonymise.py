"""Taking the people and places out of a closing summary before it goes in a report.

A coach may mark a closing summary as shareable: it then appears in reports for
the municipality, the "stories" beside the figures. The coach is asked to write
it without names, but people slip, so every summary passes through here first.
What must go, and what takes its place:

- the client's own names, the referring GP's name and practice, wherever and
  however they are written (also in lower case): "[naam]";
- e-mail and web addresses, phone numbers, postcodes, exact dates, years
  (a birth year is a year) and ages: "[e-mail]", "[telefoon]", ...;
- streets and addresses: words ending in -straat, -laan, -plein, ... and any
  capitalised word followed by a house number: "[adres]";
- Dutch places in any case ("in lelystad"), and a bare age ("nu 77");
  a house number after a street in lower case ("molenweg 12") or after
  "nummer"/"nr.";
- every other name of a person, place or organisation. Dutch capitalises
  little beyond names, so a capitalised word inside a sentence is taken for a
  name unless it is on a short list of safe words (ONS4, GGD, Nederlands...).
  At the start of a sentence every word is capitalised, so there a word stays
  only when it is a known common word (a list in known_words.py, plus any word the
  same text also uses in lower case) and is not a known name: names of all
  clients and referrers in the database, and Dutch places.

What stays: the names of activities from the catalogue (given by the caller
as `keep`): "naar Wandelgroep De Stapper" is about an activity, not a person.
Particles before a removed name go with it, wherever the name was found
("Van der [naam]" becomes "[naam]").

The rules lean towards removing too much: a story with one "[naam]" too many
still reads; a story with a neighbour's name in it is a breach. This module
works on text only and is given its lists by the caller (reports.py), so it
can be tested on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from wor_cli.reports.known_words import COMMON, PARTICLES, PLACE_WORDS, PLACES, PLACES_ALSO_WORDS, SAFE

KINDS = ("name", "place", "address", "phone", "email", "website", "postcode", "date", "year", "age")

# Street endings that mark a street in any case and anywhere in a sentence
# ("kerkstraat 4"). Other streets ("Koraalrif 12", "Molenweg") are capitalised
# words, which the capital rule removes; followed by a number, as an address.
_STREET = r"straat|straatweg|laan|plein|dreef|singel|kade|gracht|steeg|steegje|boulevard|plantsoen|allee"
_STREET_WORD = re.compile(rf"\b[A-Za-zÀ-ÿ'-]{{2,}}(?:{_STREET})\b(?:\s+\d{{1,4}}(?:\s?[a-zA-Z]\b)?(?:-\d+)?)?")
_MONTHS = (
    r"jan(?:uari)?|feb(?:ruari)?|mrt|maart|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?|"
    r"sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"january|february|march|april|may|june|july|august|october|december"
)

# Applied in this order: the longer and more specific patterns first.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("website", re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)),
    ("date", re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b")),
    ("date", re.compile(rf"\b\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTHS})\b\.?(?:\s+(?:19|20)\d\d\b)?", re.IGNORECASE)),
    ("phone", re.compile(r"(?<![\w])(?:\+|00)?\d[\d\s().-]{6,}\d\b")),
    ("postcode", re.compile(r"\b[1-9]\d{3}\s?(?!(?:de|en|op|in|is|te|ze|we|je|al|na|om|nu|of|zo|er|ik|af|ad)\b)[A-Za-z]{2}\b")),
    ("age", re.compile(
        r"\b\d{1,3}\s*-?\s*jarige?\b|\b\d{1,3}\s+years?\s+old\b|(?<=\()\s*\d{2,3}\s*(?:jaar|jr\.?)?(?=\s*[),])|"
        r"\b\d{2,3}\s+jaar(?:\s+oud)?\b(?!\s+(?:geleden|lang|later|terug|eerder|daarvoor))|"
        r"(?:(?<=\bis )|(?<=\bwas )|(?<=\bben )|(?<=\bwerd )|(?<=\bwordt )|(?<=\baged ))\d{2,3}\b(?=\s*[.,;:!?)]|\s*$)|"
        # a bare age after "nu", "inmiddels", "bijna", "ruim", "al": "is nu 77 en fietst"
        r"(?:(?<=\bnu )|(?<=\binmiddels )|(?<=\bbijna )|(?<=\bruim )|(?<=\bal )|(?<=\bnow ))\d{2,3}\b"
        r"(?!\s*(?:euro|€|%|procent|minuten|min\b|uur|keer|dagen|weken|maanden|kilo|kg|km|meter|cm|stuks|"
        r"jaar\s+(?:geleden|lang|later|terug)))",
        re.IGNORECASE,
    )),
    # a house number after a street written in lower case, or after "nummer"/"nr."
    ("address", re.compile(
        r"\b[a-zà-ÿ][a-zà-ÿ'-]{2,}(?:weg|pad|dijk|hof|markt|dam|wal|erf|park|baan|veld|gang|haven|oord|rif|kamp)"
        r"\s+\d{1,4}(?:\s?[a-zA-Z]\b)?|\b(?:huis)?(?:nummer|nr\.?)\s*\d{1,4}[a-zA-Z]?\b",
        re.IGNORECASE,
    )),
    ("year", re.compile(r"(?<![\d-])'?\b(?:19|20)\d\d\b(?![\d-])")),
    # Any other number of four digits may be the first half of a postcode.
    ("postcode", re.compile(r"(?<![\d.,])\b(?!19\d\d|20\d\d)[1-9]\d{3}\b(?![\d.,])")),
)

PHONE_DIGITS = 8  # fewer digits in a row are a count or an amount, not a phone number
_TOKEN = re.compile(r"\[[^\[\]\s]{2,20}\]|[A-ZÀ-Ý]\.(?!\w)|[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*|\d+|\n|[^\w\s]")
_SENTENCE_END = {".", "!", "?", ":", ";", "\n", '"', "“", "(", "•", "-", "–"}


def fold(word: str) -> str:
    """Lower case without accents, without a trailing full stop: "Cliënt." -> "client"."""
    word = unicodedata.normalize("NFKD", word.rstrip(".").lower())
    return "".join(ch for ch in word if not unicodedata.combining(ch)).replace("’", "'")


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")  # a word without its hyphens: "Wit" in "de Wit-Bakker"


def _whole_words(lower: str, phrases: Iterable[str], kind: str) -> list[_Span]:
    """Every place a (lower-case) phrase stands in `lower` as whole words, as spans of `kind`."""
    spans = []
    for phrase in phrases:
        start = lower.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if _word_edge(lower, start - 1) and _word_edge(lower, end):
                spans.append(_Span(start, end, kind))
            start = lower.find(phrase, end)
    return spans


def _word_edge(text: str, index: int) -> bool:
    """True when `index` is outside `text` or not a letter or digit: a phrase ends there."""
    return index < 0 or index >= len(text) or not text[index].isalnum()


_NAME_SPLIT = re.compile(r"[\s,/()&]+|(?<=\w)-(?=\w)")


def name_parts(*names: str | None) -> set[str]:
    """The words of names that could identify someone: no particles, no initials.

    Called with every name in the database at once, so it splits each distinct
    word only once.
    """
    chunks = set(" ".join(name for name in names if name).split())  # fast: most words repeat
    parts = set()
    for word in {w for chunk in chunks for w in _NAME_SPLIT.split(chunk)}:
        word = word.strip(".'’\"")
        if len(word) >= 2 and not word.isdigit() and fold(word) not in PARTICLES:
            parts.add(word)
    return parts


class _Span(NamedTuple):
    start: int
    end: int
    kind: str


class Anonymiser:
    """Cleans texts with one set of known names; build once, use for every story."""

    def __init__(
        self,
        markers: dict[str, str],
        *,
        names: Iterable[str] | str = (),
        places: Iterable[str] = (),
        common: Iterable[str] = (),
        keep: Iterable[str] = (),
    ) -> None:
        """`names`: every known person's and practice's name, as a list or one text.

        Names are looked up in that text only for the few words where it
        matters (a common word at the start of a sentence that may also be
        someone's name), so ten thousand clients cost one string, not a set.
        """
        self.markers = markers
        self.names_text = (names if isinstance(names, str) else "\n".join(names)).lower()
        self.places = {fold(p) for p in (*PLACES, *places)}
        self.common = (COMMON | {fold(w) for w in common}) - self.places
        # Activity names from the catalogue: not personal, so they stay (longest first).
        self.keep = sorted({k.strip().lower() for k in keep if k and len(k.strip()) >= 4}, key=len, reverse=True)
        self._name_words: set[str] | None = None

    def is_name(self, word: str) -> bool:
        """Is `word` (a whole word, in any case) part of a known name?"""
        if self._name_words is None:  # once, and only if needed: splitting is quick in C
            self._name_words = set(re.sub(r"[-.,'’()/&]", " ", self.names_text).split()) - PARTICLES
        return word.lower() in self._name_words

    def clean(self, text: str, *, names: Iterable[str | None] = (), phrases: Iterable[str | None] = ()) -> str:
        """`text` with everything identifying replaced.

        `names` are this client's and GP's names, removed whole and word by
        word; `phrases` (a practice's name) are removed whole. Both in any case.
        """
        text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
        kept = self._kept(text)
        in_kept = _covered(kept)

        def outside(found: list[_Span]) -> list[_Span]:
            return [s for s in found if not (in_kept(s.start) and in_kept(s.end - 1))]

        spans = self._private(text, names, phrases)  # the client's own name goes, even inside an activity's
        found: list[_Span] = []
        for kind, pattern in PATTERNS:
            found += [
                _Span(m.start(), m.end(), kind) for m in pattern.finditer(text)
                if kind != "phone" or sum(ch.isdigit() for ch in m.group()) >= PHONE_DIGITS
            ]
        found += [_Span(m.start(), m.end(), "address") for m in _STREET_WORD.finditer(text)]
        spans = _merge(spans + outside(found))
        capitalised = self._capitalised(text, _union(spans + kept))
        spans = _merge(spans + outside(capitalised))
        return self._render(text, _absorb_particles(text, spans, kinds=("name",)))

    def _kept(self, text: str) -> list[_Span]:
        """Where the activity names (`keep`) stand in `text`, any case, as whole words."""
        return _union(_whole_words(text.lower(), self.keep, "keep"))

    # --- finding ------------------------------------------------------------------------

    def _private(self, text: str, names: Iterable[str | None], phrases: Iterable[str | None]) -> list[_Span]:
        """The client's and GP's own names: in any case, whole or in parts."""
        own = {p.strip().lower() for p in (*names, *phrases) if p and len(p.strip()) >= 2}
        spans = _whole_words(text.lower(), own, "name")
        parts = {part.lower() for name in names for part in name_parts(name)}
        spans += [_Span(m.start(), m.end(), "name") for m in _WORD.finditer(text) if m.group().lower() in parts]
        return spans

    def _capitalised(self, text: str, taken: list[_Span]) -> list[_Span]:
        """Names by their capital letter, as described at the top of this module."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        lowered = {fold(word) for _, _, word in tokens if word[:1].islower()}
        found: list[_Span] = []
        inside = _covered(taken)
        previous = "."
        for index, (start, end, word) in enumerate(tokens):
            if inside(start):
                previous = "[x]"
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else (end, end, "")
            kind = self._kind(word, previous, following[2], lowered)
            if kind == "address" and following[2].isdigit():
                end = following[1]  # the house number goes with the street
            if kind:
                found.append(_Span(start, end, kind))
            previous = word
        return _absorb_particles(text, found)

    def _kind(self, word: str, previous: str, following: str, lowered: set[str]) -> str:
        """What a word is, if it is a name of some kind ("" when it may stay)."""
        if word[:1].islower():  # a place written in lower case: "in lelystad"
            key = fold(word)
            if key in self.places and (key not in PLACES_ALSO_WORDS or fold(previous) in PLACE_WORDS):
                return "place"
            return ""
        if not word[:1].isupper() or word in SAFE or word.split("-")[0] in SAFE:
            return ""
        key = fold(word)
        if len(word) == 2 and word.endswith("."):  # an initial: "P. de Boer"
            return "name"
        if key in self.places:
            return "place"
        if following.isdigit() and key not in self.common:
            return "address"
        if previous in _SENTENCE_END and (key in self.common or key in lowered):
            # A common word starting a sentence stays, unless it is also someone's name.
            return "name" if self.is_name(word) else ""
        return "place" if fold(previous) in PLACE_WORDS else "name"

    # --- writing ---------------------------------------------------------------------------

    def _render(self, text: str, spans: list[_Span]) -> str:
        out: list[str] = []
        position, last = 0, None
        for span in spans:
            gap = text[position:span.start]
            marker = self.markers[span.kind]
            if not (marker == last and gap.strip() in ("", "-")):  # "[naam] [naam]" reads as one name
                out += [gap, marker]
                last = marker
            position = span.end
        out.append(text[position:])
        return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


def _covered(spans: list[_Span]):
    """A fast test: does position p fall inside one of these (sorted, merged) spans?"""
    import bisect

    starts = [s.start for s in spans]

    def inside(position: int) -> bool:
        i = bisect.bisect_right(starts, position) - 1
        return i >= 0 and spans[i].start <= position < spans[i].end

    return inside


_PRIORITY = {kind: rank for rank, kind in enumerate(
    ("email", "website", "date", "phone", "postcode", "address", "age", "year", "place", "name")
)}


def _merge(spans: list[_Span]) -> list[_Span]:
    """Overlapping spans become one, of the most specific kind among them."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=_PRIORITY.__getitem__)
            merged[-1] = _Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def _union(spans: list[_Span]) -> list[_Span]:
    """Sorted spans with the overlapping ones joined, whatever their kind (for `_covered`)."""
    joined: list[_Span] = []
    for span in sorted(spans):
        if joined and span.start < joined[-1].end:
            joined[-1] = _Span(joined[-1].start, max(joined[-1].end, span.end), joined[-1].kind)
        else:
            joined.append(span)
    return joined


def _absorb_particles(text: str, spans: list[_Span], kinds: tuple[str, ...] | None = None) -> list[_Span]:
    """Join "Jan van der Berg" into one span, and take in particles before a name (of `kinds`, or any)."""
    result: list[_Span] = []
    for span in spans:
        if kinds is not None and span.kind not in kinds:
            result.append(span)
            continue
        start = span.start
        while True:
            before = re.search(r"(?:^|(?<=\s))([\w']+)\s+$", text[:start])
            if not before or fold(before.group(1)) not in PARTICLES:
                break
            start = before.start(1)
        if result and re.fullmatch(r"[\s\w'-]*", text[result[-1].end:start]) and all(
            fold(w) in PARTICLES for w in text[result[-1].end:start].split()
        ):
            last = result.pop()
            result.append(_Span(last.start, span.end, _stronger(last.kind, span.kind)))
        else:
            result.append(_Span(start, span.end, span.kind))
    return result


def _stronger(a: str, b: str) -> str:
    return min(a, b, key=_PRIORITY.__getitem__)
