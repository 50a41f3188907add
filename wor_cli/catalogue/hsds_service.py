"""One Open Referral HSDS 3.0 service to one activity, reporting what it leaves out.

`hsds.py` finds the services in a file or a data package; `ServiceMapper` reads
each, its fields through `hsds_fields.py`: organization, location and address, schedule, cost options, languages,
accessibility, eligibility ages, phones and contacts, taxonomy terms to themes
(data/interchange.yaml). A value the catalogue cannot hold is listed in
`skipped` with its JSON path; malformed input is a problem with its path (or
FILE:LINE in a data package).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from wor_cli.catalogue import forms, word_tables
from wor_cli.catalogue.hsds_fields import FieldReader, child_path
from wor_cli.catalogue.imported import Imported, hashed_id, untyped_field
from wor_cli.text import fold
from wor_cli.vocabulary import ACCESSIBILITY, THEMES


# The taxonomies `wor catalogue export` writes, so an export reads back exactly.
THEME_TAXONOMY = "wor-themes"
KEYWORD_TAXONOMY = "wor-keywords"
ACCESS_TAXONOMY = "wor-accessibility"  # for an activity without a location, where HSDS keeps accessibility
ID_CODE = "wor-id"


# Fields read from each object; everything else that has a value is reported as skipped.
SERVICE_FIELDS = frozenset({
    "id", "name", "description", "status", "organization", "organization_id", "attributes", "url", "email",
    "service_at_locations", "schedules", "cost_options", "languages", "contacts", "phones", "minimum_age",
    "maximum_age", "eligibility_description", "assured_date", "last_modified",
    "program_id",  # a link; the program itself, when given, is reported
})
LOCATION_FIELDS = frozenset({"id", "location_type", "name", "latitude", "longitude", "addresses", "accessibility",
                             "languages", "contacts", "phones", "organization_id"})
SCHEDULE_FIELDS = frozenset({"id", "service_id", "location_id", "service_at_location_id", "freq", "interval",
                             "byday", "opens_at", "closes_at", "count"})
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_RRULE_DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday",
               "SA": "saturday", "SU": "sunday"}


class ServiceMapper(FieldReader):
    """One HSDS service to one activity, reporting what it leaves out."""

    def __init__(self, imported: Imported) -> None:
        super().__init__(imported)
        self.themes = word_tables.tables()["themes"]
        self.term_kinds: dict[tuple[str, str, str], tuple[str, str]] = {}
        # (code, name, taxonomy as given, whether it has a taxonomy_detail) -> what `term` made of them,
        # kept only where the taxonomy_detail was not needed
        self.raw_terms: dict[tuple, tuple[str, str]] = {}
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

    def attributes(self, s: dict, path: str) -> tuple[str | None, list[str], list[str], list[str]]:
        given_id: str | None = None
        themes: list[str] = []
        keywords: list[str] = []
        access: list[str] = []
        raw_terms = self.raw_terms
        for where, attribute in self.objects(s, "attributes", path):
            # Directories repeat the same few hundred terms: each is read and looked up once, by its
            # fields as they stand; a term seen for the first time goes the long way (`term`).
            term = attribute.get("taxonomy_term")
            kind = None
            if type(term) is dict:
                raw = (term.get("code"), term.get("name"), term.get("taxonomy"), "taxonomy_detail" in term)
                try:
                    kind = raw_terms.get(raw)
                except TypeError:  # a list where text belongs: the long way says so
                    pass
            if kind is None:
                kind = self.term(attribute, where)
                if kind is None:
                    continue
            which, value = kind
            if which == "id":
                value = self.text(attribute, "value", where)
                given_id = self.parse(where, "value", forms.activity_id, value) if value else None
                continue
            if which == "theme":
                themes.append(value)
            elif which == "access":
                access.append(value)
            elif which == "keyword":
                keywords.append(value)
            elif which == "unmapped":
                keywords.append(value)
                self.imported.unmapped_term(value)
        return given_id, list(dict.fromkeys(themes)), list(dict.fromkeys(keywords)), list(dict.fromkeys(access))

    def term(self, attribute: dict, where: str) -> tuple[str, str] | None:
        """What an attribute's taxonomy term is: ("theme", code), ("id", ""), ...; None when it has none."""
        term = self.obj(attribute, "taxonomy_term", where)
        if term is None:
            self.imported.skip(where, "interchange.skip_attribute")
            return None
        code = self.text(term, "code", where) or ""
        label = self.text(term, "name", where) or code
        taxonomy = self.text(term, "taxonomy", where) or ""
        from_detail = not taxonomy and "taxonomy_detail" in term
        if from_detail:
            detail = self.obj(term, "taxonomy_detail", where)
            taxonomy = (self.text(detail, "name", where) or "") if detail else ""
        if code == ID_CODE:
            kind = ("id", "")
        else:
            kind = self.term_kinds.get((taxonomy, code, label))
            if kind is None:
                kind = self.term_kinds[(taxonomy, code, label)] = self.term_kind(taxonomy, code, label)
        raw = (term.get("code"), term.get("name"), term.get("taxonomy"), "taxonomy_detail" in term)
        if not from_detail and all(value is None or type(value) is str for value in raw[:3]) and len(self.raw_terms) < 100_000:
            self.raw_terms[raw] = kind  # read the same way whenever these three fields come again
        return kind

    def term_kind(self, taxonomy: str, code: str, label: str) -> tuple[str, str]:
        if taxonomy == KEYWORD_TAXONOMY and label:
            return "keyword", label
        if taxonomy == THEME_TAXONOMY and code in THEMES:
            return "theme", code
        if taxonomy == ACCESS_TAXONOMY and code in ACCESSIBILITY:
            return "access", code
        theme = self.themes.get(fold(label).strip()) or self.themes.get(fold(code).strip())
        if theme:
            return "theme", theme
        return ("unmapped", label) if label else ("none", "")

    def themes_in(self, text: str) -> list[str]:
        """No term gave a theme: the table's words in the name and description, in the order found."""
        words = f" {' '.join(re.findall(r'[a-z0-9-]+', fold(text)))} "
        found: list[tuple[int, str]] = []
        for phrase, theme in self.themes.items():
            at = words.find(f" {phrase} ")
            if at >= 0:
                found.append((at, theme))
        return list(dict.fromkeys(theme for _, theme in sorted(found)))[:3]

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

    def schedules(self, s: dict, path: str, links: list[tuple[str, dict]]) -> list[dict[str, Any]]:
        found: list[tuple[str, dict]] = list(self.objects(s, "schedules", path))
        for where, link in links:
            found += self.objects(link, "schedules", where)
        seen_ids: set[str] = set()
        slots: list[dict[str, Any]] = []
        for where, schedule in found:
            schedule_id = schedule.get("id")
            if isinstance(schedule_id, str) and schedule_id in seen_ids:
                continue
            if isinstance(schedule_id, str):
                seen_ids.add(schedule_id)
            for slot in self.schedule(schedule, where):
                if slot not in slots:
                    slots.append(slot)
        return slots

    def schedule(self, schedule: dict, where: str) -> list[dict[str, Any]]:
        self.leftovers(schedule, where, SCHEDULE_FIELDS)
        byday = self.text(schedule, "byday", where)
        if not byday:
            self.imported.skip(where, "interchange.skip_schedule_without_day")
            return []
        freq = (self.text(schedule, "freq", where) or "WEEKLY").upper()
        interval = schedule.get("interval")
        count = schedule.get("count")
        ordinal = False
        days: list[str] = []
        for part in byday.replace(" ", "").upper().split(","):
            match = _BYDAY.fullmatch(part)
            if not match:
                self.imported.skip(child_path(where, "byday"), "interchange.skip_byday", value=part)
                continue
            ordinal = ordinal or bool(match.group(1))
            days.append(_RRULE_DAYS[match.group(2)])
        if count not in (None, "") and str(count).strip() not in ("1", "1.0"):
            self.imported.skip(child_path(where, "count"), "interchange.skip_field")
        if str(count).strip() in ("1", "1.0"):
            frequency = "once"
        elif freq == "MONTHLY" or ordinal:
            frequency = "monthly"
        elif freq == "WEEKLY" and str(interval or 1).strip() in ("1", "1.0"):
            frequency = "weekly"
        elif freq == "WEEKLY" and str(interval).strip() in ("2", "2.0"):
            frequency = "biweekly"
        else:
            self.imported.skip(where, "interchange.skip_frequency", freq=freq, interval=str(interval))
            return []
        times: dict[str, str] = {}
        for key, ours in (("opens_at", "start"), ("closes_at", "end")):
            value = self.text(schedule, key, where)
            if value:
                parsed = self.parse(where, key, forms.clock_time, value)
                if parsed:
                    times[ours] = parsed
        if "start" in times and "end" in times and times["start"] >= times["end"]:
            self.imported.skip(child_path(where, "closes_at"), "interchange.skip_times_reversed")
            times = {}
        return [{"day": day, **times, "frequency": frequency} for day in dict.fromkeys(days)]

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
