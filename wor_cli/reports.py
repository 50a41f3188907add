"""Figures and stories for a period: what a coordinator tells the municipality.

Funders ask two things: how many, and did it help. `build()` answers both
from the coaches' own records, for the referrals that arrived in a period:

- referrals by reason and by referring practice;
- the funnel: referred, started (at least one contact), active (open, with a
  contact), closed per outcome, and those still waiting for a first contact;
- days from referral to the first contact, and contacts per referral;
- activities taken up ("started" or "continuing"), by theme and the most used;
- per instrument score, for referrals measured at the start and again later:
  the mean at the start and the end, the mean paired change and the share
  that improved (in the score's own direction: less anxious is better);
- the stories: closing summaries the coach marked shareable, anonymised.

Every figure is counted in SQL over plain sqlite3 reads: a report over ten
thousand referrals must come back as fast as a coach's `--help`, so this module
imports nothing heavy (no sqlite-utils, YAML, Jinja or matplotlib). It only
reads: nothing here can change a record.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from wor_cli import clock
from wor_cli.errors import BadInput
from wor_cli.i18n import t
from wor_cli.vocabulary import OUTCOMES, REASONS

if TYPE_CHECKING:
    from wor_cli.store import Store

TAKEN_UP = ("started", "continuing")  # an activity the client actually goes to
TOP_ACTIVITIES = 10
DEFAULT_STORIES = 10


class Period(NamedTuple):
    """The referral dates a report covers, both ends included."""

    start: date
    end: date


def period(start: date | None = None, end: date | None = None) -> Period:
    """The chosen period; by default this calendar year up to today (a funder's year)."""
    end = end or clock.today()
    start = start or date(end.year, 1, 1)
    if start > end:
        raise BadInput("report.bad_period", start=start.isoformat(), end=end.isoformat())
    return Period(start, end)


def build(store: Store, chosen: Period, *, stories: int = DEFAULT_STORIES) -> dict[str, Any]:
    """The whole report as data, in the JSON shape of cli.md (plus a few extra keys)."""
    span = (chosen.start.isoformat(), chosen.end.isoformat())
    funnel, timing = _funnel_and_timing(store, span)
    told, total_stories = _stories(store, span, stories)
    return {
        "period": {"from": span[0], "to": span[1]},
        "referrals": {
            "total": funnel["referred"],
            "by_reason": _by_reason(store, span),
            "by_practice": _by_practice(store, span),
        },
        "funnel": funnel,
        **timing,
        "activities": _activities(store, span),
        "outcomes": _outcomes(store, span),
        "stories": told,
        "stories_total": total_stories,
    }


# --- how many ------------------------------------------------------------------------------

_IN_PERIOD = "r.date BETWEEN ? AND ?"


def _by_reason(store: Store, span: tuple[str, str]) -> dict[str, int]:
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
    return {reason: counted.pop(reason, 0) for reason in REASONS} | dict(sorted(counted.items()))


def _by_practice(store: Store, span: tuple[str, str]) -> dict[str, int]:
    """Per practice, most referrals first; spellings that differ only in case count as one."""
    rows = store.conn.execute(
        f"""
        SELECT min(f.practice), sum(n) FROM referrers f
        JOIN (SELECT referrer_id, count(*) AS n FROM referrals r WHERE {_IN_PERIOD} GROUP BY referrer_id) counted
          ON counted.referrer_id = f.id
        GROUP BY lower(trim(f.practice)) ORDER BY 2 DESC, 1
        """,
        span,
    ).fetchall()
    return dict(rows)


def _funnel_and_timing(store: Store, span: tuple[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The funnel, contacts per referral and days to the first contact, in one pass.

    `referral_progress` (kept by triggers, see migration m002) holds each
    referral's number of contacts and the date of the first: started means
    at least one contact.
    """
    counted = {"new": 0, "active": 0, "closed": 0}
    closed = dict.fromkeys(OUTCOMES, 0)
    started = contacts = contacts_closed = 0
    days: list[int] = []
    for status, outcome, referrals, with_contact, their_contacts, waits in store.conn.execute(
        f"""
        SELECT r.status, r.outcome, count(*), count(p.referral_id), coalesce(sum(p.contacts), 0),
               group_concat(CAST(round(julianday(p.first_contact) - julianday(r.date)) AS INTEGER))
        FROM referrals r LEFT JOIN referral_progress p ON p.referral_id = r.id
        WHERE {_IN_PERIOD} GROUP BY r.status, r.outcome
        """,
        span,
    ):
        counted[status] = counted.get(status, 0) + referrals
        if status == "closed":
            closed[outcome] = closed.get(outcome, 0) + referrals
            contacts_closed += their_contacts
        started += with_contact
        contacts += their_contacts
        days += [int(d) for d in waits.split(",")] if waits else []
    referred = sum(counted.values())
    days.sort()
    funnel = {
        "referred": referred,
        "started": started,
        "active": counted["active"],
        "waiting": counted["new"],  # open, no contact yet
        "closed": closed,
        "closed_total": counted["closed"],
    }
    timing = {
        "days_to_first_contact": {"median": _median(days), "mean": _mean(sum(days), len(days), 1), "n": len(days)},
        "contacts_per_referral": {
            "mean": _mean(contacts, referred, 1),
            "mean_closed": _mean(contacts_closed, counted["closed"], 1),
            "total": contacts,
        },
    }
    return funnel, timing


def _activities(store: Store, span: tuple[str, str]) -> dict[str, Any]:
    """Activities discussed and taken up; counted per activity in SQL, then per theme here.

    An activity's themes are those it had in the catalogue when it was linked,
    so one activity counts under each of its themes.
    """
    taken = ",".join(f"'{status}'" for status in TAKEN_UP)
    per_activity = store.rows(
        f"""
        SELECT a.activity_id AS id, min(a.name) AS name, a.themes, count(*) AS links,
               coalesce(sum(a.status IN ({taken})), 0) AS count
        FROM referrals r CROSS JOIN activity_links a ON a.referral_id = r.id
        WHERE {_IN_PERIOD}
        GROUP BY a.activity_id, a.themes
        """,
        span,
    )
    referrals_taking_up = store.value(
        f"""
        SELECT count(*) FROM referrals r WHERE {_IN_PERIOD} AND EXISTS
            (SELECT 1 FROM activity_links a WHERE a.referral_id = r.id AND a.status IN ({taken}))
        """,
        span,
    )
    by_theme: dict[str, int] = {}
    top: dict[str, dict[str, Any]] = {}
    for row in per_activity:
        if not row["count"]:
            continue
        for theme in json.loads(row["themes"]):
            by_theme[theme] = by_theme.get(theme, 0) + row["count"]
        found = top.setdefault(row["id"], {"id": row["id"], "name": row["name"], "count": 0})
        found["count"] += row["count"]
    return {
        "by_theme": dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0]))),
        "top": sorted(top.values(), key=lambda a: (-a["count"], a["name"]))[:TOP_ACTIVITIES],
        "suggested": sum(row["links"] for row in per_activity),
        "taken_up": sum(row["count"] for row in per_activity),
        "referrals_taking_up": referrals_taking_up,
    }


# --- did it help --------------------------------------------------------------------------


def _outcomes(store: Store, span: tuple[str, str]) -> dict[str, dict[str, Any]]:
    """Per instrument score: the first value measured against the last, paired per referral.

    The pairing of `measures.changes()`, read from `outcome_scores` (kept by
    triggers, see migration m002): n counts referrals measured at least twice.
    Scores measured only once so far get n = 0, so the table shows that the
    end measurements are still to come. Keys as cli.md: `INSTRUMENT.SCORE`
    for an instrument with several scores, `INSTRUMENT` for one with one.
    """
    from wor_cli import measures

    known = measures.instruments()
    rows = store.conn.execute(
        f"""
        SELECT o.instrument, o.score, count(*), count(o.last),
               avg(CASE WHEN o.last IS NOT NULL THEN o.first END), avg(o.last),
               coalesce(sum(o.last > o.first), 0), coalesce(sum(o.last < o.first), 0)
        FROM outcome_scores o
        WHERE o.referral_date BETWEEN ? AND ? GROUP BY o.instrument, o.score
        """,
        span,
    ).fetchall()
    seen: dict[str, int] = {}
    for row in rows:
        seen[row[0]] = seen.get(row[0], 0) + 1
    order = {(i.id, s.id): (a, b) for a, i in enumerate(known.values()) for b, s in enumerate(i.scores)}
    result = {}
    for instrument_id, score_id, baseline_n, n, start_mean, end_mean, up, down in sorted(
        rows, key=lambda r: order.get((r[0], r[1]), (len(order), r[0], r[1]))
    ):
        instrument = known.get(instrument_id)
        score = next((s for s in instrument.scores if s.id == score_id), None) if instrument else None
        better = score.better if score else None
        improved, worse = (up, down) if better == "higher" else (down, up)
        several = len(instrument.scores) if instrument else seen[instrument_id]
        key = f"{instrument_id}.{score_id}" if several > 1 else instrument_id
        result[key] = {
            "instrument": instrument_id,
            "score": score_id,
            "n": n,
            "baseline_n": baseline_n,
            "start_mean": _round(start_mean, 2),
            "end_mean": _round(end_mean, 2),
            "mean_change": _round(end_mean - start_mean, 2) if n else None,
            "improved_share": _mean(improved, n, 3) if better else None,
            "worse_share": _mean(worse, n, 3) if better else None,
            "better": better,
        }
    return result


# --- the stories -------------------------------------------------------------------------------


# The story for reports (not the summary, which is the GP's). A blank one is stored as NULL
# (validation.optional_text), so NOT NULL means there is text.
# The same condition as the partial index referrals_stories, so SQLite can use it.
_SHAREABLE = "r.status = 'closed' AND r.shareable = 1 AND r.story IS NOT NULL"


def _stories(store: Store, span: tuple[str, str], limit: int) -> tuple[list[str], int]:
    """The most recent shareable closing summaries, anonymised; and how many there were."""
    # INDEXED BY: without statistics SQLite would pick the date index and sort every referral.
    shareable = f"FROM referrals r INDEXED BY referrals_stories WHERE {_IN_PERIOD} AND {_SHAREABLE}"
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


# --- helpers and other shapes -----------------------------------------------------------------


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _mean(total: float, count: int, digits: int) -> float | None:
    return round(total / count, digits) if count else None


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    middle = len(values) // 2
    found = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return round(found, 1)


def flatten(report: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """The report as (section, item, value) rows: the CSV shape, easy to pivot in a spreadsheet."""
    rows: list[tuple[str, str, Any]] = [
        ("period", "from", report["period"]["from"]),
        ("period", "to", report["period"]["to"]),
        ("referrals", "total", report["referrals"]["total"]),
    ]
    rows += [("referrals.by_reason", k, v) for k, v in report["referrals"]["by_reason"].items()]
    rows += [("referrals.by_practice", k, v) for k, v in report["referrals"]["by_practice"].items()]
    for key, value in report["funnel"].items():
        if isinstance(value, dict):
            rows += [(f"funnel.{key}", k, v) for k, v in value.items()]
        else:
            rows.append(("funnel", key, value))
    for section in ("days_to_first_contact", "contacts_per_referral"):
        rows += [(section, k, v) for k, v in report[section].items()]
    activities = report["activities"]
    rows += [("activities.by_theme", k, v) for k, v in activities["by_theme"].items()]
    rows += [("activities.top", f"{a['id']} ({a['name']})", a["count"]) for a in activities["top"]]
    rows += [("activities", k, activities[k]) for k in ("suggested", "taken_up", "referrals_taking_up")]
    for key, figures in report["outcomes"].items():
        rows += [
            (f"outcomes.{key}", field, figures[field])
            for field in ("n", "baseline_n", "start_mean", "end_mean", "mean_change", "improved_share", "worse_share")
        ]
    rows.append(("stories", "total", report["stories_total"]))
    rows += [("stories", str(number), text) for number, text in enumerate(report["stories"], 1)]
    return rows


def as_csv(report: dict[str, Any]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "item", "value"))
    writer.writerows(("" if v is None else v for v in row) for row in flatten(report))
    return out.getvalue()
