"""HSDS tables (the tabular form: CSV files or `{"services.csv": [...]}`) joined back into full services.

The tables link by ids (`service_at_location.service_id`, `addresses.location_id`,
`attributes.link_id`, ...). Joining them gives each service the nested shape of
`service_full`, so one mapper reads both forms. Rows that belong to no service,
and tables the catalogue has no use for, are reported as skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from wor_cli.catalogue.imported import Imported
from wor_cli.errors import BadInput, Problem
from wor_cli.i18n import plural


_USED_TABLES = ("organizations", "services", "service_at_location", "locations", "addresses", "accessibility",
                "languages", "phones", "contacts", "schedules", "cost_options", "attributes", "taxonomy_terms",
                "taxonomies")


class Tables:
    """HSDS tables (rows by table name) put back together as full services."""

    def __init__(self, tables: dict[str, list[tuple[int, dict]]], imported: Imported, where) -> None:
        self.tables = {name: [(index, {k: v for k, v in row.items() if v not in (None, "")}) for index, row in rows]
                       for name, rows in tables.items()}
        self.imported = imported
        self.where = where  # (table, row index) -> the source text for skipped entries
        self.used: dict[str, set[int]] = {name: set() for name in self.tables}

    def by(self, table: str, column: str) -> dict[str, list[tuple[int, dict]]]:
        found: dict[str, list[tuple[int, dict]]] = {}
        for index, row in self.tables.get(table, []):
            key = row.get(column)
            if isinstance(key, str):
                found.setdefault(key, []).append((index, row))
        return found

    def take(self, table: str, rows: list[tuple[int, dict]]) -> list[dict]:
        self.used.setdefault(table, set()).update(index for index, _ in rows)
        return [dict(row) for _, row in rows]

    def services(self) -> Iterator[tuple[str, dict, dict | None]]:
        organizations = {k: v[0] for k, v in self.by("organizations", "id").items()}
        locations = {k: v[0] for k, v in self.by("locations", "id").items()}
        terms = {k: v[0] for k, v in self.by("taxonomy_terms", "id").items()}
        addresses = self.by("addresses", "location_id")
        access = self.by("accessibility", "location_id")
        links = self.by("service_at_location", "service_id")
        schedules = self.by("schedules", "service_id")
        cost_options = self.by("cost_options", "service_id")
        languages = self.by("languages", "service_id")
        location_languages = self.by("languages", "location_id")
        contacts = self.by("contacts", "service_id")
        phones_of_service = self.by("phones", "service_id")
        phones_of_contact = self.by("phones", "contact_id")
        attributes = self.by("attributes", "link_id")
        for index, row in self.tables.get("services", []):
            self.used["services"].add(index)
            service = dict(row)
            sid = row.get("id", "")
            organization = None
            if row.get("organization_id") in organizations:
                org_index, org = organizations[row["organization_id"]]
                self.used["organizations"].add(org_index)
                organization = dict(org)
            service.pop("organization_id", None)
            service["service_at_locations"] = []
            for link in self.take("service_at_location", links.get(sid, [])):
                location_id = link.get("location_id")
                if location_id in locations:
                    loc_index, loc = locations[location_id]
                    self.used["locations"].add(loc_index)
                    location = dict(loc)
                    location["addresses"] = self.take("addresses", addresses.get(location_id, []))
                    location["accessibility"] = self.take("accessibility", access.get(location_id, []))
                    location["languages"] = self.take("languages", location_languages.get(location_id, []))
                    link["location"] = location
                service["service_at_locations"].append(link)
            service["schedules"] = self.take("schedules", schedules.get(sid, []))
            service["cost_options"] = self.take("cost_options", cost_options.get(sid, []))
            service["languages"] = self.take("languages", languages.get(sid, []))
            service["contacts"] = []
            for contact in self.take("contacts", contacts.get(sid, [])):
                contact["phones"] = self.take("phones", phones_of_contact.get(contact.get("id", ""), []))
                service["contacts"].append(contact)
            service["phones"] = self.take("phones", phones_of_service.get(sid, []))
            service["attributes"] = []
            for attribute in self.take("attributes", attributes.get(sid, [])):
                term_id = attribute.get("taxonomy_term_id")
                if term_id in terms:
                    term_index, term = terms[term_id]
                    self.used["taxonomy_terms"].add(term_index)
                    attribute["taxonomy_term"] = dict(term)
                service["attributes"].append(attribute)
            for key in ("service_at_locations", "schedules", "cost_options", "languages", "contacts", "phones",
                        "attributes"):
                if not service[key]:
                    del service[key]
            yield self.where("services", index), service, organization
        for name, rows in self.tables.items():
            unused = len(rows) - len(self.used.get(name, set()))
            if name not in _USED_TABLES and rows:
                self.imported.skip(f"{name}.csv", plural("interchange.skip_table", len(rows)), rows=len(rows))
            elif unused > 0 and name not in ("taxonomies", "organizations", "locations", "taxonomy_terms"):
                self.imported.skip(f"{name}.csv", plural("interchange.skip_unlinked", unused), rows=unused)


def package_table(data: bytes, label: str, imported: Imported) -> tuple[list[tuple[int, dict]], list[int]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("interchange.bad_encoding", source=label) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    lines: list[int] = []
    header: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            if header is None:
                header = [cell.strip().lstrip("\ufeff") for cell in cells]
            elif any(cell.strip() for cell in cells):
                if len(cells) > len(header):
                    imported.problems.append(Problem("", plural("interchange.too_many_cells", len(header)),
                                                     {"cells": len(cells), "columns": len(header)}, label, line))
                else:
                    rows.append((len(rows), dict(zip(header, cells))))
                    lines.append(line)
            line = reader.line_num + 1
    except csv.Error as e:
        imported.problems.append(Problem("", "interchange.bad_csv", {"reason": str(e)}, label, line))
    return rows, lines
