"""The report counted from a coach's own database, in SQL.

Every figure is counted over plain sqlite3 reads: a report over ten thousand
referrals must come back as fast as a coach's `--help`, so this module imports
nothing heavy (no sqlite-utils, YAML, Jinja or matplotlib). It only reads:
nothing here can change a record. What each count becomes is defined once, in
`reports.figures`, for this and for the organisation's datasets.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from wor_cli.reports import demographics
from wor_cli.reports.figures import (activities, arrange, dropout, empty, followup, funnel_and_timing, gp_visits,
                                     outcomes, practices_in_order, reasons_in_order)
from wor_cli.reports.periods import Period, previous
from wor_cli.vocabulary import TAKEN_UP

if TYPE_CHECKING:
    from wor_cli.store import Store

DEFAULT_STORIES = 10


def build(store: Store, chosen: Period, *, stories: int = DEFAULT_STORIES) -> dict[str, Any]:
    """The whole report as data, in the JSON shape of cli.md (plus a few extra keys).

    `previous` holds the same figures, without stories, for the period of
    equal length just before.
    """
    told, total_stories = _stories(store, (chosen.start.isoformat(), chosen.end.isoformat()), stories)
    return arrange(figures(store, chosen), figures(store, previous(chosen)), told, total_stories)


def figures(store: Store, chosen: Period) -> dict[str, Any]:
    """Every figure of one period (no stories).

    Each period is counted on its own, with the queries of the one-period
    report: counting two periods in one pass (grouped by which one) makes
    SQLite sort every group instead of reading them in index order, which
    cost more than the second pass over an index range.
    """
    span = {"start": chosen.start.isoformat(), "end": chosen.end.isoformat()}
    found: dict[str, Any] = {"period": {"from": span["start"], "to": span["end"]}}
    funnel_timing = _funnel_and_timing(store, span)
    if not funnel_timing["funnel"]["referred"]:  # nothing to count (often the period before a first year)
        return found | empty(funnel_timing)
    found["referrals"] = {
        "total": funnel_timing["funnel"]["referred"],
        "by_reason": _by_reason(store, span),
        "by_practice": _by_practice(store, span),
    }
    found.update(funnel_timing)
    found["activities"] = _activities(store, span)
    found["outcomes"] = _outcomes(store, span)
    found["gp_visits"] = _gp_visits(store, span)
    found["followup"] = _followup(store, span)
    found["dropout"] = _dropout(store, span)
    found["demographics"] = _demographics(store, span)
    return found


_IN_PERIOD = "r.date BETWEEN :start AND :end"


def _by_reason(store: Store, span: dict[str, str]) -> dict[str, int]:
    """Per reason, every reason of the list in its order (so reports of different periods line up).

    Grouped by the stored list first: a few hundred combinations to unpack
    here instead of ten thousand in SQL.
    """
    counted: dict[str, int] = {}
    for reasons, count in store.conn.execute(
        f"SELECT reasons, count(*) FROM referrals r WHERE {_IN_PERIOD} GROUP BY reasons", span
    ):
        for reason in json.loads(reasons):
            counted[reason] = counted.get(reason, 0) + count
    return reasons_in_order(counted)


def _by_practice(store: Store, span: dict[str, str]) -> dict[str, int]:
    """Per practice, most referrals first; spellings that differ only in case count as one."""
    rows = store.conn.execute(
        f"""
        SELECT min(f.practice), sum(n) FROM referrers f
        JOIN (SELECT referrer_id, count(*) AS n FROM referrals r WHERE {_IN_PERIOD} GROUP BY referrer_id) counted
          ON counted.referrer_id = f.id
        GROUP BY lower(trim(f.practice))
        """,
        span,
    ).fetchall()
    return practices_in_order(rows)


def _funnel_and_timing(store: Store, span: dict[str, str]) -> dict[str, Any]:
    """The funnel, contacts per referral and days to the first contact, in one pass.

    `referral_progress` (kept by triggers, see migration m002) holds each
    referral's number of contacts and the date of the first: started means
    at least one contact.
    """
    groups = []
    for *group, waits in store.conn.execute(
        f"""
        SELECT r.status, r.outcome, count(*), count(p.referral_id), coalesce(sum(p.contacts), 0),
               group_concat(CAST(round(julianday(p.first_contact) - julianday(r.date)) AS INTEGER))
        FROM referrals r LEFT JOIN referral_progress p ON p.referral_id = r.id
        WHERE {_IN_PERIOD} GROUP BY r.status, r.outcome
        """,
        span,
    ):
        groups.append((*group, [int(d) for d in waits.split(",")] if waits else []))
    return funnel_and_timing(groups)


def _activities(store: Store, span: dict[str, str]) -> dict[str, Any]:
    """Activities discussed and taken up; counted per activity in SQL, then per theme here.

    An activity's themes are those it had in the catalogue when it was linked,
    so one activity counts under each of its themes.
    """
    taken = ",".join(f"'{status}'" for status in TAKEN_UP)
    per_activity = [
        {"id": activity_id, "name": name, "themes": json.loads(themes), "links": links, "count": count}
        for activity_id, name, themes, links, count in store.conn.execute(
            f"""
            SELECT a.activity_id, min(a.name), a.themes, count(*), coalesce(sum(a.status IN ({taken})), 0)
            FROM referrals r CROSS JOIN activity_links a ON a.referral_id = r.id
            WHERE {_IN_PERIOD}
            GROUP BY a.activity_id, a.themes
            """,
            span,
        )
    ]
    referrals_taking_up = store.value(
        f"""
        SELECT count(*) FROM referrals r WHERE {_IN_PERIOD} AND EXISTS
            (SELECT 1 FROM activity_links a WHERE a.referral_id = r.id AND a.status IN ({taken}))
        """,
        span,
    )
    return activities(per_activity, referrals_taking_up)


def _outcomes(store: Store, span: dict[str, str]) -> dict[str, Any]:
    """Per instrument score: the first value measured against the last, paired per referral.

    The pairing of `instruments.changes()`, read from `outcome_scores` (kept by
    triggers, see migration m002): n counts referrals measured at least twice.
    """
    rows = store.conn.execute(
        """
        SELECT o.instrument, o.score, count(*), count(o.last),
               sum(CASE WHEN o.last IS NOT NULL THEN o.first END), sum(o.last),
               coalesce(sum(o.last > o.first), 0), coalesce(sum(o.last < o.first), 0)
        FROM outcome_scores o
        WHERE o.referral_date BETWEEN :start AND :end GROUP BY o.instrument, o.score
        """,
        span,
    ).fetchall()
    return outcomes(rows)


def _gp_visits(store: Store, span: dict[str, str]) -> dict[str, Any]:
    """GP consultations in the three months before the referral and before the follow-up.

    Only referrals with both counts are compared (n); `before_n` says how many
    had the count before, so a small n explains itself.
    """
    before_n, n, before, after = store.conn.execute(
        f"""
        SELECT count(*), count(f.gp_visits_after),
               sum(CASE WHEN f.gp_visits_after IS NOT NULL THEN r.gp_visits_before END), sum(f.gp_visits_after)
        FROM referrals r INDEXED BY referrals_effect LEFT JOIN followups f ON f.referral_id = r.id
        WHERE {_IN_PERIOD} AND r.gp_visits_before IS NOT NULL
        """,
        span,
    ).fetchone()
    return gp_visits(before_n, n, before or 0, after or 0)


def _followup(store: Store, span: dict[str, str]) -> dict[str, Any]:
    """The follow-up about three months after closing: still taking part, and satisfaction."""
    groups = store.conn.execute(
        f"""
        SELECT f.still_taking_part, count(*), coalesce(sum(f.satisfaction), 0), count(f.satisfaction)
        FROM followups f JOIN referrals r ON r.id = f.referral_id
        WHERE {_IN_PERIOD} GROUP BY 1
        """,
        span,
    ).fetchall()
    return followup(groups)


def _dropout(store: Store, span: dict[str, str]) -> dict[str, int]:
    """Why clients stopped early or did not come, every reason listed (0 when none)."""
    counted = store.conn.execute(
        f"""
        SELECT r.dropout_reason, count(*) FROM referrals r INDEXED BY referrals_effect
        WHERE {_IN_PERIOD} AND r.status = 'closed' AND r.dropout_reason IS NOT NULL GROUP BY 1
        """,
        span,
    ).fetchall()
    return dropout(dict(counted))


def _demographics(store: Store, span: dict[str, str]) -> dict[str, Any]:
    """Age band, gender (from the salutation, when recorded) and PC4 area.

    `clients.salutation` arrives with migration m004 (the GP's side); until
    then everyone counts as unknown.
    """
    columns = {row[1] for row in store.conn.execute("PRAGMA table_info(clients)")}
    salutation = "c.salutation" if "salutation" in columns else "NULL"
    # the age band in SQL: one group per band, salutation and area rather than per birth year (5,000
    # groups for 10,000 referrals, each worked through in Python, was a fifth of the report's time)
    groups = [
        (band, demographics.gender(said), demographics.area_of(postcode), count)
        for band, said, postcode, count in store.conn.execute(
            f"""
            SELECT {demographics.age_band_sql("CAST(substr(r.date, 1, 4) AS INTEGER) - c.birth_year")},
                   {salutation}, substr(c.postcode, 1, 4), count(*)
            FROM referrals r JOIN clients c ON c.id = r.client_id
            WHERE {_IN_PERIOD} GROUP BY 1, 2, 3
            """,
            span,
        )
    ]
    return demographics.summary(groups)


# --- the stories -------------------------------------------------------------------------------


# The story for reports (not the summary, which is the GP's). A blank one is stored as NULL
# (validation.optional_text), so NOT NULL means there is text.
# The same condition as the partial index referrals_stories, so SQLite can use it.
_SHAREABLE = "r.status = 'closed' AND r.shareable = 1 AND r.story IS NOT NULL"


def _stories(store: Store, span: tuple[str, str], limit: int) -> tuple[list[str], int]:
    """The most recent shareable closing summaries, anonymised; and how many there were."""
    # INDEXED BY: without statistics SQLite would pick the date index and sort every referral.
    shareable = f"FROM referrals r INDEXED BY referrals_stories WHERE r.date BETWEEN ? AND ? AND {_SHAREABLE}"
    total = store.value(f"SELECT count(*) {shareable}", span)
    if not total or limit == 0:
        return [], total
    newest = store.conn.execute(
        f"SELECT r.id {shareable} ORDER BY r.closed_date DESC, r.date DESC, r.id DESC LIMIT ?", (*span, limit)
    ).fetchall()
    rows = store.rows(
        f"""
        SELECT r.story, c.name AS client, f.name AS referrer, f.practice
        FROM referrals r JOIN clients c ON c.id = r.client_id JOIN referrers f ON f.id = r.referrer_id
        WHERE r.id IN ({",".join("?" * len(newest))}) ORDER BY r.closed_date DESC, r.date DESC, r.id DESC
        """,
        [referral_id for (referral_id,) in newest],
    )
    anonymiser = _anonymiser(store)
    told = [
        anonymiser.clean(row["story"], names=(row["client"], row["referrer"]), phrases=(row["practice"],))
        for row in rows
    ]
    return told, total


def _anonymiser(store: Store):
    """One anonymiser that knows every client's and referrer's name in this database."""
    from wor_cli import stories

    return stories.anonymiser(store)
