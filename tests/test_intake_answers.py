"""`wor intake --answers FILE --no-input`: the same steps as the prompts, from YAML."""

from __future__ import annotations

import json

import pytest

from tests.helpers import NEW_REFERRAL, contact, invoke, new_referral, write_yaml


def show(ref: str) -> dict:
    result = invoke("show", ref, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_new_referral_is_stored_whole(tmp_path):
    ref = new_referral(tmp_path)
    assert ref == "R26-0001"
    record = show(ref)
    assert record["status"] == "new"
    assert record["client"] == {
        "name": "Anna de Wit", "birth_year": 1948, "postcode": "8232 JH", "phone": "06 12345678",
        "email": "anna@example.org", "languages": ["nl"], "salutation": None,
    }
    assert record["referrer"]["practice"] == "Huisartsenpraktijk Atolwijk"
    assert record["referrer"]["agb"] == "01234567"
    assert record["referral"] == {
        "date": "2026-11-02", "reasons": ["eenzaamheid", "rouw"],
        "question": "Voelt zich eenzaam sinds het overlijden van haar man.", "gp_visits_before": None,
    }
    assert record["consent"] == {"processing": True, "gp_feedback": True, "date": "2026-11-02"}
    assert record["contacts"] == [] and record["activities"] == [] and record["letters"] == []
    assert record["next_due"] == "2026-11-16"


def test_references_count_up_per_year_and_are_never_reused(tmp_path):
    first = new_referral(tmp_path)
    second = new_referral(tmp_path)
    earlier = new_referral(tmp_path, referral__date="2025-12-30", consent__date="2025-12-30")
    assert (first, second, earlier) == ("R26-0001", "R26-0002", "R25-0001")


def test_referrer_is_reused_by_name_and_practice(tmp_path, store):
    new_referral(tmp_path)
    new_referral(tmp_path, referrer__agb=None)
    assert store.value("SELECT count(*) FROM referrers") == 1


def test_json_output_is_only_json_on_stdout(tmp_path):
    answers = write_yaml(tmp_path / "n.yaml", NEW_REFERRAL)
    result = invoke("intake", "--new", "--answers", answers, "--no-input", "--json")
    assert json.loads(result.stdout)["ref"] == "R26-0001"
    assert "R26-0001" in result.stderr  # the human confirmation goes to stderr


def test_a_whole_referral_from_first_contact_to_closing(tmp_path):
    ref = new_referral(tmp_path)
    first = {
        "contact": {"date": "2026-11-09", "mode": "face-to-face", "minutes": 60,
                    "what_matters": "Weer onder de mensen komen, iets met handen doen."},
        "measures": {"ons4": [4, 5, 3, 7]},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}],
    }
    assert contact(tmp_path, ref, first).exit_code == 0
    assert show(ref)["status"] == "active"
    second = {"contact": {"date": "2026-11-16", "mode": "phone", "barriers": ["vervoer"]},
              "activities": [{"id": "wandelgroep-hollandse-hout", "status": "started"}]}
    assert contact(tmp_path, ref, second).exit_code == 0
    closing = {
        "contact": {"date": "2026-11-23", "mode": "home-visit"},
        "measures": {"ons4": [6, 7, 6, 4]},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "continuing"}],
        "close": {"outcome": "completed", "summary": "Wandelt wekelijks mee.", "shareable": True},
    }
    result = contact(tmp_path, ref, closing, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["status"] == "closed"
    assert [c["number"] for c in record["contacts"]] == [1, 2, 3]
    assert record["contacts"][1]["barriers"] == ["vervoer"]
    assert record["activities"] == [
        {"id": "wandelgroep-hollandse-hout", "name": "Wandelgroep Hollandse Hout", "status": "continuing",
         "themes": ["bewegen", "natuur", "ontmoeten"], "contact_number": 3, "updated": "2026-11-23"}
    ]
    assert [(m["contact"], m["scores"]["satisfied"], m["scores"]["anxious"]) for m in record["measures"]] == [
        (1, 4, 7), (3, 6, 4)
    ]
    assert record["close"] == {"date": "2026-11-23", "outcome": "completed",
                               "summary": "Wandelt wekelijks mee.", "shareable": True,
                               "story": "Wandelt wekelijks mee.",
                               "dropout_reason": None, "referred_to": None}  # release 1: the summary shared is the story
    assert record["next_due"] is None
    # A closed referral takes no more contacts.
    again = contact(tmp_path, ref, {"contact": {"date": "2026-11-23", "mode": "phone"}})
    assert again.exit_code == 1
    assert "afgesloten" in again.stderr


def test_closing_without_a_contact_for_a_client_who_never_came(tmp_path):
    ref = new_referral(tmp_path)
    result = contact(tmp_path, ref, {"close": {"outcome": "no-show"}})
    assert result.exit_code == 0, result.output
    record = show(ref)
    assert record["status"] == "closed" and record["contacts"] == []
    assert record["close"]["outcome"] == "no-show" and record["close"]["date"] == "2026-11-23"


def test_without_consent_to_record_nothing_is_stored(tmp_path, store):
    data = {**NEW_REFERRAL, "consent": {"processing": False, "gp_feedback": False, "date": "2026-11-02"}}
    result = invoke("intake", "--new", "--answers", write_yaml(tmp_path / "n.yaml", data), "--no-input")
    assert result.exit_code == 1
    assert "toestemming" in result.stderr
    assert store.value("SELECT count(*) FROM clients") == 0
    assert store.value("SELECT count(*) FROM drafts") == 0


def _problems(tmp_path, data, *args):
    path = write_yaml(tmp_path / "bad.yaml", data)
    result = invoke("intake", *args, "--answers", path, "--no-input")
    return result


@pytest.mark.parametrize(
    ("section", "key", "value", "field", "words"),
    [
        ("client", "birth_year", 1890, "client.birth_year", "geboortejaar"),
        ("client", "birth_year", "negentien", "client.birth_year", "heel getal"),
        ("client", "postcode", "8232 JHX", "client.postcode", "postcode"),
        ("client", "phone", 612345678, "client.phone", "aanhalingstekens"),
        ("client", "phone", "12345", "client.phone", "telefoonnummer"),
        ("client", "email", "anna@", "client.email", "e-mailadres"),
        ("client", "languages", ["nl", "xx"], "client.languages", "taalcode"),
        ("referrer", "agb", "1234567", "referrer.agb", "8 cijfers"),
        ("referrer", "agb", 1234567, "referrer.agb", "aanhalingstekens"),
        ("referral", "date", "2026-12-01", "referral.date", "toekomst"),
        ("referral", "date", "2026-02-30", "referral.date", "geen datum"),
        ("referral", "reasons", ["eenzaam"], "referral.reasons", "eenzaamheid"),
        ("referral", "reasons", [], "referral.reasons", "minstens 1"),
        ("consent", "gp_feedback", "ja", "consent.gp_feedback", "true of false"),
    ],
)
def test_each_bad_value_is_named_with_its_field_and_line(tmp_path, store, section, key, value, field, words):
    data = json.loads(json.dumps(NEW_REFERRAL))
    data[section][key] = value
    result = _problems(tmp_path, data, "--new")
    assert result.exit_code == 2
    assert field in result.stderr and words in result.stderr
    assert "bad.yaml:" in result.stderr  # the line is named
    assert "Traceback" not in result.output
    assert store.value("SELECT count(*) FROM referrals") == 0


def test_every_problem_is_reported_at_once_with_lines(tmp_path):
    data = json.loads(json.dumps(NEW_REFERRAL))
    del data["client"]["name"]
    data["referrer"]["agb"] = "abc"
    data["referral"]["qestion"] = data["referral"].pop("question")
    result = _problems(tmp_path, data, "--new")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any("client.name" in line and "ontbreekt" in line for line in lines)
    assert any("referrer.agb" in line for line in lines)
    assert any("referral.qestion" in line and "question" in line for line in lines)  # did you mean
    agb_line = next(line for line in lines if "referrer.agb" in line)
    text = (tmp_path / "bad.yaml").read_text().splitlines()
    number = int(agb_line.split("bad.yaml:")[1].split(":")[0])
    assert text[number - 1].strip().startswith("agb:")


def test_a_yaml_trap_is_explained(tmp_path):
    path = tmp_path / "tab.yaml"
    path.write_text("client:\n\tname: Anna\n", encoding="utf-8")
    result = invoke("intake", "--new", "--answers", path, "--no-input")
    assert result.exit_code == 2
    assert "tab.yaml:2" in result.stderr and "tab" in result.stderr


def test_a_missing_answers_file_is_a_clear_error(tmp_path):
    result = invoke("intake", "--new", "--answers", tmp_path / "nope.yaml", "--no-input")
    assert result.exit_code == 2 and "nope.yaml" in result.stderr


@pytest.mark.parametrize(
    ("step", "field", "words"),
    [
        ({"contact": {"date": "2026-11-09"}}, "contact.mode", "ontbreekt"),
        ({"contact": {"date": "2026-11-01", "mode": "phone"}}, "contact.date", "2026-11-02"),
        ({"contact": {"date": "2026-11-09", "mode": "zoom"}}, "contact.mode", "face-to-face"),
        ({"contact": {"date": "2026-11-09", "mode": "phone"}, "measures": {"ons4": [5, 5, 11, 5]}},
         "measures.ons4", "vraag 3"),
        ({"contact": {"date": "2026-11-09", "mode": "phone"}, "measures": {"ons4": [5, 5]}},
         "measures.ons4", "4 antwoorden"),
        ({"contact": {"date": "2026-11-09", "mode": "phone"}, "measures": {"wemwbs": [1]}},
         "measures.wemwbs", "onbekende vragenlijst"),
        ({"contact": {"date": "2026-11-09", "mode": "phone"},
          "activities": [{"id": "bestaat-niet", "status": "suggested"}]}, "activities[0].id", "catalogus"),
        ({"contact": {"date": "2026-11-09", "mode": "phone"},
          "activities": [{"id": "wandelgroep-hollandse-hout", "status": "busy"}]}, "activities[0].status", "busy"),
        ({"close": {"outcome": "done"}}, "close.outcome", "completed"),
        ({"measures": {"ons4": [5, 5, 5, 5]}}, "contact", "ontbreekt"),
    ],
)
def test_contact_problems_are_named(tmp_path, store, step, field, words):
    ref = new_referral(tmp_path)
    result = contact(tmp_path, ref, step)
    assert result.exit_code == 2, result.output
    assert field in result.stderr and words in result.stderr
    assert store.value("SELECT count(*) FROM contacts") == 0
    assert store.value("SELECT status FROM referrals") == "new"


def test_a_contact_file_without_a_reference_says_how(tmp_path):
    path = write_yaml(tmp_path / "c.yaml", {"contact": {"date": "2026-11-09", "mode": "phone"}})
    result = invoke("intake", "--answers", path, "--no-input")
    assert result.exit_code == 2 and "R26-0007" in result.stderr


def test_unknown_reference_exits_1(tmp_path):
    result = contact(tmp_path, "R26-0099", {"contact": {"date": "2026-11-09", "mode": "phone"}})
    assert result.exit_code == 1 and "R26-0099" in result.stderr
    assert invoke("show", "NO-SUCH-REF").exit_code == 1


def test_no_input_without_answers_is_bad_usage():
    result = invoke("intake", "--no-input")
    assert result.exit_code == 2 and "--answers" in result.stderr


def test_without_a_terminal_intake_says_what_to_pass():
    result = invoke("intake", "--new")
    assert result.exit_code == 2 and "--answers" in result.stderr


def test_references_are_read_the_way_people_type_them(tmp_path):
    ref = new_referral(tmp_path)
    assert json.loads(invoke("show", "r26-1", "--json").stdout)["ref"] == ref
