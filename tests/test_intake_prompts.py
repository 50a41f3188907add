"""`wor intake` at the prompts, in-process: keys fed through prompt_toolkit's pipe input.

Without `create_app_session` the runner's input would never reach questionary;
inside it, questionary reads exactly the keys we send, as a coach would type them.
"""

from __future__ import annotations

import json

from tests.helpers import contact, invoke, new_referral, typed

ENTER, DOWN, SPACE, CTRL_C = "\r", "\x1b[B", " ", "\x03"


NEW_REFERRAL_KEYS = "".join(
    [
        "j" + ENTER,  # consent to record
        "j" + ENTER,  # consent to inform the GP
        ENTER,  # consent date: today
        "Anna de Wit" + ENTER,
        "1948" + ENTER,
        "8232jh" + ENTER,  # written as people type it
        "06 12345678" + ENTER,
        ENTER,  # no e-mail
        ENTER,  # languages: Dutch is ticked already
        ENTER,  # no other languages
        ENTER,  # how letters address her: none (the default)
        "Dr. Bakker" + ENTER,
        "Huisartsenpraktijk Zuid" + ENTER,
        ENTER,  # no AGB code
        ENTER,  # no e-mail
        ENTER,  # no practice address
        ENTER,  # referral date: today
        SPACE + DOWN * 3 + SPACE + ENTER,  # reasons: eenzaamheid and rouw
        "Eenzaam sinds het overlijden van haar man" + ENTER,
        ENTER,  # GP visits in the three months before: not known
    ]
)


def test_a_whole_new_referral_typed_at_the_prompts(store):
    result = typed("intake", "--new", keys=NEW_REFERRAL_KEYS + ENTER)  # last: no first contact yet
    assert result.exit_code == 0, result.output
    record = json.loads(invoke("show", "R26-0001", "--json").stdout)
    assert record["client"]["name"] == "Anna de Wit"
    assert record["client"]["postcode"] == "8232 JH"
    assert record["referrer"] == {"name": "Dr. Bakker", "practice": "Huisartsenpraktijk Zuid", "agb": None, "email": None,
                                  "address": None}
    assert record["referral"]["date"] == "2026-11-23"
    assert record["referral"]["reasons"] == ["eenzaamheid", "rouw"]
    assert record["consent"] == {"processing": True, "gp_feedback": True, "date": "2026-11-23"}
    assert store.value("SELECT count(*) FROM drafts") == 0


def test_refusing_consent_stores_nothing_at_all(store):
    result = typed("intake", "--new", keys=ENTER)  # consent to record: the default is "no"
    assert result.exit_code == 1
    assert store.value("SELECT count(*) FROM clients") == 0
    assert store.value("SELECT count(*) FROM drafts") == 0


def test_a_wrong_answer_is_pointed_out_and_asked_again(store):
    keys = NEW_REFERRAL_KEYS.replace("1948" + ENTER, "1848" + ENTER + "\x7f" * 4 + "1948" + ENTER)
    result = typed("intake", "--new", keys=keys + ENTER)
    assert result.exit_code == 0, result.output
    assert store.value("SELECT birth_year FROM clients") == 1948


def test_ctrl_c_in_a_contact_saves_the_answers_and_resumes(tmp_path, store):
    ref = new_referral(tmp_path)
    first = "".join(
        [
            ENTER,  # date: today
            DOWN + ENTER,  # mode: phone
            "45" + ENTER,
            "Weer onder de mensen komen" + ENTER,
            CTRL_C,  # interrupted at the notes
        ]
    )
    result = typed("intake", ref, keys=first)
    assert result.exit_code == 130
    assert "bewaard" in result.stderr
    assert store.value("SELECT count(*) FROM contacts") == 0
    draft = json.loads(store.value("SELECT answers FROM drafts"))
    assert draft["contact.what_matters"] == "Weer onder de mensen komen"

    rest = "".join(
        [
            "j" + ENTER,  # resume the unfinished contact
            "Mist haar man erg." + ENTER,  # notes
            ENTER,  # next steps: none
            "6" + ENTER, "5" + ENTER, "4" + ENTER, "7" + ENTER,  # ONS4 baseline
            # De Jong Gierveld, picked from ja / min of meer / nee: ja, nee, nee, min of meer, nee, nee
            ENTER, DOWN * 2 + ENTER, DOWN * 2 + ENTER, DOWN + ENTER, DOWN * 2 + ENTER, DOWN * 2 + ENTER,
            "n" + ENTER,  # no activity from the catalogue now
            ENTER,  # nothing the GP should know
            "morgen" + ENTER,  # the next appointment
        ]
    )
    result = typed("intake", ref, keys=rest)
    assert result.exit_code == 0, result.output
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert record["contacts"][0]["mode"] == "phone"
    assert record["contacts"][0]["minutes"] == 45
    assert record["contacts"][0]["what_matters"] == "Weer onder de mensen komen"
    assert record["contacts"][0]["notes"] == "Mist haar man erg."
    assert record["contacts"][0]["next_appointment"] == "2026-11-24"
    assert record["measures"][0]["scores"] == {"satisfied": 6, "worthwhile": 5, "happy": 4, "anxious": 7}
    assert record["measures"][1]["answers"] == ["ja", "nee", "nee", "min of meer", "nee", "nee"]
    assert record["measures"][1]["scores"] == {"total": 5, "emotional": 2, "social": 3}
    assert store.value("SELECT count(*) FROM drafts") == 0


def test_an_activity_found_in_the_catalogue_during_a_contact(tmp_path):
    ref = new_referral(tmp_path)
    keys = "".join(
        [
            ENTER, ENTER, ENTER,  # date, mode (in person), minutes
            ENTER, ENTER, ENTER,  # what matters, notes, next steps
            "5" + ENTER, "5" + ENTER, "5" + ENTER, "5" + ENTER,
            ENTER * 6,  # De Jong Gierveld: the first answer (ja) six times
            ENTER,  # suggest an activity? the default at contact 1 is yes
            "wandelen in het bos" + ENTER,
            SPACE + ENTER,  # tick the first one found
            "n" + ENTER,  # no more
            ENTER,  # nothing the GP should know
            ENTER,  # no next appointment yet
        ]
    )
    result = typed("intake", ref, keys=keys)
    assert result.exit_code == 0, result.output
    activities = json.loads(invoke("show", ref, "--json").stdout)["activities"]
    assert len(activities) == 1 and activities[0]["status"] == "suggested"
    assert "bewegen" in activities[0]["themes"]


def test_the_search_in_a_contact_starts_from_what_matters_and_knows_the_client(tmp_path):
    ref = new_referral(tmp_path, referral__reasons=["rouw"])
    keys = "".join(
        [
            ENTER, ENTER, ENTER,  # date, mode (in person), minutes
            "wandelen in de natuur" + ENTER,  # what matters
            ENTER, ENTER,  # notes, next steps
            "5" + ENTER, "5" + ENTER, "5" + ENTER, "5" + ENTER,
            ENTER * 6,  # De Jong Gierveld
            ENTER,  # suggest an activity? yes
            ENTER,  # the words: what matters is offered, Enter takes it
            SPACE + ENTER,  # tick the first one found
            "n" + ENTER,  # no more
            ENTER,  # nothing the GP should know
            ENTER,  # no next appointment yet
        ]
    )
    result = typed("intake", ref, keys=keys)
    assert result.exit_code == 0, result.output
    linked = json.loads(invoke("show", ref, "--json").stdout)["activities"]
    # The same search as `match --client` with those words: reasons, age, postcode radius.
    expected = json.loads(invoke("match", "wandelen in de natuur", "--client", ref, "--json").stdout)
    assert [a["id"] for a in linked] == [expected[0]["id"]]
    assert expected[0]["distance_km"] is None or expected[0]["distance_km"] <= 5
    assert any("past bij rouw en verlies" in w for w in expected[0]["why"])


def test_following_up_activities_and_closing_early(tmp_path):
    ref = new_referral(tmp_path)
    first = {"contact": {"date": "2026-11-09", "mode": "phone"}, "measures": {"ons4": [4, 4, 4, 8]},
             "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}]}
    assert contact(tmp_path, ref, first).exit_code == 0
    keys = "".join(
        [
            ENTER,  # step: the next contact (not closing without one)
            ENTER, ENTER, ENTER,  # date, mode, minutes
            ENTER, ENTER, ENTER, ENTER,  # what matters, barriers (none ticked), notes, next steps
            DOWN + ENTER,  # the walking group: suggested -> started
            ENTER,  # no new activity (the default after contact 1)
            "j" + ENTER,  # close now, at contact 2
            "7" + ENTER, "7" + ENTER, "6" + ENTER, "3" + ENTER,  # ONS4 again
            ENTER * 6,  # De Jong Gierveld (the closing takes it too)
            ENTER,  # outcome: completed
            "Wandelt elke week mee." + ENTER,
            "j" + ENTER,  # share a story for reports
            "Mevrouw wandelt elke week mee." + ENTER,  # the story, written apart from the summary
            ENTER,  # agreed, after reading it as reports show it
        ]
    )
    result = typed("intake", ref, keys=keys)
    assert result.exit_code == 0, result.output
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert record["status"] == "closed"
    assert record["close"]["summary"] == "Wandelt elke week mee." and record["close"]["shareable"] is True
    assert record["close"]["story"] == "Mevrouw wandelt elke week mee."
    assert "Zo komt het verhaal in verslagen" in result.output
    assert record["activities"][0]["status"] == "started"
    assert [m["scores"]["anxious"] for m in record["measures"] if m["instrument"] == "ons4"] == [8, 3]
    assert [m["instrument"] for m in record["measures"]] == ["ons4", "ons4", "djg6"]


def test_match_for_a_client_then_tick_activities_to_suggest(tmp_path):
    ref = new_referral(tmp_path, client__postcode=None)
    result = typed("match", "wandelen", "--client", ref, "--limit", "3", keys=SPACE + DOWN + SPACE + ENTER)
    assert result.exit_code == 0, result.output
    assert "2 activiteiten gekoppeld" in result.stdout
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert len(record["activities"]) == 2
    assert {a["status"] for a in record["activities"]} == {"suggested"}


def test_the_half_typed_answer_is_kept_on_ctrl_c_and_offered_on_resume(tmp_path, store):
    ref = new_referral(tmp_path)
    first = ENTER + ENTER + "45" + ENTER + "Weer onder de mensen" + ENTER + "Mist haar man, wil" + CTRL_C
    result = typed("intake", ref, keys=first)
    assert result.exit_code == 130
    draft = json.loads(store.value("SELECT answers FROM drafts"))
    assert draft["partial:contact.notes"] == "Mist haar man, wil"
    shown = json.loads(invoke("show", ref, "--json").stdout)["draft"]
    assert shown == {"step": "contact", "answers": 4}  # the half-typed note is not an answer yet
    assert "concept" in invoke("list").stdout and "4 antwoord" in invoke("show", ref).stdout

    # Resumed: the note is offered as typed; the coach finishes the sentence.
    rest = "".join([
        "j" + ENTER,
        " graag weer zingen." + ENTER,  # appended to what was offered
        ENTER,  # next steps
        "6" + ENTER, "5" + ENTER, "4" + ENTER, "7" + ENTER, ENTER * 6,
        "n" + ENTER, ENTER, ENTER,  # no activity, nothing for the GP, no appointment
    ])
    result = typed("intake", ref, keys=rest)
    assert result.exit_code == 0, result.output
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert record["contacts"][0]["notes"] == "Mist haar man, wil graag weer zingen."
    assert record["draft"] is None


def test_ctrl_c_on_an_untouched_default_keeps_nothing_half_typed(tmp_path, store):
    ref = new_referral(tmp_path)
    assert typed("intake", ref, keys=CTRL_C).exit_code == 130  # at the date, its default untouched
    assert store.value("SELECT count(*) FROM drafts") == 0
    assert typed("intake", ref, keys=ENTER + ENTER + CTRL_C).exit_code == 130  # at the minutes, nothing typed
    draft = json.loads(store.value("SELECT answers FROM drafts"))
    assert sorted(draft) == ["contact.date", "contact.mode"]


def test_a_known_practice_is_offered_for_a_new_gp(tmp_path):
    new_referral(tmp_path, referrer__practice="Huisartsenpraktijk Atolwijk")
    keys = NEW_REFERRAL_KEYS.replace(
        "Dr. Bakker" + ENTER + "Huisartsenpraktijk Zuid" + ENTER,
        DOWN + ENTER  # not P. de Boer: a new referrer
        + "Dr. Bakker" + ENTER
        + ENTER,  # the practice: the one we know, spelt as before
    )
    result = typed("intake", "--new", keys=keys + ENTER)
    assert result.exit_code == 0, result.output
    referrer = json.loads(invoke("show", "R26-0002", "--json").stdout)["referrer"]
    assert referrer["name"] == "Dr. Bakker" and referrer["practice"] == "Huisartsenpraktijk Atolwijk"


def test_what_mattered_last_time_is_offered_and_notes_run_over_lines(tmp_path):
    ref = new_referral(tmp_path)
    first = {"contact": {"date": "2026-11-09", "mode": "phone", "what_matters": "Weer onder de mensen komen"}}
    assert contact(tmp_path, ref, first).exit_code == 0
    keys = "".join([
        ENTER,  # the next contact
        ENTER, ENTER, ENTER,  # date, mode, minutes
        ENTER,  # what matters: the answer of last time, kept
        ENTER,  # barriers: none
        "Eerste regel." + "\x1b\r" + "Tweede regel." + ENTER,  # Alt+Enter: a new line
        ENTER,  # next steps
        ENTER,  # no new activity
        ENTER,  # not closing
        ENTER,  # nothing the GP should know
        ENTER,  # no appointment
    ])
    result = typed("intake", ref, keys=keys)
    assert result.exit_code == 0, result.output
    second = json.loads(invoke("show", ref, "--json").stdout)["contacts"][1]
    assert second["what_matters"] == "Weer onder de mensen komen"
    assert second["notes"] == "Eerste regel.\nTweede regel."
