"""Migration m002: the summaries `wor report` reads stay equal to the data they summarise.

Triggers keep `referral_progress` (contacts per referral, first contact) and
`outcome_scores` (first and last value per referral, instrument and score).
They must be right after every kind of write, and after an upgrade of a
database made before they existed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.tools.make_database import make
from wor_cli.store import migrations, open_store


def expected_progress(store) -> dict[int, tuple[int, str]]:
    return {
        row[0]: (row[1], row[2])
        for row in store.conn.execute("SELECT referral_id, count(*), min(date) FROM contacts GROUP BY referral_id")
    }


def actual_progress(store) -> dict[int, tuple[int, str]]:
    return {row[0]: (row[1], row[2]) for row in store.conn.execute(
        "SELECT referral_id, contacts, first_contact FROM referral_progress")}


def expected_outcomes(store) -> dict[tuple, tuple]:
    """First and last measurement per referral and instrument, worked out the slow way."""
    series: dict[tuple[int, str], list[dict]] = {}
    for referral_id, instrument, scores in store.conn.execute(
        "SELECT referral_id, instrument, scores FROM measures ORDER BY id"
    ):
        series.setdefault((referral_id, instrument), []).append(json.loads(scores))
    dates = dict(store.conn.execute("SELECT id, date FROM referrals"))
    found = {}
    for (referral_id, instrument), taken in series.items():
        for score, first in taken[0].items():
            last = taken[-1].get(score) if len(taken) > 1 else None
            found[(referral_id, instrument, score)] = (dates[referral_id], len(taken), first, last)
    return found


def actual_outcomes(store) -> dict[tuple, tuple]:
    return {
        (r[0], r[1], r[2]): (r[3], r[4], r[5], r[6])
        for r in store.conn.execute(
            "SELECT referral_id, instrument, score, referral_date, times, first, last FROM outcome_scores")
    }


def assert_in_step(store) -> None:
    assert actual_progress(store) == expected_progress(store)
    assert actual_outcomes(store) == expected_outcomes(store)


@pytest.fixture
def generated(tmp_path):
    path = tmp_path / "generated.db"
    make(path, referrals=80, contacts=400, end=date(2026, 11, 23), seed=3)
    store = open_store(path)
    yield store
    store.close()


def test_summaries_are_right_after_inserts(generated):
    assert generated.value("SELECT count(*) FROM outcome_scores WHERE last IS NOT NULL") > 50
    assert_in_step(generated)


def test_summaries_follow_erasure_updates_and_single_deletes(generated):
    with generated.transaction() as conn:
        # erasing a client (as `wor forget` will): everything about them goes, the summaries too
        client = conn.execute("SELECT client_id FROM referrals WHERE id = 5").fetchone()[0]
        conn.execute("DELETE FROM clients WHERE id = ?", (client,))
        # a corrected contact date, a contact and a measurement removed
        conn.execute("UPDATE contacts SET date = '2026-01-01' WHERE referral_id = 7 AND number = 1")
        conn.execute("DELETE FROM contacts WHERE referral_id = 8 AND number = (SELECT max(number) FROM contacts WHERE referral_id = 8)")
        conn.execute("DELETE FROM measures WHERE id = (SELECT max(id) FROM measures WHERE referral_id = 9)")
        conn.execute("UPDATE measures SET scores = '{\"total\": 6, \"emotional\": 3, \"social\": 3}' "
                     "WHERE id = (SELECT min(id) FROM measures WHERE referral_id = 10 AND instrument = 'djg6')")
    assert generated.value("SELECT count(*) FROM referral_progress WHERE referral_id = 5") == 0
    assert generated.value("SELECT count(*) FROM outcome_scores WHERE referral_id = 5") == 0
    assert generated.value("SELECT first_contact FROM referral_progress WHERE referral_id = 7") == "2026-01-01"
    assert generated.value("SELECT first FROM outcome_scores WHERE referral_id = 10 AND score = 'total'") == 6
    assert_in_step(generated)


def test_an_older_database_is_filled_when_upgraded(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(migrations, "STEPS", [migrations.m001_initial])
    make(path, referrals=60, contacts=300, seed=4)  # written by a release without the summaries
    old = open_store(path)
    assert old.value("SELECT count(*) FROM sqlite_master WHERE name = 'outcome_scores'") == 0
    old.close()
    monkeypatch.undo()
    upgraded = open_store(path)
    assert migrations.schema_version(upgraded.conn) == len(migrations.STEPS)
    assert upgraded.value("SELECT count(*) FROM referral_progress") > 40
    assert_in_step(upgraded)
    upgraded.close()
