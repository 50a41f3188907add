"""The minimal dataset: one row per referral, for the municipality or a national monitor.

Decided as a privacy officer would (docs/reports.md explains each choice):
- no name, address, postcode, phone, e-mail, birth year or date of birth;
- age only as a band (under 25, 25-34, ..., 75-84, 85 and over), counted in
  the year of the referral;
- no postcode at all, not even the four digits: with the practice, the month
  and the age band it narrows a client down too far, and the practice already
  says which part of town the referral came from;
- the referrer as the practice only, never the GP's name;
- dates as months; time to the first contact as a number of days;
- no reference: references appear in letters to GPs, so a practice holding
  this file could link rows back to patients. Rows are numbered 1..N after a
  shuffle within each month, so neither the numbers nor the order follow the
  references; two exports cannot be linked row by row either;
- no free text of any kind (questions, notes, summaries).
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from typing import TYPE_CHECKING, Any

from wor_cli.reports import TAKEN_UP, Period

if TYPE_CHECKING:
    from wor_cli.store import Store

AGE_BANDS = ((0, 24, "<25"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"), (55, 64, "55-64"),
             (65, 74, "65-74"), (75, 84, "75-84"), (85, 200, "85+"))
FIELDS = (
    "row", "referral_month", "age_band", "practice", "reasons", "status", "days_to_first_contact",
    "contacts", "closed_month", "outcome", "activities_suggested", "activities_taken_up", "themes_taken_up",
)


def age_band(age: int) -> str:
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def score_fields() -> list[str]:
    """`INSTRUMENT.SCORE.start` and `.end` for every score of every instrument."""
    from wor_cli import measures

    return [
        f"{instrument.id}.{score.id}.{when}"
        for instrument in measures.instruments().values()
        for score in instrument.scores
        for when in ("start", "end")
    ]


def minimal_dataset(store: Store, chosen: Period) -> tuple[list[str], list[dict[str, Any]]]:
    """The column names and the rows for referrals that arrived in `chosen`."""
    span = (chosen.start.isoformat(), chosen.end.isoformat())
    referrals = store.rows(
        """
        SELECT r.id, r.date, c.birth_year, r.reasons, r.status, r.closed_date, r.outcome,
               -- one spelling per practice, as the report counts them (reports._by_practice)
               (SELECT min(g.practice) FROM referrers g WHERE lower(trim(g.practice)) = lower(trim(f.practice)))
                   AS practice,
               (SELECT count(*) FROM contacts k WHERE k.referral_id = r.id) AS contacts,
               (SELECT julianday(min(k.date)) - julianday(r.date) FROM contacts k WHERE k.referral_id = r.id) AS wait
        FROM referrals r JOIN clients c ON c.id = r.client_id JOIN referrers f ON f.id = r.referrer_id
        WHERE r.date BETWEEN ? AND ?
        """,
        span,
    )
    activities = _activities(store, span)
    scores = _scores(store, span)
    columns = [*FIELDS, *score_fields()]
    shuffle = secrets.SystemRandom()
    referrals.sort(key=lambda r: (r["date"][:7], shuffle.random()))
    rows = []
    for number, r in enumerate(referrals, 1):
        suggested, taken, themes = activities.get(r["id"], (0, 0, []))
        row: dict[str, Any] = {
            "row": number,
            "referral_month": r["date"][:7],
            "age_band": age_band(int(r["date"][:4]) - r["birth_year"]),
            "practice": r["practice"],
            "reasons": json.loads(r["reasons"]),
            "status": r["status"],
            "days_to_first_contact": None if r["wait"] is None else round(r["wait"]),
            "contacts": r["contacts"],
            "closed_month": r["closed_date"][:7] if r["closed_date"] else None,
            "outcome": r["outcome"],
            "activities_suggested": suggested,
            "activities_taken_up": taken,
            "themes_taken_up": themes,
        }
        row.update({field: scores.get(r["id"], {}).get(field) for field in columns[len(FIELDS):]})
        rows.append(row)
    return columns, rows


def _activities(store: Store, span: tuple[str, str]) -> dict[int, tuple[int, int, list[str]]]:
    """Per referral: activities discussed, taken up, and the themes of those taken up."""
    found: dict[int, tuple[int, int, list[str]]] = {}
    for link in store.rows(
        "SELECT a.referral_id, a.status, a.themes FROM activity_links a JOIN referrals r ON r.id = a.referral_id "
        "WHERE r.date BETWEEN ? AND ? ORDER BY a.id",
        span,
    ):
        suggested, taken, themes = found.get(link["referral_id"], (0, 0, []))
        if link["status"] in TAKEN_UP:
            taken += 1
            themes = sorted({*themes, *json.loads(link["themes"])})
        found[link["referral_id"]] = (suggested + 1, taken, themes)
    return found


def _scores(store: Store, span: tuple[str, str]) -> dict[int, dict[str, Any]]:
    """Per referral: each score at the first measurement and, if repeated, at the last."""
    series: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for m in store.rows(
        "SELECT m.referral_id, m.instrument, m.scores FROM measures m JOIN referrals r ON r.id = m.referral_id "
        "WHERE r.date BETWEEN ? AND ? ORDER BY m.id",
        span,
    ):
        series.setdefault((m["referral_id"], m["instrument"]), []).append(json.loads(m["scores"]))
    found: dict[int, dict[str, Any]] = {}
    for (referral_id, instrument), taken in series.items():
        values = found.setdefault(referral_id, {})
        for score, value in taken[0].items():
            values[f"{instrument}.{score}.start"] = value
            if len(taken) > 1:
                values[f"{instrument}.{score}.end"] = taken[-1].get(score)
    return found


def as_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()})
    return out.getvalue()


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
