"""Drafts: the answers of an unfinished step, so nothing typed is ever lost.

While a coach answers the prompts of a step, every answer is saved at once in
the `drafts` table (a small transaction of its own), so Ctrl-C, a closed
laptop lid or a crash loses nothing. The draft disappears in the same
transaction that records the finished step. A draft for a new referral exists
only after the client consented to recording: consent is the first question.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from wor_cli import clock
from wor_cli.store.connection import insert, update

if TYPE_CHECKING:
    from wor_cli.store import Store

NEW_REFERRAL = "new-referral"
CONTACT = "contact"
PARTIAL = "partial:"  # prefix of the text half typed into a question when Ctrl-C stopped it
FOLLOWUP = "followup"


def save(store: Store, draft_id: int | None, step: str, referral_id: int | None, answers: dict[str, Any]) -> int:
    """Create or update a draft; returns its id."""
    with store.transaction() as db:
        row = {"step": step, "referral_id": referral_id, "answers": json.dumps(answers), "updated": clock.now()}
        if draft_id is None:
            return insert(db, "drafts", row)
        update(db, "drafts", row, "id = ?", [draft_id])
        return draft_id


STEP_NAMES = {NEW_REFERRAL: "referral", CONTACT: "contact"}


def summary(store: Store, referral_id: int) -> dict[str, Any] | None:
    """The unfinished step of a referral for `show`: {"step": "contact"|"close"|..., "answers": N}, or None."""
    draft = for_referral(store, referral_id)
    if draft is None:
        return None
    answers = draft["answers"]
    name = STEP_NAMES.get(draft["step"], draft["step"])
    if answers.get("step.kind") == "close":
        name = "close"  # closing without a new conversation
    return {"step": name, "answers": answered(answers)}


def answered(answers: dict[str, Any]) -> int:
    """How many questions a draft holds answers to (a half-typed one does not count)."""
    return sum(1 for key in answers if not key.startswith(PARTIAL))


def for_referral(store: Store, referral_id: int) -> dict[str, Any] | None:
    return store.row(
        "SELECT id, step, answers, updated FROM drafts WHERE referral_id = ? ORDER BY updated DESC LIMIT 1",
        (referral_id,), json_columns=("answers",),
    )


def new_referrals(store: Store) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT id, answers, updated FROM drafts WHERE step = ? ORDER BY updated DESC", (NEW_REFERRAL,),
        json_columns=("answers",),
    )


def discard(store: Store, draft_id: int) -> None:
    with store.transaction() as db:
        db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])
