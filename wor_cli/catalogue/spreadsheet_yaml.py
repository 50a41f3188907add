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

import operator
from itertools import chain, compress, repeat
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


def render(lines: list[int], raw: dict[str, tuple], known: dict[str, dict], same,
           absent: object) -> list[tuple[str, str]] | None:
    """(organisation, entry text) per activity in source order, or None to decline.

    `lines`: each data row's line number; `raw`: column -> its cells as read;
    `known`: column -> {cell: what the reader made of it} (nothing unreadable);
    `same(row, first)`: whether row number `row` repeats what a second schedule line must repeat of
    row number `first`.
    """
    try:
        return _Sheet(lines, raw, known, same, absent).entries()
    except Declined:
        return None


class _Sheet:
    def __init__(self, lines, raw, known, same, absent) -> None:
        self.lines, self.raw, self.known, self.same, self.absent = lines, raw, known, same, absent
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
        known = self.known[column]
        cells, values = list(known), list(known.values())
        empty = list(map(operator.is_, values, repeat(self.absent)))  # at C speed, as the rest
        if True in empty:
            given = list(map(operator.not_, empty))
            lines = dict(zip(compress(cells, given), make(list(compress(values, given)))))
            lines.update(dict.fromkeys(compress(cells, empty), ""))
        else:
            lines = dict(zip(cells, make(values)))
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
        slots, schedules = self.slots()
        note = "{0}".join(part.replace("{", "{{").replace("}", "}}") for part in yaml_writer.entry_note().split("{origin}"))
        notes = list(map(f"{note}\n- id: ".format, self.lines))
        texts = list(map("".join, zip(notes, yaml_writer.scalars(ids), before, location, online, schedules, after)))
        organizations = self.values("organization")
        if len(set(ids)) == self.count:
            return list(zip(organizations, texts))
        # Second schedule lines: the same activity, more slots, in the entry of its first row.
        first = dict(zip(reversed(ids), range(self.count - 1, -1, -1)))  # id -> the row it first came in
        starts = sorted(first.values())
        merged: dict[int, list[tuple[dict[str, Any], str]]] = {}
        for number in sorted(set(range(self.count)).difference(starts)):
            at = first[ids[number]]
            if not slots[number] or not self.same(number, at):
                raise Declined
            known = merged.get(at)
            if known is None:
                known = merged[at] = list(slots[at])
            for slot in slots[number]:  # (slot, its lines): equal slots have equal lines
                if slot not in known:
                    known.append(slot)
        for at, known in merged.items():
            texts[at] = "".join((notes[at], scalar(ids[at]), before[at], location[at], online[at],
                                 _schedule(known), after[at]))
        return [(organizations[number], texts[number]) for number in starts]

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
            if list(map(operator.is_, lat, repeat(absent))) != list(map(operator.is_, lon, repeat(absent))):
                raise Declined  # a latitude without longitude, or the other way round
        parts = [self.fragments(column, _inner(inner)) for column, inner in columns]
        header = f"\n  {key}:"
        joined = list(map("".join, zip(*parts)))
        if all(joined):
            return list(map(header.__add__, joined))
        return [header + text if text else "" for text in joined]

    def slots(self) -> tuple[list[list[tuple[dict[str, Any], str]]], list[str]]:
        """Each row's schedule slots (each with its YAML lines) and its schedule's YAML, made once per
        distinct (day, start, end, frequency)."""
        absent = self.absent
        columns = ("day", "start", "end", "frequency")
        keys = list(zip(*map(self.raw_or_empty, columns)))
        made: dict[tuple, list[tuple[dict[str, Any], str]]] = {}
        for cells in set(keys):
            day, start, end, frequency = (None if v is absent else v for v in map(self.value_of, columns, cells))
            if not day:
                if start or end or frequency:
                    raise Declined  # a time without a day
                made[cells] = []
                continue
            if start and end and start >= end:
                raise Declined  # it ends before it starts
            slot = {"start": start, "end": end, "frequency": frequency or "weekly"}
            slots = [{"day": d, **{k: v for k, v in slot.items() if v is not None}} for d in day]
            made[cells] = [(slot, yaml_writer.slot_lines(slot)) for slot in slots]
        texts = {cells: _schedule(slots) for cells, slots in made.items()}
        return list(map(made.__getitem__, keys)), list(map(texts.__getitem__, keys))

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


def _schedule(slots: list[tuple[dict[str, Any], str]]) -> str:
    return "\n  schedule:" + "".join("\n" + lines for _, lines in slots) if slots else ""


def _each(make):
    return lambda values: list(map(make, values))


def _line(key: str, *, skip_empty: bool = False):
    """How a top-level key's values are written: a flow list for the lists, a scalar otherwise."""
    if key in _LISTS:
        prefix = f"\n  {key}: ["

        def make(values: list[list[str]]) -> list[str]:
            words = list(set(chain.from_iterable(values)))  # each distinct word of the column quoted once
            quoted = dict(zip(words, yaml_writer.scalars(words))).__getitem__
            # An empty accessibility or languages cell is left out, an empty keywords one is not.
            return ["" if skip_empty and not value else f"{prefix}{', '.join(map(quoted, value))}]" for value in values]
        return make
    return _scalars_after(f"\n  {key}: ")


def _inner(key: str):
    return _scalars_after(f"\n    {key}: ")


def _scalars_after(prefix: str):
    return lambda values: list(map(prefix.__add__, yaml_writer.scalars(values)))
