"""The import's fast paths give exactly what the plain ones give.

A spreadsheet column is read in one go where it can be (spreadsheet._COLUMN_READERS);
each cell on its own is the reference. The speed itself is a benchmark
(docs/catalogue.md, "Speed and limits"), not a test.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wor_cli.catalogue import forms, spreadsheet
from wor_cli.catalogue.imported import Imported

# Cells as people type them, and the characters that make a fast path decline (or that it must not miss).
TYPICAL = {
    "id": ["act-000001", "ACT-2", "wandelen-3", "a" * 100, "a" * 101, "x_y", "ünï", "İd", "act-1\nact-2"],
    "name": ["Wandelgroep De Stapper", "Koffie  ochtend", "Tab\there", "No\u00a0break", "Twee\nregels"],
    "description": ["Samen wandelen, elke week.", "Eerste regel\nTweede regel", "Windows\r\nregel",
                    "Veel   ruimte", "Zonder\u2028scheiding", "\u200bnul breedte"],
    "themes": ["bewegen", "bewegen; natuur", "Bewegen, Praktische hulp", "sport", "bewegen;;natuur", ";",
               "onbekend thema", "natuur; natuur"],
    "keywords": ["wandelen", "wandelen; koffie", "a;;b", "a;", "x, x", ";"],
    "languages": ["nl", "NL; en", "Nederlands", "klingon", "nl;;tr"],
    "accessibility": ["rolstoel", "ringleiding; rustige ruimte", "trap"],
    "postcode": ["2533 AB", "2533ab", "2533", "0533 AB", "2533 ab", "١٢٣٤ AB", "2533  AB", "2533\nAB", "2533 AB\n8232"],
    "lat": ["52.0590", "52,0590", "-90", "90.5", "91", "1e3", "nan", "52.", "٥٢.١", "5\n2", "52.1\n4.3"],
    "lon": ["4.31", "-180.0", "180.000000000001", "4.1234567890123", "abc"],
    "phone": ["070 123 4567", "\"070 1234567\"", "geen", "+31 70", "0"],
    "address": ["Kerkstraat 1", "Kerk  straat 2"],
}
ALPHABET = st.sampled_from(list("aAzZ09 -.,;\t\n\r\"\u00a0\u2028\u0661é"))


def same(found: Any, expected: Any) -> bool:
    if isinstance(expected, forms.Unreadable):
        return isinstance(found, forms.Unreadable) and (found.key, found.params) == (expected.key, expected.params)
    return type(found) is type(expected) and found == expected


@pytest.mark.parametrize("name", sorted(spreadsheet._COLUMN_READERS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_whole_column_reads_as_its_cells_one_by_one(name: str, data) -> None:
    typical = TYPICAL.get(name, ["Een tekst", "Nog  een", "regel\nerbij"])
    values = data.draw(st.sets(st.one_of(st.sampled_from(typical), st.text(ALPHABET, max_size=12)), max_size=8))
    reader = spreadsheet._Reader(Imported("test.csv", "csv"))
    whole = reader.read_distinct(name, set(values))
    assert set(whole) == set(values)
    for value in values:
        expected = reader.read_cell(name, value)
        assert same(whole[value], expected), (value, whole[value], expected)


@pytest.mark.parametrize("name", sorted(spreadsheet._COLUMN_READERS))
def test_a_column_of_typical_cells_is_read_in_one_go(name: str, monkeypatch) -> None:
    """The fast path is taken for cells as they usually are (else it would be a slow path with a test)."""
    ordinary = {
        "id": ["act-1", "act-2"], "postcode": ["2533 AB", "8232"], "lat": ["52.05", "-1"], "lon": ["4.3", "179"],
        "phone": ["070 123 4567"], "themes": ["bewegen; natuur"], "languages": ["nl; en"],
        "accessibility": ["rolstoel"], "keywords": ["a; b", "c"], "description": ["Samen wandelen."],
    }.get(name, ["Gewone tekst"])
    reader = spreadsheet._Reader(Imported("test.csv", "csv"))
    monkeypatch.setattr(reader, "read_cell", lambda *_: pytest.fail("read cell by cell"))
    reader.read_distinct(name, set(ordinary))
