"""`wor list`: the caseload, what is due, what is late, what has run too long."""

from __future__ import annotations

import json

from tests.helpers import contact, invoke, new_referral
from wor_cli.caseload import add_months, next_due


def listing(*args: str) -> list[dict]:
    result = invoke("list", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_contact_is_due_two_weeks_after_the_last():
    assert next_due("2026-11-02", []) == "2026-11-16"
    assert next_due("2026-11-02", ["2026-11-09", "2026-11-20"]) == "2026-12-04"


def test_months_are_calendar_months():
    from datetime import date

    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 3) == date(2026, 4, 15)


def test_due_overdue_and_past_three_months(tmp_path):
    recent = new_referral(tmp_path, referral__date="2026-11-20", consent__date="2026-11-20")
    late = new_referral(tmp_path, referral__date="2026-11-02", consent__date="2026-11-02")
    old = new_referral(tmp_path, referral__date="2026-07-01", consent__date="2026-07-01")
    contact(tmp_path, old, {"contact": {"date": "2026-11-20", "mode": "phone"}})
    entries = {e["ref"]: e for e in listing()}
    assert entries[recent]["next_due"] == "2026-12-04" and not entries[recent]["overdue"]
    assert entries[late]["overdue"] and entries[late]["next_due"] == "2026-11-16"
    assert entries[old]["past_three_months"] and not entries[old]["overdue"]
    assert entries[old]["contacts"] == 1 and entries[old]["last_contact"] == "2026-11-20"
    assert not entries[recent]["past_three_months"]


def test_status_filters(tmp_path):
    open_ref = new_referral(tmp_path)
    closed_ref = new_referral(tmp_path)
    contact(tmp_path, closed_ref, {"close": {"outcome": "no-show"}})
    assert [e["ref"] for e in listing()] == [open_ref]
    assert [e["ref"] for e in listing("--status", "closed")] == [closed_ref]
    assert [e["ref"] for e in listing("--status", "all")] == [open_ref, closed_ref]
    bad = invoke("list", "--status", "weg")
    assert bad.exit_code == 2 and "open, closed, all" in bad.stderr


def test_the_table_fits_80_columns_and_marks_late_referrals(tmp_path):
    new_referral(tmp_path, client__name="Wilhelmina van Oranje-Nassau tot Amsberg")
    result = invoke("list")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "te laat" in result.stdout
    assert "R26-0001" in result.stdout


def test_an_empty_caseload_says_how_to_start(store):
    result = invoke("list")
    assert result.exit_code == 0 and "wor intake --new" in result.stdout


def test_a_named_database_that_does_not_exist_is_said_and_not_created(tmp_path):
    named = tmp_path / "typo" / "wor.db"
    result = invoke("list", "--db", named)  # issue 10: a read-only command never creates what was named
    assert result.exit_code == 1 and "wor intake --new" in result.stderr
    assert not named.parent.exists()


def test_a_new_coach_sees_an_empty_caseload_in_the_default_database(db_path):
    result = invoke("list")  # the README's first command: wor's own private folder, made on first use
    assert result.exit_code == 0 and "wor intake --new" in result.stdout
    assert db_path.exists() and oct(db_path.stat().st_mode & 0o777) == "0o600"


def test_show_prints_the_whole_referral_and_escapes_typed_markup(tmp_path):
    ref = new_referral(tmp_path)
    contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone", "notes": "[red]niet rood[/red]"},
                            "measures": {"ons4": [4, 5, 3, 7]}})
    out = invoke("show", ref).stdout
    for expected in ("Anna de Wit (1948)", "P. de Boer", "eenzaamheid", "[red]niet rood[/red]",
                     "Welbevinden (ONS4)", "tevreden 4 (laag)", "angstig 7 (hoog)"):
        assert expected in out, expected
