"""Contacts: the conversations of a referral, following the contact guide.

The guide (`data/contact_guide.yaml`, or the organisation's own copy set with
`wor config set contact_guide PATH`) says per contact what to ask, which
questionnaire to take and whether it is time to close. Recording a step (a
contact, its measures, activity changes and perhaps the closing) happens in
one transaction, with its audit row, and clears the draft it came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock, instruments
from wor_cli.intake import fields
from wor_cli.intake.field import Values
from wor_cli.errors import BadInput, Refused
from wor_cli.referrals import columns_of, find, section_of
from wor_cli.store.connection import insert, update

if TYPE_CHECKING:
    from wor_cli.store import Store

GUIDE_FILE = Path(__file__).parent / "data" / "contact_guide.yaml"
GUIDE_QUESTIONS = ("what_matters", "barriers", "notes", "next_steps")


# --- the guide -------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    id: str
    contacts: tuple[int, ...]
    title: dict[str, str]
    tips: dict[str, list[str]]
    ask: tuple[str, ...]
    measures: tuple[str, ...]
    activities: str  # "suggest" | "follow"
    close: str  # "no" | "offer" | "expected"


@dataclass(frozen=True)
class Guide:
    stages: tuple[Stage, ...]
    closing_title: dict[str, str]
    closing_tips: dict[str, list[str]]
    closing_measures: tuple[str, ...]
    questions: dict[str, dict[str, str]]

    def stage_for(self, number: int) -> Stage:
        """The stage of contact `number`; the last stage covers every later contact."""
        for stage in self.stages:
            if number in stage.contacts:
                return stage
        return self.stages[-1]

    def question(self, name: str, lang: str) -> str:
        texts = self.questions.get(name, {})
        return texts.get(lang) or texts.get("nl") or name


def load_guide(path: Path | None = None) -> Guide:
    """Read and check a guide; a broken organisation guide is a clear error."""
    from wor_cli import yamlfile

    path = path or GUIDE_FILE
    try:
        data, _ = yamlfile.load(yamlfile.read(path))
    except yamlfile.FileProblem as e:
        raise BadInput(e.key, **e.params) from None
    except yamlfile.YamlProblem as e:
        from wor_cli.i18n import t

        where = f"{path}:{e.line}" if e.line else str(path)
        raise BadInput("guide.broken", path=where, reason=t(e.key)) from None
    try:
        stages = tuple(
            Stage(
                id=s["id"],
                contacts=tuple(int(n) for n in s["contacts"]),
                title=dict(s["title"]),
                tips={k: list(v) for k, v in s.get("tips", {}).items()},
                ask=tuple(s.get("ask", ())),
                measures=tuple(s.get("measures", ())),
                activities=s.get("activities", "follow"),
                close=str(s.get("close", "offer")),
            )
            for s in data["stages"]
        )
        closing = data.get("closing", {})
        guide = Guide(
            stages=stages,
            closing_title=dict(closing.get("title", {})),
            closing_tips={k: list(v) for k, v in closing.get("tips", {}).items()},
            closing_measures=tuple(closing.get("measures", ())),
            questions={k: dict(v) for k, v in data.get("questions", {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BadInput("guide.broken", path=str(path), reason=f"{type(e).__name__}: {e}") from None
    for stage in stages:
        unknown = set(stage.ask) - set(GUIDE_QUESTIONS)
        if unknown or stage.close not in ("no", "offer", "expected"):
            raise BadInput("guide.broken", path=str(path), reason=f"stage {stage.id}")
        for instrument in (*stage.measures, *guide.closing_measures):
            if instrument not in instruments.instruments():
                raise BadInput("guide.broken", path=str(path), reason=f"instrument {instrument}")
    return guide


# --- a step ------------------------------------------------------------------------


class Contact(Values):
    """contact.*: date, mode, minutes, ... (the rows of fields.CONTACT)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fields.CONTACT, *args, **kwargs)


@dataclass
class ActivityUpdate:
    id: str
    status: str
    name: str
    themes: list[str]


class Close(Values):
    """close.*: outcome, summary, shareable, ... (the rows of fields.CLOSE asked at intake)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(fields.CLOSE, *args, **kwargs)


@dataclass
class Step:
    """What one `wor intake REF` records: a contact and/or the closing."""

    contact: Contact | None
    measures: dict[str, list[int | str]] = field(default_factory=dict)
    activities: list[ActivityUpdate] = field(default_factory=list)
    close: Close | None = None


@dataclass(frozen=True)
class Situation:
    """Where a referral stands, which is what the next step's questions depend on."""

    ref: str
    referral_id: int
    status: str
    referral_date: date
    next_number: int
    last_contact_date: date | None
    linked: dict[str, dict[str, Any]]  # activity id -> {name, status, themes}
    measured: frozenset[str]  # instruments with a baseline already
    previous: dict[str, Any] = field(default_factory=dict)  # the last conversation's answers, by key


def situation(store: Store, ref: str) -> Situation:
    row = find(store, ref)
    rid = row["id"]
    last = store.row(
        "SELECT max(number) AS number, max(date) AS date FROM contacts WHERE referral_id = ?", (rid,)
    )
    linked = {
        r["activity_id"]: {"name": r["name"], "status": r["status"], "themes": json.loads(r["themes"])}
        for r in store.rows(
            "SELECT activity_id, name, status, themes FROM activity_links WHERE referral_id = ? ORDER BY id",
            (rid,),
        )
    }
    measured = {r["instrument"] for r in store.rows("SELECT instrument FROM measures WHERE referral_id = ?", (rid,))}
    last_row = store.row(
        f"SELECT {columns_of(fields.CONTACT)} FROM contacts WHERE referral_id = ? ORDER BY number DESC LIMIT 1", (rid,)
    )
    previous = {f"contact.{k}": val for k, val in section_of(fields.CONTACT, last_row).items()} if last_row else {}
    return Situation(
        ref=row["ref"],
        referral_id=rid,
        status=row["status"],
        referral_date=date.fromisoformat(row["date"]),
        next_number=(last["number"] or 0) + 1,
        last_contact_date=date.fromisoformat(last["date"]) if last["date"] else None,
        linked=linked,
        measured=frozenset(measured),
        previous=previous,
    )


def record(store: Store, ref: str, step: Step, *, draft_id: int | None = None) -> int | None:
    """Store one step in one transaction; returns the contact number (None when only closing)."""
    with store.transaction() as db:
        # Read again inside the lock: another process may have added a contact.
        now = situation(store, ref)
        if now.status == "closed":
            raise Refused("contact.closed", ref=now.ref)
        stamp = clock.now()
        number = None
        if step.contact is not None:
            number = now.next_number
            insert(
                db, "contacts", {
                    "referral_id": now.referral_id,
                    "number": number,
                    **fields.columns(fields.CONTACT, step.contact.as_dict()),
                    "created": stamp,
                },
            )
            db.execute("UPDATE referrals SET status = 'active' WHERE id = ? AND status = 'new'", [now.referral_id])
        day = step.contact.date if step.contact else clock.today()
        for instrument_id, answers in step.measures.items():
            instrument = instruments.get(instrument_id)
            insert(
                db, "measures", {
                    "referral_id": now.referral_id,
                    "contact_number": number,
                    "instrument": instrument_id,
                    "date": day.isoformat(),
                    "answers": json.dumps(answers),
                    "scores": json.dumps(instrument.score(answers)),
                },
            )
        for activity in step.activities:
            db.execute(
                """
                INSERT INTO activity_links (referral_id, activity_id, name, themes, status, contact_number, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (referral_id, activity_id) DO UPDATE SET
                    status = excluded.status, contact_number = excluded.contact_number,
                    updated = excluded.updated
                """,
                [now.referral_id, activity.id, activity.name, json.dumps(activity.themes),
                 activity.status, number, day.isoformat()],
            )
        if step.close is not None:
            closing = {"status": "closed", **fields.columns(fields.CLOSE, {**step.close.as_dict(), "date": day})}
            update(db, "referrals", closing, "id = ?", [now.referral_id])
        if draft_id is not None:
            db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
        if number is not None:
            audit.record(db, f"contact.{number}", now.ref)
        if step.close is not None:
            audit.record(db, "referral.close", now.ref)
    return number


def link(store: Store, ref: str, activities: list[tuple[str, str, list[str]]]) -> None:
    """Link catalogue activities to a referral as suggested (outside a contact)."""
    with store.transaction() as db:
        row = find(store, ref)
        if row["status"] == "closed":
            raise Refused("contact.closed", ref=row["ref"])
        for activity_id, name, themes in activities:
            db.execute(
                "INSERT OR IGNORE INTO activity_links "
                "(referral_id, activity_id, name, themes, status, contact_number, updated) "
                "VALUES (?, ?, ?, ?, 'suggested', NULL, ?)",
                [row["id"], activity_id, name, json.dumps(themes), clock.today().isoformat()],
            )
        audit.record(db, "activity.link", row["ref"])
