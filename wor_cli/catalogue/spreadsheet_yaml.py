"""A clean spreadsheet straight to catalogue YAML, column by column, without a dict per row.

`spreadsheet._Reader` reads each distinct cell of a column once; for a sheet
in which every cell could be read, this turns each distinct cell into its
YAML line once as well, and makes an entry by joining its row's lines (C
speed: `map("".join, zip(...))`). The result is the text
`yaml_writer.activity_yaml` writes for the activities the row-by-row reader
would make: tests/test_catalogue_import_speed.py compares the two on the
same sheets.

It declines (returns None) at the first thing that is not plain: a missing
required cell, a latitude without longitude, a slot that ends before it
starts, a cost note without an amount, a second schedule line that differs in
more than its slot, ids it would have to make unique. The row-by-row reader
then does the work and says what is wrong, with FILE:LINE.
"""

from __future__ import annotations

from typing import Any

from wor_cli.catalogue import forms, yaml_writer
from wor_cli.catalogue.yaml_writer import scalar

# The keys of an entry before and after its schedule, in the writer's order (KEY_ORDER).
_BEFORE = ("name", "description", "themes", "keywords", "organization")
_LISTS = ("themes", "keywords", "accessibility", "languages")
_LOCATION = (("location_name", "name"), ("address", "address"), ("postcode", "postcode"), ("city", "city"),
             ("lat", "lat"), ("lon", "lon"))
_CONTACT = (("contact_name", "name"), ("phone", "phone"), ("email", "email"), ("url", "url"))


class Declined(Exception):
    """Not a plain sheet: the row-by-row reader takes over."""


def render(lines: list[int], raw: dict[str, tuple], known: dict[str, dict], compared,
           absent: object) -> list[tuple[str, str]] | None:
    """(organisation, entry text) per activity in source order, or None to decline.

    `lines`: each data row's line number; `raw`: column -> its cells as read;
    `known`: column -> {cell: what the reader made of it} (nothing unreadable);
    `compared(row)`: the row's cells that a second schedule line must repeat.
    """
    try:
        return _Sheet(lines, raw, known, compared, absent).entries()
    except Declined:
        return None


class _Sheet:
    def __init__(self, lines, raw, known, compared, absent) -> None:
        self.lines, self.raw, self.known, self.compared, self.absent = lines, raw, known, compared, absent
        self.count = len(lines)

    def values(self, column: str) -> list[Any]:
        """The column's values, `absent` for an empty cell or a column the sheet does not have."""
        if column not in self.raw:
            return [self.absent] * self.count
        return list(map(self.known[column].__getitem__, self.raw[column]))

    def fragments(self, column: str, make) -> list[str]:
        """The column's YAML line per row, each distinct cell made once; "" where the cell is empty.

        `make` takes the column's distinct values and gives their lines."""
        if column not in self.raw:
            return [""] * self.count
        absent = self.absent
        given = [(cell, value) for cell, value in self.known[column].items() if value is not absent]
        lines = dict(zip((cell for cell, _ in given), make([value for _, value in given])))
        lines.update((cell, "") for cell, value in self.known[column].items() if value is absent)
        return list(map(lines.__getitem__, self.raw[column]))

    def entries(self) -> list[tuple[str, str]]:
        if not self.count:
            raise Declined
        absent = self.absent
        for column in ("name", "description", "organization", "themes"):
            if column not in self.raw or any(value is absent for value in self.known[column].values()):
                raise Declined  # a required cell is empty: the row-by-row reader says where
        ids = self.ids()
        parts = [self.fragments(key, _line(key)) for key in _BEFORE]
        before = list(map("".join, zip(*parts)))
        location = self.block("location", _LOCATION)
        online = self.fragments("online", lambda values: ["\n  online: true" if v else "" for v in values])
        after = list(map("".join, zip(self.costs(), self.eligibility(),
                                      self.fragments("accessibility", _line("accessibility", skip_empty=True)),
                                      self.fragments("languages", _line("languages", skip_empty=True)),
                                      self.block("contact", _CONTACT),
                                      self.fragments("verified", _each(lambda v: f"\n  verified: {v}")))))
        slots = self.slots()
        organizations = self.values("organization")
        note = yaml_writer.entry_note()
        first: dict[str, int] = {}  # id -> the row its activity came from
        order: list[int] = []
        schedules: list[list[dict[str, Any]]] = []
        for number, activity_id in enumerate(ids):
            at = first.get(activity_id)
            if at is None:
                first[activity_id] = len(order)
                order.append(number)
                schedules.append(list(slots[number]))
                continue
            # A second schedule line: the same activity, one more slot.
            if self.compared(number) != self.compared(order[at]) or not slots[number]:
                raise Declined
            known_slots = schedules[at]
            for slot in slots[number]:
                if slot not in known_slots:
                    known_slots.append(slot)
        found = []
        for at, number in enumerate(order):
            schedule = schedules[at]
            text = "".join((
                note.replace("{origin}", str(self.lines[number])), "\n- id: ", scalar(ids[number]), before[number],
                location[number], online[number],
                "\n  schedule:" + "".join("\n" + yaml_writer.slot_lines(slot) for slot in schedule) if schedule else "",
                after[number],
            ))
            found.append((organizations[number], text))
        return found

    def ids(self) -> list[str]:
        """Each row's id: given, or made from the name when that needs no making unique."""
        given = self.values("id")
        if self.absent not in given:
            return given
        made = [forms.slug(name, 60) or "activiteit" for name, id_ in zip(self.values("name"), given)
                if id_ is self.absent]
        taken = {id_ for id_ in given if id_ is not self.absent}
        if len(set(made)) != len(made) or taken & set(made):
            raise Declined  # Imported.settle_ids makes them unique
        made_ids = iter(made)
        return [next(made_ids) if id_ is self.absent else id_ for id_ in given]

    def block(self, key: str, columns: tuple[tuple[str, str], ...]) -> list[str]:
        """A nested mapping (location, contact): its header where any of its cells has a value."""
        if key == "location":
            lat, lon = self.values("lat"), self.values("lon")
            absent = self.absent
            if any((a is absent) != (b is absent) for a, b in zip(lat, lon)):
                raise Declined  # a latitude without longitude, or the other way round
        parts = [self.fragments(column, _inner(inner)) for column, inner in columns]
        header = f"\n  {key}:"
        joined = list(map("".join, zip(*parts)))
        if all(joined):
            return list(map(header.__add__, joined))
        return [header + text if text else "" for text in joined]

    def slots(self) -> list[list[dict[str, Any]]]:
        """Each row's schedule slots, made once per distinct (day, start, end, frequency)."""
        absent = self.absent
        made: dict[tuple, list[dict[str, Any]]] = {}
        found = []
        columns = ("day", "start", "end", "frequency")
        for cells in zip(*map(self.raw_or_empty, columns)):
            slots = made.get(cells)
            if slots is None:
                day, start, end, frequency = (None if v is absent else v for v in map(self.value_of, columns, cells))
                if not day:
                    if start or end or frequency:
                        raise Declined  # a time without a day
                    slots = []
                else:
                    if start and end and start >= end:
                        raise Declined  # it ends before it starts
                    slot = {"start": start, "end": end, "frequency": frequency or "weekly"}
                    slots = [{"day": d, **{k: v for k, v in slot.items() if v is not None}} for d in day]
                made[cells] = slots
            found.append(slots)
        return found

    def costs(self) -> list[str]:
        absent = self.absent
        made: dict[tuple, str] = {}
        found = []
        for cells in zip(self.raw_or_empty("cost_amount"), self.raw_or_empty("cost_per"),
                         self.raw_or_empty("cost_note")):
            text = made.get(cells)
            if text is None:
                amount_value, per, note = map(self.value_of, ("cost_amount", "cost_per", "cost_note"), cells)
                if amount_value is absent:
                    if per is not absent or note is not absent:
                        raise Declined  # a cost without an amount
                    text = ""
                else:
                    amount, per_in_amount = amount_value
                    per = None if per is absent else per
                    if per is None and per_in_amount:
                        try:
                            per = forms.period(per_in_amount)
                        except forms.Unreadable:
                            raise Declined from None
                    cost = {"amount": amount, "per": per or "session",
                            **({"note": note} if note is not absent and note else {})}
                    text = "\n  cost:\n" + yaml_writer.mapping_lines("cost", cost)
                made[cells] = text
            found.append(text)
        return found

    def eligibility(self) -> list[str]:
        absent = self.absent
        made: dict[tuple, str] = {}
        found = []
        for cells in zip(self.raw_or_empty("min_age"), self.raw_or_empty("max_age"),
                         self.raw_or_empty("eligibility_note")):
            text = made.get(cells)
            if text is None:
                low, high, who = (None if v is absent else v for v in
                                  map(self.value_of, ("min_age", "max_age", "eligibility_note"), cells))
                if low is not None and high is not None and low > high:
                    raise Declined  # the ages the wrong way round
                if low is None and high is None and who is None:
                    text = ""
                else:
                    limits = {k: v for k, v in (("min_age", low), ("max_age", high), ("note", who)) if v is not None}
                    text = "\n  eligibility:\n" + yaml_writer.mapping_lines("eligibility", limits)
                made[cells] = text
            found.append(text)
        return found

    def raw_or_empty(self, column: str) -> tuple:
        return self.raw[column] if column in self.raw else (None,) * self.count

    def value_of(self, column: str, cell: Any) -> Any:
        return self.known[column][cell] if column in self.raw else self.absent


def _each(make):
    return lambda values: list(map(make, values))


def _line(key: str, *, skip_empty: bool = False):
    """How a top-level key's values are written: a flow list for the lists, a scalar otherwise."""
    if key in _LISTS:
        def make(value: list[str]) -> str:
            if skip_empty and not value:
                return ""  # an empty accessibility or languages cell is left out, an empty keywords one is not
            return f"\n  {key}: [{', '.join(map(scalar, value))}]"
        return _each(make)
    return _scalars_after(f"\n  {key}: ")


def _inner(key: str):
    return _scalars_after(f"\n    {key}: ")


def _scalars_after(prefix: str):
    return lambda values: list(map(prefix.__add__, yaml_writer.scalars(values)))
