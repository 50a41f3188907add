"""Reading catalogue files: every `*.yaml`/`*.yml` below a folder, one file at a time.

`analyse_file` does all the work for one file (parse with line numbers, check
every entry, prepare the rows for the index) and returns plain data, so it
can run in a worker process: a first search on a 20,000-activity catalogue
parses its files on every core at once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wor_cli import text
from wor_cli.vocabulary import DAYS

if TYPE_CHECKING:
    from wor_cli.catalogue import rules

MAX_FILE_BYTES = 8 * 1024 * 1024  # one organisation's activities; far more is not a catalogue file

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FileStamp:
    """A file as found on disk: enough to notice when it changed."""

    relpath: str  # relative to the catalogue folder, with forward slashes
    mtime_ns: int
    size: int


def scan(root: Path) -> dict[str, FileStamp]:
    """Every catalogue file below `root`, by relative path (hidden folders skipped).

    A folder reached twice (a symlink loop, or two links to one folder) is
    read once. A folder that cannot be read is listed with a trailing "/",
    so that the check reports it instead of silently leaving it out.
    """
    found: dict[str, FileStamp] = {}
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        rel_folder = folder.relative_to(root).as_posix()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            rel = rel_folder + "/"
            found[rel] = FileStamp(rel, 0, -1)
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    stack.append(Path(entry.path))
                elif entry.name.endswith(SUFFIXES) and entry.is_file():
                    info = entry.stat()
                    rel = Path(entry.path).relative_to(root).as_posix()
                    found[rel] = FileStamp(rel, info.st_mtime_ns, info.st_size)
            except OSError:  # vanished, or a link that leads nowhere readable
                continue
    return found


def _finding(finding: rules.Finding) -> list[Any]:
    return [finding.line, finding.key, finding.params]


def analyse_file(root: str, stamp: FileStamp) -> dict[str, Any]:
    """Parse and check one file; returns rows for the index and its findings."""
    from wor_cli import yamlfile
    from wor_cli.catalogue import rules  # with PyYAML: only when a file is read, not on every search

    result: dict[str, Any] = {"stamp": stamp, "rows": [], "errors": []}
    if stamp.relpath.endswith("/"):  # a folder scan could not read
        result["errors"].append([None, "catalogue.unreadable_folder", {}])
        return result
    try:
        raw = yamlfile.read(Path(root) / stamp.relpath, MAX_FILE_BYTES)
    except yamlfile.FileProblem as e:
        result["errors"].append([None, e.key, e.params])
        return result
    try:
        data, lines = yamlfile.load(raw, aliases=True)  # a location written once, used by several activities
    except yamlfile.YamlProblem as e:
        result["errors"].append([e.line, e.key, {}])
        return result
    for line, key in lines.duplicates:
        result["errors"].append([line, "catalogue.duplicate_key", {"key": key}])
    if isinstance(data, dict):
        entries = [data]
    elif isinstance(data, list):
        entries = data
    else:
        result["errors"].append([1, "catalogue.top_level", {}])
        return result
    for entry in entries:
        checked = rules.check_activity(entry, lines)
        result["errors"] += [_finding(f) for f in checked.errors]
        if checked.activity is not None:
            verified_line = lines.of(entry, ["verified"])
            result["rows"].append(index_row(checked.activity, stamp.relpath, lines.start(entry), verified_line))
    return result


def _bars(values: list[str]) -> str:
    """A list as "|a|b|", so `LIKE '%|a|%'` finds one value exactly."""
    return "|" + "|".join(values) + "|" if values else ""


def index_row(activity: dict[str, Any], relpath: str, line: int | None, verified_line: int | None) -> dict[str, Any]:
    """What the index stores for one valid activity: data, filter columns and search text."""
    location = activity["location"] or {}
    cost = activity["cost"]
    eligibility = activity["eligibility"] or {}
    days = 0
    for slot in activity["schedule"]:
        days |= 1 << DAYS.index(slot["day"])
    place = " ".join(
        filter(None, [activity["organization"], location.get("name"), location.get("city"), location.get("address")])
    )
    themes_text = " ".join(theme.replace("-", " ") for theme in activity["themes"])
    keywords_text = " ".join(activity["keywords"])
    return {
        "id": activity["id"],
        "file": relpath,
        "line": line,
        "verified": activity["verified"],
        "vline": verified_line,
        "name": activity["name"],
        "data": json.dumps(activity, ensure_ascii=False),
        "themes": _bars(activity["themes"]),
        "days": days,
        "cost": None if cost is None or cost["amount"] is None else float(cost["amount"]),
        "min_age": eligibility.get("min_age"),
        "max_age": eligibility.get("max_age"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "pc4": (location.get("postcode") or "")[:4] or None,
        "online": int(activity["online"]),
        "access": _bars(activity["accessibility"]),
        "langs": _bars(activity["languages"]),
        "t_name": text.terms(activity["name"]),
        "t_keywords": text.terms(keywords_text),
        "t_themes": text.terms(themes_text),
        "t_description": text.terms(activity["description"]),
        "t_place": text.terms(place),
        "words": [
            (word, text.stem(word))
            for word in sorted(set(text.content_words(
                " ".join([activity["name"], keywords_text, themes_text, activity["description"], place])
            )))
        ],
    }
