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
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from wor_cli import clock
from wor_cli.reports import demographics
from wor_cli.errors import BadInput
from wor_cli.vocabulary import DROPOUT_REASONS, OUTCOMES, REASONS, STILL_TAKING_PART

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


def whole_months(chosen: Period) -> int | None:
    """How many calendar months the period is, when it is exactly whole months; else None."""
    if chosen.start.day != 1 or (chosen.end + timedelta(days=1)).day != 1:
        return None
    return (chosen.end.year - chosen.start.year) * 12 + chosen.end.month - chosen.start.month + 1


def months_back(day: date, months: int) -> date:
    """The first of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def previous(chosen: Period) -> Period:
    """The period of equal length just before `chosen`.

    Whole months stay whole months (a year before a year, a quarter before a
    quarter: what a funder compares), otherwise the same number of days.
    """
    months = whole_months(chosen)
    if months is not None:
        return Period(months_back(chosen.start, months), chosen.start - timedelta(days=1))
    length = (chosen.end - chosen.start).days + 1
    return Period(chosen.start - timedelta(days=length), chosen.start - timedelta(days=1))


_IN_PERIOD = "r.date BETWEEN :start AND :end"


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


def empty(funnel_timing: dict[str, Any]) -> dict[str, Any]:
    """The figures of a period without referrals, in the same shape."""
    return {
        "referrals": {"total": 0, "by_reason": reasons_in_order({}), "by_practice": {}},
        **funnel_timing,
        "activities": activities([], 0),
        "outcomes": {},
        "gp_visits": gp_visits(0, 0, 0, 0),
        "followup": followup([]),
        "dropout": dropout({}),
        "demographics": demographics.summary([]),
    }


ORDER = ("period", "referrals", "funnel", "days_to_first_contact", "contacts_per_referral", "activities",
         "outcomes", "gp_visits", "followup", "dropout", "demographics")


def arrange(current: dict[str, Any], before: dict[str, Any], stories: list[str] | None,
            stories_total: int | None) -> dict[str, Any]:
    """The report's keys in reading order; `stories` None leaves them out (a report from datasets)."""
    report = {key: current[key] for key in ORDER}
    if stories is not None:
        report["stories"] = stories
        report["stories_total"] = stories_total
    report["previous"] = {key: before[key] for key in ORDER}
    return report


# --- how many ------------------------------------------------------------------------------


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


def reasons_in_order(counted: dict[str, int]) -> dict[str, int]:
    counted = dict(counted)
    return {reason: counted.pop(reason, 0) for reason in REASONS} | dict(sorted(counted.items()))


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


def practices_in_order(rows: list[tuple[str, int]]) -> dict[str, int]:
    return dict(sorted(rows, key=lambda kv: (-kv[1], kv[0])))


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


def funnel_and_timing(groups: list[tuple[str, str | None, int, int, int, list[int]]]) -> dict[str, Any]:
    """From (status, outcome, referrals, with a contact, their contacts, days to the first) groups."""
    counted = {"new": 0, "active": 0, "closed": 0}
    closed = dict.fromkeys(OUTCOMES, 0)
    started = contacts = contacts_closed = 0
    days: list[int] = []
    for status, outcome, referrals, with_contact, their_contacts, waits in groups:
        counted[status] = counted.get(status, 0) + referrals
        if status == "closed":
            closed[outcome] = closed.get(outcome, 0) + referrals
            contacts_closed += their_contacts
        started += with_contact
        contacts += their_contacts
        days += waits
    referred = sum(counted.values())
    days.sort()
    return {
        "funnel": {
            "referred": referred,
            "started": started,
            "active": counted["active"],
            "waiting": counted["new"],  # open, no contact yet
            "closed": closed,
            "closed_total": counted["closed"],
        },
        "days_to_first_contact": {"median": _median(days), "mean": _mean(sum(days), len(days), 1), "n": len(days)},
        "contacts_per_referral": {
            "mean": _mean(contacts, referred, 1),
            "mean_closed": _mean(contacts_closed, counted["closed"], 1),
            "total": contacts,
        },
    }


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


def activities(per_activity: list[dict[str, Any]], referrals_taking_up: int) -> dict[str, Any]:
    """From per activity {id, name, themes, links, count (taken up)}."""
    by_theme: dict[str, int] = {}
    top: dict[str, dict[str, Any]] = {}
    for row in per_activity:
        if not row["count"]:
            continue
        for theme in row["themes"]:
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


def outcomes(rows: list[tuple[str, str, int, int, float | None, float | None, int, int]]) -> dict[str, Any]:
    """From (instrument, score, baseline n, paired n, sum at start, sum at end, went up, went down).

    Scores measured only once so far get n = 0, so the table shows that the
    end measurements are still to come. Keys as cli.md: `INSTRUMENT.SCORE`
    for an instrument with several scores, `INSTRUMENT` for one with one.
    """
    from wor_cli import instruments

    known = instruments.instruments()
    seen: dict[str, int] = {}
    for row in rows:
        seen[row[0]] = seen.get(row[0], 0) + 1
    order = {(i.id, s.id): (a, b) for a, i in enumerate(known.values()) for b, s in enumerate(i.scores)}
    result = {}
    for instrument_id, score_id, baseline_n, n, start_sum, end_sum, up, down in sorted(
        rows, key=lambda r: order.get((r[0], r[1]), (len(order), r[0], r[1]))
    ):
        instrument = known.get(instrument_id)
        score = next((s for s in instrument.scores if s.id == score_id), None) if instrument else None
        better = score.better if score else None
        improved, worse = (up, down) if better == "higher" else (down, up)
        several = len(instrument.scores) if instrument else seen[instrument_id]
        key = f"{instrument_id}.{score_id}" if several > 1 else instrument_id
        start_mean = start_sum / n if n else None
        end_mean = end_sum / n if n else None
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


def gp_visits(before_n: int, n: int, before: int, after: int) -> dict[str, Any]:
    return {
        "n": n,
        "before_mean": _mean(before, n, 2),
        "after_mean": _mean(after, n, 2),
        "mean_change": _round((after - before) / n, 2) if n else None,
        "before_n": before_n,
    }


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


def followup(groups: list[tuple[str, int, int, int]]) -> dict[str, Any]:
    """From (answer, follow-ups, sum of satisfaction, how many rated it) groups."""
    answers = dict.fromkeys(STILL_TAKING_PART, 0)
    satisfied = rated = 0
    for answer, count, their_satisfaction, their_rated in groups:
        answers[answer] = answers.get(answer, 0) + count
        satisfied += their_satisfaction
        rated += their_rated
    n = sum(answers.values())
    return {
        "n": n,
        "still_taking_part": answers,
        "still_taking_part_share": {answer: _mean(count, n, 3) for answer, count in answers.items()},
        "satisfaction_mean": _mean(satisfied, rated, 1),
        "satisfaction_n": rated,
    }


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


def dropout(counted: dict[str, int]) -> dict[str, int]:
    counted = dict(counted)
    return {reason: counted.pop(reason, 0) for reason in DROPOUT_REASONS} | dict(sorted(counted.items()))


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


def flatten(report: dict[str, Any], prefix: str = "") -> list[tuple[str, str, Any]]:
    """The report as (section, item, value) rows: the CSV shape, easy to pivot in a spreadsheet.

    The previous period follows as the same rows with sections `previous.…`.
    """
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
    rows += [("gp_visits", k, v) for k, v in report["gp_visits"].items()]
    for key, value in report["followup"].items():
        if isinstance(value, dict):
            rows += [(f"followup.{key}", k, v) for k, v in value.items()]
        else:
            rows.append(("followup", key, value))
    rows += [("dropout", k, v) for k, v in report["dropout"].items()]
    for key, counts in report["demographics"].items():
        rows += [(f"demographics.{key}", k, v) for k, v in counts.items()]
    if "stories" in report:
        rows.append(("stories", "total", report["stories_total"]))
        rows += [("stories", str(number), text) for number, text in enumerate(report["stories"], 1)]
    rows = [(prefix + section, item, value) for section, item, value in rows]
    if "previous" in report:
        rows += flatten(report["previous"], "previous.")
    return rows


def as_csv(report: dict[str, Any]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "item", "value"))
    writer.writerows(("" if v is None else v for v in row) for row in flatten(report))
    return out.getvalue()
