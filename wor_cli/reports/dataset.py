"""The organisation's report: the same figures, from the coaches' minimal datasets.

Each coach runs `wor export minimal-dataset --format json`; the coordinator
runs `wor report --dataset a.json --dataset b.json ...` and gets the report
of cli.md for everyone together, without any coach's database. A referral's
random `id` is the same in every export of it, so a referral exported twice
(two deliveries, or a file given twice) counts once: the row that is furthest
along is kept (closed before open, then more conversations, then with a
follow-up).

The dataset holds months, not dates, so the period is counted in whole
months: `--from 2026-01-15` starts with January. The previous period is the
same number of months before. There are no stories (the dataset has no text).
Two figures can only be approximated from it, and the docs say so: an
activity's name is not in the dataset (the top list shows its id), and
participation per theme counts each referral once per theme.

Every file is checked before anything is counted, by dataset_files.py.
"""

from __future__ import annotations

import calendar
from collections import Counter
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from wor_cli.reports import dataset_files, demographics, figures as reports
from wor_cli.reports.dataset_files import STATUSES
from wor_cli.reports.periods import Period, previous

_PROGRESS = {status: rank for rank, status in enumerate(STATUSES)}


def load(paths: list[Path]) -> list[dict[str, Any]]:
    """All rows of all files, each referral (by `id`) once."""
    kept: dict[str, dict[str, Any]] = {}
    for path in paths:
        for row in dataset_files.read(path):
            earlier = kept.get(row["id"])
            if earlier is None or _further(row) > _further(earlier):
                kept[row["id"]] = row
    return list(kept.values())


def _further(row: dict[str, Any]) -> tuple[int, int, bool]:
    return _PROGRESS[row["status"]], row["contacts"] or 0, row.get("followup_still_taking_part") is not None


# --- the figures ------------------------------------------------------------------------------------


def months(chosen: Period) -> Period:
    """The period widened to whole months: the dataset holds months, not dates."""
    last = calendar.monthrange(chosen.end.year, chosen.end.month)[1]
    return Period(chosen.start.replace(day=1), chosen.end.replace(day=last))


def build(rows: list[dict[str, Any]], chosen: Period) -> dict[str, Any]:
    """The report of cli.md (no stories) for the referrals of `chosen`, whole months."""
    chosen = months(chosen)
    before = previous(chosen)
    return reports.arrange(figures(rows, chosen), figures(rows, before), None, None)


def figures(rows: list[dict[str, Any]], chosen: Period) -> dict[str, Any]:
    first, last = chosen.start.isoformat()[:7], chosen.end.isoformat()[:7]
    mine = [row for row in rows if first <= row["referral_month"] <= last]
    found: dict[str, Any] = {"period": {"from": chosen.start.isoformat(), "to": chosen.end.isoformat()}}
    funnel_timing = _funnel_and_timing(mine)
    found["referrals"] = {
        "total": funnel_timing["funnel"]["referred"],
        "by_reason": _by_reason(mine),
        "by_practice": _by_practice(mine),
    }
    found.update(funnel_timing)
    found["activities"] = _activities(mine)
    found["outcomes"] = _outcomes(mine)
    found["gp_visits"] = _gp_visits(mine)
    found["followup"] = _followup(mine)
    found["dropout"] = reports.dropout(_count(r["dropout_reason"] for r in mine
                                              if r["status"] == "closed" and r["dropout_reason"] is not None))
    found["demographics"] = demographics.summary(
        (band, gender or "unknown", area, count)
        for (band, gender, area), count in Counter(map(itemgetter("age_band", "gender", "area"), mine)).items()
    )
    return found


def _count(values) -> dict[Any, int]:
    return dict(Counter(values))  # counted in C, in the order first seen


def _by_reason(rows: list[dict[str, Any]]) -> dict[str, int]:
    return reports.reasons_in_order(_count(chain.from_iterable(map(itemgetter("reasons"), rows))))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _by_practice(rows: list[dict[str, Any]]) -> dict[str, int]:
    """As SQLite groups them in the database report: lower() folds ASCII letters only, trim() spaces."""
    groups: dict[str, list[Any]] = {}
    for practice, count in Counter(map(itemgetter("practice"), rows)).items():  # a few dozen spellings
        group = groups.setdefault(practice.strip(" ").translate(_ASCII_LOWER), [practice, 0])
        group[0] = min(group[0], practice)
        group[1] += count
    return reports.practices_in_order([(name, count) for name, count in groups.values()])


def _funnel_and_timing(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counted per distinct (status, outcome, contacts, days) first: a few hundred, not thousands."""
    groups: dict[tuple[str, str | None], list[Any]] = {}
    combinations = Counter(map(itemgetter("status", "outcome", "contacts", "days_to_first_contact"), rows))
    for (status, outcome, contacts, wait), count in combinations.items():
        group = groups.setdefault((status, outcome if status == "closed" else None), [0, 0, 0, []])
        group[0] += count
        if contacts:
            group[1] += count
            group[2] += contacts * count
            if wait is not None:
                group[3] += [wait] * count
    return reports.funnel_and_timing([(status, outcome, *counts) for (status, outcome), counts in groups.items()])


def _activities(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def each(field: str) -> Any:  # every item of a list column, in row order (empty and None skipped)
        return chain.from_iterable(filter(None, map(itemgetter(field), rows)))

    per_activity = [{"id": activity, "name": activity, "themes": [], "links": 0, "count": count}
                    for activity, count in Counter(each("activities_taken_up_ids")).items()]
    by_theme = Counter(each("themes_taken_up"))
    result = reports.activities(per_activity, sum(1 for r in rows if r["activities_taken_up"]))
    result["by_theme"] = dict(sorted(by_theme.items(), key=lambda kv: (-kv[1], kv[0])))
    result["suggested"] = sum(r["activities_suggested"] or 0 for r in rows)
    result["taken_up"] = sum(r["activities_taken_up"] or 0 for r in rows)
    return result


def _outcomes(rows: list[dict[str, Any]]) -> dict[str, Any]:
    sums: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        for pair, start_key, end_key in row["scores"]:
            start = row[start_key]
            if start is None:
                continue
            end = row.get(end_key)
            found = sums.get(pair)
            if found is None:
                found = sums[pair] = [0, 0, 0, 0, 0, 0]
            found[0] += 1
            if end is not None:
                found[1] += 1
                found[2] += start
                found[3] += end
                found[4] += end > start
                found[5] += end < start
    return reports.outcomes([(i, s, base, n, first if n else None, last if n else None, up, down)
                             for (i, s), (base, n, first, last, up, down) in sums.items()])


def _gp_visits(rows: list[dict[str, Any]]) -> dict[str, Any]:
    with_before = [r for r in rows if r["gp_visits_before"] is not None]
    both = [r for r in with_before if r["gp_visits_after"] is not None]
    return reports.gp_visits(len(with_before), len(both), sum(r["gp_visits_before"] for r in both),
                             sum(r["gp_visits_after"] for r in both))


def _followup(rows: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[str, list[int]] = {}
    for row in rows:
        answer = row["followup_still_taking_part"]
        if answer is None:
            continue
        group = groups.setdefault(answer, [0, 0, 0])
        group[0] += 1
        if row["followup_satisfaction"] is not None:
            group[1] += row["followup_satisfaction"]
            group[2] += 1
    return reports.followup([(answer, *counts) for answer, counts in groups.items()])
