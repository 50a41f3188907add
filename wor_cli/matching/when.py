"""When the client can or wants to go: times of day and days in the coach's words.

"avonden en weekend zijn lang", "op zondag", "'s ochtends": these say *when* the client
has time. Matched as words they find only activities whose text happens to say "avond" or
"zondag" (they still are: a catalogue names its "zondagsoos" and "koffieochtend"); read here
as well, they are weighed against each activity's own schedule: an activity with a slot at
such a time fits a little better, one whose every slot is at another time fits less, one
without a schedule (by appointment) is neither. Never a filter (`--day` is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wor_cli.vocabulary import DAYS, DUTCH_DAYS

MORNING, AFTERNOON, EVENING, DAYTIME, WEEKEND = "morning", "afternoon", "evening", "daytime", "weekend"
EVENING_FROM = "17:00"  # a slot starting at or after this is in the evening
NOON = "12:00"

# Words for a part of the day or the week (folded, as `text.words` gives them).
PART_WORDS = {
    "ochtend": MORNING, "ochtenden": MORNING, "ochtends": MORNING, "morgens": MORNING, "morning": MORNING,
    "mornings": MORNING, "middag": AFTERNOON, "middagen": AFTERNOON, "middags": AFTERNOON,
    "afternoon": AFTERNOON, "afternoons": AFTERNOON, "avond": EVENING, "avonden": EVENING, "avonds": EVENING,
    "evening": EVENING, "evenings": EVENING, "overdag": DAYTIME, "daytime": DAYTIME,
    "weekend": WEEKEND, "weekenden": WEEKEND, "weekends": WEEKEND,
}
# Day names, singular and plural ("zondag", "zondagen", "zondags", "sundays"); not the short
# forms ("zo", "di"), which are other words in a sentence.
DAY_NAMES: dict[str, str] = {}
for _dutch, _english in DUTCH_DAYS.items():
    for _word in (_dutch, _dutch + "en", _dutch + "s", _english, _english + "s"):
        DAY_NAMES[_word] = _english
# "slaapt tot de middag", "ziet de kinderen om het weekend", "until noon": a time that ends or
# repeats something, not one wanted.
UNTIL = frozenset("tot om until till".split())
# Right before a time, when the client is busy, not free: "werkt overdag", "works evenings"
# (not "wil weer werken, liefst 's ochtends", nor "werkt, de avonden zijn lang").
WORKING = frozenset("werkt works working".split())
TIME_WORDS = frozenset({*PART_WORDS, *DAY_NAMES})
# The heads of compounds that say a part of the day ("koffieochtend", "spelmiddag", "filmavond").
COMPOUND_PARTS = {"ochtend": MORNING, "middag": AFTERNOON, "avond": EVENING}



@dataclass
class When:
    """The times the words name, any of which will do: parts of the day and days."""

    parts: set[str] = field(default_factory=set)
    days: set[str] = field(default_factory=set)
    words: dict[str, str] = field(default_factory=dict)  # part or day -> the word that named it
    # Time words that say no time wanted ("tot de middag"): not searched either.
    unwanted: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.parts or self.days)


def read_when(tokens: list[str]) -> When:
    when = When()
    for position, token in enumerate(tokens):
        if token not in TIME_WORDS:
            _compound(when, token)
            continue
        if UNTIL & set(tokens[max(0, position - 3):position]) or (position and tokens[position - 1] in WORKING):
            when.unwanted.add(position)  # "tot de middag", "werkt overdag": not a time wanted, nor a topic
        elif token in PART_WORDS:
            when.parts.add(PART_WORDS[token])
            when.words.setdefault(PART_WORDS[token], token)
        else:
            when.days.add(DAY_NAMES[token])
            when.words.setdefault(DAY_NAMES[token], token)
    return when


def _compound(when: When, token: str) -> None:
    """A compound that ends in a part of the day ("koffieochtend", "spelmiddag") or starts with
    a day ("zondagsoos", "zondagmiddag") names that time too (and stays a word to search)."""
    for word, part in COMPOUND_PARTS.items():
        if token.endswith(word) and len(token) - len(word) >= 3:
            when.parts.add(part)
            when.words.setdefault(part, token)
            break
    for word, day in DUTCH_DAYS.items():
        if token.startswith(word) and len(token) - len(word) >= 3:
            when.days.add(day)
            when.words.setdefault(day, token)
            break


def slot_fits(when: When, slot: dict[str, Any]) -> str | None:
    """What of `when` a schedule slot meets (a part or a day), or None."""
    day, start = slot.get("day"), slot.get("start") or ""
    if day in when.days:
        return day
    if WEEKEND in when.parts and day in ("saturday", "sunday"):
        return WEEKEND
    if not start:
        return None
    if EVENING in when.parts and start >= EVENING_FROM:
        return EVENING
    if MORNING in when.parts and start < NOON:
        return MORNING
    if AFTERNOON in when.parts and NOON <= start < EVENING_FROM:
        return AFTERNOON
    if DAYTIME in when.parts and start < EVENING_FROM:
        return DAYTIME
    return None


def day_mask(days: set[str]) -> int:
    return sum(1 << DAYS.index(day) for day in days)
