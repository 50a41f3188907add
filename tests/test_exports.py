"""`wor export minimal-dataset`: one row per referral, nothing directly identifying."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from datetime import date

import pytest

from tests.helpers import ROOT, contact, invoke, new_referral
from tests.tools.make_database import make
from wor_cli.reports import exports


@pytest.fixture
def one(tmp_path):
    ref = new_referral(tmp_path, client__birth_year=1948, referral__date="2026-03-10", consent__date="2026-03-10")
    assert contact(tmp_path, ref, {
        "contact": {"date": "2026-03-17", "mode": "home-visit"},
        "measures": {"ons4": [4, 5, 3, 7], "djg6": ["ja", "nee", "nee", "min of meer", "nee", "nee"]},
        "activities": [{"id": "koffieochtend-zuiderwagen", "status": "started"},
                       {"id": "wandelgroep-hollandse-hout", "status": "declined"}],
    }).exit_code == 0
    assert contact(tmp_path, ref, {
        "contact": {"date": "2026-05-20", "mode": "phone"},
        "measures": {"ons4": [6, 6, 6, 4], "djg6": ["nee", "ja", "min of meer", "nee", "ja", "nee"]},
        "close": {"outcome": "completed", "summary": "Anna de Wit gaat zelf verder.", "shareable": True},
    }).exit_code == 0
    return ref


def test_one_row_per_referral_field_by_field(one):
    result = invoke("export", "minimal-dataset", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert re.fullmatch(r"[0-9a-f]{32}", row.pop("id"))
    assert row == {
        "row": 1, "referral_month": "2026-03", "age_band": "75-84", "gender": "unknown", "area": "other",
        "practice": "Huisartsenpraktijk Atolwijk",
        "reasons": ["eenzaamheid", "rouw"], "status": "closed", "days_to_first_contact": 7, "contacts": 2,
        "closed_month": "2026-05", "outcome": "completed", "dropout_reason": None,
        "activities_suggested": 2, "activities_taken_up": 1,
        "themes_taken_up": ["ontmoeten"], "activities_taken_up_ids": ["koffieochtend-zuiderwagen"],
        "gp_visits_before": None, "gp_visits_after": None, "followup_month": None,
        "followup_still_taking_part": None, "followup_satisfaction": None,
        "djg6.total.start": 5, "djg6.total.end": 1, "djg6.total.followup": None,
        "djg6.emotional.start": 2, "djg6.emotional.end": 0, "djg6.emotional.followup": None,
        "djg6.social.start": 3, "djg6.social.end": 1, "djg6.social.followup": None,
        "ons4.satisfied.start": 4, "ons4.satisfied.end": 6, "ons4.satisfied.followup": None,
        "ons4.worthwhile.start": 5, "ons4.worthwhile.end": 6, "ons4.worthwhile.followup": None,
        "ons4.happy.start": 3, "ons4.happy.end": 6, "ons4.happy.followup": None,
        "ons4.anxious.start": 7, "ons4.anxious.end": 4, "ons4.anxious.followup": None,
    }


def test_csv_has_the_same_columns_and_lists_joined(one):
    rows = list(csv.DictReader(io.StringIO(invoke("export", "minimal-dataset").stdout)))
    assert len(rows) == 1
    assert rows[0]["reasons"] == "eenzaamheid;rouw" and rows[0]["age_band"] == "75-84"
    assert list(rows[0]) == [*exports.FIELDS, *exports.score_fields()]


def test_nothing_directly_identifying_and_no_reference(one):
    text = invoke("export", "minimal-dataset").stdout + invoke("export", "minimal-dataset", "--format", "json").stdout
    for identifying in ("Anna", "Wit", "8232", "JH", "12345678", "anna@example.org", "1948", "P. de Boer",
                        one, "zelf verder", "2026-03-10", "2026-03-17"):
        assert identifying not in text, identifying


@pytest.mark.parametrize("age, band", [(18, "<25"), (24, "<25"), (25, "25-34"), (64, "55-64"), (65, "65-74"),
                                       (74, "65-74"), (75, "75-84"), (84, "75-84"), (85, "85+"), (104, "85+")])
def test_age_bands(age, band):
    assert exports.age_band(age) == band


def test_out_is_private_and_rows_do_not_follow_the_references(tmp_path):
    path = tmp_path / "generated.db"
    make(path, referrals=200, contacts=900, end=date(2026, 11, 23), seed=5)
    out = tmp_path / "monitor.csv"
    result = invoke("export", "minimal-dataset", "--db", path, "--out", out, "--from", "2026-01-01")
    assert result.exit_code == 0 and "200" in result.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [int(r["row"]) for r in rows] == list(range(1, 201))
    assert [r["referral_month"] for r in rows] == sorted(r["referral_month"] for r in rows)
    second = list(csv.DictReader(io.StringIO(invoke("export", "minimal-dataset", "--db", path).stdout)))
    january = [r["practice"] + r["age_band"] for r in rows if r["referral_month"] == "2026-01"]
    again = [r["practice"] + r["age_band"] for r in second if r["referral_month"] == "2026-01"]
    assert sorted(january) == sorted(again) and january != again  # same rows, shuffled anew within the month


def test_rows_read_a_chunk_at_a_time_are_the_same_rows(tmp_path, monkeypatch):
    """The export reads its rows CHUNK referrals at a time; chunk edges change nothing."""
    path = tmp_path / "generated.db"
    make(path, referrals=120, contacts=500, end=date(2026, 11, 23), seed=7)

    def exported() -> list[dict]:
        result = invoke("export", "minimal-dataset", "--db", path, "--format", "json", "--from", "2026-01-01")
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert [r["row"] for r in rows] == list(range(1, len(rows) + 1))
        assert [r["referral_month"] for r in rows] == sorted(r["referral_month"] for r in rows)
        return sorted(({k: v for k, v in r.items() if k != "row"} for r in rows), key=lambda r: r["id"])

    whole = exported()
    monkeypatch.setattr(exports, "CHUNK", 7)
    assert exported() == whole and len(whole) == 120
    assert any(r["activities_taken_up_ids"] for r in whole) and any(r["ons4.happy.end"] is not None for r in whole)


def test_a_change_made_while_the_rows_are_read_does_not_reach_the_file(tmp_path, monkeypatch):
    """The chunks are read in one snapshot, as the one query was: no half of a change in the file."""
    import sqlite3

    from wor_cli.reports.periods import Period
    from wor_cli.store import open_store

    path = tmp_path / "generated.db"
    make(path, referrals=40, contacts=150, end=date(2026, 11, 23), seed=8)
    monkeypatch.setattr(exports, "CHUNK", 5)
    store = open_store(path)
    rows = exports.rows(store, Period(date(2026, 1, 1), date(2026, 12, 31)))
    first = next(rows)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("UPDATE referrals SET gp_visits_before = 42")  # another process, while we read
    other.close()
    rest = list(rows)
    assert len(rest) == 39 and all(row["gp_visits_before"] != 42 for row in [first, *rest])
    assert not store.conn.in_transaction  # ended, so the audit row can be written
    assert all(row["gp_visits_before"] == 42 for row in exports.rows(store, Period(date(2026, 1, 1),
                                                                                  date(2026, 12, 31))))


def test_summary_scores_go_out_as_they_did_through_sqlite_json():
    assert exports._value(None) is None
    assert exports._value(5.0) == 5 and isinstance(exports._value(5.0), int)
    assert exports._value(2.5) == 2.5
    assert exports._value(1 / 3) == 0.333333333333333  # SQLite's JSON wrote 15 significant digits
    assert exports._value(1e20) == 1e20 and isinstance(exports._value(1e20), float)


def test_the_readme_documents_every_field():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## wor export"):]
    documented = set(re.findall(r"^\| `([a-z_.A-Z<>]+)` \|", section, flags=re.MULTILINE))
    assert set(exports.FIELDS) <= documented
    assert "INSTRUMENT.SCORE.start" in section and "INSTRUMENT.SCORE.end" in section
    assert "INSTRUMENT.SCORE.followup" in section


def test_bad_format_is_exit_2():
    result = invoke("export", "minimal-dataset", "--format", "ods")
    assert result.exit_code == 2 and "ods" in result.output
