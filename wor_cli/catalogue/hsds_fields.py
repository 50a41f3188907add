"""Reading one field of an HSDS object, by the type HSDS gives it.

A wrong type (a list where text belongs, text where a list of objects belongs) is malformed
input: a problem with its JSON path, or FILE:LINE and the column for a data package row. An
absent or empty value is just absent. A value in a form the catalogue cannot take is reported
as skipped, with its path and the reason; so are the fields nobody reads. `hsds_service.py`
maps a service to an activity with these (`hsds_schedules.py` its schedules, `hsds_terms.py`
its taxonomy terms).
"""

from __future__ import annotations

import re
from typing import Any

from wor_cli.catalogue import forms
from wor_cli.catalogue.imported import MAX_PROBLEMS, Imported, TooManyProblems
from wor_cli.errors import Problem

_UNSEEN = object()
_NUMBERS = tuple(f"[{index}]" for index in range(100))
_DICT_ONLY = {dict}


def child_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class FieldReader:
    """The fields of the objects of one source, each read as its type; a value in a form is read once."""

    def __init__(self, imported: Imported) -> None:
        self.imported = imported
        self.where: Any = None  # (file, line) for a data package row, else None
        self.seen: dict[tuple, Any] = {}

    # a wrong type is malformed input, an absent or empty value is just absent

    def problem(self, path: str, key: str, **params: Any) -> None:
        if self.where is not None:  # a data package row: FILE:LINE, and the column
            file, line = self.where
            column = re.sub(r"^\w+\.csv\[\d+\]\.?", "", path)
            self.imported.problems.append(Problem(column, key, params, file, line))
            if len(self.imported.problems) >= MAX_PROBLEMS:
                raise TooManyProblems
        else:
            self.imported.problem(path, key, **params)

    def text(self, node: dict, key: str, path: str) -> str | None:
        value = node.get(key)
        if type(value) is str:  # the common case first: this runs a million times for 20,000 services
            return value.strip() or None
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem(child_path(path, key), "interchange.hsds_not_text")
            return None
        return value.strip() or None

    def objects(self, node: dict, key: str, path: str) -> list[tuple[str, dict]]:
        value = node.get(key)
        if value is None:  # the common cases first: this runs 280,000 times for 20,000 services
            return []
        if type(value) is list and value:
            count = len(value)
            if type(value[0]) is dict if count == 1 else set(map(type, value)) == _DICT_ONLY:  # C-level
                base = f"{path}.{key}" if path else key
                if count == 1:
                    return [(base + "[0]", value[0])]
                if count <= len(_NUMBERS):  # "[0]", "[1]", ... made once: a join, not a format, per item
                    return list(zip(map(base.__add__, _NUMBERS[:count]), value))
                numbered = base.replace("%", "%%") + "[%d]"  # a table may be called "100%.csv"
                return list(zip(map(numbered.__mod__, range(count)), value))
        if not value:
            if value == "" or value == []:
                return []
        if not isinstance(value, list):
            self.problem(child_path(path, key), "interchange.hsds_not_list")
            return []
        found = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.problem(child_path(path, key) + f"[{index}]", "interchange.hsds_not_object")
            else:
                found.append((child_path(path, key) + f"[{index}]", item))
        return found

    def obj(self, node: dict, key: str, path: str) -> dict | None:
        value = node.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, dict):
            self.problem(child_path(path, key), "interchange.hsds_not_object")
            return None
        return value

    def leftovers(self, node: dict, path: str, used: frozenset[str]) -> None:
        if node.keys() <= used:  # most objects have nothing left over: no set made to say so
            return
        for key in node:  # in the file's order (a set's order changes from run to run)
            if key not in used and node[key] not in (None, "", [], {}):
                self.imported.skip(child_path(path, key), "interchange.skip_field")

    def parse(self, path: str, field: str, parse, value: Any, *args: Any) -> Any:
        """`field` of the object at `path` through a form; one that does not fit is skipped with
        the reason, under the path joined only then.

        Directories repeat their times, days and dates: each distinct value is read once.
        """
        key = (parse, value, args)
        try:
            found = self.seen.get(key, _UNSEEN)
        except TypeError:  # an unhashable value: read it, it will not fit anyway
            found = _UNSEEN
        if found is _UNSEEN:
            try:
                found = parse(value, *args)
            except forms.Unreadable as e:
                found = e
            if len(self.seen) < 100_000:
                try:
                    self.seen[key] = found
                except TypeError:
                    pass
        if type(found) is forms.Unreadable:
            self.imported.skip(child_path(path, field), found.key, **found.params)
            return None
        return found
