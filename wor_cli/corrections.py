"""Correcting the record (`wor edit`): the client's right to a correct record (AVG art. 16).

A correction names fields by their answers-file key (`client.birth_year`,
`close.shareable`, `contact.date` with a conversation number) and is checked by
the same rows of `fields.py` as intake, then against the rest of the record (a
conversation not before the referral, the closing not before the last
conversation). Everything one call changes is written in one transaction, with
one audit row naming the keys, never the values; or nothing is written at all.

Consent to record cannot be withdrawn here: that is erasure (`wor forget`).
Withdrawing consent to inform the GP adds a consent row (the history stays),
and from then on GP letters are refused. A referrer is shared by the referrals
of that GP: a new name or practice points this referral to that GP (found, or
made), while a new AGB code or e-mail corrects the GP's own details.

How a --set VALUE is read from what was typed is set_values.py.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock, validation as v
from wor_cli.intake import fields as F
from wor_cli.intake.field import Context, Field
from wor_cli.errors import BadInput, InvalidInput, Problem, Refused
from wor_cli.i18n import plural
from wor_cli.referrals import find, sections
from wor_cli.set_values import raw_for, value_of
from wor_cli.store.connection import update
from wor_cli.vocabulary import ACTIVITY_STATUSES

if TYPE_CHECKING:
    from wor_cli.store import Store

REFERRAL_SECTIONS = ("client", "referrer", "referral", "consent", "close", "followup")
# A referrer's details that belong to what identifies them: another GP (name) has another
# AGB code; another practice has another e-mail address. When that changes, they are not
# carried over to the other GP (and the editor no longer offers the old one).
BELONGS_TO = {"referrer.agb": "referrer.name", "referrer.email": "referrer.practice"}
# Dates that must keep their order: referral, conversations, closing; an appointment after its conversation.
DATE_KEYS = ("referral.date", "contact.date", "close.date", "contact.next_appointment", "followup.date")
# Closing fields that belong with some outcomes only (fields.py asks them only then). A new
# outcome they do not belong with clears them, so no "completed" referral keeps a dropout reason.
WITH_OUTCOME = ("close.dropout_reason", "close.referred_to")


def editable(section: str | None = None) -> tuple[Field, ...]:
    """The fields `wor edit` corrects, in the tables' order."""
    return tuple(f for f in F.ALL.values() if f.editable and (section is None or f.section == section))


# --- checking a correction ---------------------------------------------------------------


class Correction:
    """What one call changes, checked whole: field values, measures, activity statuses."""

    def __init__(self, ref: str, row: dict[str, Any], contact: int | None) -> None:
        self.ref = ref
        self.row = row
        self.contact = contact
        self.values: dict[str, Any] = {}  # field key -> clean value (only those that change)
        self.measures: dict[str, list[Any]] = {}
        self.activities: dict[str, str] = {}

    @property
    def keys(self) -> list[str]:
        return [
            *self.values,
            *(f"measures.{i}" for i in self.measures),
            *(f"activities.{i}" for i in self.activities),
        ]


def current(record: dict[str, Any], contact: int | None) -> dict[str, Any]:
    """The record's values by field key (a conversation's under `contact.`)."""
    values: dict[str, Any] = {}
    for section in REFERRAL_SECTIONS:
        for name, value in (record.get(section) or {}).items():
            values[f"{section}.{name}"] = value
    if contact is not None:
        for name, value in conversation(record, contact).items():
            if name != "number":
                values[f"contact.{name}"] = value
    return values


def conversation(record: dict[str, Any], number: int) -> dict[str, Any]:
    for c in record["contacts"]:
        if c["number"] == number:
            return c
    raise BadInput(plural("edit.no_contact", len(record["contacts"])), number=number, count=len(record["contacts"]))


def bounds(record: dict[str, Any], values: dict[str, Any], key: str, contact: int | None) -> Context:
    """The dates a date field must keep to, given the record as it would become (`values`)."""

    def day(value: Any) -> date | None:
        return v.parse_date(value) if value else None

    dates = {c["number"]: day(c["date"]) for c in record["contacts"]}
    if contact is not None and values.get("contact.date"):
        dates[contact] = day(values["contact.date"])
    closing = day(values.get("close.date")) if record.get("close") else None
    referral_date = day(values.get("referral.date"))
    if key == "referral.date":
        later = [d for d in (*dates.values(), closing) if d]
        return Context(latest=min(later) if later else None)
    if key == "contact.date" and contact is not None:
        before = [d for d in (referral_date, dates.get(contact - 1)) if d]
        after = [d for d in (dates.get(contact + 1), closing) if d]
        return Context(earliest=max(before) if before else None, latest=min(after) if after else None)
    followup = day(values.get("followup.date")) if record.get("followup") else None
    if key == "close.date":
        before = [d for d in (referral_date, *dates.values()) if d]
        return Context(earliest=max(before) if before else None, latest=followup)
    if key == "followup.date":
        return Context(earliest=closing)
    if key == "contact.next_appointment":
        return Context(answers={"contact.date": values.get("contact.date")})
    return Context()


def check(
    store: Store, ref: str, given: list[tuple[str, Any]], *, contact: int | None = None, typed: bool = True
) -> Correction:
    """Check every change of one call; InvalidInput naming each bad key, or Refused.

    `given` holds (key, value) pairs: from --set the VALUE text (`typed`), from the
    editor the answers as the prompts gave them.
    """
    from wor_cli import instruments

    row = find(store, ref)
    record = sections(store, row)
    record["activities"] = {
        r["activity_id"]: r["status"]
        for r in store.rows("SELECT activity_id, status FROM activity_links WHERE referral_id = ?", (row["id"],))
    }
    if contact is not None:
        conversation(record, contact)  # an unknown number is refused before anything else
    now = current(record, contact)
    fix = Correction(row["ref"], row, contact)
    problems: list[Problem] = []
    wanted: dict[str, Any] = {}
    seen: set[str] = set()
    keys = [f.key for f in editable()]

    def problem(key: str, message: str, **params: Any) -> None:
        problems.append(Problem(key, message, params))

    for key, raw in given:
        if key in seen:
            problem(key, "edit.twice")
            continue
        seen.add(key)
        section, _, name = key.partition(".")
        if section == "measures":
            if contact is None:
                problem(key, "edit.needs_contact")
                continue
            try:
                answers = value_of(raw) if typed else raw
                fix.measures[name] = instruments.get(name).check_answers(answers)
            except v.Invalid as e:
                problem(key, e.key, **e.params)
            continue
        if section == "activities":
            if name not in record["activities"]:
                problem(key, "edit.activity_not_linked", id=name, linked=", ".join(record["activities"]) or "-")
                continue
            try:
                status = v.one_of(value_of(raw) if typed else raw, ACTIVITY_STATUSES)
            except v.Invalid as e:
                problem(key, e.key, **e.params)
                continue
            if status != record["activities"][name]:
                fix.activities[name] = status
            continue
        field = F.ALL.get(key)
        if field is None or not field.editable:
            close = difflib.get_close_matches(key, [*keys, "measures.ons4", "activities.ID"], n=1)
            if close:
                problem(key, "field.unknown_did_you_mean", suggestion=close[0])
            else:
                problem(key, "edit.unknown_key", allowed=", ".join(REFERRAL_SECTIONS + ("contact", "measures", "activities")))
            continue
        if section == "contact" and contact is None:
            problem(key, "edit.needs_contact")
            continue
        if section == "close" and record["close"] is None:
            problem(key, "edit.not_closed", ref=row["ref"])
            continue
        if section == "followup" and record.get("followup") is None:
            problem(key, "edit.no_followup", ref=row["ref"])
            continue
        try:
            value = raw_for(field, raw) if typed else raw
        except v.Invalid as e:
            problem(key, e.key, **e.params)
            continue
        wanted[key] = value

    # First each value on its own, then the dates against the record as it would become.
    clean: dict[str, Any] = {}
    for key, raw in wanted.items():
        field = F.ALL[key]
        if raw in (None, "", []) and field.required:
            problem(key, "field.required")
            continue
        try:
            clean[key] = field.check(raw, Context())
        except v.Invalid as e:
            problem(key, e.key, **e.params)
    merged = {**now, **{k: _plain(val) for k, val in clean.items()}}  # the record as it would become
    if any(key in clean for key in DATE_KEYS):
        for key in DATE_KEYS:
            # Only what this call changes is blamed; a conversation moved past its appointment is, too.
            moved = key in clean or (key == "contact.next_appointment" and "contact.date" in clean)
            if not moved or merged.get(key) is None or key not in now:
                continue
            try:
                F.ALL[key].check(merged[key], bounds(record, merged, key, contact))
            except v.Invalid as e:
                problem(key, e.key, **e.params)
    if record["close"] is not None and any(key in clean for key in ("close.outcome", *WITH_OUTCOME)):
        for key in WITH_OUTCOME:
            if F.ALL[key].ask_if(merged):
                continue
            if clean.get(key) is not None:
                try:
                    F.ALL[key].check(clean[key], Context(answers=merged))
                except v.Invalid as e:
                    problem(key, e.key, **e.params)
            elif now.get(key) is not None:
                clean[key] = None
    if clean.get("consent.processing") is False:
        raise Refused("edit.consent_processing", ref=row["ref"])
    if problems:
        raise InvalidInput(problems)
    for key, value in clean.items():
        field = F.ALL[key]
        if field.to_column(value) != field.to_column(now.get(key)):
            fix.values[key] = value
    return fix


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# --- writing ------------------------------------------------------------------------------


def apply(store: Store, fix: Correction) -> list[str]:
    """Write a checked correction in one transaction; returns the keys changed."""
    keys = fix.keys
    if not keys:
        return []
    row = fix.row
    by_table: dict[str, dict[str, Any]] = {}
    for key, value in fix.values.items():
        field = F.ALL[key]
        by_table.setdefault(field.section, {})[field.column_name] = field.to_column(value)
    stamp = clock.now()
    with store.transaction() as conn:
        if "client" in by_table:
            update(conn, "clients", by_table["client"], "id = ?", [row["client_id"]])
        if "referrer" in by_table:
            _referrer(conn, row, by_table["referrer"], stamp)
        referral = {**by_table.get("referral", {}), **by_table.get("close", {}), "corrected": stamp}
        update(conn, "referrals", referral, "id = ?", [row["id"]])
        if "consent" in by_table:
            latest = conn.execute(
                "SELECT processing, gp_feedback, date FROM consents WHERE referral_id = ? ORDER BY id DESC LIMIT 1",
                [row["id"]],
            ).fetchone()
            values = {"processing": latest[0], "gp_feedback": latest[1], "date": latest[2], **by_table["consent"]}
            conn.execute(
                "INSERT INTO consents (referral_id, processing, gp_feedback, date, recorded) VALUES (?, ?, ?, ?, ?)",
                [row["id"], values["processing"], values["gp_feedback"], values["date"], stamp],
            )
        if "followup" in by_table:
            update(conn, "followups", by_table["followup"], "referral_id = ?", [row["id"]])
        if "contact" in by_table:
            update(conn, "contacts", by_table["contact"], "referral_id = ? AND number = ?", [row["id"], fix.contact])
        if fix.measures:
            _measures(conn, row["id"], fix.contact, fix.measures)
        for activity_id, status in fix.activities.items():
            conn.execute(
                "UPDATE activity_links SET status = ?, updated = ? WHERE referral_id = ? AND activity_id = ?",
                [status, clock.today().isoformat(), row["id"], activity_id],
            )
        audit.record(conn, "edit", row["ref"], detail=", ".join(keys))
    return keys



def _referrer(conn: Any, row: dict[str, Any], changes: dict[str, Any], stamp: str) -> None:
    """A new name or practice: this referral's GP is another one (known, or new). Other details: the GP's own."""
    columns = [f.column_name for f in F.REFERRER]
    known = dict(zip(columns, conn.execute(
        f"SELECT {', '.join(columns)} FROM referrers WHERE id = ?", [row["referrer_id"]]
    ).fetchone()))
    if "name" not in changes and "practice" not in changes:
        update(conn, "referrers", changes, "id = ?", [row["referrer_id"]])
        return
    carried = {
        column: value for column, value in known.items()
        if f"referrer.{column}" not in BELONGS_TO or BELONGS_TO[f"referrer.{column}"].partition(".")[2] not in changes
    }
    wanted = {**carried, **changes}
    found = conn.execute(
        "SELECT id FROM referrers WHERE lower(name) = lower(?) AND lower(practice) = lower(?)",
        [wanted["name"], wanted["practice"]],
    ).fetchone()
    if found:
        referrer_id = found[0]
        details = {k: val for k, val in changes.items() if k not in ("name", "practice")}
        if details:
            update(conn, "referrers", details, "id = ?", [referrer_id])
    else:
        names = ", ".join([*wanted, "created"])
        marks = ", ".join("?" for _ in range(len(wanted) + 1))
        referrer_id = conn.execute(
            f"INSERT INTO referrers ({names}) VALUES ({marks})", [*wanted.values(), stamp]
        ).lastrowid
    conn.execute("UPDATE referrals SET referrer_id = ? WHERE id = ?", [referrer_id, row["id"]])


def _measures(conn: Any, referral_id: int, number: int, answered: dict[str, list[Any]]) -> None:
    import json

    from wor_cli import instruments

    day = conn.execute(
        "SELECT date FROM contacts WHERE referral_id = ? AND number = ?", [referral_id, number]
    ).fetchone()[0]
    for instrument_id, answers in answered.items():
        scores = json.dumps(instruments.get(instrument_id).score(answers))
        taken = conn.execute(
            "SELECT id FROM measures WHERE referral_id = ? AND contact_number = ? AND instrument = ?",
            [referral_id, number, instrument_id],
        ).fetchone()
        if taken:
            conn.execute("UPDATE measures SET answers = ?, scores = ? WHERE id = ?", [json.dumps(answers), scores, taken[0]])
        else:
            conn.execute(
                "INSERT INTO measures (referral_id, contact_number, instrument, date, answers, scores) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [referral_id, number, instrument_id, day, json.dumps(answers), scores],
            )


def delete_contact(store: Store, ref: str, number: int) -> None:
    """Remove conversation `number`, recorded by mistake, with its questionnaires.

    Later conversations move up a number, so the conversations stay 1, 2, 3...
    (letters and the guide count them). Activities keep their status; one last
    changed at the removed conversation no longer points to it.
    """
    row = find(store, ref)
    with store.transaction() as conn:
        count = conn.execute("SELECT count(*) FROM contacts WHERE referral_id = ?", [row["id"]]).fetchone()[0]
        if not conn.execute(
            "SELECT 1 FROM contacts WHERE referral_id = ? AND number = ?", [row["id"], number]
        ).fetchone():
            raise BadInput(plural("edit.no_contact", count), number=number, count=count)
        rid = row["id"]
        conn.execute("DELETE FROM measures WHERE referral_id = ? AND contact_number = ?", [rid, number])
        conn.execute("DELETE FROM contacts WHERE referral_id = ? AND number = ?", [rid, number])
        conn.execute(
            "UPDATE activity_links SET contact_number = NULL WHERE referral_id = ? AND contact_number = ?", [rid, number]
        )
        for later in range(number + 1, count + 1):
            for table, column in (("contacts", "number"), ("measures", "contact_number"), ("activity_links", "contact_number")):
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE referral_id = ? AND {column} = ?", [later - 1, rid, later])
        if count == 1 and row["status"] == "active":
            conn.execute("UPDATE referrals SET status = 'new' WHERE id = ?", [rid])
        conn.execute("UPDATE referrals SET corrected = ? WHERE id = ?", [clock.now(), rid])
        audit.record(conn, "edit", row["ref"], detail=f"delete-contact {number}")
