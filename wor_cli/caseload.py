"""The caseload: every referral with what is due next.

The rhythm of Welzijn op Recept is about five contacts in three months, so a
contact is due two weeks after the last one (or after the referral date, when
there has been none yet). A referral still open three months after it arrived
is flagged: it is time to evaluate and close, or to note why not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from wor_cli import clock

if TYPE_CHECKING:
    from wor_cli.store import Store

CONTACT_INTERVAL = timedelta(days=14)
PROGRAMME_MONTHS = 3
STATUS_FILTERS = ("open", "closed", "all")


def next_due(referral_date: str, contact_dates: list[str]) -> str:
    """The date the next contact is due, ISO."""
    last = max([referral_date, *contact_dates])
    return (date.fromisoformat(last) + CONTACT_INTERVAL).isoformat()


def add_years(day: date, years: int) -> date:
    """`day` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def purge_on(closed_date: str | None, years: int) -> str | None:
    """The day a closed referral is due for purging, ISO (None while it is open)."""
    if not closed_date:
        return None
    return add_years(date.fromisoformat(closed_date), years).isoformat()


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def entries(store: Store, status: str = "open", retention_years: int = 2) -> list[dict[str, Any]]:
    """Every summary of `each`, as one list (for --json and the intake picker)."""
    return list(each(store, status, retention_years))


_WHERE = {"open": "WHERE r.status != 'closed'", "closed": "WHERE r.status = 'closed'", "all": ""}


def overview(store: Store, status: str = "open") -> dict[str, int]:
    """How many referrals `each` will give (how many closed, how many open), the longest
    reference and names among them, and whether any appointment is planned at all.

    One aggregate query, so a table can be laid out before its first row is read
    and then written row by row, however long the caseload.
    """
    count, closed, ref, client, referrer, appointments = store.conn.execute(
        f"""
        SELECT count(*), sum(r.status = 'closed'), max(length(r.ref)), max(length(c.name)), max(length(f.name)),
               EXISTS (SELECT 1 FROM contacts WHERE next_appointment IS NOT NULL)
        FROM referrals r
        JOIN clients c ON c.id = r.client_id
        JOIN referrers f ON f.id = r.referrer_id
        {_WHERE[status]}
        """
    ).fetchone()
    return {"count": count, "closed": closed or 0, "open": count - (closed or 0),
            "ref": ref or 0, "client": client or 0, "referrer": referrer or 0,
            "appointments": bool(appointments)}


def each(store: Store, status: str = "open", retention_years: int = 2) -> Iterator[dict[str, Any]]:
    """One summary per referral, oldest referral first, read one at a time.

    `next_appointment` is the appointment planned at the last conversation (None when
    none, or closed: it is planned at an open referral's last conversation only);
    `draft` says an unfinished step is saved.
    A closed referral also says when it is due for purging (`purge_on`) and
    whether that day has come (`purge_due`); see privacy.retention.
    """
    # Per referral rather than one GROUP BY over a join: the contacts are read
    # through their (referral_id, number) index, and the drafts once.
    cursor = store.conn.execute(
        f"""
        SELECT r.ref, r.status, r.date, r.reasons, r.closed_date, r.outcome,
               c.name AS client, c.birth_year, f.name AS referrer, f.practice,
               (SELECT count(*) FROM contacts k WHERE k.referral_id = r.id) AS contacts,
               (SELECT max(k.date) FROM contacts k WHERE k.referral_id = r.id) AS last_contact,
               CASE WHEN r.status != 'closed' THEN
                   (SELECT next_appointment FROM contacts WHERE referral_id = r.id ORDER BY number DESC LIMIT 1)
               END AS next_appointment,
               r.id IN (SELECT referral_id FROM drafts WHERE referral_id IS NOT NULL) AS draft
        FROM referrals r
        JOIN clients c ON c.id = r.client_id
        JOIN referrers f ON f.id = r.referrer_id
        {_WHERE[status]}
        ORDER BY r.date, r.ref
        """
    )
    names = [d[0] for d in cursor.description]
    today = clock.today()
    iso_today = today.isoformat()  # ISO dates compare as text: no date objects for a comparison
    # A caseload's dates and reason lists repeat from row to row: each is worked out once.
    due_after: dict[str, str] = {}
    late: dict[str, bool] = {}
    purge_after: dict[str, str | None] = {}
    reasons: dict[str, list[str]] = {}
    for values in cursor:
        if len(due_after) + len(late) + len(purge_after) + len(reasons) > 40_000:  # bounded, whatever the file holds
            due_after, late, purge_after, reasons = {}, {}, {}, {}
        row = dict(zip(names, values))
        closed = row["status"] == "closed"
        due, past = None, False
        if not closed:
            last = max(row["date"], row["last_contact"] or "")
            if last not in due_after:
                due_after[last] = next_due(last, [])
            due = due_after[last]
            if row["date"] not in late:
                late[row["date"]] = add_months(date.fromisoformat(row["date"]), PROGRAMME_MONTHS) < today
            past = late[row["date"]]
        closed_date = row["closed_date"]
        if closed_date not in purge_after:
            purge_after[closed_date] = purge_on(closed_date, retention_years)
        erase_on = purge_after[closed_date]
        row["draft"] = bool(row["draft"])
        if row["reasons"] not in reasons:
            reasons[row["reasons"]] = json.loads(row["reasons"])
        row["reasons"] = list(reasons[row["reasons"]])
        row["next_due"] = due
        row["overdue"] = due is not None and due < iso_today
        row["past_three_months"] = past
        row["purge_on"] = erase_on
        row["purge_due"] = erase_on is not None and erase_on <= iso_today
        yield row
