"""The field tables: one definition per field, and everything walks them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from wor_cli.intake import fields as F
from wor_cli.intake.field import TABLES

LOCALES = Path(__file__).resolve().parent.parent / "wor_cli" / "locales"


def _catalogue(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_field_has_its_question_and_its_labels_in_both_languages(lang):
    messages = _catalogue(lang)
    for f in F.ALL.values():
        assert f.prompt in messages, f.key
        if f.open_list:
            assert f"{f.prompt}_other" in messages, f.key
        for value in f.choices:
            assert f"{f.labels}.{value}" in messages, (f.key, value)


def test_every_field_has_a_column(store):
    for f in F.ALL.values():
        columns = {row[1] for row in store.conn.execute(f"PRAGMA table_info({f.table})")}
        assert f.column_name in columns, f.key


def test_keys_are_unique_and_sections_known():
    keys = [f.key for step in F.STEPS.values() for f in step]
    assert len(keys) == len(set(keys))
    assert {f.section for f in F.ALL.values()} <= set(TABLES)


class Scripted:
    """A prompter answering by question key, recording what was asked."""

    def __init__(self, answers: dict):
        self.answers = answers
        self.asked: list[str] = []

    def ask(self, question):
        self.asked.append(question.key)
        if question.key in self.answers:
            return self.answers[question.key]
        return question.default if question.default is not None else ""

    def say(self, text, style):
        pass


def test_the_new_referral_prompts_ask_every_field_of_the_table(store):
    from wor_cli.intake import flows, questions

    prompter = Scripted({
        "consent.processing": True, "consent.gp_feedback": False, "client.name": "Anna",
        "client.birth_year": "1948", "referrer.name": "P. de Boer", "referrer.practice": "Praktijk",
        "referral.reasons": ["rouw"], "referral.question": "Eenzaam.",
    })
    result = questions.run(flows.new_referral(flows.Known()), prompter, {}, lambda answers: None)
    asked_fields = [key for key in prompter.asked if key in F.ALL]
    expected = [f.key for f in (*F.CONSENT, *F.CLIENT, *F.REFERRER, *F.REFERRAL) if f.asked == "always"]
    assert asked_fields == expected
    assert result["client"] == {"name": "Anna", "birth_year": 1948, "languages": ["nl"]}


def test_an_answers_file_accepts_exactly_the_table_names():
    from wor_cli.intake import answers
    from wor_cli.errors import InvalidInput

    data = {
        "client": {"name": "Anna", "birth_year": 1948, "shoe_size": 39},
        "referrer": {"name": "P. de Boer", "practice": "Praktijk"},
        "referral": {"date": "2026-11-02", "reasons": ["rouw"], "question": "Eenzaam."},
        "consent": {"processing": True, "gp_feedback": True, "date": "2026-11-02"},
    }
    with pytest.raises(InvalidInput) as raised:
        answers.new_referral(data)
    [problem] = raised.value.problems
    assert problem.field == "client.shoe_size"
    assert problem.params["allowed"] == ", ".join(F.names(F.CLIENT))
    del data["client"]["shoe_size"]
    new = answers.new_referral(data)
    assert new.client.as_dict() == {
        "name": "Anna", "birth_year": 1948, "postcode": None, "phone": None, "email": None, "languages": [],
        "salutation": None,
    }
    assert new.date == date(2026, 11, 2)


def test_a_field_never_asked_is_not_accepted_in_an_answers_file():
    assert "date" not in F.names(F.CLOSE)
    assert "date" in F.names(F.CLOSE, answers_only=False)


def test_values_follow_the_table_order():
    from wor_cli.referrals import Client

    client = Client("Anna", 1948, "8232 JH")
    assert client.postcode == "8232 JH" and client.languages == []
    with pytest.raises(TypeError):
        Client("Anna", 1948, shoe_size=39)
    with pytest.raises(AttributeError):
        client.shoe_size = 39


def test_columns_are_written_the_way_the_database_keeps_them():
    values = {"date": date(2026, 11, 9), "mode": "phone", "barriers": ["vervoer"], "minutes": None}
    assert F.columns(F.CONTACT, values) == {
        "date": "2026-11-09", "mode": "phone", "barriers": '["vervoer"]', "minutes": None,
    }
    assert F.get("close.shareable").to_column(True) == 1
    assert F.get("contact.barriers").to_column(None) == "[]"
