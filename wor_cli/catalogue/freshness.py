"""Keeping the catalogue fresh: what to check again, and marking an entry as checked.

Directories go stale; link workers call it their main problem with them. The
list is per organisation, with the number to call, so a coordinator can work
through it by phone. Marking an entry checked edits the one `verified:` line in
the coordinator's own file (or adds it, in the entry's own indentation):
comments, layout and every other line stay exactly as they were.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from wor_cli import clock
from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.errors import BadInput, NotFound, Refused

DEFAULT_MONTHS = 12


def months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale(index: CatalogueIndex, months: int = DEFAULT_MONTHS, today: date | None = None) -> list[dict[str, Any]]:
    """Entries never checked or checked before `months` ago, grouped by organisation.

    Each group names the contact to call: the phone most of its entries give.
    Groups come alphabetically; within a group, never-checked entries first,
    then the oldest check first.
    """
    import json

    today = today or clock.today()
    limit = months_before(today, months).isoformat()
    groups: dict[str, dict[str, Any]] = {}
    for activity_id, name, path, line, verified, data in index.conn.execute(
        "SELECT a.id, a.name, a.file, a.line, a.verified, d.data FROM activities a JOIN details d ON d.rowid = a.rowid "
        "WHERE a.verified IS NULL OR a.verified < ? ORDER BY a.file, a.line", (limit,)
    ):
        activity = json.loads(data)
        organization = activity.get("organization") or ""
        group = groups.setdefault(organization, {"organization": activity.get("organization"), "activities": []})
        group["activities"].append({
            "id": activity_id, "name": name, "verified": verified, "file": path, "line": line,
            "contact": _contact(activity.get("contact")),
        })
    result = []
    for key in sorted(groups, key=lambda k: (k == "", k.lower())):
        group = groups[key]
        group["activities"].sort(key=lambda a: (a["verified"] is not None, a["verified"] or ""))
        group["contact"] = _whom_to_call(group["activities"])
        result.append(group)
    return result


def _contact(contact: dict[str, Any] | None) -> dict[str, Any] | None:
    if not contact:
        return None
    found = {k: contact.get(k) for k in ("name", "phone", "email") if contact.get(k)}
    return found or None


def _whom_to_call(activities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The contact given most often (with a phone before without): one call covers most entries."""
    counts: dict[tuple, list[Any]] = {}
    for activity in activities:
        contact = activity["contact"]
        if contact:
            key = tuple(sorted(contact.items()))
            counts.setdefault(key, [0, contact])[0] += 1
    if not counts:
        return None
    return max(counts.values(), key=lambda c: (bool(c[1].get("phone")), c[0]))[1]


# --- verify: one line changed in the file ------------------------------------------------------

_VERIFIED_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)?verified\s*:[ \t]*)(?P<value>[^#\r\n]*?)(?P<tail>[ \t]*(?:#[^\r\n]*)?)(?P<end>\r?\n?)$")


def parse_day(value: str) -> date:
    """`--date` as the coach types it, by the one rule for typed dates (validation.past_date).

    Not the spreadsheet reader's: that one takes "2026-11-02 10:00" and "１２-1-2026" from a
    cell, which typed at the prompt are a slip; and a check in the year 1 is one too.
    """
    from wor_cli import validation
    from wor_cli.i18n import excerpt, t

    try:
        return validation.past_date(value)
    except validation.Invalid as e:
        if e.key == "field.future_date":
            raise BadInput("interchange.verify_date_future", value=excerpt(value)) from None
        if e.key == "field.date":
            raise BadInput("interchange.bad_verify_date", value=excerpt(value)) from None
        raise BadInput("report.bad_date", option="--date", value=excerpt(value), reason=t(e.key, **e.params)) from None


def verify(index: CatalogueIndex, activity_id: str, day: date) -> dict[str, Any]:
    """Set `verified: DAY` for one entry in its own file; returns {id, file, line, previous}."""
    rows = index.conn.execute(
        "SELECT file, line, vline, verified FROM activities WHERE id = ?", (activity_id,)
    ).fetchall()
    if not rows:
        raise NotFound("interchange.verify_unknown_id", id=activity_id)
    if len(rows) > 1:
        raise BadInput("interchange.verify_duplicate_id", id=activity_id)
    relpath, start, vline, previous = rows[0]
    path = Path(index.root) / relpath
    if path.is_symlink() or not path.is_file():
        raise Refused("interchange.out_not_regular", path=str(path))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("interchange.verify_not_utf8", path=str(path)) from None
    lines = text.splitlines(keepends=True)
    # Without a `verified` key the index's line is the entry's own (the nearest line it knows).
    match = _VERIFIED_LINE.match(lines[vline - 1]) if vline and vline <= len(lines) else None
    if match:
        changed_line = vline
        lines[vline - 1] = f"{match['lead']}{day.isoformat()}{match['tail']}{match['end']}"
    elif previous is not None:
        raise Refused("interchange.verify_layout", path=str(path), line=vline)
    else:
        changed_line = _insert_verified(lines, start, day, path)
    new_text = "".join(lines)
    _check_only_verified_changed(text, new_text, activity_id, day, path)
    _replace_keeping_mode(path, new_text.encode("utf-8"))
    return {"id": activity_id, "file": str(path), "line": changed_line, "previous": previous,
            "verified": day.isoformat()}


def _insert_verified(lines: list[str], start: int, day: date, path: Path) -> int:
    """Add `verified:` after the entry's last line, at the column of its keys."""
    first = lines[start - 1]
    stripped = first.lstrip(" ")
    column = len(first) - len(stripped)
    if stripped.startswith("- "):
        rest = stripped[2:]
        column += 2 + (len(rest) - len(rest.lstrip(" ")))
    body = first[column:]
    if not body[:1].isalpha() and body[:1] not in ("'", '"'):
        raise Refused("interchange.verify_layout", path=str(path), line=start)
    last = start - 1  # index of the entry's last line with content
    for index in range(start, len(lines)):
        line = lines[index]
        content = line.strip()
        if not content:
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent < column or (indent == column and content.startswith("- ")):
            break
        if content.startswith("#") and indent <= column:
            continue  # a comment between keys belongs to no one; keep going
        last = index
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"  # the file's own line ends
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    lines.insert(last + 1, f"{' ' * column}verified: {day.isoformat()}{newline}")
    return last + 2


def _check_only_verified_changed(old: str, new: str, activity_id: str, day: date, path: Path) -> None:
    """Read both versions: the edit must have changed this entry's `verified` and nothing else."""
    from wor_cli import yamlfile

    try:
        before, _ = yamlfile.load(old, aliases=True)
        after, _ = yamlfile.load(new, aliases=True)
    except yamlfile.YamlProblem:
        raise Refused("interchange.verify_layout", path=str(path), line="?") from None
    entries_before = before if isinstance(before, list) else [before]
    entries_after = after if isinstance(after, list) else [after]
    if len(entries_before) != len(entries_after):
        raise Refused("interchange.verify_layout", path=str(path), line="?")
    for a, b in zip(entries_before, entries_after):
        if isinstance(a, dict) and a.get("id") == activity_id:
            expected = {**a, "verified": day}
            got = dict(b) if isinstance(b, dict) else b
            if isinstance(got, dict) and isinstance(got.get("verified"), str):
                got["verified"] = date.fromisoformat(got["verified"])
            if got != expected:
                raise Refused("interchange.verify_layout", path=str(path), line="?")
        elif a != b:
            raise Refused("interchange.verify_layout", path=str(path), line="?")


def _replace_keeping_mode(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode & 0o7777
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as e:
        Path(temporary).unlink(missing_ok=True)
        raise Refused("file.cannot_write", path=str(path), reason=e.strerror or str(e)) from None
