"""Referrals: a client, the GP who referred them, why, and the client's consent.

A referral is known to people by its reference, `R26-0007`: the year of the
referral date and a sequence number, short enough to read aloud on the phone.
Numbers come from a counter table and are never reused, not even after a
client has been erased, so an old reference in a letter or the audit trail can
never point at someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock
from wor_cli.intake import fields
from wor_cli.intake.field import Field, Values
from wor_cli.errors import NotFound
from wor_cli.store.connection import insert, update

if TYPE_CHECKING:
    import sqlite3

    from wor_cli.store import Store


class Client(Values):
    """client.*: name, birth_year, postcode, ... (the rows of fields.CLIENT)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fields.CLIENT, *args, **kwargs)


class Referrer(Values):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fields.REFERRER, *args, **kwargs)


class Consent(Values):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fields.CONSENT, *args, **kwargs)


@dataclass
class NewReferral:
    client: Client
    referrer: Referrer
    date: date
    reasons: list[str]
    question: str
    consent: Consent
    more: dict[str, Any] = field(default_factory=dict)  # referral.* fields beyond the three above

    def referral(self) -> dict[str, Any]:
        """The referral.* values by field name."""
        return {"date": self.date, "reasons": self.reasons, "question": self.question, **self.more}


# --- references ----------------------------------------------------------------

_REF = re.compile(r"R?(\d{2})-?(\d{1,6})", re.IGNORECASE)


def normalise_ref(text: str) -> str:
    """Accept what people type ("r26-7", "R26-0007", "26-7") and return "R26-0007"."""
    found = _REF.fullmatch(text.strip())
    if not found:
        return text.strip().upper()
    year, number = found.groups()
    return f"R{year}-{int(number):04d}"


def _next_ref(db: sqlite3.Connection, year: int) -> str:
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


def _referrer_id(db: sqlite3.Connection, referrer: Referrer) -> int:
    """Reuse the referrer already known by name and practice, adding what is new.

    A known referrer's other details (AGB code, e-mail, ...) are filled in or
    updated when this referral gives them; an empty one never erases what is known.
    """
    row = db.execute(
        "SELECT id FROM referrers WHERE lower(name) = lower(?) AND lower(practice) = lower(?)",
        [referrer.name, referrer.practice],
    ).fetchone()
    values = fields.columns(fields.REFERRER, referrer.as_dict())
    if row:
        given = {k: value for k, value in values.items() if value not in (None, "", "[]") and k not in ("name", "practice")}
        if given:
            known = db.execute(
                f"SELECT {', '.join(given)} FROM referrers WHERE id = ?", [row[0]]
            ).fetchone()
            if tuple(given.values()) != tuple(known):
                update(db, "referrers", given, "id = ?", [row[0]])
        return row[0]
    return insert(db, "referrers", {**values, "created": clock.now()})


def create(store: Store, new: NewReferral, *, draft_id: int | None = None) -> str:
    """Store a new referral in one transaction; returns its reference.

    Only called with consent to record: the flows refuse earlier without it.
    """
    assert new.consent.processing, "a referral is never stored without consent"
    with store.transaction() as db:
        stamp = clock.now()
        client_id = insert(db, "clients", {**fields.columns(fields.CLIENT, new.client.as_dict()), "created": stamp})
        ref = _next_ref(db, new.date.year)
        referral_id = insert(
            db, "referrals", {
                "ref": ref,
                "client_id": client_id,
                "referrer_id": _referrer_id(db, new.referrer),
                **fields.columns(fields.REFERRAL, new.referral()),
                "status": "new",
                "created": stamp,
            },
        )
        insert(db, "consents",
               {"referral_id": referral_id, **fields.columns(fields.CONSENT, new.consent.as_dict()), "recorded": stamp})
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
        erased = audit.erased_on(store, ref)
        if erased:
            raise NotFound("forget.erased", ref=ref, date=erased[:10])
        raise NotFound("referral.not_found", ref=ref)
    return row


def latest_consent(store: Store, referral_id: int) -> dict[str, Any]:
    """The consent as last recorded (a correction adds a row; the history stays)."""
    return store.row(
        f"SELECT {columns_of(fields.CONSENT)} FROM consents WHERE referral_id = ? ORDER BY id DESC LIMIT 1",
        (referral_id,),
    ) or {"processing": 0, "gp_feedback": 0, "date": None}


def columns_of(of: tuple[Field, ...]) -> str:
    """The columns of these fields, named by field name."""
    return ", ".join(
        f.column_name if f.column_name == f.name else f"{f.column_name} AS {f.name}" for f in of
    )


def section_of(of: tuple[Field, ...], row: dict[str, Any]) -> dict[str, Any]:
    """A section of the `show` record from a row holding its fields by name."""
    return {f.name: f.from_column(row[f.name]) for f in of}


def referrers(store: Store) -> list[dict[str, Any]]:
    """Known referrers, the most recently used first (for the picker)."""
    return store.rows(
        """
        SELECT f.*, max(r.date) AS last_used
        FROM referrers f LEFT JOIN referrals r ON r.referrer_id = f.id
        GROUP BY f.id ORDER BY last_used DESC NULLS LAST, f.name
        """
    )


def sections(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """The record's fields, walked from the tables in intake/fields.py: client, referrer,
    referral, consent, contacts and (when closed) close and the follow-up. `row` is what `find` gives."""
    rid = row["id"]
    client = store.row(f"SELECT {columns_of(fields.CLIENT)} FROM clients WHERE id = ?", (row["client_id"],))
    referrer = store.row(f"SELECT {columns_of(fields.REFERRER)} FROM referrers WHERE id = ?", (row["referrer_id"],))
    referral = store.row(f"SELECT {columns_of(fields.REFERRAL)} FROM referrals WHERE id = ?", (rid,))
    closed = row["status"] == "closed"
    close = store.row(f"SELECT {columns_of(fields.CLOSE)} FROM referrals WHERE id = ?", (rid,)) if closed else None
    followup = store.row(f"SELECT {columns_of(fields.FOLLOWUP)} FROM followups WHERE referral_id = ?", (rid,)) if closed else None
    contacts = [
        {"number": c["number"], **section_of(fields.CONTACT, c)}
        for c in store.rows(
            f"SELECT number, {columns_of(fields.CONTACT)} FROM contacts WHERE referral_id = ? ORDER BY number", (rid,)
        )
    ]
    return {
        "client": section_of(fields.CLIENT, client),
        "referrer": section_of(fields.REFERRER, referrer),
        "referral": section_of(fields.REFERRAL, referral),
        "consent": section_of(fields.CONSENT, latest_consent(store, rid)),
        "contacts": contacts,
        "close": section_of(fields.CLOSE, close) if close else None,
        "followup": section_of(fields.FOLLOWUP, followup) if followup else None,
    }


def followup(store: Store, referral_id: int) -> dict[str, Any] | None:
    """The follow-up in the `show` shape: the fields of the table, and the measures taken then."""
    columns = ", ".join(f.column_name for f in fields.FOLLOWUP)
    row = store.row(f"SELECT {columns}, answers, scores FROM followups WHERE referral_id = ?", (referral_id,),
                    json_columns=("answers", "scores"))
    if row is None:
        return None
    found = {f.name: f.from_column(row[f.column_name]) for f in fields.FOLLOWUP}
    found["measures"] = [{"instrument": instrument, "answers": row["answers"].get(instrument), "scores": scores}
                         for instrument, scores in row["scores"].items()]
    return found


def record(store: Store, ref: str) -> dict[str, Any]:
    """One referral whole, in the `show` shape of cli.md (English keys)."""
    from wor_cli import caseload  # due dates live with the caseload
    from wor_cli.intake import drafts
    from wor_cli import instruments

    row = find(store, ref)
    rid = row["id"]
    parts = sections(store, row)
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
    closed = parts["close"] is not None
    return {
        "ref": row["ref"],
        "status": row["status"],
        "client": parts["client"],
        "referrer": parts["referrer"],
        "referral": parts["referral"],
        "consent": parts["consent"],
        "contacts": parts["contacts"],
        "activities": activities,
        "measures": measures,
        "changes": instruments.changes(measures),  # baseline, end and change per score
        "letters": _letters(store, rid),
        "close": parts["close"],
        "next_due": None if closed else caseload.next_due(row["date"], [c["date"] for c in parts["contacts"]]),
        "next_appointment": _next_appointment(parts["contacts"], closed),
        "draft": drafts.summary(store, rid),
        "followup": followup(store, rid) if closed else None,
        "corrected": row["corrected"],
    }


def _next_appointment(contacts: list[dict[str, Any]], closed: bool) -> str | None:
    """The appointment planned at the last conversation, while the referral is open."""
    if closed or not contacts:
        return None
    return contacts[-1].get("next_appointment")


def _letters(store: Store, referral_id: int) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT kind, date, format, sha256 FROM letters WHERE referral_id = ? ORDER BY id",
        (referral_id,),
    )
