"""A catalogue spreadsheet read into activities: one activity per row, the columns of cli.md
(`sheet_columns.py` names them and reads their cells).

Reading: the rows of a `.csv` or `.xlsx` sheet (`sheets.py`: encodings,
separators, workbooks) to activities, column by column. A second schedule line repeats the
`id` with another `day`/`start`/`end`. Every bad cell is a problem with
FILE:LINE and the column; the import stops before anything is written.

Writing the same columns back (`wor catalogue export --format csv`) is
`spreadsheet_export.py`.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wor_cli.catalogue import forms, sheets, word_tables
from wor_cli.catalogue.imported import Imported, TooManyProblems, read_bounded
from wor_cli.catalogue.sheet_columns import COLUMN_READERS, OPTIONAL, READERS, REQUIRED, SCHEDULE_COLUMNS
from wor_cli.catalogue.sheets import MAX_ROWS
from wor_cli.errors import BadInput
from wor_cli.cells import from_cell
from wor_cli.i18n import plural
from wor_cli.validation import untyped_character

MAX_BYTES = 50_000_000  # a catalogue of 100,000 activities is well under this


# --- reading -------------------------------------------------------------------------------------


def read(path: Path, kind: str, *, fast: bool = True) -> Imported:
    imported = Imported(path.name, kind)
    raw = read_bounded(path, MAX_BYTES)
    imported.hash_source(raw)
    reader = _Reader(imported, fast=fast)
    try:
        if kind == "csv":
            text = sheets.csv_text(raw, imported)
            table = sheets.csv_table(text)
            if table is not None:
                del text  # the rows hold it all now; the sheet is read without a second copy
                reader.read_table(table)
            else:
                reader.read(sheets.csv_rows(text, imported))
        else:
            reader.read(sheets.xlsx_rows(raw, imported))
    except TooManyProblems:
        pass
    imported.raise_problems()
    imported.nothing_found()
    imported.settle_ids()
    return imported


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _blank(row: list[Any]) -> bool:
    """Every cell empty; a row of text (every csv row) is looked at in one go."""
    try:
        return not "".join(row).strip()
    except TypeError:  # a workbook's numbers, dates and empty cells
        return all(_empty(v) for v in row)


class _Reader:
    """Rows to activities, column by column, every problem with its line and column."""

    def __init__(self, imported: Imported, *, fast: bool = True) -> None:
        self.imported = imported
        self.fast = fast  # a clean sheet straight to YAML (spreadsheet_yaml.py); False: row by row, always
        self.columns: dict[str, int] = {}
        self.by_id: dict[str, tuple[int, dict[str, Any], list[Any]]] = {}  # id -> (line, activity, row)

    def read(self, rows: Iterable[tuple[int, list[Any]]]) -> None:
        header_seen = False
        data: list[tuple[int, list[Any]]] = []
        for count, (line, row) in enumerate(rows):
            if count > MAX_ROWS:
                raise BadInput("interchange.too_many_rows", source=self.imported.source_name, limit=MAX_ROWS)
            if not header_seen:
                if all(_empty(v) for v in row):
                    continue
                self.header(line, row)
                header_seen = True
                continue
            if _blank(row):
                continue
            if len(row) > len(self.width) and any(not _empty(v) for v in row[len(self.width):]):
                self.imported.problem("", plural("interchange.too_many_cells", len(self.width)), line=line, cells=len(row),
                                      columns=len(self.width))
                continue
            data.append((line, row))
        if not header_seen:
            raise BadInput("interchange.no_header", source=self.imported.source_name)
        self.convert([line for line, _ in data], [row for _, row in data])

    def read_table(self, rows: list[list[str]]) -> None:
        """`read` for a csv sheet whose row i is line i + 1 and has at most MAX_ROWS rows: the
        same checks, a whole list at a time."""
        start = next((i for i, row in enumerate(rows) if "".join(row).strip()), None)
        if start is None:
            raise BadInput("interchange.no_header", source=self.imported.source_name)
        self.header(start + 1, rows[start])
        width = len(self.width)
        data = rows[start + 1:]
        first_line = start + 2
        # A row whose first cell has text is not blank: the join is needed only for the others.
        left_out = [i for i, row in enumerate(data)
                    if not (row and row[0] and not row[0].isspace()) and not "".join(row).strip()]
        if max(map(len, data), default=0) > width:
            blank = set(left_out)
            for i, row in enumerate(data):
                if len(row) > width and i not in blank and any(not _empty(v) for v in row[width:]):
                    self.imported.problem("", plural("interchange.too_many_cells", width), line=first_line + i,
                                          cells=len(row), columns=width)
                    left_out.append(i)
        lines = list(range(first_line, first_line + len(data)))
        if left_out:
            kept = set(range(len(data))).difference(left_out)
            lines = [lines[i] for i in sorted(kept)]
            data = [data[i] for i in sorted(kept)]
        self.convert(lines, data)

    def header(self, line: int, row: list[Any]) -> None:
        self.width = row
        for index, cell in enumerate(row):
            name = str(cell or "").strip().lstrip("\ufeff").strip().lower().replace(" ", "_")
            if not name:
                continue
            name = word_tables.tables()["columns"].get(forms.fold(name), name)  # "Naam", "Beschrijving", ...
            if name in self.columns:
                self.imported.problem(name, "interchange.column_twice", line=line)
            elif name in REQUIRED or name in OPTIONAL:
                self.columns[name] = index
            else:
                self.imported.skip(str(cell), "interchange.skip_column")
        missing = [name for name in REQUIRED if name not in self.columns]
        if missing:
            for name in missing:
                self.imported.problem(name, "interchange.column_missing", line=line)
            raise TooManyProblems  # without its columns no row can be read

    def cell(self, row: list[Any], name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return None
        value = row[index]
        if isinstance(value, str):
            return from_cell(value.strip()) or None
        return value

    def convert(self, lines: list[int], data: list[list[Any]]) -> None:
        """Read the cells column by column, then build the activities row by row.

        A spreadsheet repeats its days, times, themes, towns and prices on
        every row: each distinct cell of a column is read once and the column
        is filled from that, at the speed of a dictionary lookup. Only the
        rows with a problem are looked at cell by cell again, for the message.
        """
        width = len(self.width)
        if min(map(len, data), default=width) >= width:
            padded = data
        else:
            padded = [row if len(row) >= width else [*row, *([None] * (width - len(row)))] for row in data]
        transposed = list(zip(*padded)) if padded else [()] * width
        knowns = {name: self.read_distinct(name, set(transposed[index])) for name, index in self.columns.items()}
        self.compared = [index for name, index in self.columns.items() if name not in SCHEDULE_COLUMNS and name != "id"]
        if self.fast and not any(forms.Unreadable in set(map(type, known.values())) for known in knowns.values()):
            from wor_cli.catalogue import spreadsheet_yaml

            rendered = spreadsheet_yaml.render(
                lines, {name: transposed[index] for name, index in self.columns.items()},
                knowns, self.same_repeated(padded), _ABSENT)
            if rendered is not None:
                self.imported.rendered = rendered
                return
        names: list[str] = []
        columns: list[list[Any]] = []
        troubled: set[int] = set()
        for name, index in self.columns.items():
            raw = transposed[index]
            known = knowns[name]
            column = list(map(known.__getitem__, raw))
            if any(type(v) is forms.Unreadable for v in known.values()):
                troubled.update(i for i, v in enumerate(column) if type(v) is forms.Unreadable)
            names.append(name)
            columns.append(column)
        for number, (line, row, values) in enumerate(zip(lines, data, zip(*columns))):
            cells = {n: v for n, v in zip(names, values) if v is not _ABSENT}
            if number in troubled:
                for name, value in list(cells.items()):
                    if type(value) is forms.Unreadable:
                        self.imported.problem(name, value.key, line=line, **value.params)
                        del cells[name]
            self.row(line, row, cells)

    def same_repeated(self, rows: list[list[Any]]):
        """same(a, b): whether rows a and b agree in what a second schedule line repeats. Cells
        alike as they stand are alike stripped, so `_stripped` is made only where they are not."""
        compared = self.compared
        if not compared:
            return lambda a, b: True
        cells = operator.itemgetter(*compared)
        return lambda a, b: (cells(rows[a]) == cells(rows[b])
                             or _stripped(rows[a], compared) == _stripped(rows[b], compared))

    def read_distinct(self, name: str, distinct: set[Any]) -> dict[Any, Any]:
        """Each distinct cell of a column -> what `read_cell` makes of it.

        A column of text cells with a reader in `COLUMN_READERS` is read in one
        go (a single regular expression over all its values, C-level `map`s);
        where that reader declines, or the cells are not all text (a workbook),
        each cell is read on its own.
        """
        whole = COLUMN_READERS.get(name)
        if whole is None or not set(map(type, distinct)) <= _TEXT_ONLY:
            return {value: self.read_cell(name, value) for value in distinct}
        known: dict[Any, Any] = {}
        given = list(distinct)
        stripped = list(map(str.strip, given))
        if "\n'" in "\n" + "\n".join(stripped):  # a cell wor's own export kept from being a formula
            stripped = list(map(from_cell, stripped))
        if (not all(stripped) or max(map(len, stripped), default=0) > forms.MAX_CELL  # empty, too long or
                or untyped_character("".join(stripped))):  # with a character nobody types: read_cell says
            known = {value: self.read_cell(name, value) for value, text in zip(given, stripped)
                     if not text or len(text) > forms.MAX_CELL or untyped_character(text)}
            kept = [(value, text) for value, text in zip(given, stripped) if value not in known]
            given, stripped = [value for value, _ in kept], [text for _, text in kept]
        found = whole(stripped) if stripped else []
        if found is None:
            found = [self.read_cell(name, value) for value in given]
        known.update(zip(given, found))
        return known

    def read_cell(self, name: str, value: Any) -> Any:
        """One distinct cell: its value, _ABSENT when empty, or the Unreadable that says why not."""
        if value is None:
            return _ABSENT
        if type(value) is str:
            value = from_cell(value.strip())
            if not value:
                return _ABSENT
            if len(value) > forms.MAX_CELL:
                return forms.Unreadable("interchange.cell_too_long", limit=forms.MAX_CELL)
            if untyped_character(value):  # it would reach terminals, letters and the card
                return forms.Unreadable("interchange.untyped_character")
        try:
            return READERS[name](value)
        except forms.Unreadable as e:
            return e

    def row(self, line: int, row: list[Any], cells: dict[str, Any]) -> None:
        problems_before = len(self.imported.problems)
        get = cells.get
        given_id = get("id")
        slots = self.schedule(line, cells)
        if given_id is not None and given_id in self.by_id:
            self.repeat(line, row, given_id, slots)
            return
        for column in ("name", "description", "organization", "themes"):
            if column not in cells and self.cell(row, column) is None:
                self.imported.problem(column, "interchange.cell_required", line=line)
        name = get("name")
        activity: dict[str, Any] = {
            "id": given_id or forms.slug(name or "", 60) or "activiteit",
            "name": name, "description": get("description"), "themes": get("themes"),
        }
        if "keywords" in cells:
            activity["keywords"] = cells["keywords"]
        activity["organization"] = get("organization")
        location = {key: cells[column] for column, key in _LOCATION if column in cells}
        if ("lat" in cells) != ("lon" in cells):  # an unreadable one was reported already
            lat_given, lon_given = self.cell(row, "lat") is not None, self.cell(row, "lon") is not None
            if lat_given != lon_given:
                self.imported.problem("lon" if lat_given else "lat", "interchange.lat_lon_together", line=line)
        if location:
            activity["location"] = location
        if get("online"):
            activity["online"] = True
        if slots:
            activity["schedule"] = slots
        per = get("cost_per")
        note = get("cost_note")
        if "cost_amount" in cells:
            amount, per_in_amount = cells["cost_amount"]
            if per is None and per_in_amount:
                try:
                    per = forms.period(per_in_amount)
                except forms.Unreadable as e:
                    self.imported.problem("cost_amount", e.key, line=line, **e.params)
            activity["cost"] = {"amount": amount, "per": per or "session", **({"note": note} if note else {})}
        elif per is not None or note is not None:
            self.imported.problem("cost_amount", "interchange.cost_without_amount", line=line)
        low, high, who = get("min_age"), get("max_age"), get("eligibility_note")
        if low is not None and high is not None and low > high:
            self.imported.problem("max_age", "interchange.ages_reversed", line=line, low=low, high=high)
        if low is not None or high is not None or who is not None:
            activity["eligibility"] = {k: v for k, v in (("min_age", low), ("max_age", high), ("note", who))
                                       if v is not None}
        for column in ("accessibility", "languages"):
            if cells.get(column):
                activity[column] = cells[column]
        contact = {key: cells[column] for column, key in _CONTACT if column in cells}
        if contact:
            activity["contact"] = contact
        if "verified" in cells:
            activity["verified"] = cells["verified"]
        if len(self.imported.problems) > problems_before:
            return
        clean = {k: v for k, v in activity.items() if v is not None}
        if given_id is not None:
            self.by_id[given_id] = (line, clean, row)
        self.imported.add(clean, f"{line}", generated_id=given_id is None)

    def schedule(self, line: int, cells: dict[str, Any]) -> list[dict[str, Any]]:
        day_cell = cells.get("day")
        start, end, frequency = cells.get("start"), cells.get("end"), cells.get("frequency")
        if not day_cell:
            if start or end or frequency:
                self.imported.problem("day", "interchange.day_missing", line=line)
            return []
        if start and end and start >= end:
            self.imported.problem("end", "interchange.end_before_start", line=line, start=start, end=end)
        slot = {"start": start, "end": end, "frequency": frequency or "weekly"}
        return [{"day": d, **{k: v for k, v in slot.items() if v is not None}} for d in day_cell]

    def repeat(self, line: int, row: list[Any], given_id: str, slots: list[dict[str, Any]]) -> None:
        """A second schedule line: only day/start/end/frequency may differ from the first row."""
        first_line, activity, first_row = self.by_id[given_id]
        if _stripped(row, self.compared) != _stripped(first_row, self.compared):
            for name in self.columns:
                if name in SCHEDULE_COLUMNS or name == "id":
                    continue
                value = self.cell(row, name)
                if value is not None and value != self.cell(first_row, name):
                    self.imported.problem(name, "interchange.repeat_differs", line=line, id=given_id,
                                          first=first_line)
                    return
        if not slots:
            self.imported.problem("day", "interchange.repeat_without_day", line=line, id=given_id, first=first_line)
            return
        known = activity.setdefault("schedule", [])
        known.extend(slot for slot in slots if slot not in known)


def _stripped(row: list[Any], indexes: list[int]) -> list[Any]:
    """The cells at `indexes` as compared: stripped, and empty as None (an empty cell repeats nothing)."""
    width = len(row)
    return [None if i >= width else (row[i].strip() or None) if type(row[i]) is str else row[i] for i in indexes]


_ABSENT = object()  # an empty cell
_TEXT_ONLY = {str}
_LOCATION = (("location_name", "name"), ("address", "address"), ("postcode", "postcode"), ("city", "city"),
             ("lat", "lat"), ("lon", "lon"))
_CONTACT = (("contact_name", "name"), ("phone", "phone"), ("email", "email"), ("url", "url"))
