"""The catalogue out as Open Referral HSDS 3.0: a JSON list of services in the `service_full` shape.

Every HSDS object needs a UUID; ours are made with uuid5 from the activity id
(and the organisation's name), so exporting the same catalogue twice gives
the same file, and a directory that takes it in sees the same services again.
What HSDS has no field for travels as attributes with our own taxonomies:
themes (`wor-themes`, as the spec says), keywords (`wor-keywords`) and the
activity id itself (`wor-id`), which is how an export imports back with the
same ids, so a coach's linked activities still point at the right entries.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from wor_cli.catalogue.hsds_terms import ACCESS_TAXONOMY, ID_CODE, KEYWORD_TAXONOMY, THEME_TAXONOMY
from wor_cli.i18n import language_name, t
from wor_cli.vocabulary import DAYS

NAMESPACE = uuid.UUID("6f1d8a52-3c1b-5b7e-9a43-77f2d0c1e0aa")  # wor's own; never change it
_RRULE = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU")))
_TAXONOMIES = {
    THEME_TAXONOMY: "Welzijn op Recept themes (catalogue-format.md)",
    KEYWORD_TAXONOMY: "Welzijn op Recept search keywords",
    ACCESS_TAXONOMY: "Welzijn op Recept accessibility (catalogue-format.md), for activities without a location",
    "wor": "Welzijn op Recept catalogue identifiers",
}


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _attribute(service_id: str, kind: str, code: str, name: str, value: str | None = None) -> dict[str, Any]:
    term = {
        "id": _id("term", kind, code), "code": code, "name": name, "description": _TAXONOMIES[kind],
        "taxonomy": kind, "taxonomy_id": _id("taxonomy", kind),
    }
    attribute: dict[str, Any] = {
        "id": _id("attribute", service_id, kind, code), "link_id": service_id, "taxonomy_term_id": term["id"],
        "link_type": "service", "link_entity": "service", "taxonomy_term": term,
    }
    if value is not None:
        attribute["value"] = value
    return attribute


def service(activity: dict[str, Any]) -> dict[str, Any]:
    """One activity (the checked normal form) as an HSDS service_full."""
    ours = activity["id"]
    sid = _id("service", ours)
    out: dict[str, Any] = {"id": sid, "name": activity["name"], "description": activity["description"],
                           "status": "active"}
    contact = activity.get("contact") or {}
    if contact.get("url"):
        out["url"] = contact["url"]
    if activity.get("organization"):
        oid = _id("organization", activity["organization"])
        out["organization_id"] = oid
        out["organization"] = {"id": oid, "name": activity["organization"], "description": activity["organization"]}
    eligibility = activity.get("eligibility") or {}
    if eligibility.get("min_age") is not None:
        out["minimum_age"] = eligibility["min_age"]
    if eligibility.get("max_age") is not None:
        out["maximum_age"] = eligibility["max_age"]
    if eligibility.get("note"):
        out["eligibility_description"] = eligibility["note"]
    if activity.get("verified"):
        out["assured_date"] = activity["verified"]

    slots = activity.get("schedule") or []
    if slots:
        out["schedules"] = [_schedule(sid, ours, index, slot) for index, slot in enumerate(slots)]
    locations = []
    location = activity.get("location")
    if location:
        locations.append(_location(sid, ours, location, activity.get("accessibility") or []))
    if activity.get("online"):
        lid = _id("location", ours, "online")
        virtual: dict[str, Any] = {"id": lid, "location_type": "virtual", "name": "Online"}
        if contact.get("url"):
            virtual["url"] = contact["url"]
        locations.append({"id": _id("service_at_location", ours, "online"), "service_id": sid, "location_id": lid,
                          "location": virtual})
    if locations:
        out["service_at_locations"] = locations
    languages = activity.get("languages") or []
    if languages:
        out["languages"] = [{"id": _id("language", ours, code), "service_id": sid, "code": code,
                             "name": language_name(code)}
                            for code in languages]
    cost = activity.get("cost")
    if cost and cost.get("amount") is not None:
        option: dict[str, Any] = {"id": _id("cost", ours), "service_id": sid, "currency": "EUR",
                                  "amount": cost["amount"], "amount_description": f"per {cost['per']}"}
        if cost.get("note"):
            option["option"] = cost["note"]
        out["cost_options"] = [option]
    if contact.get("name") or contact.get("phone") or contact.get("email"):
        cid = _id("contact", ours)
        person: dict[str, Any] = {"id": cid, "service_id": sid}
        if contact.get("name"):
            person["name"] = contact["name"]
        if contact.get("email"):
            person["email"] = contact["email"]
        if contact.get("phone"):
            person["phones"] = [{"id": _id("phone", ours), "contact_id": cid, "number": contact["phone"]}]
        out["contacts"] = [person]
    attributes = [_attribute(sid, "wor", ID_CODE, "wor activity id", ours)]
    attributes += [_attribute(sid, THEME_TAXONOMY, theme, theme) for theme in activity["themes"]]
    attributes += [_attribute(sid, KEYWORD_TAXONOMY, word, word) for word in activity.get("keywords") or []]
    if not location:
        attributes += [_attribute(sid, ACCESS_TAXONOMY, code, t(f"access.{code}"))
                       for code in activity.get("accessibility") or []]
    out["attributes"] = attributes
    return out


def _schedule(sid: str, ours: str, index: int, slot: dict[str, Any]) -> dict[str, Any]:
    frequency = slot.get("frequency") or "weekly"
    out: dict[str, Any] = {"id": _id("schedule", ours, str(index)), "service_id": sid,
                           "freq": "MONTHLY" if frequency == "monthly" else "WEEKLY",
                           "byday": _RRULE[slot["day"]]}
    if frequency == "biweekly":
        out["interval"] = 2
    elif frequency == "weekly":
        out["interval"] = 1
    elif frequency == "once":
        out["count"] = 1
    if slot.get("start"):
        out["opens_at"] = slot["start"]
    if slot.get("end"):
        out["closes_at"] = slot["end"]
    return out


def _location(sid: str, ours: str, location: dict[str, Any], access: list[str]) -> dict[str, Any]:
    lid = _id("location", ours)
    place: dict[str, Any] = {"id": lid, "location_type": "physical"}
    if location.get("name"):
        place["name"] = location["name"]
    if location.get("lat") is not None:
        place["latitude"], place["longitude"] = location["lat"], location["lon"]
    if location.get("address") or location.get("postcode") or location.get("city"):
        # HSDS requires every one of these; what the catalogue does not know is left empty.
        place["addresses"] = [{
            "id": _id("address", ours), "location_id": lid, "address_1": location.get("address") or "",
            "city": location.get("city") or "", "state_province": "", "postal_code": location.get("postcode") or "",
            "country": "NL", "address_type": "physical",
        }]
    if access:
        place["accessibility"] = [{"id": _id("accessibility", ours, code), "location_id": lid,
                                   "description": t(f"access.{code}"), "details": code} for code in access]
    return {"id": _id("service_at_location", ours), "service_id": sid, "location_id": lid, "location": place}


def services(activities: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for activity in activities:
        yield service(activity)


def to_json(activities: Iterable[dict[str, Any]]) -> bytes:
    """One service per line: a fifth of the size of indented JSON, and a diff still shows what changed."""
    lines = [json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in services(activities)]
    return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
