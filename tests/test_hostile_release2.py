"""Release 2 attacked as issue 10 attacked release 1 (docs/testing.md): the new commands, class by class.

Each hostile file is made by a few lines of Python here; each case asserts the bounds of
tests/hostile.py (an allowed exit, no traceback or catch-all, named, under 200 MiB and 10 s)
and, when refused, that nothing changed: no catalogue folder written, the database as it was.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import contact, invoke, new_referral, write_yaml
from tests.hostile import assert_clean, dump, run_measured
from tests.prompts import CTRL_C, answering

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX (mkfifo, symlinks, resource)")

HEADER = ["id", "name", "organization", "description", "themes", "day", "start", "end", "phone", "verified"]
GOOD = ["wandelen-zuid", "Wandelen in Zuid", "Welzijn Zuid", "Samen wandelen in het park.", "bewegen", "di",
        "10:00", "11:00", "0320 123456", "2026-09-01"]


def sheet_csv(*changes: tuple[str, str]) -> str:
    """The one-row spreadsheet with some columns replaced: the mutation of a valid source."""
    row = dict(zip(HEADER, GOOD))
    row.update(changes)
    return ";".join(HEADER) + "\n" + ";".join(row.values()) + "\n"


def workbook(path: Path, *, extra_row_xml: bytes = b"", doctype: bytes = b"", first_text: bytes = b"") -> Path:
    """A real one-row workbook (openpyxl), its sheet XML then changed as a hostile file would be."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(GOOD)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                head, _, rest = data.partition(b"?>") if data.startswith(b"<?xml") else (b"", b"", data)
                rest = rest.replace(b"<t>", b"<t>" + first_text, 1)
                data = (head + b"?>" if head else b"") + doctype + rest.replace(b"</sheetData>", extra_row_xml + b"</sheetData>")
            out.writestr(info, data)
    return path


def huge_cell_workbook(path: Path, megabytes: int) -> Path:
    """One cell of `megabytes` MB, which zips to a few hundred KB: openpyxl would hold it whole."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(GOOD)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            data = source.read(info)
            if not info.filename.endswith("sheet1.xml"):
                out.writestr(info, data)
                continue
            before, after = data.split(b"</sheetData>")
            with out.open(info.filename, "w", force_zip64=True) as part:
                part.write(before + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
                block = b"a" * (1 << 20)
                for _ in range(megabytes):
                    part.write(block)
                part.write(b"</t></is></c></row></sheetData>" + after)
    return path


def package(folder: Path, resources: object, files: dict[str, str] | None = None) -> Path:
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps({"resources": resources}))
    for name, text in (files or {}).items():
        (folder / name).write_text(text)
    return folder


SETTINGS = {"coach.name": "Sanne Visser", "coach.phone": "06 98765432", "coach.email": "s@example.org",
            "organisation.name": "Welzijn Zuid", "organisation.address": "Stationsplein 1, Lelystad"}


# --- class 1: tiny inputs that exhaust memory or time ------------------------------------------------------


def hostile_sources(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (a hostile source for `catalogue import`, words its refusal must hold; "" when it may import)."""
    made: dict[str, tuple[Path, str]] = {}

    def text(name: str, content: str | bytes, words: str) -> None:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        made[name] = (path, words)

    text("kolommen.csv", sheet_csv().replace("\n", ";" * 1_000_000 + "\n", 1), "")  # empty columns, as Excel leaves
    text("rij.csv", ";".join(HEADER) + "\n" + ";" * 1_000_000 + "\n", "rij.csv")
    text("cel.csv", sheet_csv(("description", "x" * 900_000)), "cel.csv:2")
    text("aanhaling.csv", sheet_csv(("name", '"Wandelen')) + "x;" * 1000, "aanhaling.csv:2")
    text("getal.json", '[{"name": "x", "description": "y", "id": ' + "9" * 100_000 + "}]", "getal.json")
    text("nan.json", '[{"name": "x", "description": "wandelen", "latitude": NaN}]', "nan.json")
    text("diep.json", "[" * 100_000 + "]" * 100_000, "diep.json")
    text("diep-object.json", '{"a":' * 50_000 + "1" + "}" * 50_000, "diep-object.json")
    text("latin1.json", '[{"name": "caf\xe9"}]'.encode("latin-1"), "latin1.json")
    text("utf16.csv", sheet_csv().encode("utf-16"), "")
    text("nul.csv", sheet_csv(("name", "Wan\0delen")), "nul.csv")
    # The same activity 20,000 times (300 KB): each generated id counted up from 1 again (n², 39 s; 50,000: 324 s).
    same = ";".join(GOOD[1:5])
    text("gelijk.csv", "name;organization;description;themes\r" + (same + "\r") * 20_000, "")
    text("gelijk.json", json.dumps([{"name": "Wandelen", "description": "Samen wandelen.",
                                     "organization": {"name": "Welzijn Zuid"}}] * 8_000), "")
    made["cel.xlsx"] = (huge_cell_workbook(tmp_path / "cel.xlsx", 200), "cel.xlsx:3")
    made["afmeting.xlsx"] = (workbook(tmp_path / "afmeting.xlsx", extra_row_xml=b'<row r="1048576"><c r="XFD1048576">'
                                      b"<v>1</v></c></row>"), "")
    laughs = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([c]), (b"&%s;" % bytes([c - 1])) * 10) for c in range(ord("b"), ord("i"))) + b"]>"
    made["lachen.xlsx"] = (workbook(tmp_path / "lachen.xlsx", doctype=laughs, first_text=b"&h;"), "lachen.xlsx")
    made["xxe.xlsx"] = (workbook(tmp_path / "xxe.xlsx", doctype=b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                                 first_text=b"&e;"), "xxe.xlsx")
    made["pakket-zero"] = (package(tmp_path / "pakket-zero", [{"name": "services", "path": "/dev/zero.csv"}]),
                           "pakket-zero")
    fifo = package(tmp_path / "pakket-fifo", [{"name": "services", "path": "services.csv"}])
    os.mkfifo(fifo / "services.csv")
    made["pakket-fifo"] = (fifo, "services.csv")
    loop = package(tmp_path / "pakket-lus", [{"name": "services", "path": "services.csv"}])
    (loop / "services.csv").symlink_to("services.csv")
    made["pakket-lus"] = (loop, "services.csv")
    outside = package(tmp_path / "pakket-buiten", [{"name": "services", "path": "services.csv"}])
    (outside / "services.csv").symlink_to("/etc/passwd")
    made["pakket-buiten"] = (outside, "services.csv")
    made["pakket-lijst"] = (package(tmp_path / "pakket-lijst", [{"name": "services", "path": ["a.csv"] * 100_000}]),
                            "pakket-lijst")
    deep = tmp_path / "pakket-diep"
    deep.mkdir()
    (deep / "datapackage.json").write_text("[" * 50_000)
    made["pakket-diep"] = (deep, "datapackage.json")
    made["pakket-cellen"] = (package(tmp_path / "pakket-cellen", [{"name": "services", "path": "services.csv"}], {
        "services.csv": "id,name,description\ns,x," + "," * 1_000_000 + "\n"}), "services.csv:2")
    return made


def test_hostile_sources_for_catalogue_import_are_refused_within_bounds(tmp_path):
    sources = hostile_sources(tmp_path)
    outs = {name: tmp_path / "uit" / name.replace(".", "-") for name in sources}
    (tmp_path / "uit").mkdir()
    cases = [["catalogue", "check"]] + [["catalogue", "import", path, "--out", outs[name]]
                                       for name, (path, _) in sources.items()]
    results = run_measured(cases, tmp_path, timeout=300)
    assert_clean(results[0])
    for (name, (_, words)), result in zip(sources.items(), results[1:]):
        if words:
            assert result.code == 2, (name, result)
            assert_clean(result, words)
            assert not outs[name].exists(), name  # refused: nothing written
        else:
            assert_clean(result)
    assert "10000 tekens" in results[list(sources).index("cel.xlsx") + 1].stderr


# --- class 2: values the validators did not expect ---------------------------------------------------------


@pytest.mark.parametrize("start, end", [("0001-01-01", "9999-12-31"), ("0001-01-01", "0001-12-31"),
                                        ("0001-02-01", "0001-02-28"), ("0001-01-01", "0001-01-01"),
                                        ("9999-12-01", "9999-12-31"), ("0001-01-03", "0001-01-09")])
def test_a_report_period_at_the_ends_of_the_calendar(tmp_path, db_path, start, end):
    """`--from 0001-01-01` is "since ever"; the period before it is computed, not an OverflowError."""
    new_referral(tmp_path)
    for fmt in ("json", "csv", "xlsx"):
        result = invoke("report", "--from", start, "--to", end, "--format", fmt, "--out", tmp_path / f"r.{fmt}",
                        "--force")
        assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["period"] == {"from": start, "to": end}
    assert report["referrals"]["total"] == (1 if start <= "2026-11-02" <= end else 0)
    assert invoke("export", "minimal-dataset", "--from", start, "--to", end).exit_code == 0


def test_the_previous_period_stops_at_the_first_day_of_the_calendar():
    from datetime import date

    from wor_cli.reports.periods import Period, previous

    assert previous(Period(date(1, 1, 1), date(1, 12, 31))) == Period(date.min, date.min)
    assert previous(Period(date(1, 1, 5), date(1, 1, 14))) == Period(date.min, date(1, 1, 4))
    assert previous(Period(date(9999, 12, 1), date.max)) == Period(date(9999, 11, 1), date(9999, 11, 30))
    assert previous(Period(date(2026, 1, 1), date(2026, 12, 31))) == Period(date(2025, 1, 1), date(2025, 12, 31))


UNTYPED = {"escape": "Wandelen \x1b[2J in het park", "bell": "Wandelen\x07", "override": "Wandel\u202egroep",
           "isolate": "Anna \u2066de Wit\u2069", "c1": "Wandelen \x9b31m"}


@pytest.mark.parametrize("kind", UNTYPED)
def test_characters_nobody_types_are_refused_in_the_catalogue(tmp_path, kind):
    """A terminal escape or a direction override in a catalogue reaches `wor match`, the card and letters."""
    folder = tmp_path / "catalogus"
    folder.mkdir()
    value = json.dumps(UNTYPED[kind])
    (folder / "a.yaml").write_text(f"- id: a\n  name: Wandelen\n  description: {value}\n  themes: [bewegen]\n"
                                   f"- id: b\n  name: Fietsen\n  description: Fietsen.\n  themes: [bewegen]\n"
                                   f"  keywords: [fiets, {value}]\n", encoding="utf-8")
    result = invoke("catalogue", "check", folder, "--json")
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert [(e["line"], e["message"].split(":")[0]) for e in errors] == [(3, "description"), (9, "keywords[1]")]
    assert "niemand typt" in errors[0]["message"]
    matched = invoke("match", "wandelen", "--catalogue", folder)
    assert matched.exit_code == 2 and "\x1b[2J" not in matched.output and "\u202e" not in matched.output


@pytest.mark.parametrize("kind", UNTYPED)
def test_characters_nobody_types_are_refused_on_import(tmp_path, kind):
    source = tmp_path / "kaart.csv"
    source.write_text(sheet_csv(("name", UNTYPED[kind])), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "uit")
    assert result.exit_code == 2 and "kaart.csv:2: name: bevat een teken dat niemand typt" in result.stderr, result.output
    services = [{"id": "s1", "name": "Wandelgroep", "description": UNTYPED[kind] + " wandelen",
                 "organization": {"name": "Welzijn Zuid"}}]
    (tmp_path / "diensten.json").write_text(json.dumps(services))
    result = invoke("catalogue", "import", tmp_path / "diensten.json", "--out", tmp_path / "uit")
    assert result.exit_code == 2 and "diensten.json: [0].description: bevat een teken" in result.stderr, result.output
    assert not (tmp_path / "uit").exists()


@pytest.mark.parametrize("kind", UNTYPED)
def test_characters_nobody_types_are_refused_in_answers_and_edits(tmp_path, db_path, kind):
    """A name with a direction override would show reversed in the GP's letter: refused like a control character."""
    new = {"client": {"name": UNTYPED[kind], "birth_year": 1948}, "referrer": {"name": "P. de Boer", "practice": "X"},
           "referral": {"date": "2026-11-02", "reasons": ["rouw"], "question": "Rouw."},
           "consent": {"processing": True, "gp_feedback": True, "date": "2026-11-02"}}
    result = invoke("intake", "--new", "--answers", write_yaml(tmp_path / "nieuw.yaml", new), "--no-input")
    assert result.exit_code == 2 and "client.name" in result.stderr and "teken" in result.stderr, result.output
    ref = new_referral(tmp_path)
    before = dump(db_path)
    for key in ("client.name", "referrer.practice", "referral.question"):
        result = invoke("edit", ref, "--set", f"{key}={UNTYPED[kind]}")
        assert result.exit_code == 2 and key in result.stderr, result.output
    assert dump(db_path) == before


@pytest.mark.parametrize("typed", ["１２-11-2026", "¹²-11-2026", "2026-11-１２", "٢٠٢٦-11-12"])
def test_dates_in_digits_that_are_not_ascii_are_refused(tmp_path, db_path, typed):
    """`\\d` and int() both take "１２": a full-width date was stored as 2026-11-12, and --from read it."""
    ref = new_referral(tmp_path)
    before = dump(db_path)
    result = invoke("edit", ref, "--set", f"referral.date={typed}")
    assert result.exit_code == 2 and "referral.date" in result.stderr, result.output
    answers = write_yaml(tmp_path / "gesprek.yaml", {"contact": {"date": typed, "mode": "phone"}})
    result = invoke("intake", ref, "--answers", answers, "--no-input")
    assert result.exit_code == 2 and "gesprek.yaml:2: contact.date" in result.stderr, result.output
    for option in ("--from", "--to"):
        result = invoke("report", option, typed, "--format", "json")
        assert result.exit_code == 2 and option in result.stderr, result.output
    assert dump(db_path) == before


@pytest.mark.parametrize("value", [*UNTYPED.values(), "x" * 20_000, "\u200b"])
def test_settings_that_reach_every_letter_and_the_card_are_checked_as_typed_text(value):
    """`coach.name` with a terminal escape or a direction override went into every letter and the card."""
    from wor_cli import config

    for key in ("coach.name", "organisation.address", "coach.hours"):
        result = invoke("config", "set", key, value)
        assert result.exit_code == 2 and result.stderr.startswith(f"{key}: "), result.output
        assert len(result.stderr) < 300
    assert not config.config_path().exists()
    assert invoke("config", "set", "coach.name", "Sanne Visser").exit_code == 0


@pytest.mark.parametrize("typed", ["2026-11-23 ２:30", "2026-11-23 ¹0:30", "１２-12-2026", "morgen １０:30"])
def test_an_appointment_in_digits_that_are_not_ascii_is_refused(tmp_path, db_path, typed):
    """The appointment's time took "２:30" (stored as 02:30) the way dates took "１２"."""
    ref = new_referral(tmp_path)
    assert contact(tmp_path, ref, {"contact": {"date": "2026-11-20", "mode": "phone"}}).exit_code == 0
    before = dump(db_path)
    result = invoke("edit", ref, "--contact", "1", "--set", f"contact.next_appointment={typed}")
    assert result.exit_code == 2 and "gewone cijfers" in result.stderr, result.output
    assert dump(db_path) == before
    assert invoke("edit", ref, "--contact", "1", "--set", "contact.next_appointment=2026-11-23 10:30").exit_code == 0


@pytest.mark.parametrize("typed, words", [("2026-11-02 10:00", "zonder tijd"), ("１２-01-2026", "gewone cijfers"),
                                          ("0001-01-01", "te ver in het verleden"), ("9999-12-31", "toekomst"),
                                          ("2026-02-30", "geen datum"), ("9" * 5000, "geen datum")])
def test_verify_takes_its_date_by_the_rule_for_typed_dates(tmp_path, typed, words):
    """`catalogue verify --date` read the spreadsheet's forms: a datetime, full-width digits, the year 1 were stored."""
    folder = tmp_path / "catalogus"
    folder.mkdir()
    text = "- id: wandelen\n  name: Wandelen\n  description: Wandelen.\n  themes: [bewegen]\n  verified: 2025-01-01\n"
    (folder / "a.yaml").write_text(text)
    result = invoke("catalogue", "verify", "wandelen", "--date", typed, "--catalogue", folder)
    assert result.exit_code == 2 and words in result.stderr and len(result.stderr) < 400, result.output
    assert (folder / "a.yaml").read_text() == text
    assert invoke("catalogue", "verify", "wandelen", "--date", "gisteren", "--catalogue", folder).exit_code == 0
    assert "verified: 2026-11-22" in (folder / "a.yaml").read_text()


@pytest.mark.parametrize("field, value", [("practice", "Praktijk \x1b[2J"), ("practice", "Praktijk \u202eX"),
                                          ("reasons", ["rouw\u2066"]), ("activities_taken_up_ids", ["a\ud800"]),
                                          ("dropout_reason", "moved\x07")])
def test_a_dataset_from_another_coach_cannot_put_untyped_characters_in_the_report(tmp_path, db_path, field, value):
    """`report --dataset` reads files from a shared folder: a practice with an escape reached the terminal table."""
    new_referral(tmp_path)
    rows = json.loads(invoke("export", "minimal-dataset", "--format", "json", "--from", "2026-01-01").stdout)
    good = tmp_path / "goed.json"
    good.write_text(json.dumps(rows))
    for ascii_only in (True, False):
        bad = tmp_path / "ander.json"
        bad.write_text(json.dumps([dict(rows[0], id="b" * 32), dict(rows[0], **{field: value})],
                                  ensure_ascii=ascii_only), encoding="utf-8", errors="surrogatepass")
        result = invoke("report", "--dataset", good, "--dataset", bad)
        assert result.exit_code == 2, result.output
        raw_surrogate = not ascii_only and "\ud800" in "".join(value)  # written raw, the file is no UTF-8 at all
        words = "ander.json:1: geen UTF-8" if raw_surrogate else f"ander.json:1: verwijzing 2: het veld '{field}'"
        assert words in result.stderr, result.stderr
        assert not [c for c in result.output if c in "\x1b\x07\u202e\u2066"], result.output
    assert invoke("report", "--dataset", good, "--format", "json").exit_code == 0


FORMULAS = ['=HYPERLINK("http://example.org/x","klik")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1"]


def csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for cell in row]


def test_csv_outputs_keep_formulas_as_text(tmp_path, db_path):
    """A practice, a story or an activity typed as a formula is data in every CSV wor writes (as in its xlsx)."""
    from wor_cli import config

    config._write({"coach.name": "Sanne Visser"})
    ref = new_referral(tmp_path, referrer__practice=FORMULAS[0])
    result = contact(tmp_path, ref, {"contact": {"date": "2026-11-20", "mode": "phone"},
                                     "close": {"outcome": "completed", "summary": "+31 gebeld; gaat nu wandelen.",
                                               "shareable": True}})
    assert result.exit_code == 0, result.output
    export = invoke("export", "minimal-dataset", "--format", "csv", "--from", "2026-01-01").stdout
    report = invoke("report", "--format", "csv", "--from", "2026-01-01").stdout
    for text in (export, report):
        cells = csv_cells(text)
        assert "'" + FORMULAS[0] in cells, text[:400]
        assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t")], text[:400]
    assert any(c.startswith("'+31") for c in csv_cells(report))

    folder = tmp_path / "catalogus"
    folder.mkdir()
    entries = "".join(f"- id: f{i}\n  name: {json.dumps(f + ' wandelen')}\n  organization: {json.dumps(f)}\n"
                      f"  description: Wandelen.\n  themes: [bewegen]\n  verified: 2026-09-01\n"
                      for i, f in enumerate(FORMULAS[:-1]))  # a leading tab is stripped as any white space
    (folder / "a.yaml").write_text(entries, encoding="utf-8")
    assert invoke("catalogue", "export", folder, "--format", "csv", "--out", tmp_path / "kaart.csv").exit_code == 0
    cells = csv_cells((tmp_path / "kaart.csv").read_text(encoding="utf-8"), ";")
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t")], cells
    # ... and read back as typed: the apostrophe is wor's own, not the organisation's.
    assert invoke("catalogue", "import", tmp_path / "kaart.csv", "--out", tmp_path / "terug").exit_code == 0
    from wor_cli.catalogue.interchange import activities

    back = sorted((a["name"], a["organization"]) for a in activities(tmp_path / "terug"))
    assert back == sorted((f + " wandelen", f) for f in FORMULAS[:-1])


def test_a_cell_is_neutralised_once_and_read_back_as_typed():
    from wor_cli.cells import from_cell, safe

    for typed in [*FORMULAS, "\r=1", "=", "-"]:
        assert safe(typed) == "'" + typed and from_cell(safe(typed)) == typed
    for kept in ["-5", "+3,5", "Wandelen", "", "'al zo", "2026-11-02", 7, 1.5, None]:
        assert safe(kept) == kept
    assert from_cell("'Wandelen") == "'Wandelen"


# --- class 3: the file system ------------------------------------------------------------------------------


def test_symlink_loops_where_release_2_resolves_paths(tmp_path, db_path):
    from wor_cli import config

    config._write(SETTINGS)
    loop = tmp_path / "lus"
    loop.symlink_to(loop)
    new_referral(tmp_path)
    before = dump(db_path)
    cases = {
        ("catalogue", "verify", "wandelen", "--catalogue", loop): "lus",
        ("catalogue", "stale", "--catalogue", loop): "lus",
        ("catalogue", "export", loop): "lus",
        ("catalogue", "import", loop, "--out", tmp_path / "uit"): "lus",
        ("catalogue", "import", tmp_path / "nergens.csv", "--out", loop): "nergens",
        ("card", "--catalogue", loop): "lus",
        ("card", "--templates", loop): "lus",
        ("report", "--dataset", loop): "lus",
        ("report", "--format", "xlsx", "--out", loop): "lus",
        ("agenda", "--db", loop): "lus",
        ("edit", "R26-0001", "--set", "client.birth_year=1949", "--db", loop): "lus",
    }
    for argv, words in cases.items():
        result = invoke(*argv)
        assert result.exit_code in (1, 2), (argv, result.output)
        assert words in result.stderr and "Er ging iets mis" not in result.output, (argv, result.output)
    assert dump(db_path) == before


def test_a_name_too_long_for_the_file_system_is_bad_input_wherever_it_is_typed(tmp_path, db_path):
    """Path.is_dir() lets ENAMETOOLONG through: ten commands ended in the catch-all for a 300-character name."""
    from wor_cli import config

    config._write(SETTINGS)
    long = "x" * 300
    source = tmp_path / "kaart.csv"
    source.write_text(sheet_csv(), encoding="utf-8")
    new_referral(tmp_path)
    before = dump(db_path)
    for argv in (["catalogue", "check", long], ["match", "wandelen", "--catalogue", long],
                 ["catalogue", "stale", "--catalogue", long], ["catalogue", "verify", "a", "--catalogue", long],
                 ["catalogue", "export", long], ["catalogue", "import", long, "--out", tmp_path / "uit"],
                 ["catalogue", "import", source, "--out", tmp_path / long], ["card", "--templates", long],
                 ["card", "--catalogue", long], ["letter", "R26-0001", "--templates", long],
                 ["encrypt", "--key-file", long], ["catalogue", "check", f"{tmp_path}/{long}/a"]):
        result = invoke(*argv)
        assert result.exit_code == 2 and "te lang" in result.stderr and "xxxxxxxxxx" in result.stderr, (argv, result.output)
        assert "Er ging iets mis" not in result.output and len(result.stderr) < 300
    assert dump(db_path) == before
    assert not (tmp_path / "uit").exists()


def test_folder_and_file_names_in_bytes_that_are_not_utf8(tmp_path):
    """An old Windows name on a stick (b"kaart\\xe9.csv"): the catalogue cache key and the import's file header
    encoded it as UTF-8 and ended in the catch-all; paths may be any bytes (`_check_text_arguments`)."""
    folder = tmp_path / os.fsdecode(b"catalogus\xe9")
    folder.mkdir()
    (folder / "a.yaml").write_text("- id: wandelen\n  name: Wandelen\n  description: Samen wandelen.\n"
                                   "  themes: [bewegen]\n  verified: 2026-09-01\n")
    source = tmp_path / os.fsdecode(b"kaart\xff.csv")
    source.write_text(sheet_csv(), encoding="utf-8")
    out = tmp_path / os.fsdecode(b"uit\xff")
    for argv in (["catalogue", "check", folder], ["catalogue", "export", folder], ["catalogue", "stale", "--catalogue", folder],
                 ["match", "wandelen", "--catalogue", folder], ["catalogue", "verify", "wandelen", "--catalogue", folder],
                 ["catalogue", "import", source, "--out", out], ["catalogue", "check", out]):
        result = invoke(*argv)
        assert result.exit_code == 0, (argv, result.output)
    assert (out / "welzijn-zuid.yaml").read_text(encoding="utf-8").startswith("# wor catalogue import: uit kaart\ufffd.csv")


# --- class 4: output paths for the release-2 writers -------------------------------------------------------

WRITERS = {
    "card pdf": ["card", "--format", "pdf", "--out"],
    "card md": ["card", "--format", "md", "--out"],
    "catalogue export": ["catalogue", "export", "--out"],
    "catalogue export csv": ["catalogue", "export", "--format", "csv", "--out"],
    "report xlsx": ["report", "--format", "xlsx", "--out"],
    "export xlsx": ["export", "minimal-dataset", "--format", "xlsx", "--out"],
    "letter pdf": ["letter", "R26-0001", "--format", "pdf", "--out"],
    "letter docx": ["letter", "R26-0001", "--format", "docx", "--out"],
}


def test_import_with_force_never_replaces_a_hand_made_file_or_writes_into_wor_itself(tmp_path):
    """An organisation called "Bewegen" replaced the coordinator's own bewegen.yaml (393 lines) on --force."""
    from wor_cli.config import bundled_catalogue

    own = tmp_path / "catalogus"
    own.mkdir()
    hand_made = "# met de hand\n- id: eigen\n  name: Eigen\n  description: Zelf geschreven.\n  themes: [bewegen]\n"
    (own / "bewegen.yaml").write_text(hand_made)
    source = tmp_path / "kaart.csv"
    source.write_text(sheet_csv(("organization", "Bewegen")), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", own, "--force")
    assert result.exit_code == 1 and "bewegen.yaml" in result.stderr and "niets geschreven" in result.stderr
    assert (own / "bewegen.yaml").read_text() == hand_made and sorted(p.name for p in own.iterdir()) == ["bewegen.yaml"]
    source.write_text(sheet_csv(("organization", "Welzijn Zuid")), encoding="utf-8")
    assert invoke("catalogue", "import", source, "--out", own, "--force").exit_code == 0
    assert invoke("catalogue", "import", source, "--out", own, "--force").exit_code == 0  # its own file: replaced
    assert sorted(p.name for p in own.iterdir()) == ["bewegen.yaml", "welzijn-zuid.yaml"]
    bundled = bundled_catalogue()
    before = sorted(p.name for p in bundled.iterdir())
    for out in (bundled, f"{bundled}/"):
        result = invoke("catalogue", "import", source, "--out", out, "--force")
        assert result.exit_code == 1 and "voorbeeldcatalogus" in result.stderr, result.output
    assert sorted(p.name for p in bundled.iterdir()) == before


def test_a_report_from_datasets_never_writes_over_one_of_them(tmp_path, db_path):
    """`report --dataset a.json --out a.json --force` replaced the coordinator's dataset with the report."""
    new_referral(tmp_path)
    dataset = tmp_path / "coach-a.json"
    dataset.write_text(invoke("export", "minimal-dataset", "--format", "json", "--from", "2026-01-01").stdout)
    kept = dataset.read_bytes()
    os.link(dataset, tmp_path / "hard.json")
    for out in (dataset, tmp_path / "hard.json", f"{tmp_path}/../{tmp_path.name}/coach-a.json"):
        for fmt in ("json", "csv", "xlsx", "html", "table"):
            result = invoke("report", "--dataset", dataset, "--format", fmt, "--out", out, "--force")
            assert result.exit_code == 2 and "waar dit uit is gemaakt" in result.stderr, (out, fmt, result.output)
    assert dataset.read_bytes() == kept
    assert invoke("report", "--dataset", dataset, "--format", "json", "--out", tmp_path / "verslag.json").exit_code == 0


def test_a_catalogue_export_never_writes_over_the_catalogue_it_exports(tmp_path):
    """`catalogue export DIR --out DIR/bewegen.yaml --force` replaced a catalogue file with the JSON made from it."""
    folder = tmp_path / "catalogus"
    folder.mkdir()
    text = "- id: wandelen\n  name: Wandelen\n  description: Samen.\n  themes: [bewegen]\n  verified: 2026-09-01\n"
    (folder / "bewegen.yaml").write_text(text)
    for fmt in ("hsds", "csv"):
        result = invoke("catalogue", "export", folder, "--format", fmt, "--out", folder / "bewegen.yaml", "--force")
        assert result.exit_code == 2 and "waar dit uit is gemaakt" in result.stderr, result.output
    assert (folder / "bewegen.yaml").read_text() == text
    assert invoke("catalogue", "export", folder, "--out", folder / "export.json").exit_code == 0


def test_release_2_writers_keep_the_output_file_rule(tmp_path, db_path):
    from wor_cli import config

    config._write(SETTINGS)
    new_referral(tmp_path)
    fifo = tmp_path / "pijp"
    os.mkfifo(fifo)
    taken = tmp_path / "bestaat.txt"
    taken.write_text("van iemand anders")
    before = dump(db_path)
    for name, argv in WRITERS.items():
        for out, code, words in ((db_path, 2, "database"), (f"{db_path}-wal", 2, "database"), ("/dev/null", 2, "/dev/null"),
                                 (fifo, 2, "pijp"), (taken, 1, "--force"), (tmp_path / "nergens" / "x", 2, "nergens")):
            result = invoke(*argv, out)
            assert result.exit_code == code and words in result.stderr, (name, out, result.output)
            assert "Er ging iets mis" not in result.output
        assert taken.read_text() == "van iemand anders"
    assert dump(db_path) == before


# --- Ctrl-C in the interactive flows -----------------------------------------------------------------------


@pytest.mark.parametrize("at", ["edit.what", "client.name", "client.birth_year", "edit.confirm"])
def test_ctrl_c_anywhere_in_the_editor_writes_nothing(tmp_path, db_path, at):
    ref = new_referral(tmp_path)
    before = dump(db_path)
    answers = {"edit.what": "client", "client.name": "Anna de Wit-Jansen", "client.birth_year": "1949",
               "edit.confirm": True}
    keys = list(answers)
    script = {k: answers[k] for k in keys[:keys.index(at)]}
    script[at] = CTRL_C
    with answering(script):
        result = invoke("edit", ref)
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output and "Er ging iets mis" not in result.output
    assert dump(db_path) == before
