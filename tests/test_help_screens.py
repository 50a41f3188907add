"""Every help screen reads in one language: the coach's words, also for placeholders.

Found by reading each `--help` as a coach would: `<str>` and `<path>` beside arguments,
PATH, FILE and DATE in Dutch help, `[x>=0]`, a flow list swallowed by rich's markup,
and `wor catalogue --lang en check` refused (a global option after a command group).
"""

from __future__ import annotations

import re
import sys

import pytest

from tests.helpers import invoke
from wor_cli.cli import COMMANDS

GROUPS = {"catalogue": ["check", "postcodes", "import", "export", "stale", "verify"],
          "export": ["minimal-dataset"], "config": ["show", "set", "unset"]}
SCREENS = [[name] for name in COMMANDS] + [[group, sub] for group, subs in GROUPS.items() for sub in subs]

# Words that belong to the other language (or to no language: a type name, a formula).
NOT_DUTCH = re.compile(r"<str>|<path>|<int>|\[x[<>]=|\b(PATH|FILE|DIR|DATE|KEY|VALUE|AGE|REF|WORDS|SOURCE|"
                       r"Usage|Options|Arguments|default|required|Show this)\b")
NOT_ENGLISH = re.compile(r"<str>|<path>|\[x[<>]=|\b(PAD|BESTAND|MAP|DATUM|KENMERK|SLEUTEL|WAARDE|WOORDEN|BRON|"
                         r"Gebruik|Opties|Argumenten|standaard|verplicht)\b")


def test_the_groups_listed_here_are_every_group():
    from wor_cli.cli import _build

    groups = {name for name in COMMANDS if hasattr(_build(name), "commands")}
    assert groups == set(GROUPS)
    for group, subs in GROUPS.items():
        assert sorted(_build(group).commands) == sorted(subs)


def _fresh_commands(monkeypatch) -> None:
    """A command module reads its help texts once, when imported; in one process, as in a real run, read them anew."""
    for name in [name for name in sys.modules if name.startswith("wor_cli.commands.")]:
        monkeypatch.delitem(sys.modules, name)


@pytest.mark.parametrize("screen", SCREENS, ids=" ".join)
def test_each_help_screen_is_dutch_and_english(screen, monkeypatch):
    _fresh_commands(monkeypatch)
    dutch = invoke(*screen, "--help")
    assert dutch.exit_code == 0, dutch.stderr
    assert "Gebruik: wor " in dutch.stdout
    assert not NOT_DUTCH.findall(dutch.stdout), screen
    _fresh_commands(monkeypatch)
    english = invoke(*screen, "--help", "--lang", "en")
    assert english.exit_code == 0, english.stderr
    assert "Usage: wor " in english.stdout
    assert not NOT_ENGLISH.findall(english.stdout), screen


def test_placeholders_are_the_coachs_words():
    dutch = invoke("show", "--help").stdout
    assert "wor show [OPTIES] {KENMERK}" in dutch and "KENMERK" in dutch
    assert "SLEUTEL=WAARDE" in invoke("edit", "--help").stdout
    english = invoke("--lang", "en", "report", "--help").stdout
    assert "DATE" in english and "PATH" in english


def test_a_flow_list_in_a_help_text_is_shown_whole():
    flat = " ".join(invoke("edit", "--help").stdout.replace("│", " ").split())
    assert "'referral.reasons=[eenzaamheid, rouw]'" in flat
    assert "measures.ID=[...]" in flat


def test_a_default_is_said_once():
    for screen in (["agenda"], ["catalogue", "stale"]):
        flat = " ".join(invoke(*screen, "--help").stdout.replace("│", " ").split())
        assert flat.count("standaard") == 1, flat


def test_the_catalogue_group_says_what_it_holds():
    out = invoke("catalogue", "--help").stdout
    assert "inlezen" in out and "postcodetabel" in out


@pytest.mark.parametrize("group", [["catalogue", "--lang", "en", "check"], ["config", "--lang", "en", "show"]])
def test_a_global_option_after_a_command_group(group):
    result = invoke(*group)
    assert result.exit_code == 0, result.stderr
    assert "No such option" not in result.stderr and "Onbekende optie" not in result.stderr


def test_a_number_below_its_least_is_said_in_words():
    result = invoke("report", "--stories", "-1")
    assert result.exit_code == 2
    flat = " ".join(result.stderr.replace("│", " ").split())
    assert "-1 kan niet: het moet minstens 0 zijn." in flat and "x>=" not in flat
    english = " ".join(invoke("--lang", "en", "report", "--stories", "-1").stderr.replace("│", " ").split())
    assert "-1 is too small: it must be at least 0." in english


def test_a_missing_argument_is_named_as_the_usage_line_names_it():
    result = invoke("config", "set")
    flat = " ".join(result.stderr.replace("│", " ").split())
    assert "{SLEUTEL} {WAARDE}" in flat and "Ontbreekt: SLEUTEL." in flat
