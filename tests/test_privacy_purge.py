"""Retention: wor purge removes exactly what is past it; wor list and doctor say when."""

from __future__ import annotations

import json
import sqlite3

from tests.helpers import invoke, new_referral
from tests.privacy_helpers import closed_referral, occurs


def test_purge_removes_exactly_what_is_due(tmp_path, db_path):
    due_long_ago = closed_referral(tmp_path, "2023-05-01", name="Oud Geval", phone="06 11111111")
    due_today = closed_referral(tmp_path, "2024-11-23", name="Precies Twee", phone="06 22222222")
    not_yet = closed_referral(tmp_path, "2024-11-24", name="Morgen Pas", phone="06 33333333")
    still_open = new_referral(tmp_path, client__name="Nog Bezig", referral__date="2023-01-10")

    dry = invoke("purge", "--dry-run", "--json")
    assert dry.exit_code == 0
    listed = json.loads(dry.stdout)
    assert [row["ref"] for row in listed["due"]] == [due_long_ago, due_today]
    assert listed["due"][1] == {"ref": due_today, "closed_date": "2024-11-23", "purge_on": "2026-11-23"}
    assert "Oud Geval" not in dry.stdout  # references and dates only
    table = invoke("purge", "--dry-run")
    assert due_today in table.stdout and "Precies" not in table.stdout

    result = invoke("purge", "--yes", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["erased"] == [due_long_ago, due_today]
    left = [e["ref"] for e in json.loads(invoke("list", "--status", "all", "--json").stdout)]
    assert sorted(left) == sorted([still_open, not_yet])
    for gone in ("Oud Geval", "06 11111111", "Precies Twee", "06 22222222"):
        assert not occurs(db_path, gone), gone
    assert occurs(db_path, "Morgen Pas")
    assert "is gewist op 2026-11-23" in invoke("show", due_today).stderr
    conn = sqlite3.connect(db_path)
    purged = [r for (r,) in conn.execute("SELECT ref FROM audit WHERE action = 'referral.purge' ORDER BY ref")]
    conn.close()
    assert purged == [due_long_ago, due_today]


def test_purge_follows_the_configured_retention(tmp_path, db_path):
    one_year = closed_referral(tmp_path, "2025-10-01")
    assert json.loads(invoke("purge", "--dry-run", "--json").stdout)["due"] == []
    invoke("config", "set", "retention_years", "1")
    assert [r["ref"] for r in json.loads(invoke("purge", "--dry-run", "--json").stdout)["due"]] == [one_year]


def test_purge_without_terminal_needs_yes(tmp_path, db_path):
    ref = closed_referral(tmp_path, "2023-05-01")
    result = invoke("purge")
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert invoke("show", ref).exit_code == 0


def test_purge_removes_old_unfinished_new_referrals(tmp_path, db_path, monkeypatch):
    from wor_cli.intake import drafts
    from wor_cli.store import open_store

    new_referral(tmp_path)
    store = open_store(db_path)
    monkeypatch.setenv("WOR_TODAY", "2026-08-01")
    drafts.save(store, None, drafts.NEW_REFERRAL, None, {"consent.processing": True, "client.name": "Vergeten Naam"})
    monkeypatch.setenv("WOR_TODAY", "2026-11-01")
    drafts.save(store, None, drafts.NEW_REFERRAL, None, {"consent.processing": True, "client.name": "Recent Begonnen"})
    store.close()
    monkeypatch.setenv("WOR_TODAY", "2026-11-23")
    listed = json.loads(invoke("purge", "--dry-run", "--json").stdout)
    assert [d["updated"] for d in listed["drafts"]] == ["2026-08-01"]
    result = invoke("purge", "--yes", "--json")
    assert json.loads(result.stdout)["drafts"] == 1
    assert not occurs(db_path, "Vergeten Naam")
    assert occurs(db_path, "Recent Begonnen")


def test_list_says_when_records_are_due(tmp_path, db_path, monkeypatch):
    due = closed_referral(tmp_path, "2024-06-01")
    later = closed_referral(tmp_path, "2026-11-20", name="Bert Bos")
    entries = {e["ref"]: e for e in json.loads(invoke("list", "--status", "closed", "--json").stdout)}
    assert entries[due]["purge_on"] == "2026-06-01" and entries[due]["purge_due"] is True
    assert entries[later]["purge_on"] == "2028-11-20" and entries[later]["purge_due"] is False
    shown = invoke("list", "--status", "closed").stdout  # 80 columns (conftest)
    assert "wissen" in shown and "20-11-2028" in shown and "nu wissen" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


def test_doctor_counts_what_is_due_without_names(tmp_path, db_path):
    closed_referral(tmp_path, "2023-05-01", name="Oud Geval")
    closed_referral(tmp_path, "2024-01-01", name="Ook Oud")
    checks = {c["name"]: c for c in json.loads(invoke("doctor", "--json").stdout)}
    assert checks["retention"]["status"] == "warn"
    assert checks["retention"]["message"].startswith("2 afgesloten verwijzingen zijn langer bewaard dan 2 jaar")
    assert "Oud" not in json.dumps(checks, ensure_ascii=False)
    invoke("purge", "--yes")
    checks = {c["name"]: c for c in json.loads(invoke("doctor", "--json").stdout)}
    assert checks["retention"]["status"] == "ok"


def test_add_years_handles_leap_days():
    from datetime import date

    from wor_cli.caseload import add_years

    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
