"""Issue 14: GP visits, dropout reasons, the follow-up, and the report's new figures.

The small database below is made through `wor intake` answers files; every
figure the report gives for it is worked out by hand beside the assertion.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import contact, invoke, new_referral, write_yaml
from tests.prompts import CTRL_C, answering, scale

FIXTURES = Path(__file__).parent / "fixtures"


def show(ref: str) -> dict:
    result = invoke("show", ref, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def followup(tmp_path: Path, ref: str, data: dict, *extra: str):
    path = write_yaml(tmp_path / f"followup-{ref}.yaml", data)
    return invoke("intake", ref, "--answers", path, "--no-input", *extra)


# --- the migration ------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("wor-schema-*.db")), ids=lambda p: p.name)
def test_m005_upgrades_every_earlier_schema_keeping_the_records(tmp_path, fixture):
    old = tmp_path / "old.db"
    shutil.copy(fixture, old)
    before = sqlite3.connect(old)
    counts = {table: before.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
              for table in ("clients", "referrals", "contacts", "measures", "activity_links")}
    refs = before.execute("SELECT ref, question FROM referrals ORDER BY id").fetchall()
    before.close()
    assert invoke("list", "--db", old, "--json").exit_code == 0  # opening it upgrades it

    after = sqlite3.connect(old)
    assert {table: after.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in counts} == counts
    assert after.execute("SELECT ref, question FROM referrals ORDER BY id").fetchall() == refs
    columns = {row[1] for row in after.execute("PRAGMA table_info(referrals)")}
    assert {"gp_visits_before", "dropout_reason", "referred_to", "dataset_id"} <= columns
    ids = [row[0] for row in after.execute("SELECT dataset_id FROM referrals")]
    assert ids and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids) and len(set(ids)) == len(ids)
    assert all(i not in {ref for ref, _ in refs} for i in ids)
    assert after.execute("SELECT count(*) FROM followups").fetchone()[0] == 0
    assert "m005_effect_followup" in {row[0] for row in after.execute("SELECT name FROM _sqlite_migrations")}
    after.close()


def test_every_new_referral_gets_its_own_dataset_id_once(tmp_path, store):
    one, two = new_referral(tmp_path), new_referral(tmp_path)
    first = dict(store.conn.execute("SELECT ref, dataset_id FROM referrals").fetchall())
    assert len(set(first.values())) == 2 and None not in first.values()
    assert contact(tmp_path, one, {"contact": {"date": "2026-11-09", "mode": "phone"}}).exit_code == 0
    assert dict(store.conn.execute("SELECT ref, dataset_id FROM referrals").fetchall()) == first  # stable
    assert two in first


# --- the new fields of referral and closing --------------------------------------------------------


def test_gp_visits_before_and_a_dropout_reason_are_kept_and_shown(tmp_path):
    ref = new_referral(tmp_path, referral__gp_visits_before=4)
    assert contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"},
                                   "close": {"outcome": "stopped-early", "dropout_reason": "moved"}}).exit_code == 0
    record = show(ref)
    assert record["referral"]["gp_visits_before"] == 4
    assert record["close"]["dropout_reason"] == "moved" and record["close"]["referred_to"] is None
    screen = invoke("show", ref).stdout
    assert "verhuisd" in screen and "Huisartsbezoeken" in screen


@pytest.mark.parametrize("close, key", [
    ({"outcome": "completed", "dropout_reason": "health"}, "close.dropout_reason"),
    ({"outcome": "no-show", "dropout_reason": "bored"}, "close.dropout_reason"),
    ({"outcome": "completed", "referred_to": "Schuldhulp"}, "close.referred_to"),
])
def test_a_closing_field_that_does_not_fit_the_outcome_is_refused(tmp_path, store, close, key):
    ref = new_referral(tmp_path)
    result = contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"}, "close": close})
    assert result.exit_code == 2 and key in result.output
    assert store.value("SELECT count(*) FROM contacts") == 0


@pytest.mark.parametrize("value", [100, -1, "veel", "9" * 5000, 2.5])
def test_gp_visits_out_of_range_is_refused_naming_the_key(tmp_path, store, value):
    path = write_yaml(tmp_path / "new.yaml", {
        **json.loads(json.dumps(__import__("tests.helpers").helpers.NEW_REFERRAL)),
        "referral": {"date": "2026-11-02", "reasons": ["rouw"], "question": "?", "gp_visits_before": value},
    })
    result = invoke("intake", "--new", "--answers", path, "--no-input")
    assert result.exit_code == 2 and "referral.gp_visits_before" in result.output
    assert store.value("SELECT count(*) FROM referrals") == 0


def test_an_onward_referral_is_named_in_the_final_letter(tmp_path):
    ref = new_referral(tmp_path)
    assert contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"},
                                   "close": {"outcome": "referred-elsewhere", "referred_to": "Schuldhulpmaatje"}}
                   ).exit_code == 0
    letter = invoke("letter", ref, "--kind", "eind")
    assert letter.exit_code == 0, letter.output
    assert "doorverwezen, naar Schuldhulpmaatje" in letter.stdout


# --- the follow-up ---------------------------------------------------------------------------------


@pytest.fixture
def closed(tmp_path):
    ref = new_referral(tmp_path, referral__date="2026-06-01", consent__date="2026-06-01",
                       referral__gp_visits_before=5)
    assert contact(tmp_path, ref, {"contact": {"date": "2026-06-08", "mode": "phone"},
                                   "measures": {"ons4": [4, 4, 4, 8]}}).exit_code == 0
    assert contact(tmp_path, ref, {"contact": {"date": "2026-08-20", "mode": "phone"},
                                   "measures": {"ons4": [6, 6, 6, 5]}, "close": {"outcome": "completed"}}).exit_code == 0
    return ref


def test_the_follow_up_from_an_answers_file(tmp_path, closed, store):
    result = followup(tmp_path, closed, {
        "followup": {"date": "2026-11-20", "still_taking_part": "yes", "satisfaction": 8, "gp_visits_after": 2},
        "measures": {"ons4": [7, 7, 6, 3]},
    }, "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["followup"] == {
        "date": "2026-11-20", "still_taking_part": "yes", "satisfaction": 8, "gp_visits_after": 2,
        "measures": [{"instrument": "ons4", "answers": [7, 7, 6, 3],
                      "scores": {"satisfied": 7, "worthwhile": 7, "happy": 6, "anxious": 3}}],
    }
    # the follow-up's ONS4 is not the end measure of the support itself
    assert record["changes"] == show(closed)["changes"]
    assert [m["scores"]["anxious"] for m in record["measures"]] == [8, 5]
    again = followup(tmp_path, closed, {"followup": {"date": "2026-11-21", "still_taking_part": "stopped"}})
    assert again.exit_code == 1 and "al vastgelegd" in again.output
    assert store.value("SELECT count(*) FROM followups") == 1
    assert store.value("SELECT count(*) FROM audit WHERE action = 'referral.followup'") == 1


@pytest.mark.parametrize("data, key", [
    ({"followup": {"date": "2026-08-01", "still_taking_part": "yes"}}, "followup.date"),  # before closing
    ({"followup": {"date": "2026-11-20"}}, "followup.still_taking_part"),
    ({"followup": {"date": "2026-11-20", "still_taking_part": "maybe"}}, "followup.still_taking_part"),
    ({"followup": {"date": "2026-11-20", "still_taking_part": "yes", "satisfaction": 11}}, "followup.satisfaction"),
    ({"followup": {"date": "2026-11-20", "still_taking_part": "yes", "gp_visit_after": 1}}, "followup.gp_visit_after"),
    ({"followup": {"date": "2026-11-20", "still_taking_part": "yes"}, "measures": {"ons4": [1, 2]}}, "measures.ons4"),
])
def test_a_bad_follow_up_file_changes_nothing(tmp_path, closed, store, data, key):
    result = followup(tmp_path, closed, data)
    assert result.exit_code == 2 and key in result.output, result.output
    assert store.value("SELECT count(*) FROM followups") == 0


def test_a_conversation_for_a_closed_referral_is_refused_as_before(tmp_path, closed, store):
    result = followup(tmp_path, closed, {"contact": {"date": "2026-11-20", "mode": "phone"}})
    assert result.exit_code == 1 and "afgesloten" in result.output
    assert store.value("SELECT count(*) FROM followups") == 0


def test_an_open_referral_gets_its_next_conversation_not_a_follow_up(tmp_path, store):
    ref = new_referral(tmp_path)
    result = followup(tmp_path, ref, {"followup": {"date": "2026-11-20", "still_taking_part": "yes"}})
    assert result.exit_code == 2 and "followup" in result.output
    assert store.value("SELECT count(*) FROM followups") == 0


FOLLOWUP_START = {"followup.date": "20-11-2026",  # the prompt offers today
                  "followup.still_taking_part": "stopped"}


def test_the_follow_up_at_the_prompts(closed):
    answers = {**FOLLOWUP_START, "followup.satisfaction": "6",  # GP visits: Enter, not known
               "followup.measure.ons4": True, **scale("ons4", 7, 7, 6, 3)}
    with answering(answers) as asked:
        result = invoke("intake", closed)
    assert result.exit_code == 0, result.output
    assert asked.keys == ["followup.date", "followup.still_taking_part", "followup.satisfaction",
                          "followup.gp_visits_after", "followup.measure.ons4", *scale("ons4", 0, 0, 0, 0)]
    found = show(closed)["followup"]
    assert found["still_taking_part"] == "stopped" and found["satisfaction"] == 6 and found["gp_visits_after"] is None
    assert found["measures"][0]["scores"] == {"satisfied": 7, "worthwhile": 7, "happy": 6, "anxious": 3}


def test_ctrl_c_in_the_follow_up_saves_and_resumes(closed, store):
    with answering({**FOLLOWUP_START, "followup.satisfaction": CTRL_C}):
        result = invoke("intake", closed)
    assert result.exit_code == 130 and "bewaard" in result.stderr
    assert store.value("SELECT count(*) FROM followups") == 0
    assert store.value("SELECT step FROM drafts") == "followup"
    assert json.loads(store.value("SELECT answers FROM drafts"))["followup.still_taking_part"] == "stopped"
    answers = {"intake.resume": True, "followup.satisfaction": "9", "followup.gp_visits_after": "1",
               "followup.measure.ons4": False}
    with answering(answers) as asked:
        result = invoke("intake", closed)
    assert result.exit_code == 0, result.output
    assert "followup.date" not in asked.keys  # kept in the draft
    found = show(closed)["followup"]
    assert (found["date"], found["still_taking_part"], found["satisfaction"], found["gp_visits_after"]) == (
        "2026-11-20", "stopped", 9, 1)
    assert found["measures"] == []
    assert store.value("SELECT count(*) FROM drafts") == 0


def test_follow_ups_due_three_months_after_closing(tmp_path, closed, store):
    from datetime import date

    from wor_cli import followups

    other = new_referral(tmp_path, client__name="Bram Bakker")  # open: nothing due
    assert followups.due(store, days=14, today=date(2026, 11, 5)) == []  # due 20 November: not within 5..19 Nov
    due = followups.due(store, days=14, today=date(2026, 11, 10))
    assert due == [{"date": "2026-11-20", "time": None, "ref": closed, "client": "Anna de Wit", "what": "followup-due"}]
    assert followups.due(store, days=0, today=date(2027, 1, 5))[0]["ref"] == closed  # overdue stays listed
    assert followups.due(store, days=0, today=date(2027, 2, 20))[0]["ref"] == closed  # for three months
    assert followups.due(store, days=0, today=date(2027, 2, 21)) == []  # then "three months on" has passed
    assert followup(tmp_path, closed, {"followup": {"date": "2026-11-20", "still_taking_part": "yes"}}).exit_code == 0
    assert followups.due(store, days=14, today=date(2026, 11, 20)) == []
    assert other


def test_export_client_shows_the_follow_up(tmp_path, closed):
    assert followup(tmp_path, closed, {"followup": {"date": "2026-11-20", "still_taking_part": "other-activity",
                                                    "satisfaction": 9}}).exit_code == 0
    out = tmp_path / "alles.json"
    assert invoke("export-client", closed, "--out", out).exit_code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["record"]["followup"]["satisfaction"] == 9
    text = json.dumps(exported["sections"], ensure_ascii=False)
    assert "doet mee aan iets anders" in text and "Nameting" in text


@pytest.mark.parametrize("answer, reason", [("moved", "moved"), ("", None)])  # "": "weet ik niet"
def test_the_dropout_reason_at_the_prompts_or_left_open(tmp_path, answer, reason):
    ref = new_referral(tmp_path)
    assert contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"}}).exit_code == 0
    answers = {
        "step.kind": "close",  # close without a new conversation
        **scale("ons4", 5, 5, 5, 5),  # at closing; De Jong Gierveld: Enter, the first answer
        **scale("djg6", *["ja"] * 6),
        "close.outcome": "stopped-early",  # no summary, not shareable: Enter
        "close.dropout_reason": answer,
    }
    with answering(answers) as asked:
        result = invoke("intake", ref)
    assert result.exit_code == 0, result.output
    assert asked.question("close.dropout_reason").choices[-1].value == ""  # the list ends in "weet ik niet"
    record = show(ref)
    assert record["close"]["outcome"] == "stopped-early" and record["close"]["dropout_reason"] == reason


def test_an_unquoted_yes_is_yes_and_a_date_before_the_closing_says_so(tmp_path, closed):
    early = followup(tmp_path, closed, {"followup": {"date": "2026-01-05", "still_taking_part": "yes"}})
    assert early.exit_code == 2 and "voor de afsluiting" in early.output, early.output
    path = tmp_path / "unquoted.yaml"
    path.write_text("followup:\n  date: 2026-11-20\n  still_taking_part: yes\n", encoding="utf-8")  # YAML: true
    result = invoke("intake", closed, "--answers", path, "--no-input")
    assert result.exit_code == 0, result.output
    assert show(closed)["followup"]["still_taking_part"] == "yes"
