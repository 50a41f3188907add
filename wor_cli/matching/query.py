"""What a search is made of: the query with its filters, a concept, a result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A need no accessibility value names: an activity that comes to the person, with no place and
# not online ("komt de deur niet uit": a visiting volunteer, books brought home).
AT_HOME = "at-home"


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
    client_age: int | None = None  # from the referral: ranking evidence, like an age in the words
    client_languages: list[str] = field(default_factory=list)  # from the referral: evidence, not a filter


@dataclass
class Concept:
    label: str  # what the coach typed
    primary: list[str]  # FTS terms for the word itself (stems, or phrases of stems)
    related: dict[str, str]  # FTS term -> readable word, from the thesaurus
    themes: set[str]
    via: str | None = None  # "wandlen → wandelen" or "walking → wandelen"
    word: str = ""  # the (corrected, translated) word the primary terms come from
    weight: float = 1.0  # a part of a split compound counts for less
    access: set[str] = field(default_factory=set)  # what the person needs: hearing-loop for "slechthorend"


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
