"""The minimal dataset: one row per referral, for the municipality or a national monitor.

Decided as a privacy officer would (docs/reports.md explains each choice):
- no name, address, full postcode, phone, e-mail, birth year or date of birth;
- age only as a band, counted in the year of the referral; gender only as the
  coach recorded it through the salutation; the neighbourhood as the four
  postcode digits only where at least five referrals of the export share
  them (`demographics.py`), else "other";
- the referrer as the practice only, never the GP's name;
- dates as months; time to the first contact as a number of days;
- no reference: references appear in letters to GPs, so a practice holding
  this file could link rows back to patients. Each row has instead the
  referral's random `id` (made once, stored, never derived from anything),
  so a coordinator combining several coaches' exports counts a referral once;
- rows sorted by month and shuffled within it, numbered 1..N;
- no free text of any kind (questions, notes, summaries, where a client was
  referred on to).

The rows are streamed: one query, in SQL order, reading the narrow summaries
the report reads too (`referral_progress`, `outcome_scores`), so the time and
memory grow with the number of referrals and nothing else.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wor_cli.reports import demographics
from wor_cli.reports.demographics import age_band  # noqa: F401 - the dataset's age bands, one definition
from wor_cli.reports.periods import Period
from wor_cli.vocabulary import TAKEN_UP

if TYPE_CHECKING:
    from wor_cli.store import Store

FIELDS = (
    "id", "row", "referral_month", "age_band", "gender", "area", "practice", "reasons", "status",
    "days_to_first_contact", "contacts", "closed_month", "outcome", "dropout_reason",
    "activities_suggested", "activities_taken_up", "themes_taken_up", "activities_taken_up_ids",
    "gp_visits_before", "gp_visits_after", "followup_month", "followup_still_taking_part", "followup_satisfaction",
)
LIST_FIELDS = ("reasons", "themes_taken_up", "activities_taken_up_ids")
# Fields wor fills itself from its own lists, ids, months and numbers: no cell of theirs can start
# a formula, so the CSV writer leaves them be (a quarter of its time). Every other field, and any
# field added later, goes through cells.safe: the practice, the catalogue's activity ids.
WOR_MADE = frozenset({"id", "row", "referral_month", "age_band", "gender", "area", "reasons", "status",
                      "days_to_first_contact", "contacts", "closed_month", "outcome", "dropout_reason",
                      "activities_suggested", "activities_taken_up", "themes_taken_up", "gp_visits_before",
                      "gp_visits_after", "followup_month", "followup_still_taking_part", "followup_satisfaction"})
WHEN = ("start", "end", "followup")


def score_fields() -> list[str]:
    """`INSTRUMENT.SCORE.start`, `.end` and `.followup` for every score of every instrument."""
    from wor_cli import instruments

    return [
        f"{instrument.id}.{score.id}.{when}"
        for instrument in instruments.instruments().values()
        for score in instrument.scores
        for when in WHEN
    ]


def columns() -> list[str]:
    return [*FIELDS, *score_fields()]


def minimal_dataset(store: Store, chosen: Period) -> tuple[list[str], list[dict[str, Any]]]:
    """The column names and all the rows (for tests and small exports; `rows()` streams)."""
    return columns(), list(rows(store, chosen))


def rows(store: Store, chosen: Period) -> Iterator[dict[str, Any]]:
    """One row per referral that arrived in `chosen`, by month, shuffled within the month.

    Only the order is sorted whole, as bare row ids (8 bytes a referral); the
    rows themselves are read CHUNK referrals at a time, each table once per
    chunk. Sorting the whole rows (as one query did) held them all in
    SQLite's sorter, which grew with the export (68 MiB at 100,000 referrals),
    and the per-row subqueries cost more than the rows.
    """
    conn = store.conn
    # one read snapshot for all the queries below, as the single query had: a coach recording
    # something meanwhile must not put half a change into the file
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield from _rows(conn, chosen)
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


def _rows(conn: Any, chosen: Period) -> Iterator[dict[str, Any]]:
    span = {"start": chosen.start.isoformat(), "end": chosen.end.isoformat()}
    known = {row[1] for row in conn.execute("PRAGMA table_info(clients)")}
    salutation = "c.salutation" if "salutation" in known else "NULL"  # arrives with m004
    areas = dict(conn.execute(
        "SELECT substr(c.postcode, 1, 4), count(*) FROM referrals r JOIN clients c ON c.id = r.client_id "
        "WHERE r.date BETWEEN :start AND :end GROUP BY 1",
        span,
    ).fetchall())
    shown = demographics.shown_areas({demographics.area_of(a): n for a, n in areas.items()})
    # one spelling per practice, as the report counts them (figures._by_practice); once per referrer
    practices = dict(conn.execute(
        "SELECT f.id, (SELECT min(g.practice) FROM referrers g WHERE lower(trim(g.practice)) = lower(trim(f.practice))) "
        "FROM referrers f"
    ).fetchall())
    order = array("q", (referral for (referral,) in conn.execute(
        "SELECT r.id FROM referrals r WHERE r.date BETWEEN :start AND :end ORDER BY substr(r.date, 1, 7), random()",
        span,
    )))
    empty = dict.fromkeys(score_fields())
    decoded = _Decoded()
    number = 0
    for at in range(0, len(order), CHUNK):
        chunk = order[at:at + CHUNK].tolist()
        marks = ",".join("?" * len(chunk))
        details = {row[0]: row for row in conn.execute(
            f"""
            SELECT r.id, r.dataset_id, r.date, c.birth_year, {salutation}, c.postcode, r.referrer_id, r.reasons,
                   r.status, CAST(round(julianday(p.first_contact) - julianday(r.date)) AS INTEGER),
                   coalesce(p.contacts, 0), r.closed_date, r.outcome, r.dropout_reason,
                   r.gp_visits_before, u.gp_visits_after, u.date, u.still_taking_part, u.satisfaction, u.scores
            FROM referrals r
            JOIN clients c ON c.id = r.client_id
            LEFT JOIN referral_progress p ON p.referral_id = r.id
            LEFT JOIN followups u ON u.referral_id = r.id
            WHERE r.id IN ({marks})
            """,
            chunk,
        )}
        suggested: dict[int, int] = {}
        taken: dict[int, list[tuple[str, str]]] = {}
        for referral, status, activity, themes in conn.execute(
            f"SELECT referral_id, status, activity_id, themes FROM activity_links WHERE referral_id IN ({marks})",
            chunk,
        ):
            suggested[referral] = suggested.get(referral, 0) + 1
            if status in TAKEN_UP:
                taken.setdefault(referral, []).append((activity, themes))
        scores: dict[int, list[tuple[str, Any, Any]]] = {}
        for referral, key, first, last in conn.execute(
            f"SELECT referral_id, instrument || '.' || score, first, last FROM outcome_scores "
            f"WHERE referral_id IN ({marks})",
            chunk,
        ):
            scores.setdefault(referral, []).append((key, _value(first), _value(last)))
        for referral in chunk:
            found = details.get(referral)
            if found is None or found[6] not in practices:  # as the joins of one query would leave it out
                continue
            (_, dataset_id, day, birth_year, said, postcode, referrer, reasons, status, wait, contacts, closed,
             outcome, dropout, before, after, followed, still, satisfaction, followup_scores) = found
            taken_up = taken.get(referral, ())
            number += 1
            row: dict[str, Any] = {
                "id": dataset_id,
                "row": number,
                "referral_month": day[:7],
                "age_band": demographics.age_band(int(day[:4]) - birth_year),
                "gender": demographics.gender(said),
                "area": demographics.area_label(demographics.area_of(postcode), shown),
                "practice": practices[referrer],
                "reasons": list(decoded(reasons)),
                "status": status,
                "days_to_first_contact": wait,
                "contacts": contacts,
                "closed_month": closed[:7] if closed else None,
                "outcome": outcome,
                "dropout_reason": dropout,
                "activities_suggested": suggested.get(referral, 0),
                "activities_taken_up": len(taken_up),
                "themes_taken_up": sorted({theme for _, themes in taken_up for theme in decoded(themes)}),
                "activities_taken_up_ids": sorted(activity for activity, _ in taken_up),
                "gp_visits_before": before,
                "gp_visits_after": after,
                "followup_month": followed[:7] if followed else None,
                "followup_still_taking_part": still,
                "followup_satisfaction": satisfaction,
            }
            row.update(empty)
            for key, first, last in scores.get(referral, ()):
                if f"{key}.start" in empty:  # an instrument no longer installed is left out
                    row[f"{key}.start"] = first
                    row[f"{key}.end"] = last
            if followup_scores:
                for instrument, named in json.loads(followup_scores).items():
                    for score, value in named.items():
                        if f"{instrument}.{score}.followup" in empty:
                            row[f"{instrument}.{score}.followup"] = value
            yield row


CHUNK = 500  # referrals read at a time: well below SQLite's limit of bound values, large enough to be cheap


def _value(score: float | None) -> float | int | None:
    """A summary score as the dataset gives it: whole numbers as whole numbers (5, not 5.0).

    Other values are rounded to 15 significant digits, as they were when the
    scores came through SQLite's JSON functions, so an export reads the same
    as before.
    """
    if score is None or isinstance(score, int):
        return score
    if score.is_integer() and -(2 ** 63) <= score < 2 ** 63:
        return int(score)
    return float(f"{score:.15g}")


class _Decoded:
    """JSON lists decoded once per distinct text: reasons and themes repeat on almost every row."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        found = self.seen.get(text)
        if found is None:
            found = tuple(json.loads(text))
            if len(self.seen) < 10_000:  # bounded, whatever the database holds
                self.seen[text] = found
        return found


def csv_chunks(columns: list[str], rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """The CSV, a row at a time; lists joined with ';'."""
    import csv
    import io

    from wor_cli.cells import safe  # a typed practice name is never run as a formula

    out = io.StringIO()
    # a plain writer over the columns in order: DictWriter checks every row's keys, a third of the export's time
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    typed = [i for i, name in enumerate(columns) if name not in WOR_MADE and "." not in name]  # scores: numbers
    for row in rows:
        cells = [";".join(v) if isinstance(v, list) else ("" if v is None else v) for v in map(row.get, columns)]
        for i in typed:
            cells[i] = safe(cells[i])
        writer.writerow(cells)
        if out.tell() > 1 << 16:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def json_chunks(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A JSON list, one row per line (still one JSON document), a row at a time."""
    yield "["
    for number, row in enumerate(rows):
        yield ("\n" if number == 0 else ",\n") + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def as_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    return "".join(csv_chunks(columns, iter(rows)))


def as_json(rows: list[dict[str, Any]]) -> str:
    return "".join(json_chunks(iter(rows)))
