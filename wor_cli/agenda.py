"""The agenda: what is planned or due from today up to N days ahead, overdue first.

- `appointment`: the next appointment planned at a referral's last conversation.
- `contact-due`: no appointment planned, and the next conversation is due (two weeks
  after the last one, or after the referral date; caseload.next_due).
- `letter-due`: a letter to the GP not yet made, only with consent to inform the GP:
  the acknowledgement once the first conversation was held, the interim report after
  the third (both while the referral is open), the final report after closing. Due from the day of that conversation
  or of closing. A letter only looked at on screen does not count as made (see letters).
- `evaluate`: a referral still open three months after it arrived.

Everything is read in a handful of set-wise queries (no query per referral), so the
agenda of a caseload of ten thousand comes back about as fast as `wor --help`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from wor_cli import clock
from wor_cli.caseload import CONTACT_INTERVAL, PROGRAMME_MONTHS, add_months

if TYPE_CHECKING:
    from wor_cli.store import Store

DEFAULT_DAYS = 14
MAX_DAYS = 3660
WHATS = ("appointment", "contact-due", "letter-due", "evaluate", "followup-due")
# After which conversation each GP letter is due (the final report: at closing).
LETTER_AFTER = {"ontvangst": 1, "tussen": 3}
PREVIEW_FORMAT = "md"  # an acknowledgement only looked at as Markdown was not sent (letters.PREVIEW_FORMAT)


class Item:
    __slots__ = ("date", "time", "ref", "client", "what", "letter")

    def __init__(self, day: str, time: str | None, ref: str, client: str, what: str, letter: str | None = None) -> None:
        self.date, self.time, self.ref, self.client, self.what, self.letter = day, time, ref, client, what, letter

    def as_json(self) -> dict[str, Any]:
        """The shape of cli.md: {date, time, ref, client, what}."""
        return {"date": self.date, "time": self.time, "ref": self.ref, "client": self.client, "what": self.what}

    def overdue(self, today: date) -> bool:
        return self.date < today.isoformat()


def items(store: Store, days: int = DEFAULT_DAYS) -> list[Item]:
    """Everything up to `days` ahead (overdue included), by date, then time, then reference."""
    today = clock.today()
    until = (today + timedelta(days=days)).isoformat()
    found: list[Item] = []
    rows = store.conn.execute(
        """
        SELECT r.id, r.ref, r.status, r.date, r.closed_date, c.name,
               k.number, k.date, k.next_appointment, third.date
        FROM referrals r
        JOIN clients c ON c.id = r.client_id
        LEFT JOIN contacts k ON k.referral_id = r.id
             AND k.number = (SELECT max(number) FROM contacts WHERE referral_id = r.id)
        LEFT JOIN contacts third ON third.referral_id = r.id AND third.number = 3
        """
    ).fetchall()
    first = dict(store.conn.execute("SELECT referral_id, date FROM contacts WHERE number = 1").fetchall())
    informed = {
        rid for (rid,) in store.conn.execute(
            "SELECT referral_id FROM consents WHERE id IN (SELECT max(id) FROM consents GROUP BY referral_id) "
            "AND gp_feedback = 1"
        )
    }
    made: dict[int, set[str]] = {}
    for rid, kind, fmt in store.conn.execute("SELECT referral_id, kind, format FROM letters"):
        if not (kind == "ontvangst" and fmt == PREVIEW_FORMAT):
            made.setdefault(rid, set()).add(kind)
    for rid, ref, status, referral_date, closed_date, name, number, last_date, planned, third in rows:
        if status != "closed":
            if planned:
                day, _, time = planned.partition(" ")
                found.append(Item(day, time or None, ref, name, "appointment"))
            else:
                due = date.fromisoformat(last_date or referral_date) + CONTACT_INTERVAL
                found.append(Item(due.isoformat(), None, ref, name, "contact-due"))
            evaluate = add_months(date.fromisoformat(referral_date), PROGRAMME_MONTHS)
            found.append(Item(evaluate.isoformat(), None, ref, name, "evaluate"))
        if rid in informed:
            sent = made.get(rid, set())
            due_letters = []
            if rid in first and "ontvangst" not in sent and status != "closed":
                due_letters.append(("ontvangst", first[rid]))
            if third and "tussen" not in sent and status != "closed":
                due_letters.append(("tussen", third))
            if status == "closed" and closed_date and "eind" not in sent:
                due_letters.append(("eind", closed_date))
            for kind, day in due_letters:
                found.append(Item(day, None, ref, name, "letter-due", kind))
    found = [item for item in found if item.date <= until]
    found.sort(key=lambda item: (item.date, item.time or "", item.ref, WHATS.index(item.what)))
    return found
