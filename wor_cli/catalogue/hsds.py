"""Open Referral HSDS 3.0 in: services as JSON, or the tabular data package, to activities.

Accepted JSON: one service in the `service_full` shape, a list of them, an
organization with its `services`, a list of organizations, a
`service_at_location` with its `service`, the API's paged lists (`contents`),
and the tabular JSON (`{"services.csv": [...], ...}`). A data package is a
folder with `datapackage.json` and the CSV files it names.

Two kinds of trouble, kept apart. Malformed input (not JSON, an object where a
list belongs, a service without a name) stops the import with the JSON path,
or FILE:LINE in a data package, and nothing is written. A value the catalogue
cannot hold (a location in the US without a Dutch postcode, a latitude of
100, a cost in pounds, a second location) is left out and listed in
`skipped`; the directory it came from is someone else's, and the rest of the
service is still worth having.

Taxonomy terms become themes through the table in data/interchange.yaml; a
term the table does not know becomes a keyword and is reported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wor_cli.catalogue.hsds_fields import child_path
from wor_cli.catalogue.hsds_service import ServiceMapper
from wor_cli.catalogue.hsds_tables import Tables, package_table
from wor_cli.catalogue.imported import Imported, TooManyProblems, read_bounded
from wor_cli.errors import BadInput
from wor_cli.inputs import real_path

MAX_BYTES = 200_000_000  # 20,000 full services are about 40 MB
MAX_PACKAGE_FILE = 100_000_000


_ORGANIZATION_ONLY = ("legal_status", "tax_status", "tax_id", "year_incorporated", "website", "logo",
                      "parent_organization_id", "organization_identifiers", "programs", "funding", "locations")
_SERVICE_ONLY = ("status", "service_at_locations", "cost_options", "program", "eligibility_description",
                 "assured_date", "minimum_age", "maximum_age", "program_id", "organization")


# --- JSON ----------------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_json(path: Path) -> Imported:
    imported = Imported(path.name, "hsds")
    raw = read_bounded(path, MAX_BYTES)
    imported.hash_source(raw)
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise BadInput("interchange.bad_encoding", source=path.name) from None
    except json.JSONDecodeError as e:
        raise BadInput("interchange.bad_json", source=path.name, line=e.lineno, reason=e.msg) from None
    except RecursionError:
        raise BadInput("interchange.too_deep", source=path.name) from None
    except ValueError as e:  # NaN, Infinity, a 5000-digit number
        raise BadInput("interchange.bad_json", source=path.name, line="?", reason=str(e)[:120]) from None
    mapper = ServiceMapper(imported)
    try:
        for where, service, organization in _services_in(data, imported):
            mapper.service(service, where, organization)
    except TooManyProblems:
        pass
    except RecursionError:
        raise BadInput("interchange.too_deep", source=path.name) from None
    return _finish(imported)


def _finish(imported: Imported) -> Imported:
    imported.raise_problems()
    imported.nothing_found()
    imported.settle_ids()
    return imported


def _looks_like_service(item: dict) -> bool:
    return not item.keys().isdisjoint(_SERVICE_ONLY)


def _services_in(data: Any, imported: Imported) -> Iterator[tuple[str, dict, dict | None]]:
    """(JSON path, service, organization it sits in) for every service in any accepted shape."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from _item(item, f"[{index}]", imported)
        return
    if not isinstance(data, dict):
        raise BadInput("interchange.no_services", source=imported.source_name)
    if isinstance(data.get("contents"), list):
        for index, item in enumerate(data["contents"]):
            yield from _item(item, f"contents[{index}]", imported)
        return
    if data and all(isinstance(key, str) and key.endswith(".csv") for key in data):
        tables = {}
        for name, rows in data.items():
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                imported.problem(name, "interchange.hsds_not_list")
                continue
            tables[name[:-4]] = [(index, row) for index, row in enumerate(rows)]
        imported.raise_problems()
        yield from Tables(tables, imported, lambda table, index: f"{table}.csv[{index}]").services()
        return
    if "services" in data or "service" in data or _looks_like_service(data):
        yield from _item(data, "", imported)
        return
    raise BadInput("interchange.no_services", source=imported.source_name)


def _item(item: Any, path: str, imported: Imported) -> Iterator[tuple[str, dict, dict | None]]:
    if not isinstance(item, dict):
        imported.problem(path, "interchange.hsds_not_object")
        return
    if "services" in item:  # an organization with its services
        services = item["services"]
        if not isinstance(services, list):
            imported.problem(child_path(path, "services"), "interchange.hsds_not_list")
            return
        if not services:
            imported.skip(path or "organization", "interchange.skip_no_services", name=str(item.get("name") or "?"))
        for index, service in enumerate(services):
            if not isinstance(service, dict):
                imported.problem(child_path(path, f"services[{index}]"), "interchange.hsds_not_object")
                continue
            yield child_path(path, "services") + f"[{index}]", service, item
        return
    if isinstance(item.get("service"), dict):  # a service_at_location with its service
        service = dict(item["service"])
        here = {k: v for k, v in item.items() if k != "service"}
        known = service.get("service_at_locations")
        if not isinstance(known, list) or not any(
            isinstance(s, dict) and s.get("id") == here.get("id") for s in known
        ):
            service["service_at_locations"] = [here, *(known if isinstance(known, list) else [])]
        yield child_path(path, "service"), service, None
        return
    if _looks_like_service(item) or "name" in item and "location_type" not in item and "taxonomy" not in item:
        if not _looks_like_service(item) and any(key in item for key in _ORGANIZATION_ONLY):
            imported.skip(path or "organization", "interchange.skip_no_services", name=str(item.get("name") or "?"))
            return
        yield path, item, None
        return
    imported.skip(path or "(top)", "interchange.skip_not_service")


# --- one service ---------------------------------------------------------------------------------


# --- the data package ----------------------------------------------------------------------------


def read_package(folder: Path) -> Imported:
    imported = Imported(folder.name, "datapackage")
    descriptor = folder / "datapackage.json"
    raw = read_bounded(descriptor, 10_000_000)
    import hashlib

    digest = hashlib.sha256(raw)
    try:
        package = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        reason = e.msg if isinstance(e, json.JSONDecodeError) else type(e).__name__
        line = e.lineno if isinstance(e, json.JSONDecodeError) else "?"
        raise BadInput("interchange.bad_json", source=f"{folder.name}/datapackage.json", line=line,
                       reason=reason) from None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise BadInput("interchange.package_without_resources", source=f"{folder.name}/datapackage.json")
    tables: dict[str, list[tuple[int, dict]]] = {}
    lines: dict[str, list[int]] = {}
    total = 0
    root = folder.resolve()
    for index, resource in enumerate(resources):
        name = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(name, str) or not name.endswith(".csv"):
            continue
        target = (folder / name)
        real = real_path(target)  # None: a symlink loop, which reading below says plainly
        if Path(name).is_absolute() or ".." in Path(name).parts or (real is not None and root not in real.parents):
            raise BadInput("interchange.package_path_outside", source=f"{folder.name}/datapackage.json", path=name)
        if not os.path.lexists(target):
            continue  # a package need not hold every table of the standard; a FIFO or a folder is said when read
        data = read_bounded(target, MAX_PACKAGE_FILE)
        total += len(data)
        if total > MAX_BYTES:
            raise BadInput("interchange.too_big", source=folder.name, limit=MAX_BYTES // 1_000_000)
        digest.update(data)
        table = name[:-4]
        tables[table], lines[table] = package_table(data, f"{folder.name}/{name}", imported)
    imported.digest = digest.hexdigest()
    imported.raise_problems()
    if "services" not in tables:
        raise BadInput("interchange.no_services", source=folder.name)
    mapper = ServiceMapper(imported)
    where = lambda table, index: f"{table}.csv[{index}]"  # noqa: E731
    try:
        for path, service, organization in Tables(tables, imported, where).services():
            row = int(path.rsplit("[", 1)[1].rstrip("]"))
            mapper.service(service, path, organization, where=(f"{folder.name}/services.csv", lines["services"][row]))
    except TooManyProblems:
        pass
    return _finish(imported)
