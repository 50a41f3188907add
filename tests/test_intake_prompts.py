"""`wor intake` at the prompts, in-process, answered by question key (tests/prompts.py).

The flows are driven through the commands' prompter, so a test says what it answers and
a question added elsewhere does not shift its answers. Two tests still type real keys
through prompt_toolkit's pipe input, for what only questionary does: the text typed so far
when Ctrl-C comes, and ticking a checkbox with the space bar (tests/test_prompter.py has the
other key scripts, tests/test_terminal.py the real terminal).
"""

from __future__ import annotations

import json

from tests.helpers import contact, invoke, new_referral, typed
from tests.prompts import CTRL_C, answering, ctrl_c, scale

ENTER, DOWN, SPACE, CTRL_C_KEY = "\r", "\x1b[B", " ", "\x03"

# A whole new referral; every question not named here is answered with Enter.
NEW_REFERRAL = {
    "consent.processing": True,
    "consent.gp_feedback": True,
    "client.name": "Anna de Wit",
    "client.birth_year": "1948",
    "client.postcode": "8232jh",  # written as people type it
    "client.phone": "06 12345678",
    "referrer.name": "Dr. Bakker",
    "referrer.practice": "Huisartsenpraktijk Zuid",
    "referral.reasons": ["eenzaamheid", "rouw"],
    "referral.question": "Eenzaam sinds het overlijden van haar man",
}
NEW_REFERRAL_KEYS = [  # every question of a new referral, in order (no GP known yet)
    "consent.processing", "consent.gp_feedback", "consent.date",
    "client.name", "client.birth_year", "client.postcode", "client.phone", "client.email", "client.languages",
    "client.languages_other", "client.salutation",
    "referrer.name", "referrer.practice", "referrer.agb", "referrer.email", "referrer.address",
    "referral.date", "referral.reasons", "referral.question", "referral.gp_visits_before",
    "intake.contact_now",
]
# The first conversation by the bundled guide, after date, mode and minutes.
FIRST_CONTACT = {
    **scale("ons4", 6, 5, 4, 7),
    # De Jong Gierveld, picked from ja / min of meer / nee
    **scale("djg6", "ja", "nee", "nee", "min of meer", "nee", "nee"),
    "activities.add.0": False,  # no activity from the catalogue now
}


def show(ref: str) -> dict:
    result = invoke("show", ref, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_whole_new_referral_at_the_prompts(store):
    with answering(NEW_REFERRAL) as asked:  # "intake.contact_now": Enter, no first contact yet
        result = invoke("intake", "--new")
    assert result.exit_code == 0, result.output
    assert asked.keys == NEW_REFERRAL_KEYS
    record = show("R26-0001")
    assert record["client"]["name"] == "Anna de Wit"
    assert record["client"]["postcode"] == "8232 JH"
    assert record["client"]["languages"] == ["nl"]  # ticked already
    assert record["referrer"] == {"name": "Dr. Bakker", "practice": "Huisartsenpraktijk Zuid", "agb": None, "email": None,
                                  "address": None}
    assert record["referral"]["date"] == "2026-11-23"
    assert record["referral"]["reasons"] == ["eenzaamheid", "rouw"]
    assert record["referral"]["gp_visits_before"] is None
    assert record["consent"] == {"processing": True, "gp_feedback": True, "date": "2026-11-23"}
    assert store.value("SELECT count(*) FROM drafts") == 0


def test_refusing_consent_stores_nothing_at_all(store):
    with answering() as asked:  # consent to record: Enter, and the default is "no"
        result = invoke("intake", "--new")
    assert result.exit_code == 1
    assert asked.keys == ["consent.processing"]
    assert store.value("SELECT count(*) FROM clients") == 0
    assert store.value("SELECT count(*) FROM drafts") == 0


def test_a_wrong_answer_is_pointed_out_and_asked_again(store):
    with answering({**NEW_REFERRAL, "client.birth_year": ["1848", "1948"]}) as asked:
        result = invoke("intake", "--new")
    assert result.exit_code == 0, result.output
    assert asked.keys.count("client.birth_year") == 1  # refused while typing, as questionary does
    assert len(asked.errors["client.birth_year"]) == 1 and "1848" not in json.dumps(show("R26-0001"))
    assert store.value("SELECT birth_year FROM clients") == 1948


def test_ctrl_c_in_a_contact_saves_the_answers_and_resumes(tmp_path, store):
    ref = new_referral(tmp_path)
    first = {"contact.mode": "phone", "contact.minutes": "45", "contact.what_matters": "Weer onder de mensen komen",
             "contact.notes": CTRL_C}
    with answering(first) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 130
    assert asked.keys == ["contact.date", "contact.mode", "contact.minutes", "contact.what_matters", "contact.notes"]
    assert "bewaard" in result.stderr
    assert store.value("SELECT count(*) FROM contacts") == 0
    draft = json.loads(store.value("SELECT answers FROM drafts"))
    assert draft["contact.what_matters"] == "Weer onder de mensen komen"

    rest = {"intake.resume": True, "contact.notes": "Mist haar man erg.", **FIRST_CONTACT,
            "contact.next_appointment": "morgen"}
    with answering(rest) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert "contact.mode" not in asked.keys  # answered before, kept in the draft
    record = show(ref)
    assert record["contacts"][0]["mode"] == "phone"
    assert record["contacts"][0]["minutes"] == 45
    assert record["contacts"][0]["what_matters"] == "Weer onder de mensen komen"
    assert record["contacts"][0]["notes"] == "Mist haar man erg."
    assert record["contacts"][0]["next_appointment"] == "2026-11-24"
    assert record["measures"][0]["scores"] == {"satisfied": 6, "worthwhile": 5, "happy": 4, "anxious": 7}
    assert record["measures"][1]["answers"] == ["ja", "nee", "nee", "min of meer", "nee", "nee"]
    assert record["measures"][1]["scores"] == {"total": 5, "emotional": 2, "social": 3}
    assert store.value("SELECT count(*) FROM drafts") == 0


def _first_found(asked) -> str:
    return asked.question("activities.add.0.pick").choices[0].value


def test_an_activity_found_in_the_catalogue_during_a_contact(tmp_path):
    ref = new_referral(tmp_path)
    answers = {**scale("ons4", 5, 5, 5, 5), **scale("djg6", *["ja"] * 6),
               # "activities.add.0": Enter, the default at contact 1 is yes
               "activities.add.0.words": "wandelen in het bos",
               "activities.add.0.pick": ["wandelgroep-hollandse-hout"], "activities.add.1": False}
    with answering(answers) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert _first_found(asked) == "wandelgroep-hollandse-hout"
    activities = show(ref)["activities"]
    assert [(a["id"], a["status"]) for a in activities] == [("wandelgroep-hollandse-hout", "suggested")]
    assert "bewegen" in activities[0]["themes"]


def test_the_search_in_a_contact_starts_from_what_matters_and_knows_the_client(tmp_path):
    ref = new_referral(tmp_path, referral__reasons=["rouw"])
    expected = json.loads(invoke("match", "wandelen in de natuur", "--client", ref, "--json").stdout)
    assert expected, "the search finds something to pick"
    answers = {"contact.what_matters": "wandelen in de natuur", **scale("ons4", 5, 5, 5, 5), **scale("djg6", *["ja"] * 6),
               # the words: what matters is offered, Enter takes it
               "activities.add.0.pick": [expected[0]["id"]], "activities.add.1": False}
    with answering(answers) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert asked.question("activities.add.0.words").default == "wandelen in de natuur"
    # The same search as `match --client` with those words: reasons, age, postcode radius.
    assert _first_found(asked) == expected[0]["id"]
    assert [a["id"] for a in show(ref)["activities"]] == [expected[0]["id"]]
    assert expected[0]["distance_km"] is None or expected[0]["distance_km"] <= 5
    assert any("past bij rouw en verlies" in w for w in expected[0]["why"])


def test_following_up_activities_and_closing_early(tmp_path):
    ref = new_referral(tmp_path)
    first = {"contact": {"date": "2026-11-09", "mode": "phone"}, "measures": {"ons4": [4, 4, 4, 8]},
             "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}]}
    assert contact(tmp_path, ref, first).exit_code == 0
    answers = {
        # "step.kind": Enter, the next contact (not closing without one)
        "activities.wandelgroep-hollandse-hout": "started",
        # "activities.add.0": Enter, no new activity (the default after contact 1)
        "close.now": True,  # at contact 2
        **scale("ons4", 7, 7, 6, 3), **scale("djg6", *["ja"] * 6),  # the closing takes De Jong Gierveld too
        # "close.outcome": Enter, completed
        "close.summary": "Wandelt elke week mee.",
        "close.shareable": True,
        "close.story": "Mevrouw wandelt elke week mee.",  # written apart from the summary
        # "close.story_agreed": Enter, after reading it as reports show it
    }
    with answering(answers) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert asked.keys[0] == "step.kind" and asked.keys[-1] == "close.story_agreed"
    assert "Zo komt het verhaal in verslagen" in result.output
    record = show(ref)
    assert record["status"] == "closed"
    assert record["close"]["summary"] == "Wandelt elke week mee." and record["close"]["shareable"] is True
    assert record["close"]["story"] == "Mevrouw wandelt elke week mee."
    assert record["activities"][0]["status"] == "started"
    assert [m["scores"]["anxious"] for m in record["measures"] if m["instrument"] == "ons4"] == [8, 3]
    assert [m["instrument"] for m in record["measures"]] == ["ons4", "ons4", "djg6"]


def test_match_for_a_client_then_tick_activities_to_suggest(tmp_path):
    """A key script: the space bar ticks in questionary's checkbox, Enter ends it."""
    ref = new_referral(tmp_path, client__postcode=None)
    result = typed("match", "wandelen", "--client", ref, "--limit", "3", keys=SPACE + DOWN + SPACE + ENTER)
    assert result.exit_code == 0, result.output
    assert "2 activiteiten gekoppeld" in result.stdout
    record = show(ref)
    assert len(record["activities"]) == 2
    assert {a["status"] for a in record["activities"]} == {"suggested"}


def test_the_half_typed_answer_is_kept_on_ctrl_c_and_offered_on_resume(tmp_path, store):
    """A key script: the text in questionary's line when Ctrl-C comes is what the draft keeps."""
    ref = new_referral(tmp_path)
    first = ENTER + ENTER + "45" + ENTER + "Weer onder de mensen" + ENTER + "Mist haar man, wil" + CTRL_C_KEY
    result = typed("intake", ref, keys=first)
    assert result.exit_code == 130
    draft = json.loads(store.value("SELECT answers FROM drafts"))
    assert draft["partial:contact.notes"] == "Mist haar man, wil"
    shown = show(ref)["draft"]
    assert shown == {"step": "contact", "answers": 4}  # the half-typed note is not an answer yet
    assert "concept" in invoke("list").stdout and "4 antwoord" in invoke("show", ref).stdout

    # Resumed: the note is offered as typed; the coach finishes the sentence.
    rest = {"intake.resume": True, "contact.notes": "Mist haar man, wil graag weer zingen.", **FIRST_CONTACT}
    with answering(rest) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert asked.question("contact.notes").default == "Mist haar man, wil"
    record = show(ref)
    assert record["contacts"][0]["notes"] == "Mist haar man, wil graag weer zingen."
    assert record["draft"] is None


def test_ctrl_c_on_an_untouched_default_keeps_nothing_half_typed(tmp_path, store):
    ref = new_referral(tmp_path)
    with answering({"contact.date": CTRL_C}):  # its default (today) untouched
        assert invoke("intake", ref).exit_code == 130
    assert store.value("SELECT count(*) FROM drafts") == 0
    with answering({"contact.minutes": CTRL_C}):  # nothing typed
        assert invoke("intake", ref).exit_code == 130
    draft = json.loads(store.value("SELECT answers FROM drafts"))
    assert sorted(draft) == ["contact.date", "contact.mode"]
    with answering({"intake.resume": True, "contact.minutes": ctrl_c("4")}):  # something typed: kept
        assert invoke("intake", ref).exit_code == 130
    assert json.loads(store.value("SELECT answers FROM drafts"))["partial:contact.minutes"] == "4"


def test_a_known_practice_is_offered_for_a_new_gp(tmp_path):
    new_referral(tmp_path, referrer__practice="Huisartsenpraktijk Atolwijk")
    answers = {**NEW_REFERRAL, "referrer.pick": "new"}  # not P. de Boer: a new referrer
    del answers["referrer.practice"]  # "referrer.practice_pick": Enter, the one we know, spelt as before
    with answering(answers) as asked:
        result = invoke("intake", "--new")
    assert result.exit_code == 0, result.output
    assert [c.label for c in asked.question("referrer.practice_pick").choices][0] == "Huisartsenpraktijk Atolwijk"
    assert "referrer.practice" not in asked.keys
    referrer = show("R26-0002")["referrer"]
    assert referrer["name"] == "Dr. Bakker" and referrer["practice"] == "Huisartsenpraktijk Atolwijk"


def test_what_mattered_last_time_is_offered(tmp_path):
    ref = new_referral(tmp_path)
    first = {"contact": {"date": "2026-11-09", "mode": "phone", "what_matters": "Weer onder de mensen komen"}}
    assert contact(tmp_path, ref, first).exit_code == 0
    with answering({"contact.notes": "Eerste regel.\nTweede regel."}) as asked:  # every other question: Enter
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert asked.question("contact.what_matters").default == "Weer onder de mensen komen"
    assert asked.question("contact.notes").multiline  # Alt+Enter for a new line: tests/test_prompter.py
    second = show(ref)["contacts"][1]
    assert second["what_matters"] == "Weer onder de mensen komen"
    assert second["notes"] == "Eerste regel.\nTweede regel."


def test_a_name_that_fits_several_clients_is_picked_at_the_terminal(tmp_path):
    first = new_referral(tmp_path)
    second = new_referral(tmp_path, client__name="Anna Bakker", client__birth_year=1960)
    listed = invoke("show", "anna")  # no terminal: each person on a line, exit 1
    assert listed.exit_code == 1 and first in listed.stderr and second in listed.stderr
    with answering({"find.pick": second}) as asked:
        result = invoke("show", "anna", "--json")
    assert result.exit_code == 0, result.output
    assert {c.value for c in asked.question("find.pick").choices} == {first, second}
    assert json.loads(result.stdout)["client"]["name"] == "Anna Bakker"


def test_an_unfinished_referral_stopped_before_the_name_says_so():
    with answering({"consent.processing": True, "consent.gp_feedback": CTRL_C}):
        assert invoke("intake", "--new").exit_code == 130
    with answering({"intake.resume": False, "consent.processing": CTRL_C}) as asked:
        invoke("intake", "--new")
    resume = asked.questions[0]
    assert resume.key == "intake.resume" and "voor een cliënt van wie nog geen naam is ingevuld" in resume.message
    assert "?." not in resume.message
    with answering({"intake.pick": "__new__", "intake.resume": False, "consent.processing": CTRL_C}) as asked:
        invoke("intake")
    labels = [choice.label for choice in asked.questions[0].choices]
    assert any("nog geen naam" in label for label in labels) and not any("voor ?" in label for label in labels)
