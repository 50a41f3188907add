"""`wor intake` at the prompts, in-process: keys fed through prompt_toolkit's pipe input.

Without `create_app_session` the runner's input would never reach questionary;
inside it, questionary reads exactly the keys we send, as a coach would type them.
"""

from __future__ import annotations

import json

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tests.helpers import contact, invoke, new_referral

ENTER, DOWN, SPACE, CTRL_C = "\r", "\x1b[B", " ", "\x03"


def typed(*args: str, keys: str):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        with create_app_session(input=pipe, output=DummyOutput()):
            return invoke(*args)


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
        "Dr. Bakker" + ENTER,
        "Huisartsenpraktijk Zuid" + ENTER,
        ENTER,  # no AGB code
        ENTER,  # no e-mail
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
    assert record["referrer"] == {"name": "Dr. Bakker", "practice": "Huisartsenpraktijk Zuid", "agb": None, "email": None}
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
        ]
    )
    result = typed("intake", ref, keys=rest)
    assert result.exit_code == 0, result.output
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert record["contacts"][0]["mode"] == "phone"
    assert record["contacts"][0]["minutes"] == 45
    assert record["contacts"][0]["what_matters"] == "Weer onder de mensen komen"
    assert record["contacts"][0]["notes"] == "Mist haar man erg."
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
        ]
    )
    result = typed("intake", ref, keys=keys)
    assert result.exit_code == 0, result.output
    activities = json.loads(invoke("show", ref, "--json").stdout)["activities"]
    assert len(activities) == 1 and activities[0]["status"] == "suggested"
    assert "bewegen" in activities[0]["themes"]


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
            "j" + ENTER,  # shareable
        ]
    )
    result = typed("intake", ref, keys=keys)
    assert result.exit_code == 0, result.output
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert record["status"] == "closed"
    assert record["close"]["summary"] == "Wandelt elke week mee." and record["close"]["shareable"] is True
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
