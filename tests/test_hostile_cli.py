"""Issue 10: random command lines, confirmations, settings, the anonymiser, doctor's warnings.

The random command lines are made from the real commands and options (read from the
CLI itself, so a new option is attacked too) and values people and scripts get wrong.
Every run is measured (tests/hostile.py); a refused run leaves the database as it was.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import invoke, new_referral
from tests.hostile import assert_clean, dump, run_measured
from tests.prompts import CTRL_C, answering

# POSIX only: FIFOs, symlinks, fork, and `resource` for measuring.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX (mkfifo, fork, resource)")

VALUES = ["", "-", "R26-0001", "r26-0001", "nan", "inf", "-1", "0", "1e999", "9" * 5000, "2026-02-30",
          "2026-13-01", "１２", "¹²", "\u200b", "x" * 20000, "/dev/null", "/dev/zero", "--", "ja", "j",
          "2026-11-02 10:30", "eenzaamheid", "../../etc/passwd", "\udcff\udcfe", "0x10", "1_000", "٣",
          # release 2 (test_hostile_release2.py): a name too long for the file system, the calendar's ends,
          # a direction override, a terminal escape, a formula, a full-width date
          "x" * 300, "0001-01-01", "9999-12-31", "\u202eabc", "a\x1bb", "=HYPERLINK(1)", "１２-11-2026"]


def commands() -> dict[str, Any]:
    """Every command and subcommand by its words ("export minimal-dataset"), from the CLI itself."""
    from wor_cli import cli

    found: dict[str, Any] = {}

    def walk(command: Any, words: list[str]) -> None:
        if hasattr(command, "list_commands"):  # a group (Typer's click may not be the one imported here)
            for name in command.list_commands(None):
                walk(command.get_command(None, name), [*words, name])
        else:
            found[" ".join(words)] = command

    for name in cli.COMMANDS:
        walk(cli._build(name), [name])
    return found


def random_argv(rng: random.Random, table: dict[str, Any], tmp_path: Path) -> list[str]:
    name = rng.choice(sorted(table))
    command = table[name]
    argv = name.split()
    values = [*VALUES, str(tmp_path), str(tmp_path / "bestaat-niet.yaml")]
    for param in command.params:
        if rng.random() > 0.5:
            continue
        if param.param_type_name == "argument":
            argv.append(rng.choice(values))
        elif param.param_type_name == "option" and param.name not in ("help",):
            option = rng.choice(param.opts)
            if option in ("--yes", "--force") or option.startswith("--key-file"):
                continue  # never say yes for the test, and no key: those are tested on their own
            argv.append(option)
            if not param.is_flag:
                argv.append(rng.choice(values))
    return argv


def test_random_command_lines_from_the_real_options(tmp_path, db_path):
    ref = new_referral(tmp_path)
    assert ref == "R26-0001"
    table = commands()
    assert {"intake", "letter", "export minimal-dataset", "catalogue check", "config set"} <= set(table)
    rng = random.Random(10)
    cases = [["list"]] + [random_argv(rng, table, tmp_path) for _ in range(70)]
    before = dump(db_path)
    results = run_measured(cases, tmp_path)
    digest = results[0].db
    for result in results:
        assert_clean(result)
        if result.code != 0:
            assert result.db == digest, result  # refused: the database is as it was
        digest = result.db
    assert sum(r.code == 2 for r in results) >= 20  # most of these are bad usage
    assert dump(db_path) is not None and before is not None


def test_restore_takes_j_for_yes_as_its_hint_says(tmp_path, db_path):
    from wor_cli.ui.privacy_view import is_yes

    assert [is_yes(a) for a in ("j", "ja", "J", " Ja ", "y", "yes")] == [True] * 6
    assert [is_yes(a) for a in ("", None, "n", "nee", "jj", "no", "ja!")] == [False] * 7
    new_referral(tmp_path)
    backup = tmp_path / "kopie.db"
    assert invoke("backup", backup).exit_code == 0
    for answer, restored in (("j", True), ("ja", True), ("", False), ("jj", False)):
        with answering({"restore.confirm": answer}):
            result = invoke("restore", backup)
        assert result.exit_code == (0 if restored else 1), (answer, result.output)
        assert "Traceback" not in result.output and "Er ging iets mis" not in result.output
    with answering({"restore.confirm": CTRL_C}):  # Ctrl-C, or Ctrl-D (QuestionaryPrompter makes it one)
        result = invoke("restore", backup)
    assert result.exit_code == 130 and "Er ging iets mis" not in result.output


def test_purge_takes_j_for_yes(tmp_path, db_path):
    from tests.privacy_helpers import closed_referral

    old = closed_referral(tmp_path, "2023-02-01")
    assert invoke("show", old).exit_code == 0
    with answering({"purge.confirm": "nee"}):
        kept = invoke("purge")
    assert kept.exit_code == 1 and invoke("show", old).exit_code == 0
    with answering({"purge.confirm": "j"}):
        done = invoke("purge")
    assert done.exit_code == 0, done.output
    assert invoke("show", old).exit_code == 1


@pytest.mark.parametrize("key, suggestion", [("coach.naam", "coach.name"), ("organisation.nam", "organisation.name"),
                                             ("retention", "retention_years"), ("zzz", None),
                                             ("x" * 5000, None), ("", None)])
def test_config_with_an_unknown_key_is_bad_input_with_the_known_keys(tmp_path, key, suggestion):
    from wor_cli import config as settings_file

    config = settings_file.config_path()
    for argv in (["config", "set", key, "x"], ["config", "unset", key]):
        result = invoke(*argv)
        assert result.exit_code == 2, result.output
        assert "coach.name, coach.phone" in result.stderr and "Er ging iets mis" not in result.output
        assert len(result.stderr) < 1000
        if suggestion:
            assert f"Bedoelt u {suggestion}?" in result.stderr
        else:
            assert "Bedoelt u" not in result.stderr
    assert not config.exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-3", "9" * 5000, "x"])
def test_config_numbers_must_be_real_numbers(value):
    result = invoke("config", "set", "match.default_km", value)
    assert result.exit_code == 2 and "Er ging iets mis" not in result.output, result.output


MARKERS = {k: f"[{k}]" for k in ("name", "place", "address", "phone", "email", "website", "postcode", "date",
                                 "year", "age")}


@pytest.mark.parametrize("story, gone, stays", [
    ("Ze woont in lelystad en fietst.", ["lelystad"], ["fietst"]),
    ("Mevrouw verhuist naar zwolle of naar Almere.", ["zwolle", "Almere"], ["verhuist"]),
    ("Mevrouw is nu 77 en wandelt weer.", ["77"], ["wandelt"]),
    ("Meneer, inmiddels 81, komt elke week.", ["81"], ["elke week"]),
    ("Ze woont op de molenweg 12 en op nummer 3 woont haar zus.", ["molenweg 12", "nummer 3"], ["zus"]),
    ("Meneer Van der Berg belde. Van der Berg was blij.", ["Van der", "Berg"], ["belde"]),
    ("Hij sprak met van den Heuvel.", ["van den", "Heuvel"], ["sprak"]),
    ("Ze gaat naar Wandelgroep De Stapper en naar het Taalcafé Atolwijk.",
     ["Atolwijk"], ["Wandelgroep De Stapper", "Taalcafé"]),
    ("Ze betaalt nu 15 euro en is al 3 weken bij het Koor Zingen 55+.", [], ["15 euro", "Koor Zingen 55+"]),
])
def test_the_anonymiser_closes_the_gaps_of_issue_10(story, gone, stays):
    from wor_cli.reports.anonymise import Anonymiser

    anonymiser = Anonymiser(MARKERS, names=["Jan van der Berg", "P. de Boer"],
                            keep=["Wandelgroep De Stapper", "Taalcafé", "Koor Zingen 55+"])
    told = anonymiser.clean(story, names=["Jan van der Berg", "P. de Boer"])
    for word in gone:
        assert word not in told, told
    for words in stays:
        assert words in told, told
    assert "[place] in [place]" not in told and "Van der [name]" not in told


def test_stories_in_the_report_keep_the_activity_names(tmp_path, db_path):
    from tests.helpers import contact

    ref = new_referral(tmp_path)
    activity = json.loads(invoke("match", "wandelen", "--json").stdout)[0]
    result = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-20", "mode": "phone"},
        "activities": [{"id": activity["id"], "status": "started"}],
        "close": {"outcome": "completed", "shareable": True,
                  "summary": f"Anna gaat nu elke week naar {activity['name']} in lelystad; ze is nu 78."},
    })
    assert result.exit_code == 0, result.output
    stories = json.loads(invoke("report", "--format", "json").stdout)["stories"]
    assert len(stories) == 1 and activity["name"] in stories[0], stories
    assert "lelystad" not in stories[0] and "78" not in stories[0] and "Anna" not in stories[0]


def test_doctor_on_windows_says_it_cannot_check_permissions(tmp_path, db_path, monkeypatch):
    from wor_cli.privacy import health

    new_referral(tmp_path)
    monkeypatch.setattr(health.os, "name", "nt")
    try:
        found = health._files(db_path, None)
    finally:
        monkeypatch.undo()
    assert [c.status for c in found] == ["warn"] and "niet controleren" in found[0].message and found[0].advice
