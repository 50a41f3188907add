"""At an 80-column terminal, questions and messages break between words, not inside one.

Seen in a coach's first `wor intake` in tmux: "de gesprekken va / st te leggen?" and,
after Ctrl-C, "verder wa / ar u was." Into a pipe or a file a message stays one line.
"""

from __future__ import annotations

import io
import os
import re
import sys

import pexpect
import pytest
from rich.console import Console

from tests.helpers import ROOT
from wor_cli.i18n import t
from wor_cli.ui import console
from wor_cli.ui.prompter import fit

SAVED = "Uw antwoorden zijn bewaard; met `wor intake` gaat u later verder waar u was."
CONSENT = "Geeft de cliënt toestemming om gegevens over de verwijzing en de gesprekken vast te leggen?"


def _words_whole(original: str, wrapped: str) -> bool:
    return wrapped.split() == original.split()


def test_a_long_question_breaks_between_words_under_its_question_mark():
    hint = t("prompt.confirm_hint")
    wrapped = fit(CONSENT, hint, width=80)
    lines = wrapped.split("\n")
    assert len(lines) == 2 and _words_whole(CONSENT, wrapped)
    assert all(len(line) <= 78 for line in lines) and lines[1].startswith("  ")
    assert len(lines[-1]) + 1 + len(hint) <= 78  # the hint fits behind it


def test_the_hint_gets_a_line_of_its_own_when_it_does_not_fit_behind():
    question = "Geeft de cliënt toestemming om gegevens vast te leggen?"
    wrapped = fit(question, "(j of n, Enter)", width=60)
    assert wrapped.endswith("\n  ") and _words_whole(question, wrapped)


def test_a_short_question_and_a_narrow_terminal_are_left_alone():
    assert fit("Geboortejaar", width=80) == "Geboortejaar"
    assert fit(CONSENT, width=15) == CONSENT  # no room to do better


def test_a_message_at_a_terminal_is_wrapped_between_words(monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(console, "err", lambda: Console(file=screen, force_terminal=True, width=40,
                                                         no_color=True, highlight=False))
    console.error(SAVED)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", screen.getvalue())  # the bold red
    lines = shown.splitlines()
    assert len(lines) > 1 and all(len(line) <= 40 for line in lines)
    assert _words_whole(SAVED, shown)


def test_a_message_into_a_pipe_stays_one_line(monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(console, "err", lambda: Console(file=screen, width=40, highlight=False))
    console.error(SAVED)
    assert screen.getvalue() == SAVED + "\n"


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a pty")
def test_the_consent_question_in_an_80_column_terminal():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "80", "LINES": "30",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "wor_cli", "intake", "--new"], env=env, encoding="utf-8",
                          timeout=20, dimensions=(30, 80))
    child.expect("j of n")
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|\r", "", child.before)
    assert "gesprekken\n  vast te leggen?" in shown
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_a_tip_continues_under_its_words(monkeypatch):
    from wor_cli.ui.prompter import QuestionaryPrompter

    screen = io.StringIO()
    monkeypatch.setattr(console, "out", lambda: Console(file=screen, width=40, no_color=True, highlight=False))
    QuestionaryPrompter().say(SAVED, "tip")
    lines = screen.getvalue().splitlines()
    assert lines[0].startswith("  • ") and all(line.startswith("    ") for line in lines[1:]) and len(lines) > 1
    assert all(len(line) <= 40 for line in lines) and _words_whole("• " + SAVED, screen.getvalue())
