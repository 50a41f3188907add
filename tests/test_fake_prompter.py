"""The fake prompter of tests/prompts.py fails a test that does not say what happens.

Flow tests trust it to answer as the real prompter would and to refuse what a coach could
not do, so it is tested too: through `questions.run`, as the commands use it.
"""

from __future__ import annotations

import pytest

from tests.helpers import invoke
from tests.prompts import CTRL_C, FakePrompter, Unexpected, answering, ctrl_c
from wor_cli import validation as v
from wor_cli.intake import questions
from wor_cli.intake.questions import Choice, Question, Say


def year(raw):
    return v.birth_year(raw)


def little_flow():
    yield Say("Titel", "title")
    name = yield Question("client.name", "text", "Naam?", check=v.text)
    born = yield Question("client.birth_year", "text", "Geboortejaar?", check=year)
    mode = yield Question("contact.mode", "select", "Hoe?", default="phone",
                          choices=(Choice("face-to-face", "Op gesprek"), Choice("phone", "Telefonisch")))
    sure = yield Question("close.now", "confirm", "Afsluiten?", default=True)
    langs = yield Question("client.languages", "checkbox", "Talen?", default=["nl"],
                           choices=(Choice("nl", "Nederlands"), Choice("tr", "Turks")))
    return {"name": name, "born": born, "mode": mode, "sure": sure, "langs": langs}


def run(answers):
    fake = FakePrompter(answers)
    saved = {}
    return questions.run(little_flow(), fake, saved, lambda so_far: None), fake, saved


def test_answers_by_key_and_enter_for_the_rest():
    result, fake, _ = run({"client.name": "Anna", "client.birth_year": 1948})
    assert result == {"name": "Anna", "born": 1948, "mode": "phone", "sure": True, "langs": ["nl"]}
    assert fake.asked.keys == ["client.name", "client.birth_year", "contact.mode", "close.now", "client.languages"]
    assert fake.asked.said == [("Titel", "title")]
    assert fake.unused() == {}


def test_a_refused_answer_is_shown_and_the_next_one_taken():
    result, fake, _ = run({"client.name": "Anna", "client.birth_year": ["1848", "1948"]})
    assert result["born"] == 1948
    assert len(fake.asked.errors["client.birth_year"]) == 1
    assert fake.asked.answers[1:3] == ["1848", "1948"]


def test_a_refused_answer_without_another_fails_the_test():
    with pytest.raises(Unexpected, match="client.birth_year was asked again"):
        run({"client.name": "Anna", "client.birth_year": "1848"})


def test_enter_refused_where_no_answer_was_given_fails_the_test():
    with pytest.raises(Unexpected, match="client.name"):
        run({})  # a required name: Enter is refused, and the test said nothing


def test_answers_a_real_prompt_could_not_give_fail_the_test():
    with pytest.raises(Unexpected, match="not one of the choices"):
        run({"client.name": "Anna", "client.birth_year": "1948", "contact.mode": "zoom"})
    with pytest.raises(Unexpected, match="yes/no"):
        run({"client.name": "Anna", "client.birth_year": "1948", "close.now": "ja"})
    with pytest.raises(Unexpected, match="list of the choices"):
        run({"client.name": "Anna", "client.birth_year": "1948", "client.languages": ["de"]})


def test_a_checkbox_list_is_one_answer_and_a_list_of_lists_several():
    result, _, _ = run({"client.name": "Anna", "client.birth_year": "1948", "client.languages": ["tr", "nl"]})
    assert result["langs"] == ["nl", "tr"]  # in the list's order, as questionary returns them
    result, _, _ = run({"client.name": "Anna", "client.birth_year": "1948", "client.languages": []})
    assert result["langs"] == []


def test_ctrl_c_keeps_what_was_half_typed_not_the_untouched_default():
    fake = FakePrompter({"client.name": ctrl_c("An")})
    saved: dict = {}
    with pytest.raises(KeyboardInterrupt):
        questions.run(little_flow(), fake, saved, lambda so_far: None)
    assert saved == {"partial:client.name": "An"}
    fake = FakePrompter({"client.name": "Anna", "client.birth_year": CTRL_C})
    saved = {}
    with pytest.raises(KeyboardInterrupt):
        questions.run(little_flow(), fake, saved, lambda so_far: None)
    assert saved == {"client.name": "Anna"}


def test_an_answer_never_asked_fails_the_test(store):
    with pytest.raises(AssertionError, match="never asked for.*client.name"):
        with answering({"consent.processing": False, "client.name": "Anna"}):
            invoke("intake", "--new")  # no consent: the name is never asked


def test_installed_it_is_a_terminal_and_gone_after(store):
    from wor_cli.commands._shared import at_terminal

    assert not at_terminal()
    with answering({"consent.processing": False}) as asked:
        assert at_terminal()
        assert invoke("intake", "--new").exit_code == 1
    assert asked.keys == ["consent.processing"]
    assert not at_terminal()
    assert invoke("intake", "--new").exit_code == 2  # no terminal again


def test_through_a_command_the_fake_stops_the_test_not_the_command(store):
    with pytest.raises(Unexpected, match="client.name was asked again"):
        with answering({"consent.processing": True}):  # the name is required, and not given
            invoke("intake", "--new")
