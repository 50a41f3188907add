"""The import's fast paths give exactly what the plain ones give.

A spreadsheet column is read in one go where it can be (sheet_columns.COLUMN_READERS);
each cell on its own is the reference. The speed itself is a benchmark
(docs/catalogue.md, "Speed and limits"), not a test.
"""

from __future__ import annotations

import csv
import io

from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from wor_cli.catalogue import forms, sheet_columns, sheets, spreadsheet
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


@pytest.mark.parametrize("name", sorted(sheet_columns.COLUMN_READERS))
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


@pytest.mark.parametrize("name", sorted(sheet_columns.COLUMN_READERS))
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


# --- a clean sheet straight to YAML (spreadsheet_yaml.py) against row by row ---------------------

COLUMN_POOL = ["id", "keywords", "day", "start", "end", "frequency", "location_name", "address", "postcode",
               "city", "lat", "lon", "online", "cost_amount", "cost_per", "cost_note", "min_age", "max_age",
               "eligibility_note", "languages", "accessibility", "contact_name", "phone", "email", "url", "verified"]
CELLS = {
    "id": ["act-1", "act-2", "act-3", "", "Wandelen-Zuid"],
    "name": ["Wandelen", "Koffie-ochtend", "Wandelen", "Zang  koor", "", "Café Één"],
    "organization": ["Welzijn Zuid", "Buurtwerk", "", "Stichting \"Samen\""],
    "description": ["Samen wandelen.", "Koffie, thee\nen een praatje", "", "Zingen met: iedereen"],
    "themes": ["bewegen", "bewegen; natuur", "zingen-is-geen-thema", "", "praktische hulp"],
    "keywords": ["", "wandelen; koffie", ";", "a, a"],
    "day": ["", "di", "ma en do", "zondag", "blauw"],
    "start": ["", "10.00", "14:00", "25:00"], "end": ["", "12:00", "11.00", "13u"],
    "frequency": ["", "om de week", "maandelijks", "soms"],
    "location_name": ["", "Buurthuis"], "address": ["", "Kerkstraat 1"], "postcode": ["", "2533 AB", "2533ab", "x"],
    "city": ["", "Den Haag"], "lat": ["", "52.07", "52,07", "99"], "lon": ["", "4.3", "x"],
    "online": ["", "ja", "nee", "misschien"],
    "cost_amount": ["", "gratis", "€ 2,50", "3 per maand", "duur"], "cost_per": ["", "per keer", "jaar", "ooit"],
    "cost_note": ["", "met pas gratis"], "min_age": ["", "18", "65+", "200"], "max_age": ["", "99", "12"],
    "eligibility_note": ["", "alleen Zuid"], "languages": ["", "nl", "nl; en", "klingon"],
    "accessibility": ["", "rolstoel", "trap"], "contact_name": ["", "Anna"], "phone": ["", "070 123 4567", "geen"],
    "email": ["", "a@b.nl", "kapot"], "url": ["", "www.example.nl", "ftp://x"], "verified": ["", "1-9-2026", "gisteren"],
}


def both_ways(path):
    """What the import makes of `path` with and without the straight-to-YAML path: files and skipped, or the error."""
    from wor_cli.catalogue import yaml_writer
    from wor_cli.errors import InvalidInput, WorError

    found = []
    for fast in (True, False):
        try:
            imported = spreadsheet.read(path, "csv", fast=fast)
        except InvalidInput as e:
            found.append(("problems", [(p.field, p.key, p.params, p.line) for p in e.problems]))
            continue
        except WorError as e:
            found.append(("error", type(e).__name__, str(e)))
            continue
        found.append((yaml_writer.files_for(imported), imported.skipped(), imported.count()))
    return found


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_clean_sheet_straight_to_yaml_is_what_row_by_row_writes(data, tmp_path_factory) -> None:
    columns = ["name", "organization", "description", "themes"]
    columns += data.draw(st.lists(st.sampled_from(COLUMN_POOL), unique=True, max_size=12))
    plain = data.draw(st.booleans())  # readable cells that go together, so the fast path is taken often enough
    if plain:
        for needs, needed in (({"start", "end", "frequency"}, "day"), ({"lat"}, "lon"), ({"lon"}, "lat"),
                              ({"cost_per", "cost_note"}, "cost_amount")):
            if needs & set(columns) and needed not in columns:
                columns.append(needed)
    columns = data.draw(st.permutations(columns))
    rows = []
    for number in range(data.draw(st.integers(1, 6))):
        if plain:  # every cell readable, and the second of each list goes with the others (a day with a time)
            profile = data.draw(st.integers(0, 1))
            rows.append([f"act-{number}" if c == "id" else CELLS[c][profile] for c in columns])
        else:
            rows.append([data.draw(st.sampled_from(CELLS[c])) for c in columns])
    if data.draw(st.booleans()):  # a second schedule line (or a twin)
        again = list(rows[0])
        if "day" in columns and data.draw(st.booleans()):
            again[columns.index("day")] = "zondag"
        rows.append(again)
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows([columns, *rows])
    path = tmp_path_factory.mktemp("sheet") / "sheet.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    fast, slow = both_ways(path)
    assert fast == slow
    event("straight to YAML" if len(fast) == 3 and spreadsheet.read(path, "csv").rendered is not None
          else "row by row")


def test_an_exported_catalogue_reads_back_straight_to_yaml(tmp_path: Path) -> None:
    """`wor catalogue export --format csv` of the bundled catalogue takes the fast path, and it writes the same."""
    from tests.helpers import invoke
    from wor_cli.config import bundled_catalogue

    sheet = tmp_path / "catalogus.csv"
    assert invoke("catalogue", "export", bundled_catalogue(), "--format", "csv", "--out", sheet).exit_code == 0
    assert spreadsheet.read(sheet, "csv").rendered is not None
    fast, slow = both_ways(sheet)
    assert fast == slow and fast[2] > 10


@pytest.mark.parametrize("second_day", ["di", "do", "di en do"])
def test_second_schedule_lines_straight_to_yaml(tmp_path: Path, second_day: str) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id;name;organization;description;themes;day;start;end\n"
                     "act-1;Wandelen;Welzijn Zuid;Samen wandelen.;bewegen;di;10:00;12:00\n"
                     "act-2;Koffie;Welzijn Zuid;Koffie drinken.;ontmoeting;wo;;\n"
                     f"act-1;Wandelen;Welzijn Zuid;Samen wandelen.;bewegen;{second_day};10:00;12:00\n", encoding="utf-8")
    assert spreadsheet.read(sheet, "csv").rendered is not None
    fast, slow = both_ways(sheet)
    assert fast == slow


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(["yes", "No", "Wandelen, samen", "a: b", "x" * 70,
                                                                  "2533 AB", "Den Haag", "nul\x7f", "\u2028"]),
                          st.floats(allow_nan=False), st.integers(), st.booleans(), st.none()), max_size=12))
def test_scalars_of_a_column_are_each_ones_scalar(values) -> None:
    from wor_cli.catalogue.yaml_writer import scalar, scalars

    assert scalars(values) == [scalar(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(st.sampled_from("aZé 0,.'-\"\\\n\t€:#"), max_size=12),
                          st.sampled_from(["Wandelen", "Den Haag", "yes", "Off", "Café Één", "x" * 70, "a\nb", "Zuid 0",
                                           "1071 DS", "met \"pas\"", "C:\\map", "koffie, thee"])),
                min_size=1, max_size=12))
def test_scalars_of_a_text_column_are_each_ones_scalar(values) -> None:
    """A column of text alone: the ways round (all plain by one expression, quotes without JSON's escapes)."""
    from wor_cli.catalogue.yaml_writer import scalar, scalars

    assert scalars(values) == [scalar(v) for v in values]


def test_a_workbook_with_typed_cells_straight_to_yaml(tmp_path: Path) -> None:
    """A workbook's cells are numbers, dates and times as well as text: the same both ways."""
    from datetime import date, time

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "organization", "description", "themes", "day", "start", "end", "lat", "lon",
                  "min_age", "cost_amount", "phone", "postcode", "verified"])
    sheet.append(["act-1", "Wandelen", "Welzijn Zuid", "Samen wandelen.", "bewegen", "di", time(10, 0), time(12, 0),
                  52.07, 4.3, 55, 2.5, 701234567, 2533, date(2026, 9, 1)])
    sheet.append(["act-2", "Koffie", "Welzijn Zuid", "Koffie drinken.", "ontmoeting", "wo", "14.00", None,
                  None, None, None, "gratis", "070 123 4567", "2533 AB", "1-9-2026"])
    sheet.append(["act-1", "Wandelen", "Welzijn Zuid", "Samen wandelen.", "bewegen", "do", time(10, 0), time(12, 0),
                  52.07, 4.3, 55, 2.5, 701234567, 2533, date(2026, 9, 1)])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    found = []
    for fast in (True, False):
        from wor_cli.catalogue import yaml_writer

        imported = spreadsheet.read(path, "xlsx", fast=fast)
        assert (imported.rendered is not None) == fast
        found.append((yaml_writer.files_for(imported), imported.skipped(), imported.count()))
    assert found[0] == found[1] and found[0][2] == 2


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_number_reads_back_as_that_number(number: float) -> None:
    """A coordinate of 0.000000000001 once came out as 1e-12, which YAML reads as text and the check refused."""
    import yaml

    from wor_cli.catalogue.yaml_writer import scalar

    assert yaml.safe_load(f"key: {scalar(number)}")["key"] == number


@given(st.lists(st.one_of(st.text(st.sampled_from(" \t\u00a0\u2028x"), max_size=3), st.none(), st.integers()),
                max_size=5))
def test_a_blank_row_is_one_whose_every_cell_is_empty(row) -> None:
    assert spreadsheet._blank(row) == all(spreadsheet._empty(v) for v in row)


# --- a csv sheet read whole (sheets.csv_table) against line by line --------------------------------

LINES = [
    "act-1;Wandelen;Welzijn Zuid;Samen wandelen.;bewegen", "act-2;Koffie;Buurtwerk;Koffie, thee;ontmoeting",
    "", ";;;;", "  ;\t;;;", ";Zang;Koor;Zingen.;zingen-is-geen-thema", "act-3;Yoga;Zuid;Rustig.;bewegen;;",
    "act-4;Yoga;Zuid;Rustig.;bewegen;te veel", 'act-5;"Wandelen\nsamen";Zuid;Lopen.;bewegen',
    'act-6;"kapot;Zuid;Lopen.;bewegen', "act-7;Form\x0culier;Zuid;Hulp.;praktische hulp", "act-8;Kort;Zuid",
    "act-1;Wandelen;Welzijn Zuid;Samen wandelen.;bewegen",
]


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.sampled_from(LINES), max_size=8), before=st.lists(st.sampled_from(["", ";;"]), max_size=2),
       ending=st.sampled_from(["\n", "\r\n", "\r"]), last=st.booleans())
def test_a_csv_sheet_read_whole_is_what_line_by_line_reads(lines, before, ending, last, tmp_path_factory) -> None:
    text = ending.join([*before, "id;name;organization;description;themes", *lines]) + (ending if last else "")
    path = tmp_path_factory.mktemp("sheet") / "sheet.csv"
    path.write_bytes(text.encode("utf-8"))
    whole = both_ways(path)
    original = sheets.csv_table
    sheets.csv_table = lambda text: None  # line by line, as before there was a whole reading
    try:
        by_line = both_ways(path)
    finally:
        sheets.csv_table = original
    assert whole == by_line
    event("read whole" if sheets.csv_table(text) is not None else "line by line")


# --- HSDS taxonomy terms read once by their fields as given (ServiceMapper.raw_terms) ----------

def _service(number: int, *terms: dict) -> dict:
    return {"id": f"s{number}", "name": f"Repair Café {number}", "status": "active", "description": "Samen repareren.",
            "attributes": [{"id": f"a{number}-{i}", "taxonomy_term": term} for i, term in enumerate(terms)]}


def test_a_term_seen_again_is_read_as_the_first_time(tmp_path: Path) -> None:
    """The same code and name with and without a taxonomy_detail, and spaces around a taxonomy: each read on its own."""
    import json

    from tests.helpers import invoke

    theme = {"code": "bewegen", "name": "Bewegen", "taxonomy": "wor-themes"}
    bare = {"code": "Repair", "name": "Repair"}
    detailed = {**bare, "taxonomy_detail": {"name": "wor-keywords"}}
    other = {**bare, "taxonomy_detail": {"name": "elders"}}
    spaced = {"code": "Repair", "name": "Repair", "taxonomy": " wor-keywords "}
    services = [_service(0, theme, bare), _service(1, theme, detailed), _service(2, theme, bare),
                _service(3, theme, detailed), _service(4, theme, spaced), _service(5, theme, other)]
    source = tmp_path / "hsds.json"
    source.write_text(json.dumps(services), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unmapped_terms"] == [{"term": "Repair", "count": 3}]  # the bare ones and "elders"


def test_a_term_with_a_list_for_text_after_a_good_one_is_malformed(tmp_path: Path) -> None:
    import json

    from tests.helpers import invoke

    good = {"code": "bewegen", "name": "Bewegen", "taxonomy": "wor-themes"}
    source = tmp_path / "hsds.json"
    source.write_text(json.dumps([_service(0, good), _service(1, {**good, "code": ["bewegen"]})]), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "hsds.json: [1].attributes[0].code: " in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("count", [1, 2, 100, 101, 150])
def test_paths_in_long_and_short_lists(tmp_path: Path, count: int) -> None:
    """A list of objects is numbered one way when short and another when long: the same paths."""
    import json

    from tests.helpers import invoke

    theme = {"code": "bewegen", "name": "Bewegen", "taxonomy": "wor-themes"}
    schedules = [{"id": f"r{i}", "byday": "MO", "opens_at": "10:00", "closes_at": "11:00"} for i in range(count)]
    del schedules[-1]["byday"]  # the last one is skipped, under its own path
    source = tmp_path / "hsds.json"
    source.write_text(json.dumps([{**_service(0, theme), "schedules": schedules}]), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    skipped = json.loads(result.stdout)["skipped"]
    assert [s["source"] for s in skipped] == [f"[0].schedules[{count - 1}]"]


@given(st.text(st.sampled_from("aZ 0~\x1f\x7f\x00\t\né€\u2028\xa0"), max_size=20))
def test_printable_is_isprintable(text: str) -> None:
    assert forms.printable(text) == text.isprintable()


@pytest.mark.parametrize("before", ["\n", "\r\n\r\n", "  \n", ";;\n", "\n;;\n"])
def test_blank_lines_above_the_header_do_not_decide_the_separator(tmp_path: Path, before: str) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"{before}id;name;organization;description;themes\nact-1;Wandelen;Zuid;Samen lopen.;bewegen\n",
                     encoding="utf-8", newline="")
    assert spreadsheet.read(sheet, "csv").count() == 1


def test_values_that_do_not_fit_are_skipped_under_their_own_paths(tmp_path: Path) -> None:
    """The path of a value read through a form is joined only when it does not fit: still the whole path."""
    import json

    from tests.helpers import invoke

    theme = {"code": "bewegen", "name": "Bewegen", "taxonomy": "wor-themes"}
    service = {
        **_service(0, theme), "assured_date": "gisteren", "email": "kapot", "url": "ftp://x", "minimum_age": 500,
        "schedules": [{"id": "r1", "byday": "MO", "opens_at": "25:00"}],
        "cost_options": [{"amount": "duur"}],
        "service_at_locations": [{"location": {"name": "Buurthuis", "latitude": 100, "longitude": 4.3,
                                               "addresses": [{"address_1": "Kerkstraat 1", "postal_code": "x",
                                                              "city": "Den Haag"}]}}],
        "contacts": [{"name": "Anna", "email": "ook kapot", "phones": [{"number": "geen"}]}],
    }
    source = tmp_path / "hsds.json"
    source.write_text(json.dumps([service]), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    sources = {s["source"] for s in json.loads(result.stdout)["skipped"]}
    assert {"[0].assured_date", "[0].url", "[0].minimum_age", "[0].schedules[0].opens_at",
            "[0].cost_options[0].amount", "[0].service_at_locations[0].location.latitude",
            "[0].service_at_locations[0].location.addresses[0].postal_code", "[0].contacts[0].email",
            "[0].contacts[0].phones[0].number"} <= sources, sources


def test_fields_left_over_are_listed_in_the_order_of_the_file(tmp_path: Path) -> None:
    import json

    from tests.helpers import invoke

    theme = {"code": "bewegen", "name": "Bewegen", "taxonomy": "wor-themes"}
    extra = ["zeta", "alpha", "mu", "beta", "omega", "kappa", "delta"]
    source = tmp_path / "hsds.json"
    source.write_text(json.dumps([{**_service(0, theme), **{key: "x" for key in extra}}]), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    skipped = [s["source"] for s in json.loads(result.stdout)["skipped"] if s["source"].startswith("[0].")]
    assert skipped == [f"[0].{key}" for key in extra]
