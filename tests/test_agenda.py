"""`wor agenda` against dates worked out by hand, on the fixed clock of the tests (2026-11-23)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import contact, invoke, new_referral


def _referral(tmp_path, day: str, *, gp: bool = True) -> str:
    return new_referral(tmp_path, referral__date=day, consent__date=day, consent__gp_feedback=gp)


def _talk(tmp_path, ref: str, day: str, **more) -> None:
    result = contact(tmp_path, ref, {"contact": {"date": day, "mode": "phone", **more.pop("contact", {})}, **more})
    assert result.exit_code == 0, result.output


@pytest.fixture
def caseload(tmp_path, store):
    a = _referral(tmp_path, "2026-11-02")
    _talk(tmp_path, a, "2026-11-09", contact={"next_appointment": "2026-11-30 10:30"})
    b = _referral(tmp_path, "2026-08-10", gp=False)
    c = _referral(tmp_path, "2026-11-16")
    d = _referral(tmp_path, "2026-10-01")
    _talk(tmp_path, d, "2026-10-05")
    _talk(tmp_path, d, "2026-10-20", close={"outcome": "completed"})
    e = _referral(tmp_path, "2026-09-01")
    for day in ("2026-09-07", "2026-09-21", "2026-10-05"):
        _talk(tmp_path, e, day)
    with store.transaction() as conn:  # the acknowledgement for E was sent (as a PDF)
        conn.execute(
            "INSERT INTO letters (referral_id, kind, date, format, sha256, created) "
            "SELECT id, 'ontvangst', '2026-09-08', 'pdf', 'x', '2026-09-08T10:00:00Z' FROM referrals WHERE ref = ?", [e],
        )
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


def agenda(*args: str) -> list[dict]:
    result = invoke("agenda", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_agenda_json_on_a_fixed_clock(caseload):
    r = caseload
    expected = [
        {"date": "2026-08-24", "time": None, "ref": r["B"], "client": "Anna de Wit", "what": "contact-due"},  # 08-10 + 14 d
        {"date": "2026-10-05", "time": None, "ref": r["E"], "client": "Anna de Wit", "what": "letter-due"},  # after the 3rd
        {"date": "2026-10-19", "time": None, "ref": r["E"], "client": "Anna de Wit", "what": "contact-due"},  # 10-05 + 14 d
        {"date": "2026-10-20", "time": None, "ref": r["D"], "client": "Anna de Wit", "what": "letter-due"},  # closed
        {"date": "2026-11-09", "time": None, "ref": r["A"], "client": "Anna de Wit", "what": "letter-due"},  # 1st held
        {"date": "2026-11-10", "time": None, "ref": r["B"], "client": "Anna de Wit", "what": "evaluate"},  # 08-10 + 3 mo
        {"date": "2026-11-30", "time": None, "ref": r["C"], "client": "Anna de Wit", "what": "contact-due"},  # 11-16 + 14 d
        {"date": "2026-11-30", "time": "10:30", "ref": r["A"], "client": "Anna de Wit", "what": "appointment"},
        {"date": "2026-12-01", "time": None, "ref": r["E"], "client": "Anna de Wit", "what": "evaluate"},  # 09-01 + 3 mo
    ]
    assert agenda() == expected  # 14 days: up to 2026-12-07
    assert agenda("--days", "7") == expected[:-1]  # up to 2026-11-30
    assert agenda("--days", "0") == expected[:6]  # overdue only (nothing today)


def test_a_letter_made_is_no_longer_due_and_no_consent_no_letter(caseload, store):
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO letters (referral_id, kind, date, format, sha256, created) "
            "SELECT id, 'eind', '2026-11-23', 'docx', 'x', '2026-11-23T10:00:00Z' FROM referrals WHERE ref = ?",
            [caseload["D"]],
        )
    assert caseload["D"] not in {item["ref"] for item in agenda()}
    assert invoke("edit", caseload["A"], "--set", "consent.gp_feedback=false").exit_code == 0
    assert [i["what"] for i in agenda() if i["ref"] == caseload["A"]] == ["appointment"]


def test_the_table_marks_overdue_and_the_list_shows_the_appointment(caseload):
    result = invoke("agenda")
    assert result.exit_code == 0
    assert "te laat" in result.stdout and "afspraak" in result.stdout and "10:30" in result.stdout
    listed = json.loads(invoke("list", "--json").stdout)
    by_ref = {entry["ref"]: entry for entry in listed}
    assert by_ref[caseload["A"]]["next_appointment"] == "2026-11-30 10:30"
    assert by_ref[caseload["B"]]["next_appointment"] is None
    assert all(entry["draft"] is False for entry in listed)
    assert "afspraak 10:30" in invoke("list").stdout


@pytest.mark.parametrize("days", ["-1", "99999", "veel"])
def test_bad_days_are_bad_usage(days):
    result = invoke("agenda", "--days", days)
    assert result.exit_code == 2 and "--days" in result.output


def test_an_empty_agenda_says_so():
    result = invoke("agenda")
    assert result.exit_code == 0 and "Niets gepland" in result.stdout


def test_the_follow_up_is_on_the_agenda_three_months_after_closing(caseload):
    later = agenda("--days", "60")  # up to 2027-01-22: D closed 2026-10-20
    assert {"date": "2027-01-20", "time": None, "ref": caseload["D"], "client": "Anna de Wit", "what": "followup-due"} in later
    assert [item["what"] for item in later].count("followup-due") == 1
    assert "nameting" in invoke("agenda", "--days", "60").stdout
