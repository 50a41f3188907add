"""Referrals: a client, the GP who referred them, why, and the client's consent.

A referral is known to people by its reference, `R26-0007`: the year of the
referral date and a sequence number, short enough to read aloud on the phone.
Numbers come from a counter table and are never reused, not even after a
client has been erased, so an old reference in a letter or the audit trail can
never point at someone else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock
from wor_cli.errors import NotFound

if TYPE_CHECKING:
    from sqlite_utils import Database

    from wor_cli.store import Store


@dataclass
class Client:
    name: str
    birth_year: int
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    languages: list[str] = field(default_factory=list)


@dataclass
class Referrer:
    name: str
    practice: str
    agb: str | None = None
    email: str | None = None


@dataclass
class Consent:
    processing: bool
    gp_feedback: bool
    date: date


@dataclass
class NewReferral:
    client: Client
    referrer: Referrer
    date: date
    reasons: list[str]
    question: str
    consent: Consent


# --- references ----------------------------------------------------------------

_REF = re.compile(r"R?(\d{2})-?(\d{1,6})", re.IGNORECASE)


def normalise_ref(text: str) -> str:
    """Accept what people type ("r26-7", "R26-0007", "26-7") and return "R26-0007"."""
    found = _REF.fullmatch(text.strip())
    if not found:
        return text.strip().upper()
    year, number = found.groups()
    return f"R{year}-{int(number):04d}"


def _next_ref(db: Database, year: int) -> str:
    """The next reference for `year`; call inside the write transaction."""
    row = db.execute("SELECT last FROM ref_counters WHERE year = ?", [year]).fetchone()
    number = (row[0] if row else 0) + 1
    db.execute(
        "INSERT INTO ref_counters (year, last) VALUES (?, ?) "
        "ON CONFLICT(year) DO UPDATE SET last = excluded.last",
        [year, number],
    )
    return f"R{year % 100:02d}-{number:04d}"


# --- writing ---------------------------------------------------------------------


def _referrer_id(db: Database, referrer: Referrer) -> int:
    """Reuse the referrer already known by name and practice, updating what is new."""
    row = db.execute(
        "SELECT id, agb, email FROM referrers WHERE lower(name) = lower(?) AND lower(practice) = lower(?)",
        [referrer.name, referrer.practice],
    ).fetchone()
    if row:
        rid, agb, email = row
        updates = {k: v for k, v in (("agb", referrer.agb), ("email", referrer.email)) if v}
        if updates and (updates.get("agb", agb), updates.get("email", email)) != (agb, email):
            db["referrers"].update(rid, updates)
        return rid
    return db["referrers"].insert(
        {
            "name": referrer.name,
            "practice": referrer.practice,
            "agb": referrer.agb,
            "email": referrer.email,
            "created": clock.now(),
        }
    ).last_pk


def create(store: Store, new: NewReferral, *, draft_id: int | None = None) -> str:
    """Store a new referral in one transaction; returns its reference.

    Only called with consent to record: the flows refuse earlier without it.
    """
    assert new.consent.processing, "a referral is never stored without consent"
    with store.write() as db:
        stamp = clock.now()
        client_id = db["clients"].insert(
            {
                "name": new.client.name,
                "birth_year": new.client.birth_year,
                "postcode": new.client.postcode,
                "phone": new.client.phone,
                "email": new.client.email,
                "languages": json.dumps(new.client.languages),
                "created": stamp,
            }
        ).last_pk
        ref = _next_ref(db, new.date.year)
        referral_id = db["referrals"].insert(
            {
                "ref": ref,
                "client_id": client_id,
                "referrer_id": _referrer_id(db, new.referrer),
                "date": new.date.isoformat(),
                "reasons": json.dumps(new.reasons),
                "question": new.question,
                "status": "new",
                "created": stamp,
            }
        ).last_pk
        db["consents"].insert(
            {
                "referral_id": referral_id,
                "processing": int(new.consent.processing),
                "gp_feedback": int(new.consent.gp_feedback),
                "date": new.consent.date.isoformat(),
                "recorded": stamp,
            }
        )
        if draft_id is not None:
            db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
        audit.record(db, "referral.create", ref)
    return ref


# --- reading ---------------------------------------------------------------------


def find(store: Store, ref: str) -> dict[str, Any]:
    """The referral row joined with its client and referrer, or NotFound."""
    ref = normalise_ref(ref)
    row = store.row(
        """
        SELECT r.*, c.name AS client_name, c.birth_year, c.postcode, c.phone, c.email,
               c.languages, f.name AS referrer_name, f.practice, f.agb,
               f.email AS referrer_email
        FROM referrals r
        JOIN clients c ON c.id = r.client_id
        JOIN referrers f ON f.id = r.referrer_id
        WHERE r.ref = ?
        """,
        (ref,),
    )
    if row is None:
        from wor_cli.privacy.erasure import erased_on

        erased = erased_on(store, ref)
        if erased:
            raise NotFound("forget.erased", ref=ref, date=erased[:10])
        raise NotFound("referral.not_found", ref=ref)
    return row


def latest_consent(store: Store, referral_id: int) -> dict[str, Any]:
    return store.row(
        "SELECT processing, gp_feedback, date FROM consents WHERE referral_id = ? "
        "ORDER BY id DESC LIMIT 1",
        (referral_id,),
    ) or {"processing": 0, "gp_feedback": 0, "date": None}


def referrers(store: Store) -> list[dict[str, Any]]:
    """Known referrers, the most recently used first (for the picker)."""
    return store.rows(
        """
        SELECT f.id, f.name, f.practice, f.agb, f.email, max(r.date) AS last_used
        FROM referrers f LEFT JOIN referrals r ON r.referrer_id = f.id
        GROUP BY f.id ORDER BY last_used DESC NULLS LAST, f.name
        """
    )


def record(store: Store, ref: str) -> dict[str, Any]:
    """One referral whole, in the `show` shape of cli.md (English keys)."""
    from wor_cli import caseload  # due dates live with the caseload
    from wor_cli import measures as instruments

    row = find(store, ref)
    rid = row["id"]
    consent = latest_consent(store, rid)
    contacts = store.rows(
        "SELECT number, date, mode, minutes, what_matters, notes, next_steps, barriers "
        "FROM contacts WHERE referral_id = ? ORDER BY number",
        (rid,), json_columns=("barriers",),
    )
    activities = store.rows(
        "SELECT activity_id AS id, name, status, themes, contact_number, updated "
        "FROM activity_links WHERE referral_id = ? ORDER BY id",
        (rid,), json_columns=("themes",),
    )
    measures = store.rows(
        "SELECT instrument, contact_number AS contact, date, answers, scores "
        "FROM measures WHERE referral_id = ? ORDER BY id",
        (rid,), json_columns=("answers", "scores"),
    )
    letters = _letters(store, rid)
    closed = row["status"] == "closed"
    return {
        "ref": row["ref"],
        "status": row["status"],
        "client": {
            "name": row["client_name"],
            "birth_year": row["birth_year"],
            "postcode": row["postcode"],
            "phone": row["phone"],
            "email": row["email"],
            "languages": json.loads(row["languages"]),
        },
        "referrer": {
            "name": row["referrer_name"],
            "practice": row["practice"],
            "agb": row["agb"],
            "email": row["referrer_email"],
        },
        "referral": {
            "date": row["date"],
            "reasons": json.loads(row["reasons"]),
            "question": row["question"],
        },
        "consent": {
            "processing": bool(consent["processing"]),
            "gp_feedback": bool(consent["gp_feedback"]),
            "date": consent["date"],
        },
        "contacts": contacts,
        "activities": activities,
        "measures": measures,
        "changes": instruments.changes(measures),  # baseline, end and change per score
        "letters": letters,
        "close": (
            {
                "date": row["closed_date"],
                "outcome": row["outcome"],
                "summary": row["summary"],
                "shareable": bool(row["shareable"]),
            }
            if closed
            else None
        ),
        "next_due": None if closed else caseload.next_due(row["date"], [c["date"] for c in contacts]),
    }


def _letters(store: Store, referral_id: int) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT kind, date, format, sha256 FROM letters WHERE referral_id = ? ORDER BY id",
        (referral_id,),
    )
