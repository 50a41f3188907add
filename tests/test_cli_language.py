"""Typer's and Click's own words (help, usage errors) follow --lang; shell completion works."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT, invoke

ENGLISH_ONLY = ["Usage:", "Options", "Show this message and exit", "No such option", "Missing argument",
                "[default:", "Try '"]


def test_root_help_is_dutch():
    out = invoke("--help").stdout
    assert "Gebruik: wor [OPTIES] OPDRACHT [ARGUMENTEN]..." in out
    assert "─ Opties " in out and "Toon deze hulp en stop." in out
    for english in ENGLISH_ONLY:
        assert english not in out


def test_match_help_is_dutch_and_english_with_lang_en():
    dutch = invoke("match", "--help").stdout
    assert "Gebruik: wor match [OPTIES]" in dutch and "[standaard: 10]" in dutch
    assert "Show this message" not in dutch and "[default:" not in dutch
    english = invoke("match", "--help", "--lang", "en").stdout
    assert "Usage: wor match [OPTIONS]" in english and "[default: 10]" in english
    assert "Show this help and exit." in english and "Opties" not in english


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["list", "--statu", "open"], "Onbekende optie: --statu. Bedoelt u --status?",
         "No such option: --statu. Did you mean --status?"),
        (["show"], "Ontbreekt: KENMERK.", "Missing argument REF."),
        (["lst"], "Onbekende opdracht: lst. Bedoelt u 'list'?", "No such command: lst. Did you mean 'list'?"),
        (["match", "--limit", "veel", "x"], "Ongeldige waarde voor '--limit': 'veel' is geen geheel getal.",
         "Invalid value for '--limit': 'veel' is not a whole number."),
        (["list", "--status"], "De optie --status heeft een waarde nodig.", "Option --status needs a value."),
        (["list", "extra"], "Te veel argumenten: extra.", "Unexpected extra arguments: extra."),
    ],
)
def test_usage_errors_in_both_languages(args, dutch, english):
    result = invoke(*args)
    assert result.exit_code == 2
    flat = " ".join(result.stderr.replace("│", " ").split())
    assert dutch in flat
    if args != ["list", "--status"]:  # Click gives a missing option value no usage line
        assert "Gebruik:" in flat and "voor hulp" in flat
    for word in ("Usage", "Error", "No such", "Missing", "Try '"):
        assert word not in flat
    result = invoke("--lang", "en", *args)
    assert result.exit_code == 2
    assert english in " ".join(result.stderr.replace("│", " ").split())


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wor_cli", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, timeout=60)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_show_completion_for_each_shell(shell, monkeypatch):
    from wor_cli.ui import completion

    monkeypatch.setattr(completion, "current_shell", lambda: shell)
    result = invoke("--show-completion")
    assert result.exit_code == 0
    assert "_WOR_COMPLETE" in result.stdout and "wor" in result.stdout


def test_completion_answers_the_shell():
    names = _run(_WOR_COMPLETE="complete_bash", COMP_WORDS="wor li", COMP_CWORD="1").stdout.split()
    assert names == ["list"]
    options = _run(_WOR_COMPLETE="complete_bash", COMP_WORDS="wor match --th", COMP_CWORD="2").stdout.split()
    assert options == ["--theme"]


def test_install_completion_writes_to_the_shell_start_up_file(tmp_path, monkeypatch):
    home = tmp_path / "shellhome"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    from wor_cli.ui import completion

    monkeypatch.setattr(completion, "current_shell", lambda: "bash")
    result = invoke("--install-completion")
    assert result.exit_code == 0, result.output
    assert "bash" in result.stderr + result.stdout
    assert "_WOR_COMPLETE" in (home / ".bash_completions" / "wor.sh").read_text()


def test_many_runs_in_one_process_keep_one_translation_layer():
    """Tests run hundreds of commands in one process; each run installs the texts again."""
    for _ in range(300):
        result = invoke("list", "--statu", "open")
    assert result.exit_code == 2 and "Onbekende optie: --statu." in result.stderr
    import typer.rich_utils as rich_utils

    assert not hasattr(rich_utils.rich_format_error.__wrapped__, "__wrapped__")
    assert len(rich_utils.highlighter.highlights) == len(rich_utils.highlighter.wor_original_highlights) + 1
