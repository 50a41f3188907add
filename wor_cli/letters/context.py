"""What a letter template gets to work with: the referral, in words a reader understands.

Everything is prepared here, so templates only arrange it: dates are written
out ("23 november 2026"), statuses, outcomes, days and scores are words in the
letter's language, and a catalogue activity comes with its when, where, cost
and whom to call as ready sentences. The fields are listed in docs/letters.md
for organisations that write their own templates.

What stays out: the coach's own notes of a conversation. The client agreed
that the GP is kept informed, not that the coach's working notes travel; the
letters carry what matters to the client, the agreements, the activities and
the outcome.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from wor_cli import i18n, instruments
from wor_cli.i18n import NBSP, long_date, t
from wor_cli.letters import names
from wor_cli.vocabulary import ACTIVITY_STATUSES, TAKEN_UP

# The activities a client is (still) going to: the ones on the handout.
CURRENT = ("suggested", "started", "continuing")

_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9À-Ý])")

ActivityLookup = Callable[[str], "dict[str, Any] | None"]


def unbroken(text: str | None) -> str | None:
    """Text that must not be split over two lines (06 12345678, 8232 AB, € 2,50)."""
    return text.replace(" ", NBSP) if text else text


def build(
    record: dict[str, Any], kind: str, sender: dict[str, Any], today: date,
    lookup: ActivityLookup | None = None,
) -> dict[str, Any]:
    """The template context of one letter (see docs/letters.md)."""
    contacts = [_contact(c) for c in record["contacts"]]
    last = record["contacts"][-1] if record["contacts"] else None
    activities = [_activity(a) for a in record["activities"]]
    if kind == "recept":
        activities = [
            {**a, **_details(lookup(a["id"]) if lookup else None)}
            for a in activities if a["status"] in CURRENT
        ]
    close = record["close"]
    sender = dict(sender)
    form = sender.pop("greeting_form", None)
    client = record["client"]
    return {
        "kind": kind,
        "kind_label": t(f"letter.kind.{kind}"),
        "lang": i18n.language(),
        "ref": record["ref"],
        "today": long_date(today),
        **sender,
        "gp": {
            "name": record["referrer"]["name"],
            "practice": record["referrer"]["practice"],
            "email": record["referrer"]["email"],
            "address": record["referrer"].get("address"),
            "address_lines": _lines(record["referrer"].get("address")),
        },
        "salutation": names.greeting(record["referrer"]["name"], form),
        "client": {
            "name": client["name"],
            "birth_year": client["birth_year"],
            "formal": names.formal(client["name"], client.get("salutation")),
        },
        "referral": {
            "date": long_date(record["referral"]["date"]),
            "reasons": [t(f"reason.{r}") for r in record["referral"]["reasons"]],
            "question": record["referral"]["question"],
        },
        "contacts": contacts,
        "first_contact": contacts[0] if contacts else None,
        "last_contact": contacts[-1] if contacts else None,
        "next_contact_by": _not_past(record["next_due"], today),
        "what_matters": _latest(record["contacts"], "what_matters"),
        "barriers": [t(f"barrier.{b}") for b in last["barriers"]] if last else [],
        "next_steps": last["next_steps"] if last else None,
        "notes_for_gp": [
            {"date": long_date(c["date"]), "number": c["number"], "note": c["note_for_gp"]}
            for c in record["contacts"] if c.get("note_for_gp")
        ],
        "activities": activities,
        "activities_by_status": _by_status(activities),
        "measures": _measures(record["measures"], record["contacts"], bool(close)),
        "close": (
            {
                "date": long_date(close["date"]),
                "outcome": close["outcome"],
                "outcome_label": _outcome_label(close),
                "summary": close["summary"],
            }
            if close
            else None
        ),
        "label": labels(),
    }


def _lines(address: str | None) -> list[str]:
    """An address as the lines of an envelope: "Straat 1, 8232 AB Lelystad" -> two lines."""
    return [part.strip() for part in address.split(",") if part.strip()] if address else []
def _outcome_label(close: dict[str, Any]) -> str:
    """The outcome in words, with why the client stopped or where they went when the coach recorded it."""
    outcome = t(f"outcome.{close['outcome']}")
    if close.get("dropout_reason"):
        return t("letter.outcome_reason", outcome=outcome, reason=t(f"dropout.{close['dropout_reason']}"))
    if close.get("referred_to"):
        return t("letter.outcome_referred_to", outcome=outcome, to=close["referred_to"])
    return outcome


def labels() -> dict[str, str]:
    """The letter labels of the current language (`letter.label.*`), by their last part."""
    prefix = "letter.label."
    dutch = i18n.catalogue(i18n.DEFAULT_LANGUAGE)
    return {key[len(prefix):]: t(key) for key in dutch if key.startswith(prefix)}


def _contact(contact: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": contact["number"],
        "date": long_date(contact["date"]),
        "mode": contact["mode"],
        "mode_label": t(f"mode.{contact['mode']}"),
    }


def _latest(contacts: list[dict[str, Any]], key: str) -> str | None:
    """The most recent answer to `key` (what matters may be said once and not repeated)."""
    return next((c[key] for c in reversed(contacts) if c.get(key)), None)


def _not_past(day: str | None, today: date) -> str | None:
    """A due date written out, unless it has passed (a letter never promises the past)."""
    if not day or date.fromisoformat(day) < today:
        return None
    return long_date(day)


def _activity(link: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": link["id"],
        "name": link["name"],
        "status": link["status"],
        "status_label": t(f"status.{link['status']}"),
        "since": long_date(link["updated"]),
    }


def _by_status(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The activities grouped by how far they got, going ones first: one short line per status."""
    order = (*TAKEN_UP, *[s for s in ACTIVITY_STATUSES if s not in TAKEN_UP])
    return [
        {"status": status, "status_label": t(f"status.{status}"),
         "names": [a["name"] for a in activities if a["status"] == status]}
        for status in order if any(a["status"] == status for a in activities)
    ]


# --- the handout: an activity's when, where, cost and whom to call ----------------------------


def _details(activity: dict[str, Any] | None) -> dict[str, Any]:
    """Ready-made sentences from the catalogue; `known` is false for an activity no longer in it."""
    if activity is None:
        return {"known": False, "description": None, "summary": None, "when": [], "where": None, "cost": None,
                "cost_note": None, "contact": None, "online": False}
    contact = activity.get("contact") or {}
    return {
        "known": True,
        "name": activity["name"],
        "description": activity.get("description"),
        "summary": first_sentence(activity.get("description")),
        "when": when(activity.get("schedule") or []),
        "where": where(activity),
        "cost": i18n.cost(activity.get("cost"), "letter.cost.ask"),
        "cost_note": (activity.get("cost") or {}).get("note"),
        "contact": {
            "name": contact.get("name"),
            "phone": unbroken(contact.get("phone")),
            "email": contact.get("email"),
            "url": contact.get("url"),
            "web": _web(contact.get("url")),
            "organisation": activity.get("organization"),
        },
        "online": bool(activity.get("online")),
    }


def _web(url: str | None) -> str | None:
    """A web address as people say it: without "https://"."""
    if not url:
        return None
    return re.sub(r"^https?://", "", url).rstrip("/")


def first_sentence(text: str | None) -> str | None:
    """The opening sentence of a description: what it is, short enough for a one-page handout."""
    if not text:
        return None
    found = _SENTENCE_END.search(text)
    return text[: found.start() + 1] if found else text


def when(schedule: list[dict[str, Any]]) -> list[str]:
    """"dinsdag van 10:00 tot 11:30, elke week" per time slot; "op afspraak" without one."""
    slots = []
    for slot in schedule:
        day = t(f"day.{slot['day']}")
        if slot.get("start") and slot.get("end"):
            text = t("letter.when.range", day=day, start=slot["start"], end=slot["end"])
        elif slot.get("start"):
            text = t("letter.when.start", day=day, start=slot["start"])
        else:
            text = day
        slots.append(f"{text}, {t('frequency.' + slot.get('frequency', 'weekly'))}")
    return slots or [t("match.by_appointment")]


def where(activity: dict[str, Any]) -> str | None:
    location = activity.get("location") or {}
    town = " ".join(part for part in (unbroken(location.get("postcode")), location.get("city")) if part)
    place = ", ".join(part for part in (location.get("name"), location.get("address"), town) if part)
    if activity.get("online"):
        return t("letter.where.also_online", place=place) if place else t("match.online")
    return place or None



# --- the measures at the start and the end ------------------------------------------------------


def _measures(taken: list[dict[str, Any]], contacts: list[dict[str, Any]], closed: bool) -> list[dict[str, Any]]:
    """Per instrument: each score at the start and the end, with what the change means.

    Generic over instruments (ONS4, De Jong Gierveld, whatever is added): the
    direction of "better" and the bands come from the instrument's definition.
    A scale taken once says when: at the start, at the end, or on which date
    (a GP should not read "only at the start" for a scale first taken at closing).
    """
    lang = i18n.language()
    known = instruments.instruments()
    grouped: dict[str, dict[str, Any]] = {}
    for change in instruments.changes(taken):
        instrument = known.get(change["instrument"])
        entry = grouped.setdefault(change["instrument"], {
            "instrument": change["instrument"],
            "name": instrument.label(lang) if instrument else change["instrument"],
            "scores": [],
        })
        score = instrument.score_by_id(change["score"]) if instrument else None
        entry["scores"].append({
            "id": change["score"],
            "label": _score_label(change["score"]),
            "range": f"{score.low}-{score.high}" if score else None,
            "start": change["start"],
            "start_date": long_date(change["start_date"]),
            "start_band": score.band(change["start"], lang) if score else "",
            "end": change["end"],
            "end_date": long_date(change["end_date"]) if change["end_date"] else None,
            "end_band": score.band(change["end"], lang) if score and change["end"] is not None else "",
            "change": change["change"],
            "direction": _direction(change),
            "direction_label": _direction_label(change, contacts, closed),
        })
    return list(grouped.values())


def _direction_label(change: dict[str, Any], contacts: list[dict[str, Any]], closed: bool) -> str:
    direction = _direction(change)
    if direction != "once":
        return t(f"letter.change.{direction}")
    when = change["start_date"]
    if contacts and when == contacts[0]["date"]:
        return t("letter.change.once")
    if contacts and closed and when == contacts[-1]["date"]:
        return t("letter.change.once_end")
    return t("letter.change.once_on", date=long_date(when))


def _score_label(score_id: str) -> str:
    label = t(f"score.{score_id}")
    return score_id if label == f"score.{score_id}" else label


def _direction(change: dict[str, Any]) -> str:
    if change["change"] is None:
        return "once"
    if change["change"] == 0:
        return "same"
    return "better" if change["improved"] else "worse"
