"""What each figure of the report is, worked out from counts: one definition for both sources.

Funders ask two things: how many, and did it help. The report answers both
for the referrals that arrived in a period:

- referrals by reason and by referring practice;
- the funnel: referred, started (at least one contact), active (open, with a
  contact), closed per outcome, and those still waiting for a first contact;
- days from referral to the first contact, and contacts per referral;
- activities taken up ("started" or "continuing"), by theme and the most used;
- per instrument score, for referrals measured at the start and again later:
  the mean at the start and the end, the mean paired change and the share
  that improved (in the score's own direction: less anxious is better);
- GP visits before and after, the follow-up, reasons for dropping out and
  demographics without identification;
- the stories: closing summaries the coach marked shareable, anonymised.

The counts come from a coach's database (`reports.database`, in SQL) or from
the coaches' minimal datasets (`reports.dataset`, for the organisation); the
functions here turn either's counts into the same figures, rounded the same
way, in the JSON shape of cli.md.
"""

from __future__ import annotations

from typing import Any

from wor_cli.reports import demographics
from wor_cli.vocabulary import DROPOUT_REASONS, OUTCOMES, REASONS, STILL_TAKING_PART

TOP_ACTIVITIES = 10


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


def reasons_in_order(counted: dict[str, int]) -> dict[str, int]:
    counted = dict(counted)
    return {reason: counted.pop(reason, 0) for reason in REASONS} | dict(sorted(counted.items()))


def practices_in_order(rows: list[tuple[str, int]]) -> dict[str, int]:
    return dict(sorted(rows, key=lambda kv: (-kv[1], kv[0])))


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


def gp_visits(before_n: int, n: int, before: int, after: int) -> dict[str, Any]:
    return {
        "n": n,
        "before_mean": _mean(before, n, 2),
        "after_mean": _mean(after, n, 2),
        "mean_change": _round((after - before) / n, 2) if n else None,
        "before_n": before_n,
    }


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


def dropout(counted: dict[str, int]) -> dict[str, int]:
    counted = dict(counted)
    return {reason: counted.pop(reason, 0) for reason in DROPOUT_REASONS} | dict(sorted(counted.items()))


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
