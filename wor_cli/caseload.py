"""The caseload: every referral with what is due next.

The rhythm of Welzijn op Recept is about five contacts in three months, so a
contact is due two weeks after the last one (or after the referral date, when
there has been none yet). A referral still open three months after it arrived
is flagged: it is time to evaluate and close, or to note why not.
"""

from __future__ import annotations

import json
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
    """One summary per referral, oldest referral first.

    `next_appointment` is the appointment planned at the last conversation (None when
    none, or closed); `draft` says an unfinished step is saved.
    A closed referral also says when it is due for purging (`purge_on`) and
    whether that day has come (`purge_due`); see privacy.retention.
    """

    where = {"open": "WHERE r.status != 'closed'", "closed": "WHERE r.status = 'closed'", "all": ""}[
        status
    ]
    rows = store.rows(
        f"""
        SELECT r.ref, r.status, r.date, r.reasons, r.closed_date, r.outcome,
               c.name AS client, c.birth_year, f.name AS referrer, f.practice,
               count(k.id) AS contacts, max(k.date) AS last_contact,
               group_concat(k.date) AS contact_dates,
               (SELECT next_appointment FROM contacts WHERE referral_id = r.id ORDER BY number DESC LIMIT 1)
                   AS next_appointment,
               EXISTS (SELECT 1 FROM drafts d WHERE d.referral_id = r.id) AS draft
        FROM referrals r
        JOIN clients c ON c.id = r.client_id
        JOIN referrers f ON f.id = r.referrer_id
        LEFT JOIN contacts k ON k.referral_id = r.id
        {where}
        GROUP BY r.id
        ORDER BY r.date, r.ref
        """
    )
    today = clock.today()
    result = []
    for row in rows:
        dates = row.pop("contact_dates")
        due = None if row["status"] == "closed" else next_due(row["date"], dates.split(",") if dates else [])
        erase_on = purge_on(row["closed_date"], retention_years)
        if row["status"] == "closed":
            row["next_appointment"] = None  # planned at an open referral's last conversation only
        row["draft"] = bool(row["draft"])
        result.append(
            {
                **row,
                "reasons": json.loads(row["reasons"]),
                "next_due": due,
                "overdue": due is not None and date.fromisoformat(due) < today,
                "past_three_months": row["status"] != "closed"
                and add_months(date.fromisoformat(row["date"]), PROGRAMME_MONTHS) < today,
                "purge_on": erase_on,
                "purge_due": erase_on is not None and date.fromisoformat(erase_on) <= today,
            }
        )
    return result
