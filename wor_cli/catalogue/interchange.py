"""Catalogue interchange as the commands see it: import a source into DIR, export a catalogue.

Each kind of source has its reader (spreadsheet.py, hsds.py) that fills one
`Imported`; yaml_writer.py writes it. Export reads the valid activities from
the catalogue index (the checked normal form) and hands them to a writer:
hsds_export.py or the spreadsheet's columns.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wor_cli.catalogue.imported import Imported
from wor_cli.errors import BadInput, NotFound
from wor_cli.i18n import plural, t

KINDS = ("hsds", "csv", "xlsx")
EXPORT_FORMATS = ("hsds", "csv")
DEFAULT_NAMES = {"hsds": "wor-catalogus-hsds.json", "csv": "wor-catalogus.csv"}


def kind_of(source: Path, given: str | None) -> str:
    if given is not None:
        if given not in KINDS:
            raise BadInput("interchange.unknown_format", source=source.name)
        return given
    if source.is_dir():
        return "hsds"
    suffix = source.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".json":
        return "hsds"
    raise BadInput("interchange.unknown_format", source=source.name)


def read_source(source: Path, given_kind: str | None = None) -> Imported:
    """The source read whole; malformed input raises before anything is written."""
    if not source.exists():
        raise NotFound("interchange.source_missing", source=str(source))
    kind = kind_of(source, given_kind)
    if kind == "hsds":
        from wor_cli.catalogue import hsds

        return hsds.read_package(source) if source.is_dir() else hsds.read_json(source)
    from wor_cli.catalogue import spreadsheet

    return spreadsheet.read(source, kind)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a source is read and written.

    A 20,000-service JSON file is millions of dicts and lists; every 700 new
    ones the collector walks the young ones, and every so often all of them,
    though an import makes no cycles worth finding. Measured: it halves the
    time `json.loads` takes on such a file. Memory stays bounded by the size
    limits on the source; the collector runs again as soon as the import ends.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def import_source(source: Path, out: Path, *, kind: str | None = None, force: bool = False,
                  database: Path | None = None) -> dict[str, Any]:
    from wor_cli.catalogue import yaml_writer

    with _collector_paused():
        imported = read_source(source, kind)
        files = yaml_writer.write(imported, out, force=force, database=database)
    return {
        "activities": imported.count(),
        "files": files,
        "skipped": [
            {"source": s["source"], "reason": t(s["key"], **s["params"]), "count": s["count"]}
            for s in imported.skipped()
        ],
        "unmapped_terms": [{"term": term, "count": count} for term, count in sorted(imported.unmapped.items())],
    }


def activities(root: Path) -> Iterator[dict[str, Any]]:
    """The catalogue's activities in file order, refused whole if any entry has an error."""
    from wor_cli.catalogue.index import open_index

    index = open_index(root)
    errors = index.errors()
    if errors:
        raise BadInput(plural("interchange.export_has_errors", len(errors)), path=str(root), count=len(errors))
    for (data,) in index.conn.execute(
        "SELECT d.data FROM activities a JOIN details d ON d.rowid = a.rowid ORDER BY a.file, a.line"
    ):
        yield json.loads(data)


def export(root: Path, fmt: str) -> tuple[bytes, int]:
    if fmt not in EXPORT_FORMATS:
        raise BadInput("interchange.bad_export_format", value=fmt)
    found = list(activities(root))
    if fmt == "hsds":
        from wor_cli.catalogue import hsds_export

        return hsds_export.to_json(found), len(found)
    from wor_cli.catalogue import spreadsheet_export

    return spreadsheet_export.to_csv(found), len(found)
