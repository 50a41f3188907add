"""What an import read, whatever the source: activities, and what could not come along.

Every importer (spreadsheet, HSDS JSON, HSDS data package) fills one
`Imported`: activities already in the catalogue's shape (the keys of
catalogue-format.md, only those that have a value), each with where it came
from, plus every value it could not carry over. The YAML writer takes it from
there, so there is one writer whatever the source.

Malformed input is different from input we cannot use: a malformed row or
object is collected as a `Problem` (file, line or JSON path, field) and the
whole import stops with exit 2 before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path
from typing import Any

from wor_cli.errors import BadInput, InvalidInput, Problem
from wor_cli.validation import untyped_character

MAX_PROBLEMS = 50  # a broken file is not listed whole: the first ones say what to fix
_INDEX = re.compile(r"\[\d+\]")


class TooManyProblems(Exception):
    """Raised by `Imported.problem` once MAX_PROBLEMS are collected: stop reading."""


class Imported:
    def __init__(self, source_name: str, kind: str) -> None:
        # The file or folder name, never its full path; a name in bytes that are not UTF-8 (an old
        # Windows name on a stick) shown with U+FFFD, as it goes into messages and every file's header.
        self.source_name = source_name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        self.kind = kind  # csv | xlsx | hsds | datapackage
        self._digest = ""  # sha256 of the source bytes, for the note in each file
        self._hashing: tuple[Any, list[str], bytes] | None = None
        self.activities: list[dict[str, Any]] = []
        self.origins: list[str] = []  # where each activity came from: "regel 14", "[3]"
        self.generated: list[bool] = []  # True when the id was made here, not given by the source
        # A clean spreadsheet's entries as YAML already, (organisation, text) in source order
        # (spreadsheet_yaml.py); then `activities` stays empty.
        self.rendered: list[tuple[str | None, str]] | None = None
        self.problems: list[Problem] = []
        self.unmapped: dict[str, int] = {}  # taxonomy term -> services that had it
        self._skips: dict[tuple[str, str], dict[str, Any]] = {}

    # --- the source's fingerprint ---------------------------------------------------------------

    @property
    def digest(self) -> str:
        if self._hashing is not None:
            thread, found, raw = self._hashing
            thread.join()
            self._digest = found[0] if found else hashlib.sha256(raw).hexdigest()  # the thread failed: once more here
            self._hashing = None
        return self._digest

    @digest.setter
    def digest(self, value: str) -> None:
        self._digest, self._hashing = value, None

    def hash_source(self, raw: bytes) -> None:
        """The sha256 of `raw`, made on the side while the source is parsed.

        hashlib lets go of the interpreter lock on large buffers, so on a second
        core the hash of a 95 MB file costs no time at all (it is 0.1 s in line).
        """
        import threading

        found: list[str] = []
        thread = threading.Thread(target=lambda: found.append(hashlib.sha256(raw).hexdigest()), daemon=True)
        thread.start()
        self._hashing = (thread, found, raw)

    # --- what went wrong -----------------------------------------------------------------------

    def problem(self, field: str, key: str, *, line: int | None = None, **params: Any) -> None:
        self.problems.append(Problem(field, key, params, self.source_name, line))
        if len(self.problems) >= MAX_PROBLEMS:
            raise TooManyProblems

    def raise_problems(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)

    def skip(self, source: str, key: str, **params: Any) -> None:
        """A value not carried over. The same field and reason in many records is one entry, counted."""
        pattern = (_INDEX.sub("[]", source), key)
        found = self._skips.get(pattern)
        if found is None:
            self._skips[pattern] = {"source": source, "key": key, "params": params, "count": 1}
        else:
            found["count"] += 1

    def skipped(self) -> list[dict[str, Any]]:
        return list(self._skips.values())

    def unmapped_term(self, term: str) -> None:
        self.unmapped[term] = self.unmapped.get(term, 0) + 1

    # --- activities ----------------------------------------------------------------------------

    def add(self, activity: dict[str, Any], origin: str, *, generated_id: bool) -> None:
        self.activities.append(activity)
        self.origins.append(origin)
        self.generated.append(generated_id)

    def settle_ids(self) -> None:
        """Make generated ids unique, the same way on every import of the same source.

        A given id (a spreadsheet's `id` column, or the id `wor` exported) is kept
        as it is; two given ids that clash were already reported as a problem.
        A generated id that clashes gets a short hash of what the activity is,
        then a counter for true twins, always in source order.
        """
        taken = {a["id"] for a, made in zip(self.activities, self.generated) if not made}
        # Where each base's counting goes on: names only ever get taken, so a number once found
        # taken stays taken, and 50,000 identical rows cost 50,000 steps, not 50,000² (324 s).
        tried: dict[str, int] = {}
        for activity, made in zip(self.activities, self.generated):
            if not made:
                continue
            base = activity["id"]
            if base in taken:
                what = "|".join(str(activity.get(k) or "") for k in ("organization", "name", "description"))
                base = f"{base}-{hashlib.sha1(what.encode('utf-8')).hexdigest()[:6]}"
            number = tried.get(base, 1)
            candidate = base if number == 1 else f"{base}-{number}"
            while candidate in taken:
                number += 1
                candidate = f"{base}-{number}"
            tried[base] = number
            activity["id"] = candidate
            taken.add(candidate)

    def count(self) -> int:
        return len(self.rendered) if self.rendered is not None else len(self.activities)

    def nothing_found(self) -> None:
        if not self.count() and not self.problems:
            raise BadInput("interchange.no_activities", source=self.source_name)


def untyped_field(activity: dict[str, Any]) -> str | None:
    """The first field of `activity` whose text holds a character nobody types (validation.untyped_character).

    All its text is searched in one go; only when something is found is each field looked at.
    """
    texts: dict[str, list[str]] = {}
    for key, value in activity.items():
        texts[key] = found = []
        _texts_in(value, found)
    if not untyped_character("".join(text for found in texts.values() for text in found)):
        return None
    return next(key for key, found in texts.items() if any(map(untyped_character, found)))


def _texts_in(value: Any, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _texts_in(item, found)
    elif isinstance(value, list):
        for item in value:
            _texts_in(item, found)


def read_bounded(path: Path, limit: int) -> bytes:
    """A source file's bytes: a regular file (not /dev/zero, not a FIFO) of at most `limit` bytes."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise BadInput("interchange.not_a_file", source=path.name)
        if info.st_size > limit:
            raise BadInput("interchange.too_big", source=path.name, limit=limit // 1_000_000)
        with open(path, "rb") as f:
            data = f.read(limit + 1)  # the file may have grown since
    except OSError as e:
        raise BadInput("interchange.unreadable", source=path.name, reason=e.strerror or str(e)) from None
    if len(data) > limit:
        raise BadInput("interchange.too_big", source=path.name, limit=limit // 1_000_000)
    return data


def hashed_id(name: str, source_id: str) -> str:
    """An id from a name and the source's own id: readable, and stable while the source keeps its ids."""
    from wor_cli.catalogue.forms import slug

    stem = slug(name, 50) or "activiteit"
    return f"{stem}-{hashlib.sha1(source_id.encode('utf-8')).hexdigest()[:6]}"
