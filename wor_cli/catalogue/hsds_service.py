"""One Open Referral HSDS 3.0 service to one activity, reporting what it leaves out.

`hsds.py` finds the services in a file or a data package; `ServiceMapper` reads
each, its fields through `hsds_fields.py`: organization, location and address, cost options, languages,
accessibility, eligibility ages, phones and contacts; its schedules through `hsds_schedules.py`, its
taxonomy terms (themes, keywords, our id) through `hsds_terms.py`. A value the catalogue cannot hold is listed in
`skipped` with its JSON path; malformed input is a problem with its path (or
FILE:LINE in a data package).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from wor_cli.catalogue import forms, word_tables
from wor_cli.catalogue.hsds_fields import child_path
from wor_cli.catalogue.hsds_schedules import ScheduleReader
from wor_cli.catalogue.hsds_terms import TermReader
from wor_cli.catalogue.imported import Imported, hashed_id, untyped_field
from wor_cli.text import fold


# Fields read from each object; everything else that has a value is reported as skipped.
SERVICE_FIELDS = frozenset({
    "id", "name", "description", "status", "organization", "organization_id", "attributes", "url", "email",
    "service_at_locations", "schedules", "cost_options", "languages", "contacts", "phones", "minimum_age",
    "maximum_age", "eligibility_description", "assured_date", "last_modified",
    "program_id",  # a link; the program itself, when given, is reported
})
LOCATION_FIELDS = frozenset({"id", "location_type", "name", "latitude", "longitude", "addresses", "accessibility",
                             "languages", "contacts", "phones", "organization_id"})


class ServiceMapper(TermReader, ScheduleReader):
    """One HSDS service to one activity, reporting what it leaves out."""

    def __init__(self, imported: Imported) -> None:
        super().__init__(imported)
        self.given_ids: dict[str, str] = {}  # wor-id -> where it was first given

    # the service

    def service(self, s: dict, path: str, organization: dict | None, where: Any = None) -> None:
        self.where = where
        name = self.text(s, "name", path)
        if name is None:
            if "name" not in s or s.get("name") in (None, ""):
                self.problem(child_path(path, "name"), "interchange.hsds_required")
            return
        status = self.text(s, "status", path)
        if status and status.lower() != "active":
            self.imported.skip(path, "interchange.skip_status", name=name, status=status)
            return
        self.leftovers(s, path, SERVICE_FIELDS)
        activity: dict[str, Any] = {"id": None, "name": name}
        description = self.text(s, "description", path)
        if description is None:
            self.imported.skip(child_path(path, "description"), "interchange.skip_no_description", name=name)
        activity["description"] = description or name

        given_id, themes, keywords, access = self.attributes(s, path)
        org = self.obj(s, "organization", path) or organization
        org_name = self.text(org, "name", child_path(path, "organization")) if org else None
        if not themes:
            themes = self.themes_in(f"{name} {description or ''}")
        if not themes:
            self.imported.skip(path, "interchange.skip_no_theme", name=name)
            return
        activity["themes"] = themes
        if keywords:
            activity["keywords"] = keywords
        if org_name:
            activity["organization"] = org_name

        links = self.objects(s, "service_at_locations", path)
        self.locations(links, activity)
        if access:
            known = activity.setdefault("accessibility", [])
            known.extend(code for code in access if code not in known)
        slots = self.schedules(s, path, links)
        if slots:
            activity["schedule"] = slots
        self.cost(s, path, activity)
        self.eligibility(s, path, activity)
        languages = self.languages(self.objects(s, "languages", path)) or activity.pop("_location_languages", None)
        activity.pop("_location_languages", None)
        if languages:
            activity["languages"] = languages
        self.contact(s, path, activity, links)
        assured = self.text(s, "assured_date", path)
        if assured:
            verified = self.parse(path, "assured_date", forms.calendar_date, assured)
            if verified:
                activity["verified"] = verified

        source_id = self.text(s, "id", path)
        if given_id and given_id in self.given_ids:
            self.problem(child_path(path, "attributes"), "interchange.hsds_id_twice", id=given_id,
                         other=self.given_ids[given_id] or "(top)")
            return
        if given_id:
            self.given_ids[given_id] = path
            activity["id"] = given_id
        else:
            activity["id"] = hashed_id(name, source_id or f"{org_name}|{name}")
        kept = {k: v for k, v in activity.items() if v is not None}
        field = untyped_field(kept)
        if field is not None:  # a terminal escape or a direction override would reach terminals, letters, the card
            self.problem(child_path(path, field), "interchange.untyped_character")
            return
        self.imported.add(kept, path or self.imported.source_name, generated_id=not given_id)

    def locations(self, links: list[tuple[str, dict]], activity: dict) -> None:
        physical_done = False
        for where, link in links:
            location = self.obj(link, "location", where)
            if location is None:
                continue
            lpath = child_path(where, "location")
            kind = (self.text(location, "location_type", lpath) or "physical").lower()
            if kind == "virtual":
                activity["online"] = True
                continue
            if physical_done:
                self.imported.skip(lpath, "interchange.skip_second_location", name=activity["name"])
                continue
            physical_done = True
            self.leftovers(location, lpath, LOCATION_FIELDS)
            place: dict[str, Any] = {}
            if name := self.text(location, "name", lpath):
                place["name"] = name
            addresses = self.objects(location, "addresses", lpath)
            if addresses:
                apath, address = next(((p, a) for p, a in addresses
                                       if (a.get("address_type") or "physical") == "physical"), addresses[0])
                street = ", ".join(filter(None, (self.text(address, "address_1", apath),
                                                 self.text(address, "address_2", apath))))
                if street:
                    place["address"] = street
                if code := self.text(address, "postal_code", apath):
                    postcode = self.parse(apath, "postal_code", forms.postcode, code)
                    if postcode:
                        place["postcode"] = postcode
                if city := self.text(address, "city", apath):
                    place["city"] = city
                for extra_path, _ in addresses[1:]:
                    self.imported.skip(extra_path, "interchange.skip_second_address")
            lat, lon = location.get("latitude"), location.get("longitude")
            if lat not in (None, "") or lon not in (None, ""):
                lat_ok = self.parse(lpath, "latitude", forms.decimal, lat, -90, 90) if lat not in (None, "") else None
                lon_ok = self.parse(lpath, "longitude", forms.decimal, lon, -180, 180) if lon not in (None, "") else None
                if lat_ok is not None and lon_ok is not None:
                    place["lat"], place["lon"] = lat_ok, lon_ok
                elif (lat_ok is None) != (lon_ok is None):
                    self.imported.skip(lpath, "interchange.skip_half_coordinates")
            if place:
                activity["location"] = place
            access: list[str] = []
            for xpath, item in self.objects(location, "accessibility", lpath):
                text = " ".join(filter(None, (self.text(item, "description", xpath), self.text(item, "details", xpath))))
                found = _accessibility_in(text)
                if not found and text:
                    self.imported.skip(xpath, "interchange.skip_accessibility", text=text[:80])
                access.extend(code for code in found if code not in access)
            if access:
                activity["accessibility"] = access
            activity["_location_languages"] = self.languages(self.objects(location, "languages", lpath))
            activity["_location_contacts"] = self.objects(location, "contacts", lpath)
            for spath, _ in self.objects(location, "schedules", lpath):
                self.imported.skip(spath, "interchange.skip_location_schedule")

    def cost(self, s: dict, path: str, activity: dict) -> None:
        options = self.objects(s, "cost_options", path)
        if not options:
            return
        where, option = options[0]
        for extra, _ in options[1:]:
            self.imported.skip(extra, "interchange.skip_second_cost")
        currency = (self.text(option, "currency", where) or "EUR").upper()
        if currency not in ("EUR", "€", "EURO"):
            self.imported.skip(child_path(where, "currency"), "interchange.skip_currency", currency=currency)
            return
        value = option.get("amount")
        if value in (None, ""):
            self.imported.skip(where, "interchange.skip_cost_without_amount")
            return
        parsed = self.parse(where, "amount", forms.amount, value)
        if parsed is None:
            return
        per = "session"
        description = self.text(option, "amount_description", where)
        if description:
            per = _period_in(description) or per
            if _period_in(description) is None:
                self.imported.skip(child_path(where, "amount_description"), "interchange.skip_field")
        cost: dict[str, Any] = {"amount": parsed[0], "per": per}
        if note := self.text(option, "option", where):
            cost["note"] = note
        activity["cost"] = cost
        for key in ("valid_from", "valid_to"):
            if option.get(key):
                self.imported.skip(child_path(where, key), "interchange.skip_field")

    def eligibility(self, s: dict, path: str, activity: dict) -> None:
        ages = {}
        for key, ours in (("minimum_age", "min_age"), ("maximum_age", "max_age")):
            value = s.get(key)
            if value not in (None, ""):
                parsed = self.parse(path, key, forms.age, value)
                if parsed is not None:
                    ages[ours] = parsed
        if "min_age" in ages and "max_age" in ages and ages["min_age"] > ages["max_age"]:
            self.imported.skip(child_path(path, "maximum_age"), "interchange.skip_ages_reversed")
            ages = {}
        note = self.text(s, "eligibility_description", path)
        if note:
            ages["note"] = note
        if ages:
            activity["eligibility"] = ages

    def languages(self, items: list[tuple[str, dict]]) -> list[str]:
        found: list[str] = []
        for where, item in items:
            code = self.text(item, "code", where)
            name = self.text(item, "name", where)
            language = None
            for candidate in (code, name):
                if candidate:
                    try:
                        language = word_tables.language(candidate)
                        break
                    except forms.Unreadable:
                        continue
            if language is None:
                self.imported.skip(where, "interchange.skip_language", value=code or name or "?")
            elif language not in found:
                found.append(language)
        return found

    def contact(self, s: dict, path: str, activity: dict, links: list[tuple[str, dict]]) -> None:
        location_contacts = activity.pop("_location_contacts", [])
        candidates = self.objects(s, "contacts", path)
        for where, link in links:
            candidates += self.objects(link, "contacts", where)
        candidates += location_contacts
        contact: dict[str, Any] = {}
        if candidates:
            where, first = candidates[0]
            if name := self.text(first, "name", where):
                contact["name"] = name
            if mail := self.text(first, "email", where):
                if parsed := self.parse(where, "email", forms.email, mail):
                    contact["email"] = parsed
            phones = self.objects(first, "phones", where)
            if phones:
                self.phone(phones[0], contact)
            for extra, _ in candidates[1:]:
                self.imported.skip(extra, "interchange.skip_second_contact")
        if "phone" not in contact:
            phones = self.objects(s, "phones", path)
            if phones:
                self.phone(phones[0], contact)
        if "email" not in contact and (mail := self.text(s, "email", path)):
            if parsed := self.parse(path, "email", forms.email, mail):
                contact["email"] = parsed
        if url := self.text(s, "url", path):
            if parsed := self.parse(path, "url", forms.web_address, url):
                contact["url"] = parsed
        if contact:
            activity["contact"] = contact

    def phone(self, item: tuple[str, dict], contact: dict) -> None:
        where, phone = item
        number = self.text(phone, "number", where)
        if number:
            parsed = self.parse(where, "number", forms.phone, number)
            if parsed:
                contact["phone"] = parsed


@lru_cache(maxsize=4096)
def _period_in(text: str) -> str | None:
    words = set(re.findall(r"[a-z]+", fold(text)))
    for period in ("session", "month", "year", "course", "once"):
        for word in forms.PERIODS[period]:
            if len(word) > 2 and word in words:
                return period
    return None


@lru_cache(maxsize=4096)
def _accessibility_in(text: str) -> list[str]:
    return word_tables.accessibility_in(text)
