"""Retention: records do not outlive their purpose.

A closed referral is kept `retention_years` (config; default 2) after its
closing date, then erased with the same thoroughness as `wor forget`. It is
due on the day those years have passed: closed on 2024-11-23 with two years,
it is erased from 2026-11-23 on. Open referrals are never purged (close them
first); `wor doctor` points out the ones that have been quiet for longer than
the retention period.

Two smaller things have a retention of their own, purged at the same time:
- an unfinished new referral (a draft: the coach stopped before the end) is
  kept DRAFT_DAYS days after it was last touched: long enough to come back
  to it, short enough that a name typed for nothing does not stay;
- automatic backups, KEEP_DAYS days (privacy.backup).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from wor_cli import clock
from wor_cli.caseload import add_years, purge_on
from wor_cli.intake import drafts

if TYPE_CHECKING:
    from wor_cli.store import Store

DRAFT_DAYS = 90




def due(store: Store, years: int, today: date | None = None) -> list[dict[str, Any]]:
    """Closed referrals past retention, oldest first: reference and dates only, no names."""
    today = today or clock.today()
    rows = store.rows(
        "SELECT ref, closed_date FROM referrals WHERE status = 'closed' AND closed_date IS NOT NULL "
        "ORDER BY closed_date, ref"
    )
    found = []
    for row in rows:
        when = purge_on(row["closed_date"], years)
        if when is not None and date.fromisoformat(when) <= today:
            found.append({"ref": row["ref"], "closed_date": row["closed_date"], "purge_on": when})
    return found


def next_due(store: Store, years: int, today: date | None = None) -> str | None:
    """The first day a closed referral that is not yet due will be."""
    today = today or clock.today()
    first = store.value(
        "SELECT min(closed_date) FROM referrals WHERE status = 'closed' AND closed_date > ?",
        (add_years(today, -years).isoformat(),),
    )
    return purge_on(first, years)


def quiet_open(store: Store, years: int, today: date | None = None) -> list[str]:
    """Open referrals with no contact (or referral) within the retention period."""
    today = today or clock.today()
    limit = add_years(today, -years).isoformat()
    return [
        ref for (ref,) in store.conn.execute(
            """
            SELECT r.ref FROM referrals r LEFT JOIN contacts k ON k.referral_id = r.id
            WHERE r.status != 'closed'
            GROUP BY r.id HAVING max(r.date, coalesce(max(k.date), r.date)) < ?
            ORDER BY r.ref
            """,
            (limit,),
        )
    ]


def stale_drafts(store: Store, today: date | None = None) -> list[dict[str, Any]]:
    """Unfinished new referrals not touched for DRAFT_DAYS days: id and date only."""
    today = today or clock.today()
    limit = (today - timedelta(days=DRAFT_DAYS)).isoformat()
    return store.rows(
        "SELECT id, substr(updated, 1, 10) AS updated FROM drafts "
        "WHERE step = ? AND referral_id IS NULL AND substr(updated, 1, 10) < ? ORDER BY updated",
        (drafts.NEW_REFERRAL, limit),
    )


@dataclass
class Purged:
    refs: list[str]
    drafts: int
    backups: int
    wiped: bool


def purge(store: Store, years: int, today: date | None = None) -> Purged:
    """Erase what is past retention, in one transaction, then wipe the freed space."""
    from wor_cli.privacy import backup, erasure

    today = today or clock.today()
    with store.transaction() as conn:
        # Decided again inside the lock: another wor may have changed things meanwhile.
        refs = [row["ref"] for row in due(store, years, today)]
        erasure.erase_referrals(conn, refs, "referral.purge")
        old = [row["id"] for row in stale_drafts(store, today)]
        for draft_id in old:
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
        if old:
            from wor_cli import audit

            audit.record(conn, "drafts.purge")
    removed = backup.prune(store.path, today)
    wiped = erasure.wipe(store)
    return Purged(refs, len(old), len(removed), wiped)
