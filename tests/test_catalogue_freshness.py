"""`wor catalogue stale` and `wor catalogue verify`: what to check again, and marking it checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import invoke

# "today" is 2026-11-23 in the tests (conftest).
CATALOGUE = """\
# Activiteiten van Welzijn Zuid; bijgehouden door Anja.
- id: wandelen     # de oudste groep
  name: Wandelgroep
  description: >
    Elke dinsdag wandelen we door het park.
  themes: [bewegen]
  organization: Welzijn Zuid
  contact:
    name: Anja de Vries
    phone: "070 123 4567"
  verified: 2025-01-10   # gebeld met Anja

- id: koffie
  name: Koffieochtend
  description: Koffie en een praatje.
  themes: [ontmoeten]
  organization: Welzijn Zuid
  contact:
    name: Anja de Vries
    phone: "070 123 4567"
  # nog niet gecontroleerd

- id: schrijven
  name: Schrijfgroep
  description: Schrijven over wat je meemaakte.
  themes: [creatief]
  organization: Bibliotheek
  verified: 2026-10-01
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "kaart"
    root.mkdir()
    (root / "zuid.yaml").write_text(CATALOGUE, encoding="utf-8")
    (root / "los.yaml").write_text("id: boeken\nname: Boekenclub\ndescription: Lezen.\nthemes: [cultuur]\n",
                                   encoding="utf-8")
    return root


def test_stale_lists_by_organisation_with_whom_to_call(folder: Path) -> None:
    result = invoke("catalogue", "stale", "--json", "--catalogue", folder)
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)
    assert [g["organization"] for g in groups] == ["Welzijn Zuid", None]
    zuid = groups[0]
    assert [a["id"] for a in zuid["activities"]] == ["koffie", "wandelen"]  # never checked first
    assert zuid["contact"] == {"name": "Anja de Vries", "phone": "070 123 4567"}
    assert zuid["activities"][1]["verified"] == "2025-01-10" and zuid["activities"][1]["file"] == "zuid.yaml"
    assert [a["id"] for a in groups[1]["activities"]] == ["boeken"]


def test_stale_with_fewer_months_and_on_screen(folder: Path) -> None:
    result = invoke("catalogue", "stale", "--months", "1", "--json", "--catalogue", folder)
    ids = [a["id"] for g in json.loads(result.stdout) for a in g["activities"]]
    assert sorted(ids) == ["boeken", "koffie", "schrijven", "wandelen"]
    shown = invoke("catalogue", "stale", "--catalogue", folder)
    assert "Welzijn Zuid (2): bel Anja de Vries 070 123 4567" in shown.output
    assert "nooit gecontroleerd" in shown.output
    assert invoke("catalogue", "stale", "--months", "0", "--catalogue", folder).exit_code == 2


def test_verify_changes_the_one_line_and_keeps_its_comment(folder: Path) -> None:
    result = invoke("catalogue", "verify", "wandelen", "--date", "20-11-2026", "--catalogue", folder)
    assert result.exit_code == 0, result.output
    after = (folder / "zuid.yaml").read_text(encoding="utf-8")
    assert after == CATALOGUE.replace("verified: 2025-01-10   # gebeld", "verified: 2026-11-20   # gebeld")
    stale = json.loads(invoke("catalogue", "stale", "--json", "--catalogue", folder).stdout)
    assert "wandelen" not in [a["id"] for g in stale for a in g["activities"]]


def test_verify_adds_the_key_in_the_entrys_own_indentation(folder: Path) -> None:
    assert invoke("catalogue", "verify", "koffie", "--catalogue", folder).exit_code == 0
    after = (folder / "zuid.yaml").read_text(encoding="utf-8")
    assert after == CATALOGUE.replace('    phone: "070 123 4567"\n  # nog niet',
                                      '    phone: "070 123 4567"\n  verified: 2026-11-23\n  # nog niet')
    assert invoke("catalogue", "verify", "boeken", "--date", "2026-11-01", "--catalogue", folder).exit_code == 0
    assert (folder / "los.yaml").read_text(encoding="utf-8").endswith("themes: [cultuur]\nverified: 2026-11-01\n")
    assert json.loads(invoke("catalogue", "check", folder, "--json").stdout)["errors"] == []


def test_verify_keeps_windows_line_ends(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"- id: a\r\n  name: A\r\n  description: x\r\n  themes: [leren]")
    assert invoke("catalogue", "verify", "a", "--catalogue", tmp_path).exit_code == 0
    assert (tmp_path / "a.yaml").read_bytes() == (
        b"- id: a\r\n  name: A\r\n  description: x\r\n  themes: [leren]\r\n  verified: 2026-11-23\r\n")


@pytest.mark.parametrize("args, code, words", [
    (["onbekend"], 1, "Geen activiteit met id onbekend"),
    (["koffie", "--date", "2027-01-01"], 2, "toekomst"),
    (["koffie", "--date", "31-2-2026"], 2, "geen datum"),
])
def test_verify_refusals_change_nothing(folder: Path, args, code: int, words: str) -> None:
    result = invoke("catalogue", "verify", *args, "--catalogue", folder)
    assert result.exit_code == code and words in result.output
    assert (folder / "zuid.yaml").read_text(encoding="utf-8") == CATALOGUE


def test_verify_refuses_a_layout_it_cannot_edit_safely(tmp_path: Path) -> None:
    text = "- {id: a, name: A, description: x, themes: [leren]}\n"
    (tmp_path / "a.yaml").write_text(text)
    result = invoke("catalogue", "verify", "a", "--catalogue", tmp_path)
    assert result.exit_code == 1 and "met de hand" in result.output
    assert (tmp_path / "a.yaml").read_text() == text


def test_verify_leaves_the_bundled_example_alone(tmp_path: Path) -> None:
    from tests.helpers import CATALOGUE as BUNDLED

    before = {p.name: p.read_bytes() for p in BUNDLED.glob("*.yaml")}
    result = invoke("catalogue", "verify", "mantelzorgconsulent")
    assert result.exit_code == 1 and "wor config set catalogue" in result.output
    assert {p.name: p.read_bytes() for p in BUNDLED.glob("*.yaml")} == before


def test_verify_does_not_follow_a_symlinked_file(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders.yaml"
    elsewhere.write_text("- id: a\n  name: A\n  description: x\n  themes: [leren]\n")
    folder = tmp_path / "kaart"
    folder.mkdir()
    (folder / "a.yaml").symlink_to(elsewhere)
    result = invoke("catalogue", "verify", "a", "--catalogue", folder)
    assert result.exit_code == 1 and "verified" not in elsewhere.read_text()


def test_dates_on_screen_as_a_dutch_coach_writes_them(folder: Path) -> None:
    done = invoke("catalogue", "verify", "wandelen", "--date", "2026-11-20", "--catalogue", folder)
    assert "gecontroleerd op 20-11-2026" in done.output and "2026-11-20" not in done.output
    stale = invoke("catalogue", "stale", "--months", "1", "--catalogue", folder).output
    assert "(01-10-2026)" in stale and "2026-10-01" not in stale
    english = invoke("--lang", "en", "catalogue", "verify", "wandelen", "--date", "2026-11-20", "--catalogue", folder)
    assert "2026-11-20" in english.output


def test_stale_is_not_reassuring_about_a_catalogue_with_errors_or_nothing_in_it(tmp_path: Path) -> None:
    """It said "Alle 0 activiteiten zijn in de laatste 12 maanden gecontroleerd" for a catalogue of broken files."""
    broken = tmp_path / "kapot"
    broken.mkdir()
    (broken / "a.yaml").write_text("- id: [\n")
    result = invoke("catalogue", "stale", "--catalogue", broken)
    assert result.exit_code == 0 and "1 fout" in result.output and "wor catalogue check" in result.output
    assert "gecontroleerd." not in result.output and "geen activiteiten" in result.output
    empty = tmp_path / "leeg"
    empty.mkdir()
    result = invoke("catalogue", "stale", "--catalogue", empty)
    assert "geen activiteiten" in result.output and "Alle 0" not in result.output
