"""questionary's own words at the prompts: Dutch by default, English with --lang en (issue 15).

questionary ends a checkbox question with its own English line ("done (3 selections)");
the prompter erases it and leaves the coach's language in its place.
"""

from __future__ import annotations

import io
import re
import sys

import pexpect
import pytest

from tests.test_terminal import DOWN, ENTER, SPACE, answer, spawn
from wor_cli import i18n
from wor_cli.intake.questions import Choice, Question
from wor_cli.ui.prompter import QuestionaryPrompter, ticked

LANGUAGES = (Choice("nl", "Nederlands"), Choice("en", "Engels"), Choice("ar", "Arabisch"), Choice("tr", "Turks"))
ENGLISH = re.compile(r"done|selection|Use arrow|to toggle|to invert|Cancelled", re.IGNORECASE)


def screen(question: Question, keys: str, written: io.StringIO | None = None) -> tuple[object, str]:
    """Ask `question` in this process with `keys` typed; the answer and all that was written."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.plain_text import PlainTextOutput

    written = io.StringIO() if written is None else written
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=PlainTextOutput(written)):
            picked = QuestionaryPrompter().ask(question)
    return picked, written.getvalue()


def test_a_checkbox_ends_with_what_was_ticked_in_dutch():
    picked, shown = screen(Question("talen", "checkbox", "Welke talen?", choices=LANGUAGES), " \x1b[B \r")
    assert picked == ["nl", "en"]
    assert "? Welke talen? Nederlands, Engels" in shown
    assert "spatie om aan of uit te vinken" in shown  # the instruction while asking
    assert not ENGLISH.search(shown)


def test_nothing_ticked_and_too_many_to_list_are_said_in_words():
    _, shown = screen(Question("talen", "checkbox", "Welke talen?", choices=LANGUAGES), "\r")
    assert "? Welke talen? niets aangevinkt" in shown and not ENGLISH.search(shown)
    assert ticked(["Nederlands", "Engels", "Arabisch"], "Welke talen?", width=30) == "3 aangevinkt"
    assert ticked(["Nederlands"], "Welke talen?", width=80) == "Nederlands"


def test_the_same_in_english():
    i18n.set_language("en")
    _, shown = screen(Question("talen", "checkbox", "Which languages?", choices=LANGUAGES), "a\r")
    assert "? Which languages? 4 ticked" in shown or "? Which languages? Nederlands, Engels, Arabisch, Turks" in shown
    assert "space to tick or untick" in shown
    assert ticked([], "Which languages?") == "nothing ticked"
    assert ticked(["a", "b"], "Which languages?", width=20) == "2 ticked"
    assert not ENGLISH.search(shown.replace("space to tick or untick, Enter when done", ""))


def test_ctrl_c_at_a_checkbox_leaves_the_question_without_an_answer():
    written = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        screen(Question("talen", "checkbox", "Welke talen?", choices=LANGUAGES), " \x03", written)
    assert written.getvalue().rstrip().endswith("? Welke talen?")


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a pty")
def test_a_checkbox_in_a_real_terminal_reads_dutch_to_the_end():
    child = spawn("intake", "--new")
    child.logfile_read = transcript = io.StringIO()
    for prompt, keys in (("vast te leggen", "j" + ENTER), ("huisarts op de hoogte", "j" + ENTER),
                         ("Datum van de toestemming", ENTER), ("Naam van de cliënt", "Karel Kok" + ENTER),
                         ("Geboortejaar", "1952" + ENTER), ("Postcode", ENTER), ("Telefoonnummer", ENTER),
                         ("E-mailadres", ENTER)):
        answer(child, prompt, keys)
    answer(child, "Welke talen", DOWN + SPACE + ENTER)  # Nederlands was ticked already; Engels too
    child.expect(r"Welke talen spreekt de cliënt\? .*Nederlands, Engels")
    for prompt, keys in (("Andere talen", ENTER), ("Aanhef in brieven", ENTER),
                         ("Naam van de huisarts", "J. Jansen" + ENTER), ("Naam van de praktijk", "Boswijk" + ENTER),
                         ("AGB-code", ENTER), ("E-mailadres van de praktijk", ENTER),
                         ("Adres van de praktijk", ENTER), ("Datum van de verwijzing", ENTER)):
        answer(child, prompt, keys)
    answer(child, "Waarom is de cliënt verwezen", SPACE + "\x03")  # Ctrl-C with one ticked
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Waarom is de cliënt verwezen?" in transcript.getvalue()
    assert not ENGLISH.search(transcript.getvalue())
