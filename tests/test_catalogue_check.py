"""`wor catalogue check`: every rule of catalogue-format.md has a failing fixture."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.helpers import CATALOGUE, invoke

VALID = """\
- id: wandelgroep-de-stapper
  name: Wandelgroep De Stapper
  description: Elke dinsdagochtend wandelen we een uur door het park.
  themes: [bewegen, ontmoeten]
  keywords: [wandelen, buiten]
  organization: Welzijn Zuid
  location:
    name: Buurthuis De Schakel
    address: Parkweg 12
    postcode: 8232 AB
    city: Lelystad
    lat: 52.5
    lon: 5.47
  online: false
  schedule:
    - day: tuesday
      start: "10:00"
      end: "11:30"
      frequency: weekly
  cost:
    amount: 0
    per: session
    note: Gratis
  eligibility:
    min_age: 55
    max_age: null
    note: Voor buurtbewoners
  accessibility: [wheelchair, hearing-loop]
  languages: [nl]
  contact:
    name: Anja de Vries
    phone: "0320 123 456"
    email: anja@welzijnzuid.example
    url: https://welzijnzuid.example/stapper
  verified: 2026-09-15
"""


def catalogue_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "cat"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def check(folder: Path) -> dict:
    result = invoke("catalogue", "check", folder, "--json")
    data = json.loads(result.stdout)
    data["exit_code"] = result.exit_code
    return data


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(textwrap.dedent(text).splitlines(), 1) if fragment in line)


def test_the_bundled_catalogue_is_valid_with_warnings_only():
    data = check(CATALOGUE)
    assert data["exit_code"] == 0
    assert data["errors"] == []
    assert data["activities"] >= 80
    messages = " ".join(w["message"] for w in data["warnings"])
    assert "meer dan een jaar geleden" in messages and "nooit gecontroleerd" in messages
    # The date as a Dutch coach writes it, as `stale` and `verify` show it: 02-06-2025, not 2025-06-02.
    assert re.search(r"gecontroleerd op \d\d-\d\d-\d{4},", messages)
    assert not re.search(r"gecontroleerd op \d{4}-", messages)


def test_a_valid_entry_passes(tmp_path):
    data = check(catalogue_with(tmp_path, {"a.yaml": VALID}))
    assert (data["exit_code"], data["activities"], data["errors"], data["warnings"]) == (0, 1, [], [])


def test_one_activity_as_a_mapping_and_yml_files_below_subfolders(tmp_path):
    single = "\n".join(line[2:] for line in VALID.splitlines())
    folder = catalogue_with(tmp_path, {"sub/een.yml": single})
    assert check(folder)["activities"] == 1


BROKEN = [
    # (what is wrong, replace this, with this, expected words, the line fragment the error names)
    ("missing required key", "  description: Elke dinsdagochtend wandelen we een uur door het park.\n", "",
     "description: ontbreekt", "- id:"),
    ("unknown key (typo)", "  keywords:", "  keywrods:", "onbekend veld", "keywrods"),
    ("wrong type", "  online: false", "  online: misschien", "true of false", "online:"),
    ("theme outside the list", "[bewegen, ontmoeten]", "[bewegen, sport]", "'sport' is geen thema", "themes:"),
    ("no theme", "[bewegen, ontmoeten]", "[]", "minstens één", "themes:"),
    ("day outside the list", "day: tuesday", "day: dinsdagmiddag", "geen dag", "day:"),
    ("frequency outside the list", "frequency: weekly", "frequency: daily", "weekly, biweekly", "frequency:"),
    ("per outside the list", "per: session", "per: week", "session, month", "per:"),
    ("accessibility outside the list", "[wheelchair, hearing-loop]", "[wheelchair, lift]", "'lift'", "accessibility:"),
    ("language outside the list", "languages: [nl]", "languages: [nl, nederlands]", "taalcode", "languages:"),
    ("malformed postcode", "postcode: 8232 AB", "postcode: 82320 AB", "geen postcode", "postcode:"),
    ("malformed time", 'start: "10:00"', 'start: "10u"', "geen tijd", "start:"),
    ("unquoted time read as a number", 'start: "10:00"', "start: 10:00", '"10:00"', "start:"),
    ("start not before end", 'end: "11:30"', 'end: "09:30"', "niet na de begintijd", "end:"),
    ("malformed date", "verified: 2026-09-15", "verified: 15-09-2026", "geen datum", "verified:"),
    ("lat without lon", "    lon: 5.47\n", "", "lat en lon horen samen", "lat:"),
    ("bad id", "id: wandelgroep-de-stapper", "id: Wandelgroep De Stapper", "kan niet als id", "- id:"),
    ("phone read as a number", 'phone: "0320 123 456"', "phone: 0320123456", "aanhalingstekens", "phone:"),
    ("negative cost", "amount: 0", "amount: -2", "niet tussen", "amount:"),
    ("ages reversed", "max_age: null", "max_age: 40", "lager dan", "max_age:"),
    ("bad e-mail", "anja@welzijnzuid.example", "anja-at-welzijnzuid", "geen e-mailadres", "email:"),
    ("key given twice", "  organization: Welzijn Zuid\n", "  organization: Welzijn Zuid\n  organization: Welzijn Noord\n",
     "twee keer", "organization: Welzijn Noord"),
]


@pytest.mark.parametrize(("what", "old", "new", "words", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_rule_is_an_error_with_file_and_line(tmp_path, what, old, new, words, fragment):
    assert old in VALID, what
    text = VALID.replace(old, new, 1)
    data = check(catalogue_with(tmp_path, {"a.yaml": text}))
    assert data["exit_code"] == 2, what
    assert any(words in e["message"] for e in data["errors"]), data["errors"]
    error = next(e for e in data["errors"] if words in e["message"])
    assert error["file"].endswith("a.yaml")
    assert error["line"] == line_of(text, fragment), (what, error)


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("- id: a\n\tname: x\n", "tab", 2),
        ("- id: a\n  name: Koffie: met koek\n", "dubbele punt", 2),
        ("just a sentence\n", "lijst van activiteiten", 1),
        ("- just\n- words\n", "velden met een naam", None),
    ],
    ids=["tab", "stray colon", "top level text", "list of words"],
)
def test_yaml_traps_are_explained(tmp_path, text, words, line):
    data = check(catalogue_with(tmp_path, {"a.yaml": text}))
    assert data["exit_code"] == 2
    error = next(e for e in data["errors"] if words in e["message"])
    if line is not None:
        assert error["line"] == line


def test_a_date_may_come_as_a_date_or_as_text(tmp_path):
    quoted = VALID.replace("verified: 2026-09-15", 'verified: "2026-09-15"')
    assert check(catalogue_with(tmp_path, {"a.yaml": quoted}))["errors"] == []


def test_a_duplicate_id_names_both_places(tmp_path):
    folder = catalogue_with(tmp_path, {"a.yaml": VALID, "b.yaml": "\n\n" + VALID})
    data = check(folder)
    duplicates = [e for e in data["errors"] if "vaker" in e["message"]]
    assert {(Path(e["file"]).name, e["line"]) for e in duplicates} == {("a.yaml", 1), ("b.yaml", 3)}
    assert "b.yaml:3" in next(e for e in duplicates if e["file"].endswith("a.yaml"))["message"]


def test_warnings_for_stale_and_unverified_entries(tmp_path):
    stale = VALID.replace("verified: 2026-09-15", "verified: 2025-06-01")
    never = VALID.replace("  verified: 2026-09-15\n", "").replace("wandelgroep-de-stapper", "tweede")
    data = check(catalogue_with(tmp_path, {"a.yaml": stale, "b.yaml": never}))
    assert data["exit_code"] == 0
    assert sorted((Path(w["file"]).name, w["line"]) for w in data["warnings"]) == [
        ("a.yaml", line_of(stale, "verified:")), ("b.yaml", 1)
    ]


def test_every_error_is_reported_at_once_in_file_line_form(tmp_path):
    text = VALID.replace("day: tuesday", "day: someday").replace("per: session", "per: week")
    folder = catalogue_with(tmp_path, {"a.yaml": text, "b.yaml": "- id: b\n  name: B\n"})
    result = invoke("catalogue", "check", folder)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if ".yaml:" in line]
    assert len(lines) >= 4  # someday, week, b: description and themes missing
    assert all(line.split(":")[1].isdigit() for line in lines)


def test_match_refuses_an_invalid_catalogue_with_the_same_messages(tmp_path):
    folder = catalogue_with(tmp_path, {"a.yaml": VALID.replace("day: tuesday", "day: someday")})
    result = invoke("match", "wandelen", "--catalogue", folder)
    assert result.exit_code == 2
    assert "a.yaml:" in result.stderr and "someday" in result.stderr


def test_a_missing_folder_is_a_clear_error(tmp_path):
    result = invoke("catalogue", "check", tmp_path / "nergens")
    assert result.exit_code == 2 and "nergens" in result.stderr


def test_english_messages(tmp_path):
    folder = catalogue_with(tmp_path, {"a.yaml": VALID.replace("day: tuesday", "day: someday")})
    result = invoke("catalogue", "check", folder, "--lang", "en")
    assert "is not a day" in result.stderr


def test_a_location_written_once_and_used_by_several_activities(tmp_path):
    # YAML anchors and aliases: a catalogue keeper's way of not typing an address twice.
    folder = tmp_path / "catalogus"
    folder.mkdir()
    (folder / "boerderij.yaml").write_text(
        "- id: dieren\n  name: Dieren verzorgen\n  description: Voeren en uitmesten.\n  themes: [natuur]\n"
        "  location: &boerderij\n    name: Stadsboerderij\n    postcode: 1628 PA\n    city: Hoorn\n"
        "- id: moestuin\n  name: Moestuin\n  description: Zaaien en oogsten.\n  themes: [natuur]\n"
        "  location: *boerderij\n", encoding="utf-8")
    result = invoke("catalogue", "check", folder, "--json")
    assert result.exit_code == 0, result.output
    found = invoke("match", "moestuin", "--catalogue", folder, "--json")
    assert json.loads(found.stdout)[0]["location"]["city"] == "Hoorn"


def test_a_reference_to_nothing_is_named_as_such(tmp_path):
    folder = tmp_path / "catalogus"
    folder.mkdir()
    (folder / "kapot.yaml").write_text(
        "- id: a\n  name: A\n  description: x\n  themes: [natuur]\n  location: *boerderij\n", encoding="utf-8")
    result = invoke("catalogue", "check", folder)
    assert result.exit_code == 2
    assert "kapot.yaml:5: een verwijzing (*naam) naar iets dat nergens eerder met &naam is vastgelegd" in result.output


def test_aliases_used_oddly_are_each_named_once(tmp_path):
    folder = tmp_path / "catalogus"
    folder.mkdir()
    entry = "  name: {n}\n  description: x\n  themes: [natuur]\n"
    (folder / "merge.yaml").write_text("- &basis\n  id: basis\n" + entry.format(n="B") + "- <<: *basis\n  id: tweede\n",
                                       encoding="utf-8")
    (folder / "dubbel.yaml").write_text("- &x\n  id: dubbel\n" + entry.format(n="D") + "- *x\n", encoding="utf-8")
    (folder / "rond.yaml").write_text("- id: rond\n  name: R\n  description: x\n  themes: &t [natuur, *t]\n",
                                      encoding="utf-8")
    (folder / "tekst.yaml").write_text("- id: tekst\n  name: &n Naam\n  description: *n\n  themes: [natuur]\n"
                                       "  location: *n\n", encoding="utf-8")
    result = invoke("catalogue", "check", folder, "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    errors = [(Path(e["file"]).name, e["line"], e["message"]) for e in report["errors"]]
    # An entry used twice through an alias: one place, one message, naming that place.
    assert [e for e in errors if e[0] == "dubbel.yaml"] == [
        ("dubbel.yaml", 1, "id 'dubbel' komt vaker voor (ook in dubbel.yaml:1); elk id moet uniek zijn.")]
    assert any(e[0] == "rond.yaml" and "te diep genest" in e[2] for e in errors)  # a list inside itself
    assert any(e[0] == "tekst.yaml" and e[2].startswith("location:") for e in errors)
    assert not any(e[0] == "merge.yaml" for e in errors)  # a merge key (<<: *basis) is YAML as usual
    for name in ("dubbel.yaml", "rond.yaml", "tekst.yaml"):
        (folder / name).unlink()
    found = json.loads(invoke("match", "natuur", "--catalogue", folder, "--json").stdout)
    assert {r["id"]: r["name"] for r in found} == {"basis": "B", "tweede": "B"}  # tweede inherits its name
