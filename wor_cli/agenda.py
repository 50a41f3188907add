"""The agenda: what is planned or due from today up to N days ahead, overdue first.

- `appointment`: the next appointment planned at a referral's last conversation.
- `contact-due`: no appointment planned, and the next conversation is due (two weeks
  after the last one, or after the referral date; caseload.next_due).
- `letter-due`: a letter to the GP not yet made, only with consent to inform the GP:
  the acknowledgement once the first conversation was held, the interim report after
  the third (both while the referral is open), the final report after closing. Due from the day of that conversation
  or of closing. A letter only looked at on screen does not count as made (see letters).
- `evaluate`: a referral still open three months after it arrived.
- `followup-due`: the follow-up, three months after closing (followups.due).

Everything is read in three queries (no query per referral: the few lookups per row go
through the primary keys and the (referral, number) key), so the agenda of a database
of ten thousand referrals comes back about as fast as `wor --help`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from wor_cli import clock, followups
from wor_cli.caseload import CONTACT_INTERVAL, PROGRAMME_MONTHS, add_months

if TYPE_CHECKING:
    from wor_cli.store import Store

DEFAULT_DAYS = 14
MAX_DAYS = 3660
WHATS = ("appointment", "contact-due", "letter-due", "evaluate", "followup-due")
# After which conversation each GP letter is due (the final report: at closing).
LETTER_AFTER = {"ontvangst": 1, "tussen": 3}
PREVIEW_FORMAT = "md"  # an acknowledgement only looked at as Markdown was not sent (letters.PREVIEW_FORMAT)


class Item(tuple):
    """(date, time, ref, order, what, client, letter): a tuple, so ten thousand sort natively."""

    __slots__ = ()

    def __new__(cls, day: str, time: str | None, ref: str, client: str, what: str, letter: str | None = None) -> Item:
        return tuple.__new__(cls, (day, time or "", ref, _ORDER[what], what, client, letter))

    date = property(lambda self: self[0])
    time = property(lambda self: self[1] or None)
    ref = property(lambda self: self[2])
    what = property(lambda self: self[4])
    client = property(lambda self: self[5])
    letter = property(lambda self: self[6])

    def as_json(self) -> dict[str, Any]:
        """The shape of cli.md: {date, time, ref, client, what}."""
        return {"date": self[0], "time": self[1] or None, "ref": self[2], "client": self[5], "what": self[4]}

    def overdue(self, today: date) -> bool:
        return self[0] < today.isoformat()


_ORDER = {what: index for index, what in enumerate(WHATS)}

# Referrals whose last consent row says the GP may not be informed (a correction adds a row).
# Only the few "no" rows are looked up, so "informed" costs one small pass, not one per referral.
_NOT_INFORMED = """
    SELECT k.referral_id FROM consents k WHERE k.gp_feedback = 0
    AND k.id = (SELECT max(id) FROM consents m WHERE m.referral_id = k.referral_id)
"""


def items(store: Store, days: int = DEFAULT_DAYS) -> list[Item]:
    """Everything up to `days` ahead (overdue included), by date, then time, then reference."""
    return _items(store, days, None)[0]


def for_screen(store: Store, days: int, overdue: int) -> tuple[list[Item], int]:
    """What is coming, and of what is overdue only the latest `overdue` items; with how many
    overdue items were left out. The screen does not need the whole backlog, so the final
    reports of an organisation's history are counted by SQLite instead of read."""
    return _items(store, days, overdue)


def _items(store: Store, days: int, overdue: int | None) -> tuple[list[Item], int]:
    today = clock.today()
    until = (today + timedelta(days=days)).isoformat()
    found: list[Item] = []
    # Open referrals: the last conversation (by the (referral_id, number) key), the third, the
    # first; whether the GP may be informed and which letters were made, each IN list built once.
    for ref, referral_date, name, first, last, third, informed, acknowledged, interim in store.conn.execute(
        f"""
        SELECT r.ref, r.date, c.name, p.first_contact,
               (SELECT date || ' ' || coalesce(next_appointment, '') FROM contacts
                WHERE referral_id = r.id ORDER BY number DESC LIMIT 1),
               (SELECT date FROM contacts WHERE referral_id = r.id AND number = 3),
               r.id NOT IN ({_NOT_INFORMED}),
               r.id IN (SELECT referral_id FROM letters WHERE kind = 'ontvangst' AND format != '{PREVIEW_FORMAT}'),
               r.id IN (SELECT referral_id FROM letters WHERE kind = 'tussen')
        FROM referrals r JOIN clients c ON c.id = r.client_id
        LEFT JOIN referral_progress p ON p.referral_id = r.id
        WHERE r.status != 'closed'
        """
    ):
        last_date, _, planned = (last or "").partition(" ")
        if planned:
            day, _, time = planned.partition(" ")
            found.append(Item(day, time or None, ref, name, "appointment"))
        else:
            due = date.fromisoformat(last_date or referral_date) + CONTACT_INTERVAL
            found.append(Item(due.isoformat(), None, ref, name, "contact-due"))
        evaluate = add_months(date.fromisoformat(referral_date), PROGRAMME_MONTHS)
        found.append(Item(evaluate.isoformat(), None, ref, name, "evaluate"))
        if informed:
            if first and not acknowledged:
                found.append(Item(first, None, ref, name, "letter-due", "ontvangst"))
            if third and not interim:
                found.append(Item(third, None, ref, name, "letter-due", "tussen"))
    # Closed referrals: the final report, until it is made. Often thousands (an organisation's
    # whole history), so SQLite makes the items itself, in the shape of Item.
    closed = f"""
        WHERE r.status = 'closed' AND r.closed_date IS NOT NULL
          AND r.id NOT IN ({_NOT_INFORMED})
          AND r.id NOT IN (SELECT referral_id FROM letters WHERE kind = 'eind')  -- one pass over letters
    """
    named = " FROM referrals r JOIN clients c ON c.id = r.client_id"
    columns = f"SELECT r.closed_date, '', r.ref, {_ORDER['letter-due']}, 'letter-due', c.name, 'eind'"
    make = tuple.__new__
    left_out = 0
    if overdue is None:
        found.extend(make(Item, row) for row in store.conn.execute(columns + named + closed))
    else:
        # The latest `overdue` closings are enough to find the latest `overdue` items overall.
        total = store.value("SELECT count(*) FROM referrals r" + closed)
        latest = store.conn.execute(columns + named + closed + " ORDER BY r.closed_date DESC, r.ref DESC LIMIT ?", (overdue,))
        found.extend(make(Item, row) for row in latest)
        left_out = total - min(total, overdue)
    found.extend(Item(f["date"], None, f["ref"], f["client"], "followup-due") for f in followups.due(store, days=days, today=today))
    found = [item for item in found if item[0] <= until]
    found.sort()
    if overdue is not None:
        late = sum(1 for item in found if item[0] < today.isoformat())
        if late > overdue:
            left_out += late - overdue
            found = found[late - overdue:]
    return found, left_out
