"""Key scripts for what only questionary does, one question at a time (QuestionaryPrompter).

Flow tests answer by question key (tests/prompts.py); these prove the wiring beneath
them with real key presses through prompt_toolkit's pipe input: a select filtered by
typing, the yes/no shortcuts, a refused answer typed again, Alt+Enter in a note, and
Ctrl-C / Ctrl-D. A whole command with key presses: tests/test_intake_prompts.py (Ctrl-C
with a half-typed answer, a checkbox) and tests/test_terminal.py (a real terminal).
"""

from __future__ import annotations

import pytest

from wor_cli.intake import fields as F
from wor_cli.intake.field import Context
from wor_cli.intake import flows
from wor_cli.intake.questions import Choice, Question

ENTER, DOWN, ALT_ENTER, BACKSPACE, CTRL_C, CTRL_D = "\r", "\x1b[B", "\x1b\r", "\x7f", "\x03", "\x04"
GPS = (Choice(1, "P. de Boer — Huisartsenpraktijk Atolwijk"), Choice(2, "J. Jansen — Praktijk Zuid"),
       Choice(3, "A. Bakker — Gezondheidscentrum Noord"), Choice("new", "Een nieuwe huisarts"))


def asked(question: Question, keys: str):
    """Ask `question` with `keys` typed, then the end of input (so a short script fails, not hangs)."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from wor_cli.ui.prompter import QuestionaryPrompter

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            return QuestionaryPrompter().ask(question)


def test_a_long_select_is_filtered_by_typing():
    question = Question("referrer.pick", "select", "Welke huisarts?", choices=GPS, search=True)
    assert asked(question, "jans" + ENTER) == 2
    assert asked(question, "noord" + ENTER) == 3
    assert asked(question, DOWN + ENTER) == 2  # the arrows still work


def test_yes_and_no_by_their_dutch_keys_and_enter_for_the_default():
    question = Question("close.now", "confirm", "Afsluiten?", default=False)
    assert asked(question, "j" + ENTER) is True
    assert asked(question, "n" + ENTER) is False
    assert asked(question, ENTER) is False
    assert asked(Question("close.now", "confirm", "Afsluiten?", default=True), ENTER) is True


def test_a_refused_answer_stays_on_the_line_to_be_typed_again():
    question = flows.ask(F.get("client.birth_year"), Context())
    assert asked(question, "1848" + ENTER + BACKSPACE * 4 + "1948" + ENTER) == "1948"


def test_alt_enter_starts_a_new_line_in_a_note():
    question = flows.ask(F.get("contact.notes"), Context())
    assert asked(question, "Eerste regel." + ALT_ENTER + "Tweede regel." + ENTER) == "Eerste regel.\nTweede regel."


def test_ctrl_c_says_what_was_typed_and_ctrl_d_stops_as_ctrl_c_does():
    question = Question("contact.notes", "text", "Aantekeningen?", default="Mist")
    with pytest.raises(KeyboardInterrupt) as stopped:
        asked(question, " haar man" + CTRL_C)
    assert stopped.value.partial == "Mist haar man"
    with pytest.raises(KeyboardInterrupt):
        asked(question, CTRL_D)


def test_a_password_is_typed_as_text():
    assert asked(Question("encrypt.key", "password", "Wachtwoord?"), "geheim wachtwoord" + ENTER) == "geheim wachtwoord"
