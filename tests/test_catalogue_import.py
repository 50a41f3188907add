"""`wor catalogue import`: spreadsheets (csv, xlsx) and HSDS in, catalogue YAML out."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import new_referral, invoke

HSDS = Path(__file__).resolve().parent / "data" / "hsds-3.0"
EXAMPLES = HSDS / "examples"

HEADER = "id;name;organization;description;themes;day;start;end;cost_amount;cost_per;online;verified"


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def imported(tmp_path: Path, source: Path, *extra: str, out: str = "out"):
    result = invoke("catalogue", "import", source, "--out", tmp_path / out, "--json", *extra)
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


def checked(folder: Path) -> dict:
    result = invoke("catalogue", "check", folder, "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["errors"] == [], report["errors"]
    return report


def activities(folder: Path) -> dict[str, dict]:
    from wor_cli.catalogue.interchange import activities as read

    return {a["id"]: a for a in read(folder)}


# --- the forms people type -------------------------------------------------------------------


@pytest.mark.parametrize("typed, day", [
    ("di", "tuesday"), ("Di.", "tuesday"), ("dinsdag", "tuesday"), ("Dinsdags", "tuesday"), ("tue", "tuesday"),
    ("Tuesday", "tuesday"), ("ma", "monday"), ("wo", "wednesday"), ("do", "thursday"), ("vr", "friday"),
    ("za", "saturday"), ("zo", "sunday"), ("zaterdag", "saturday"), ("ZONDAG", "sunday"),
])
def test_days_as_typed(typed: str, day: str) -> None:
    from wor_cli.catalogue import forms

    assert forms.day(typed) == day


def test_several_days_in_one_cell() -> None:
    from wor_cli.catalogue import forms

    assert forms.days("di en do") == ["tuesday", "thursday"]
    assert forms.days("ma; wo, vr") == ["monday", "wednesday", "friday"]
    assert forms.days("maandag/vrijdag") == ["monday", "friday"]
    with pytest.raises(forms.Unreadable):
        forms.days("dinsdag en blauw")


@pytest.mark.parametrize("typed, clock", [
    ("10:00", "10:00"), ("10.00", "10:00"), ("9.30", "09:30"), ("10u", "10:00"), ("10 uur", "10:00"),
    ("10u30", "10:30"), ("10:00:00", "10:00"), ("14h15", "14:15"), (time(9, 5), "09:05"), (0.5, "12:00"),
])
def test_times_as_typed(typed, clock: str) -> None:
    from wor_cli.catalogue import forms

    assert forms.clock_time(typed) == clock


@pytest.mark.parametrize("typed", ["25:00", "10:75", "tien uur", "10:0", "", "1000"])
def test_impossible_times(typed: str) -> None:
    from wor_cli.catalogue import forms

    with pytest.raises(forms.Unreadable):
        forms.clock_time(typed)


@pytest.mark.parametrize("typed, iso", [
    ("1-9-2026", "2026-09-01"), ("01-09-2026", "2026-09-01"), ("1/9/2026", "2026-09-01"),
    ("1.9.26", "2026-09-01"), ("2026-09-01", "2026-09-01"), ("1 september 2026", "2026-09-01"),
    ("1 sep 2026", "2026-09-01"), ("15 mrt 2026", "2026-03-15"), (date(2026, 9, 1), "2026-09-01"),
])
def test_dates_as_typed(typed, iso: str) -> None:
    from wor_cli.catalogue import forms

    assert forms.calendar_date(typed) == iso


@pytest.mark.parametrize("typed", ["31-2-2026", "2026-13-01", "gisteren", "1-9"])
def test_impossible_dates(typed: str) -> None:
    from wor_cli.catalogue import forms

    with pytest.raises(forms.Unreadable):
        forms.calendar_date(typed)


@pytest.mark.parametrize("typed, euros, per", [
    ("€ 2,50", 2.5, None), ("2,50", 2.5, None), ("€2.50", 2.5, None), ("EUR 3", 3, None), ("3,-", 3, None),
    ("1.250,00", 1250, None), ("gratis", 0, None), ("Gratis", 0, None), ("0", 0, None), (2.5, 2.5, None),
    ("€ 2,50 per keer", 2.5, "keer"), ("15 p/m", 15, "m"),
])
def test_costs_as_typed(typed, euros, per) -> None:
    from wor_cli.catalogue import forms

    assert forms.amount(typed) == (euros, per)


@pytest.mark.parametrize("typed", ["duur", "-3", "1e5", "NaN", float("nan"), float("inf"), "9" * 5000, True])
def test_impossible_costs(typed) -> None:
    from wor_cli.catalogue import forms

    with pytest.raises(forms.Unreadable):
        forms.amount(typed)


@pytest.mark.parametrize("typed, value", [
    ("ja", True), ("Ja", True), ("j", True), ("yes", True), ("x", True), ("nee", False), ("Nee", False),
    ("no", False), ("0", False), (True, True),
])
def test_yes_no_as_typed(typed, value: bool) -> None:
    from wor_cli.catalogue import forms

    assert forms.yes_no(typed) is value


def test_words_looked_up_in_the_tables() -> None:
    from wor_cli.catalogue import forms, word_tables

    assert word_tables.theme("Praktische hulp") == "praktische-hulp"
    assert word_tables.theme("Sport") == "bewegen"
    assert word_tables.accessibility("rolstoel") == "wheelchair"
    assert word_tables.accessibility("Ringleiding") == "hearing-loop"
    assert word_tables.language("Nederlands") == "nl"
    assert word_tables.language("TR") == "tr"
    assert word_tables.language("eng") == "en"
    assert forms.period("per maand") == "month"
    assert forms.frequency("om de week") == "biweekly"
    assert forms.postcode("2533ab") == "2533 AB"
    assert forms.phone(701234567) == "0701234567"
    assert forms.web_address("www.example.nl") == "https://www.example.nl"
    with pytest.raises(forms.Unreadable):
        word_tables.theme("blauw")
    assert word_tables.accessibility_in("Induction loops for hearing aids. Wheelchair access on all levels.") == [
        "wheelchair", "hearing-loop"]


# --- spreadsheets ----------------------------------------------------------------------------

ROWS = [
    "wandelen-zuid;Wandelgroep Zuid;Welzijn Zuid;Elke dinsdag wandelen.;bewegen; natuur;di;10.00;11u30;€ 2,50;per keer;nee;1-9-2026",
    "wandelen-zuid;Wandelgroep Zuid;Welzijn Zuid;Elke dinsdag wandelen.;bewegen; natuur;donderdag;14:00;15:00;€ 2,50;per keer;nee;1-9-2026",
    "koffie;Koffieochtend;Buurthuis Noord;Koffie en een praatje.;Ontmoeten;Praktische hulp;wo;10u;12 uur;gratis;;ja;2026-10-01",
]


def spreadsheet_text(sep: str = ";") -> str:
    # themes hold "; " inside, so quote that cell whatever the separator
    lines = [HEADER.replace(";", sep)]
    for row in ROWS:
        cells = row.split(";")
        cells[4:6] = [f"{cells[4]};{cells[5]}"]
        lines.append(sep.join(f'"{cell}"' for cell in cells))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("sep", [";", ",", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_spreadsheet_separators_and_encodings(tmp_path: Path, sep: str, encoding: str) -> None:
    text = spreadsheet_text(sep).replace("Koffie en een praatje.", "Koffie met één praatje, café-stijl.")
    source = write_csv(tmp_path / "kaart.csv", text, encoding)
    result, report = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert report["activities"] == 2
    assert sorted(report["files"]) == ["buurthuis-noord.yaml", "welzijn-zuid.yaml"]
    checked(tmp_path / "out")
    found = activities(tmp_path / "out")
    walk = found["wandelen-zuid"]
    assert walk["themes"] == ["bewegen", "natuur"]
    assert walk["schedule"] == [
        {"day": "tuesday", "start": "10:00", "end": "11:30", "frequency": "weekly"},
        {"day": "thursday", "start": "14:00", "end": "15:00", "frequency": "weekly"},
    ]
    assert walk["cost"] == {"amount": 2.5, "per": "session", "note": None}
    assert walk["verified"] == "2026-09-01"
    coffee = found["koffie"]
    assert coffee["online"] is True and coffee["cost"]["amount"] == 0
    assert coffee["description"] == "Koffie met één praatje, café-stijl."
    assert (coffee["schedule"][0]["start"], coffee["schedule"][0]["end"]) == ("10:00", "12:00")


def test_every_column_and_note_of_source(tmp_path: Path) -> None:
    header = ("ID;Name;Organization;Description;Themes;Keywords;Day;Start;End;Frequency;Location_name;Address;"
              "Postcode;City;Lat;Lon;Online;Cost_amount;Cost_per;Cost_note;Min_age;Max_age;Eligibility_note;"
              "Languages;Accessibility;Contact_name;Phone;Email;URL;Verified;Opmerkingen")
    row = ("Zang-1;Zanggroep;Welzijn Zuid;Zingen met elkaar.\nDaarna thee.;creatief, ontmoeten;zingen, koor;"
           "vrijdag;19.30;21.00;om de week;Kerkje;Dorpsstraat 1;2533ab;Den Haag;52,05;4,29;nee;€ 25,-;"
           "per maand;Eerste keer gratis;55;90;Voor buurtbewoners;Nederlands; Engels;rolstoel, ringleiding;"
           "Anja;070 123 4567;anja@zuid.example;www.zuid.example;15 sep 2026;intern")
    source = write_csv(tmp_path / "kaart.csv", header + "\n" + row.replace(";Nederlands; Engels;", ';"Nederlands; Engels";')
                       .replace("Zingen met elkaar.\nDaarna thee.", '"Zingen met elkaar.\nDaarna thee."') + "\n")
    result, report = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert report["skipped"] == [{"source": "Opmerkingen", "reason": "kolom die de catalogus niet kent", "count": 1}]
    checked(tmp_path / "out")
    activity = activities(tmp_path / "out")["zang-1"]
    assert activity == {
        "id": "zang-1", "name": "Zanggroep", "description": "Zingen met elkaar.\nDaarna thee.",
        "themes": ["creatief", "ontmoeten"], "keywords": ["zingen", "koor"], "organization": "Welzijn Zuid",
        "accessibility": ["wheelchair", "hearing-loop"], "languages": ["nl", "en"], "online": False,
        "location": {"name": "Kerkje", "address": "Dorpsstraat 1", "city": "Den Haag", "postcode": "2533 AB",
                     "lat": 52.05, "lon": 4.29},
        "schedule": [{"day": "friday", "start": "19:30", "end": "21:00", "frequency": "biweekly"}],
        "cost": {"amount": 25, "per": "month", "note": "Eerste keer gratis"},
        "eligibility": {"min_age": 55, "max_age": 90, "note": "Voor buurtbewoners"},
        "contact": {"name": "Anja", "phone": "070 123 4567", "email": "anja@zuid.example",
                    "url": "https://www.zuid.example"},
        "verified": "2026-09-15",
    }
    text = (tmp_path / "out" / "welzijn-zuid.yaml").read_text(encoding="utf-8")
    assert text.startswith("# wor catalogue import: uit kaart.csv (csv, sha256 ")
    assert "# bron: 2\n- id: zang-1" in text


def test_xlsx_with_dates_times_and_numbers_as_excel_makes_them(tmp_path: Path) -> None:
    from datetime import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "organization", "description", "themes", "day", "start", "end", "cost_amount",
                  "postcode", "phone", "min_age", "verified", "online"])
    sheet.append(["Tuinclub", "Groen Noord", "Samen tuinieren.", "natuur", "Zaterdag", time(9, 30), time(12, 0),
                  1.5, 8232, 320123456, 18, datetime(2026, 10, 5), True])
    sheet.append([None] * 13)  # an empty row, as spreadsheets have
    book.save(tmp_path / "kaart.xlsx")
    result, report = imported(tmp_path, tmp_path / "kaart.xlsx")
    assert result.exit_code == 0, result.output
    checked(tmp_path / "out")
    (activity,) = activities(tmp_path / "out").values()
    assert activity["id"] == "tuinclub"
    assert activity["schedule"] == [{"day": "saturday", "start": "09:30", "end": "12:00", "frequency": "weekly"}]
    assert activity["cost"]["amount"] == 1.5
    assert activity["location"]["postcode"] == "8232"
    assert activity["contact"]["phone"] == "0320123456"
    assert activity["eligibility"]["min_age"] == 18
    assert activity["verified"] == "2026-10-05" and activity["online"] is True


@pytest.mark.parametrize("row, line, column, words", [
    ("x;Naam;Org;Tekst;bewegen;blauwdag;10:00;11:00;;;;", 2, "day", "blauwdag"),
    ("x;Naam;Org;Tekst;bewegen;di;25:00;26:00;;;;", 2, "start", "25:00"),
    ("x;Naam;Org;Tekst;bewegen;di;11:00;10:00;;;;", 2, "end", "10:00"),
    ("x;Naam;Org;Tekst;bewegen;;10:00;11:00;;;;", 2, "day", "dag"),
    ("x;Naam;Org;Tekst;sporten maar dan anders;di;;;;;;", 2, "themes", "thema"),
    ("x;Naam;Org;Tekst;;di;;;;;;", 2, "themes", "verplicht"),
    ("x;;Org;Tekst;bewegen;di;;;;;;", 2, "name", "verplicht"),
    ("x;Naam;Org;Tekst;bewegen;di;;;duur;;;", 2, "cost_amount", "duur"),
    ("x;Naam;Org;Tekst;bewegen;di;;;2;per eeuw;;", 2, "cost_per", "per eeuw"),
    ("x;Naam;Org;Tekst;bewegen;di;;;;;misschien;", 2, "online", "misschien"),
    ("x;Naam;Org;Tekst;bewegen;di;;;;;;31-2-2026", 2, "verified", "31-2-2026"),
    ("Wandel groep!;Naam;Org;Tekst;bewegen;di;;;;;;", 2, "id", "Wandel groep!"),
    # Digits are 0-9, as in every date wor reads: full-width ones are no date, time or amount.
    ("x;Naam;Org;Tekst;bewegen;di;;;;;;２０２６-11-02", 2, "verified", "２０２６-11-02"),
    ("x;Naam;Org;Tekst;bewegen;di;２:30;11:00;;;;", 2, "start", "２:30"),
    ("x;Naam;Org;Tekst;bewegen;di;;;€ ２,50;;;", 2, "cost_amount", "２,50"),
    ("x;Naam;Org;Tekst;bewegen;di;;;;per keer;;", 2, "cost_amount", "bedrag"),
    ("x;Naam;Org;Tekst;bewegen;di;;;;;;;extra", 2, "", "kopregel"),
])
def test_malformed_rows_exit_2_with_file_line_and_column(tmp_path: Path, row, line, column, words) -> None:
    source = write_csv(tmp_path / "kaart.csv", HEADER + "\n" + row + "\n")
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2, result.output
    where = f"kaart.csv:{line}: " + (f"{column}: " if column else "")
    assert where in result.output and words in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_repeated_id_may_only_add_a_schedule_line(tmp_path: Path) -> None:
    rows = ["a;Naam;Org;Tekst;bewegen;di;10:00;11:00;;;;", "a;Andere naam;Org;Tekst;bewegen;do;10:00;11:00;;;;"]
    source = write_csv(tmp_path / "kaart.csv", "\n".join([HEADER, *rows]) + "\n")
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2
    assert "kaart.csv:3: name: id 'a' staat ook op regel 2" in result.output


@pytest.mark.parametrize("text, words", [
    (HEADER + '\nx;"Naam;Org;Tekst;bewegen;di;;;;;;\n', "kaart.csv:2"),  # a quote never closed
    ("naam;organisatie\nWandelen;Zuid\n", "kaart.csv:1: description: de kolom ontbreekt"),
    ("", "leeg"),
])
def test_broken_spreadsheets(tmp_path: Path, text: str, words: str) -> None:
    source = write_csv(tmp_path / "kaart.csv", text)
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2 and words in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_bytes_that_are_no_text_and_a_workbook_that_is_no_zip(tmp_path: Path) -> None:
    source = tmp_path / "kaart.csv"
    source.write_bytes(HEADER.encode() + b"\nx;\x81\x8d\x8f;Org;Tekst;bewegen;;;;;;;\n")
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2 and "UTF-8 of Windows-1252" in result.output
    (tmp_path / "kaart.xlsx").write_bytes(b"PK\x03\x04 not really")
    result, _ = imported(tmp_path, tmp_path / "kaart.xlsx")
    assert result.exit_code == 2 and "Excel" in result.output


def test_huge_cells_and_files_are_refused_without_reading_them_whole(tmp_path: Path, monkeypatch) -> None:
    from wor_cli.catalogue import spreadsheet

    source = write_csv(tmp_path / "kaart.csv", HEADER + "\nx;Naam;Org;" + "t" * 20_000 + ";bewegen;;;;;;;\n")
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2 and "kaart.csv:2: description: de cel is langer" in result.output
    monkeypatch.setattr(spreadsheet, "MAX_BYTES", 100)
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2 and "groter dan" in result.output


def test_existing_folder_refused_without_force_and_hand_made_files_kept_with_it(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "kaart.csv", spreadsheet_text())
    out = tmp_path / "out"
    out.mkdir()
    (out / "eigen.yaml").write_text("# met de hand\n- id: eigen\n  name: Eigen\n  description: x\n  themes: [leren]\n")
    (out / "oud-import.yaml").write_text("# wor catalogue import: uit oud.csv\n- id: weg\n  name: Weg\n"
                                         "  description: x\n  themes: [leren]\n")
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 1 and "bestaat al" in result.output and "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["eigen.yaml", "oud-import.yaml"]
    result, report = imported(tmp_path, source, "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["buurthuis-noord.yaml", "eigen.yaml", "welzijn-zuid.yaml"]
    checked(out)


def test_out_that_is_a_file_or_symlink_is_refused(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "kaart.csv", spreadsheet_text())
    (tmp_path / "bestand").write_text("x")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "bestand", "--force")
    assert result.exit_code == 1 and "geen map" in result.output
    (tmp_path / "link").symlink_to(tmp_path / "elders", target_is_directory=True)
    result = invoke("catalogue", "import", source, "--out", tmp_path / "link", "--force")
    assert result.exit_code == 1
    assert not (tmp_path / "elders").exists()


def test_ids_stay_the_same_on_every_import_of_the_same_source(tmp_path: Path) -> None:
    rows = ["Wandelgroep;Zuid;Wandelen in Zuid.;bewegen", "Wandelgroep;Noord;Wandelen in Noord.;bewegen",
            "Wandelgroep;Noord;Wandelen in Noord.;bewegen", "Koffie!;Noord;Koffie.;ontmoeten"]
    source = write_csv(tmp_path / "kaart.csv", "name,organization,description,themes\n" + "\n".join(
        r.replace(";", ",") for r in rows) + "\n")
    first, _ = imported(tmp_path, source, out="een")
    second, _ = imported(tmp_path, source, out="twee")
    assert first.exit_code == second.exit_code == 0
    ids = sorted(activities(tmp_path / "een"))
    assert ids == sorted(activities(tmp_path / "twee"))
    assert len(set(ids)) == 4 and "koffie" in ids and "wandelgroep" in ids
    for name in ("noord.yaml", "zuid.yaml"):
        assert (tmp_path / "een" / name).read_bytes() == (tmp_path / "twee" / name).read_bytes()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
       | st.text(alphabet="aAé -.'()/&+€%:#,[]{}?!*|>\"\\\t\nyesnoNuL0123", max_size=12))
def test_every_string_reads_back_as_itself(value: str) -> None:
    import yaml

    from wor_cli.catalogue.yaml_writer import scalar

    assert yaml.safe_load(f"key: {scalar(value)}")["key"] == value
    assert yaml.safe_load(f"key: [{scalar(value)}, x]")["key"] == [value, "x"]


@pytest.mark.parametrize("value", ["yes", "No", "null", "~", "10:00", "2026-09-01", "0320", "1e3", "- x", "a: b",
                                   "a #b", "'q'", "\u2028", "\x85", "\ufeff", "@x", "`x`", "!x", "&a", "*a"])
def test_yaml_traps_are_quoted(value: str) -> None:
    import yaml

    from wor_cli.catalogue.yaml_writer import scalar

    assert yaml.safe_load(f"key: {scalar(value)}")["key"] == value


def test_a_lone_surrogate_from_a_json_escape_becomes_a_replacement_character() -> None:
    import yaml

    from wor_cli.catalogue.yaml_writer import scalar

    assert yaml.safe_load(f"key: {scalar(chr(0xD800) + 'x')}")["key"] == "\ufffdx"


# --- HSDS ------------------------------------------------------------------------------------

WITH_SERVICES = ["service_full.json", "service_list.json", "organization_full.json", "service_at_location_full.json",
                 "service_at_location_list.json", "tabular.json", "csv"]
WITHOUT_SERVICES = ["base.json", "location.json", "organization_list.json", "taxonomy.json", "taxonomy_list.json",
                    "taxonomy_term.json", "taxonomy_term_list.json"]


def test_every_example_of_the_specification_is_accounted_for() -> None:
    assert sorted(p.name for p in EXAMPLES.iterdir()) == sorted(WITH_SERVICES + WITHOUT_SERVICES)


@pytest.mark.parametrize("name", WITH_SERVICES)
def test_hsds_examples_import_and_pass_the_check(tmp_path: Path, name: str) -> None:
    result, report = imported(tmp_path, EXAMPLES / name)
    assert result.exit_code == 0, result.output
    assert report["activities"] == 1 and report["files"] == ["example-organization-inc.yaml"]
    checked(tmp_path / "out")
    (activity,) = activities(tmp_path / "out").values()
    assert activity["name"] == "Community Counselling"
    assert activity["organization"] == "Example Organization Inc."
    assert activity["id"].startswith("community-counselling-")
    assert activity["verified"] == "2005-01-01"
    reasons = {item["source"]: item["reason"] for item in report["skipped"]}
    if name not in ("service_list.json", "service_at_location_list.json"):  # the paged lists are summaries
        assert activity["schedule"] == [
            {"day": "thursday", "start": "10:00", "end": "18:00", "frequency": "weekly"},
            {"day": "friday", "start": "10:00", "end": "18:00", "frequency": "weekly"},
        ]
        assert activity["eligibility"]["min_age"] == 12 and activity["eligibility"]["max_age"] == 100
        assert activity["location"]["name"] == "MyCity Civic Center"
        assert activity["location"]["lat"] is None  # latitude 100 is no place on earth
        assert activity["accessibility"] == ["wheelchair", "hearing-loop"]
        assert activity["languages"] == ["ur"]
        assert activity["contact"]["name"] == "Ann Persona"
        assert activity["contact"]["phone"] == "+44 1234 234567"
        assert activity["cost"] is None  # in pounds: reported, not turned into euros
        assert any("GBP" in reason for reason in reasons.values())
        assert any("postcode" in reason for reason in reasons.values())
        assert any(source.endswith("latitude") for source in reasons)
    assert any("alternate_name" in source for source in reasons)


@pytest.mark.parametrize("name", WITHOUT_SERVICES)
def test_hsds_examples_without_services_say_so(tmp_path: Path, name: str) -> None:
    result, _ = imported(tmp_path, EXAMPLES / name)
    assert result.exit_code == 2 and ("geen diensten" in result.output or "geen activiteiten" in result.output)
    assert not (tmp_path / "out").exists()


def service(**changes) -> dict:
    base = {
        "id": "3f0c1d7e-1111-4a4a-9b9b-000000000001", "name": "Repair Café", "status": "active",
        "description": "Samen spullen repareren.",
        "attributes": [
            {"id": "a1", "taxonomy_term": {"id": "t1", "name": "Volunteering", "description": "", "code": "V"}},
            {"id": "a2", "taxonomy_term": {"id": "t2", "name": "Repair", "description": "", "code": "R"}},
        ],
    }
    base.update(changes)
    return base


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_taxonomy_terms_become_themes_or_reported_keywords(tmp_path: Path) -> None:
    source = write_json(tmp_path / "hsds.json", [service(), service(id="3f0c1d7e-1111-4a4a-9b9b-000000000002",
                                                                    name="Repair Café Noord")])
    result, report = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert report["unmapped_terms"] == [{"term": "Repair", "count": 2}]
    found = activities(tmp_path / "out")
    assert [a["themes"] for a in found.values()] == [["vrijwilligerswerk"]] * 2
    assert [a["keywords"] for a in found.values()] == [["Repair"]] * 2


def test_an_organization_list_with_services_and_inactive_ones_skipped(tmp_path: Path) -> None:
    data = [{"id": "o1", "name": "Welzijn Noord", "description": "",
             "services": [service(), service(id="s2", name="Oud", status="defunct")]}]
    result, report = imported(tmp_path, write_json(tmp_path / "orgs.json", data))
    assert result.exit_code == 0
    assert report["activities"] == 1 and report["files"] == ["welzijn-noord.yaml"]
    assert {"source": "[0].services[1]", "reason": "'Oud' niet geïmporteerd: status defunct", "count": 1} in report[
        "skipped"]


@pytest.mark.parametrize("data, path", [
    ([service(name=None)], "[0].name"),
    ([service(name=["a"])], "[0].name"),
    ([service(attributes="bewegen")], "[0].attributes"),
    ([service(schedules=[3])], "[0].schedules[0]"),
    ([service(), "tekst"], "[1]"),
    ({"services": "geen lijst"}, "services"),
])
def test_malformed_hsds_exits_2_with_the_json_path(tmp_path: Path, data, path: str) -> None:
    result, _ = imported(tmp_path, write_json(tmp_path / "hsds.json", data))
    assert result.exit_code == 2, result.output
    assert f"hsds.json: {path}: " in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "te diep"),
    ('[{"name": "x", "status": "active", "minimum_age": NaN}]', "geen geldige JSON"),
    ('[{"name": "x", "minimum_age": ' + "9" * 5000 + "}]", "geen geldige JSON"),
    ('{"name": ', "regel 1"),
    ("\xff\xfe", "UTF-8"),
])
def test_hostile_json(tmp_path: Path, text: str, words: str) -> None:
    source = tmp_path / "hsds.json"
    source.write_bytes(text.encode("latin-1") if text.startswith("\xff") else text.encode())
    result, _ = imported(tmp_path, source)
    assert result.exit_code == 2 and words in result.output, result.output
    assert "Traceback" not in result.output


def test_a_data_package_may_not_point_outside_its_folder(tmp_path: Path) -> None:
    package = tmp_path / "pakket"
    package.mkdir()
    (tmp_path / "geheim.csv").write_text("id,name\n1,x\n")
    write_json(package / "datapackage.json", {"resources": [{"path": "../geheim.csv"}]})
    result, _ = imported(tmp_path, package)
    assert result.exit_code == 2 and "buiten de map" in result.output


def test_a_data_package_row_that_is_malformed_names_file_and_line(tmp_path: Path) -> None:
    package = tmp_path / "pakket"
    package.mkdir()
    write_json(package / "datapackage.json", {"resources": [{"path": "services.csv"}]})
    (package / "services.csv").write_text("id,name,status\ns1,Koffie,active\ns2,,active\n")
    result, _ = imported(tmp_path, package)
    assert result.exit_code == 2 and "pakket/services.csv:3: name: " in result.output, result.output


def test_the_shared_example_folder_with_its_symlink_text_is_refused_clearly(tmp_path: Path) -> None:
    # Upstream the package's datapackage.json is a symbolic link; copied as a file it holds only a path.
    package = tmp_path / "csv"
    package.mkdir()
    (package / "datapackage.json").write_text("../../datapackage.json")
    result, _ = imported(tmp_path, package)
    assert result.exit_code == 2 and "datapackage.json is geen geldige JSON" in result.output


def test_import_never_writes_over_the_database_whatever_it_is_called(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    database = out / "welzijn-zuid.yaml"
    monkeypatch.setenv("WOR_DB", str(database))
    new_referral(tmp_path)  # a real database, named like an organisation's catalogue file
    source = write_csv(tmp_path / "kaart.csv", spreadsheet_text())
    result, _ = imported(tmp_path, source, "--force")
    assert result.exit_code == 1 and "database" in result.output
    assert database.read_bytes().startswith(b"SQLite format 3")


def test_a_source_that_is_no_regular_file_is_refused_before_reading(tmp_path: Path) -> None:
    import os

    result = invoke("catalogue", "import", "/dev/zero", "--out", tmp_path / "out", "--format", "csv")
    assert result.exit_code == 2 and "geen gewoon bestand" in result.output
    fifo = tmp_path / "pijp.json"
    os.mkfifo(fifo)
    result = invoke("catalogue", "import", fifo, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "geen gewoon bestand" in result.output
    assert not (tmp_path / "out").exists()


def test_dutch_column_names_and_a_file_of_mixed_encodings(tmp_path: Path) -> None:
    text = "Naam;Organisatie;Beschrijving;Thema's;Dag;Begin;Eind\nTaalcafé;Bieb;Oefenen.;leren;do;19u;21u\n"
    source = write_csv(tmp_path / "kaart.csv", text)
    result, report = imported(tmp_path, source)
    assert result.exit_code == 0, result.output
    assert activities(tmp_path / "out")["taalcafe"]["schedule"][0]["start"] == "19:00"
    source.write_bytes(text.encode("utf-8") + "Koffie;Bieb;Kost \x80 1;ontmoeten;;;\n".encode("latin-1"))
    result, _ = imported(tmp_path, source, out="out2")
    assert result.exit_code == 2 and "kaart.csv:3: " in result.output and "UTF-8" in result.output


def test_ctrl_c_while_writing_leaves_no_half_folder(tmp_path: Path, monkeypatch) -> None:
    source = write_csv(tmp_path / "kaart.csv", spreadsheet_text())
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    real = Path.write_text
    monkeypatch.setattr(Path, "write_text", interrupted)
    result = invoke("catalogue", "import", source, "--out", tmp_path / "out")
    assert result.exit_code == 130
    assert len(calls) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["kaart.csv"]  # no staging folder


def test_a_workbook_that_unpacks_too_large_is_refused_before_openpyxl_reads_it(tmp_path: Path, monkeypatch) -> None:
    import openpyxl

    from wor_cli.catalogue import sheets

    book = openpyxl.Workbook()
    book.active.append(["name", "organization", "description", "themes"])
    book.active.append(["Tuin", "Groen", "Tuinieren.", "natuur"])
    book.save(tmp_path / "kaart.xlsx")
    monkeypatch.setattr(sheets, "MAX_XLSX_UNPACKED", 1000)
    result, _ = imported(tmp_path, tmp_path / "kaart.xlsx")
    assert result.exit_code == 2 and "groter dan" in result.output
    assert not (tmp_path / "out").exists()


def test_organisations_named_in_another_script_get_files_of_their_own(tmp_path: Path) -> None:
    text = ("name,organization,description,themes\nكافيه,مركز الحي,قهوة.,ontmoeten\n"
            "Кава,Центр,Кава.,ontmoeten\n")
    result, report = imported(tmp_path, write_csv(tmp_path / "kaart.csv", text))
    assert result.exit_code == 0, result.output
    assert len(report["files"]) == 2 and all(name.startswith("organisatie-") for name in report["files"])
    checked(tmp_path / "out")
