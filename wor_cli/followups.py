"""The follow-up: about three months after closing, is the client still taking part?

Funders ask whether people still take part months later, and GPs see fewer
visits. So after closing, `wor intake REF` runs one more step: the date, still
taking part (yes, in another activity, stopped, never started), satisfaction
with the support (1-10), GP consultations in the three months before, and
optionally ONS4 once more. One follow-up per referral. Its measures are kept
on the follow-up row, not among the conversations' measures, so the outcome
of the support itself (first against last conversation) stays what it was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from wor_cli import clock
from wor_cli.intake import fields
from wor_cli.intake.field import Values
from wor_cli.caseload import add_months
from wor_cli.errors import Refused
from wor_cli.i18n import short_date
from wor_cli.store.connection import insert

if TYPE_CHECKING:
    from wor_cli.store import Store

AFTER_MONTHS = 3  # the follow-up is due three months after closing
MEASURES = ("ons4",)  # taken again at the follow-up (cli.md)


class Followup(Values):
    """followup.*: date, still_taking_part, satisfaction, gp_visits_after."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fields.FOLLOWUP, *args, **kwargs)


@dataclass
class FollowupStep:
    followup: Followup
    measures: dict[str, list[int | str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Where:
    """A referral as the follow-up needs it."""

    ref: str
    referral_id: int
    status: str
    closed_date: date | None
    done: dict[str, Any] | None  # the follow-up already recorded


def situation(store: Store, ref: str) -> Where:
    from wor_cli.referrals import find, followup

    row = find(store, ref)
    return Where(
        ref=row["ref"], referral_id=row["id"], status=row["status"],
        closed_date=date.fromisoformat(row["closed_date"]) if row["closed_date"] else None,
        done=followup(store, row["id"]),
    )


def check_open(where: Where) -> None:
    """Refuse a follow-up for a referral still open, or one already followed up."""
    if where.status != "closed":
        raise Refused("followup.not_closed", ref=where.ref)
    if where.done is not None:
        raise Refused("followup.done", ref=where.ref, date=short_date(where.done["date"]))


def due_date(closed: date) -> date:
    return add_months(closed, AFTER_MONTHS)


def record(store: Store, ref: str, step: FollowupStep, *, draft_id: int | None = None) -> None:
    """Store the follow-up in one transaction, with its measures scored; the draft goes with it."""
    from wor_cli import audit, instruments

    with store.transaction() as db:
        now = situation(store, ref)  # again inside the lock: another process may have recorded it
        check_open(now)
        answers = {instrument: given for instrument, given in step.measures.items()}
        scores = {instrument: instruments.get(instrument).score(given) for instrument, given in answers.items()}
        insert(db, "followups", {
            "referral_id": now.referral_id,
            **fields.columns(fields.FOLLOWUP, step.followup.as_dict()),
            "answers": json.dumps(answers, ensure_ascii=False),
            "scores": json.dumps(scores),
            "created": clock.now(),
        })
        if draft_id is not None:
            db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
        audit.record(db, "referral.followup", now.ref)



def due(store: Store, *, days: int = 14, today: date | None = None) -> list[dict[str, Any]]:
    """Follow-ups due from today up to `days` ahead, overdue ones included, by date.

    In the shape of `wor agenda --json` items: `{date, time, ref, client, what}`,
    `what` being `followup-due`. Referrals closed without any conversation
    (a no-show) are left out: there is nothing to follow up. A follow-up stays
    listed for three months after it was due; later, "three months on" has passed
    (it can still be recorded, with `wor intake REF`), and an organisation's whole
    history of closings does not fill the agenda.
    """
    today = today or clock.today()
    until = today + timedelta(days=days)
    # closed up to three months before `until` (a few days more: month ends are clamped), then exactly below
    latest_closing = add_months(until, -AFTER_MONTHS) + timedelta(days=3)
    earliest_closing = add_months(today, -2 * AFTER_MONTHS) - timedelta(days=3)
    found = []
    for ref, name, closed in store.conn.execute(
        """
        SELECT r.ref, c.name, r.closed_date FROM referrals r JOIN clients c ON c.id = r.client_id
        WHERE r.status = 'closed' AND r.closed_date BETWEEN ? AND ?
          AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.referral_id = r.id)
          AND EXISTS (SELECT 1 FROM referral_progress p WHERE p.referral_id = r.id)
        """,
        (earliest_closing.isoformat(), latest_closing.isoformat()),
    ):
        when = due_date(date.fromisoformat(closed))
        if when <= until and add_months(when, AFTER_MONTHS) >= today:
            found.append({"date": when.isoformat(), "time": None, "ref": ref, "client": name, "what": "followup-due"})
    return sorted(found, key=lambda item: (item["date"], item["ref"]))
