"""The rules of catalogue-format.md, applied to one activity at a time.

`check_activity` returns the activity in a normal form (English day names,
times as "HH:MM", dates ISO, defaults filled in) together with every error and
warning it found, each with the line it belongs to. Coordinators write these
files by hand, so the messages name the traps: YAML reads `10:00` unquoted as
the number 600, a leading 0 disappears from an unquoted phone number, a date
may come as a date or as text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from wor_cli.validation import EMAIL, untyped_character
from wor_cli.vocabulary import (
    ACCESSIBILITY, COST_PERIODS, DAYS, DUTCH_DAYS, FREQUENCIES, LANGUAGE_CODES, THEMES,
)
if TYPE_CHECKING:  # PyYAML stays out of commands that only use the rules' lists (match --day)
    from wor_cli.yamlfile import Lines

KEYS = (
    "id", "name", "description", "themes", "keywords", "organization", "location", "online",
    "schedule", "cost", "eligibility", "accessibility", "languages", "contact", "verified",
)
REQUIRED = ("id", "name", "description", "themes")
LOCATION_KEYS = ("name", "address", "postcode", "city", "lat", "lon")
SCHEDULE_KEYS = ("day", "start", "end", "frequency")
COST_KEYS = ("amount", "per", "note")
ELIGIBILITY_KEYS = ("min_age", "max_age", "note")
CONTACT_KEYS = ("name", "phone", "email", "url")

_ID = re.compile(r"[a-z0-9-]+")
_POSTCODE = re.compile(r"[1-9]\d{3}(?: ?[A-Z]{2})?")
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_URL = re.compile(r"https?://\S+")


@dataclass
class Finding:
    line: int | None
    key: str  # message key
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Checked:
    activity: dict[str, Any] | None  # None when the entry has errors
    errors: list[Finding] = field(default_factory=list)


class _Entry:
    """Checks one activity mapping, remembering findings with their lines."""

    def __init__(self, raw: dict[str, Any], lines: Lines) -> None:
        self.raw = raw
        self.lines = lines
        self.errors: list[Finding] = []

    def line(self, *path: str | int) -> int | None:
        return self.lines.of(self.raw, path)

    def error(self, path: tuple, key: str, **params: Any) -> None:
        self.errors.append(Finding(self.line(*path), key, {"field": _dotted(path), **params}))

    def known_keys(self, node: dict, path: tuple, allowed: tuple[str, ...]) -> None:
        for key in node:
            if key not in allowed:
                self.error((*path, key), "catalogue.unknown_key", allowed=", ".join(allowed))

    def text(self, node: dict, path: tuple, *, required: bool = False) -> str | None:
        value = node.get(path[-1])
        if value is None:
            if required:
                self.error(path, "catalogue.required")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and path[-1] == "phone":
            self.error(path, "catalogue.quote_phone")
            return None
        if not isinstance(value, str):
            self.error(path, "catalogue.not_text")
            return None
        if required and not value.strip():
            self.error(path, "catalogue.required")
            return None
        if untyped_character(value):  # an escape sequence or a direction override would reach terminals and letters
            self.error(path, "catalogue.untyped_character")
            return None
        return value.strip()

    def mapping(self, path: tuple) -> dict | None:
        value = self.raw.get(path[0]) if len(path) == 1 else None
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(path, "catalogue.not_mapping")
            return None
        return value

    def words_from(self, path: tuple, allowed: tuple[str, ...] | frozenset[str] | None, *, at_least: int = 0) -> list[str]:
        value = self.raw.get(path[0])
        if value is None:
            if at_least:
                self.error(path, "catalogue.required")
            return []
        if not isinstance(value, list):
            self.error(path, "catalogue.not_list")
            return []
        chosen: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.error((*path, index), "catalogue.not_text")
            elif untyped_character(item):
                self.error((*path, index), "catalogue.untyped_character")
            elif allowed is not None and item not in allowed:
                self.error((*path, index), f"catalogue.bad_{path[0]}", value=item)
            elif item not in chosen:
                chosen.append(item)
        if len(value) < at_least:
            self.error(path, "catalogue.at_least_one")
        return chosen


def _dotted(path: tuple) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def parse_day(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    lowered = value.strip().lower()
    if lowered in DAYS:
        return lowered
    return DUTCH_DAYS.get(lowered)


def _time(entry: _Entry, node: dict, path: tuple) -> str | None:
    value = node.get(path[-1])
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 10:00 as sexagesimal 600: say so, and what was meant.
        hours, minutes = divmod(value, 60)
        entry.error(path, "catalogue.time_unquoted", value=value, meant=f"{hours:02d}:{minutes:02d}")
        return None
    if not isinstance(value, str) or not _TIME.fullmatch(value.strip()):
        entry.error(path, "catalogue.bad_time", value=value)
        return None
    return value.strip()


def _date(entry: _Entry, path: tuple, value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    entry.error(path, "catalogue.bad_date", value=value)
    return None


def _number(entry: _Entry, node: dict, path: tuple, *, low: float | None = None, high: float | None = None,
            whole: bool = False) -> float | int | None:
    value = node.get(path[-1])
    if value is None:
        return None
    kinds = (int,) if whole else (int, float)
    # .nan and .inf are floats to YAML, but no coordinate or amount (and not valid in JSON either)
    if isinstance(value, bool) or not isinstance(value, kinds) or (isinstance(value, float) and not math.isfinite(value)):
        entry.error(path, "catalogue.not_whole_number" if whole else "catalogue.not_number", value=value)
        return None
    if (low is not None and value < low) or (high is not None and value > high):
        entry.error(path, "catalogue.out_of_range", value=value, low=low, high=high)
        return None
    return value


def check_activity(raw: Any, lines: Lines) -> Checked:
    """Check one entry; the normal form is returned only when it has no errors."""
    if not isinstance(raw, dict):
        return Checked(None, [Finding(lines.start(raw) if isinstance(raw, list) else None, "catalogue.entry_not_mapping")])
    e = _Entry(raw, lines)
    e.known_keys(raw, (), KEYS)
    for key in REQUIRED:
        if key not in raw:
            e.errors.append(Finding(lines.start(raw), "catalogue.required", {"field": key}))

    activity: dict[str, Any] = {}
    activity_id = raw.get("id")
    if activity_id is not None:
        if not isinstance(activity_id, str) or not _ID.fullmatch(activity_id):
            e.error(("id",), "catalogue.bad_id", value=activity_id)
        else:
            activity["id"] = activity_id
    activity["name"] = e.text(raw, ("name",), required="name" in raw)
    activity["description"] = e.text(raw, ("description",), required="description" in raw)
    activity["themes"] = e.words_from(("themes",), THEMES, at_least=1 if "themes" in raw else 0)
    activity["keywords"] = e.words_from(("keywords",), None)
    activity["organization"] = e.text(raw, ("organization",))
    activity["accessibility"] = e.words_from(("accessibility",), ACCESSIBILITY)
    activity["languages"] = e.words_from(("languages",), LANGUAGE_CODES) if "languages" in raw else ["nl"]

    online = raw.get("online", False)
    if not isinstance(online, bool):
        e.error(("online",), "catalogue.not_boolean")
        online = False
    activity["online"] = online

    activity["location"] = _location(e)
    activity["schedule"] = _schedule(e)
    activity["cost"] = _cost(e)
    activity["eligibility"] = _eligibility(e)
    activity["contact"] = _contact(e)

    # Whether `verified` is stale depends on the day of the check, not of the
    # parse, so the index judges that when asked (catalogue/index.py).
    verified = raw.get("verified")
    activity["verified"] = None
    if verified is not None:
        day = _date(e, ("verified",), verified)
        activity["verified"] = day.isoformat() if day else None
    return Checked(None if e.errors else activity, e.errors)


def _location(e: _Entry) -> dict[str, Any] | None:
    node = e.mapping(("location",))
    if node is None:
        return None
    e.known_keys(node, ("location",), LOCATION_KEYS)
    location: dict[str, Any] = {k: e.text(node, ("location", k)) for k in ("name", "address", "city")}
    postcode = node.get("postcode")
    location["postcode"] = None
    if postcode is not None:
        if isinstance(postcode, int) and not isinstance(postcode, bool):
            postcode = str(postcode)  # YAML makes a bare "8232" a number; that is a valid PC4
        if not isinstance(postcode, str) or not _POSTCODE.fullmatch(postcode.strip()):
            e.error(("location", "postcode"), "catalogue.bad_postcode", value=postcode)
        else:
            clean = postcode.strip()
            location["postcode"] = f"{clean[:4]} {clean[-2:]}" if len(clean) > 4 else clean
    lat = _number(e, node, ("location", "lat"), low=-90, high=90)
    lon = _number(e, node, ("location", "lon"), low=-180, high=180)
    if ("lat" in node) != ("lon" in node):
        e.error(("location", "lat" if "lat" in node else "lon"), "catalogue.lat_lon_together")
    location["lat"], location["lon"] = lat, lon
    return location


def _schedule(e: _Entry) -> list[dict[str, Any]]:
    value = e.raw.get("schedule")
    if value is None:
        return []
    if not isinstance(value, list):
        e.error(("schedule",), "catalogue.not_list")
        return []
    slots = []
    for index, node in enumerate(value):
        path = ("schedule", index)
        if not isinstance(node, dict):
            e.error(path, "catalogue.not_mapping")
            continue
        e.known_keys(node, path, SCHEDULE_KEYS)
        day = parse_day(node.get("day"))
        if "day" not in node:
            e.error((*path, "day"), "catalogue.required")
        elif day is None:
            e.error((*path, "day"), "catalogue.bad_day", value=node.get("day"))
        start = _time(e, node, (*path, "start"))
        end = _time(e, node, (*path, "end"))
        if start and end and start >= end:
            e.error((*path, "end"), "catalogue.end_before_start", start=start, end=end)
        frequency = node.get("frequency", "weekly")
        if frequency not in FREQUENCIES:
            e.error((*path, "frequency"), "catalogue.bad_frequency", value=frequency)
        slots.append({"day": day, "start": start, "end": end, "frequency": frequency})
    return slots


def _cost(e: _Entry) -> dict[str, Any] | None:
    node = e.mapping(("cost",))
    if node is None:
        return None
    e.known_keys(node, ("cost",), COST_KEYS)
    if "amount" not in node:
        e.error(("cost", "amount"), "catalogue.required")
    amount = _number(e, node, ("cost", "amount"), low=0)
    per = node.get("per", "session")
    if per not in COST_PERIODS:
        e.error(("cost", "per"), "catalogue.bad_per", value=per)
    return {"amount": amount, "per": per, "note": e.text(node, ("cost", "note"))}


def _eligibility(e: _Entry) -> dict[str, Any] | None:
    node = e.mapping(("eligibility",))
    if node is None:
        return None
    e.known_keys(node, ("eligibility",), ELIGIBILITY_KEYS)
    low = _number(e, node, ("eligibility", "min_age"), low=0, high=120, whole=True)
    high = _number(e, node, ("eligibility", "max_age"), low=0, high=120, whole=True)
    if low is not None and high is not None and low > high:
        e.error(("eligibility", "max_age"), "catalogue.ages_reversed", low=low, high=high)
    return {"min_age": low, "max_age": high, "note": e.text(node, ("eligibility", "note"))}


def _contact(e: _Entry) -> dict[str, Any] | None:
    node = e.mapping(("contact",))
    if node is None:
        return None
    e.known_keys(node, ("contact",), CONTACT_KEYS)
    contact = {k: e.text(node, ("contact", k)) for k in CONTACT_KEYS}
    if contact["email"] and not EMAIL.fullmatch(contact["email"]):
        e.error(("contact", "email"), "catalogue.bad_email", value=contact["email"])
    if contact["url"] and not _URL.fullmatch(contact["url"]):
        e.error(("contact", "url"), "catalogue.bad_url", value=contact["url"])
    return contact
