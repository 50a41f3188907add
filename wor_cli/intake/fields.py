"""Every field of a referral's record, defined once: one table per step.

A row (a `Field`, field.py) says what the field is called in answers files
(`client.birth_year`), which message asks for it, what kind of answer it takes, how
the answer is checked, whether it is required, what the prompt offers by default and
where it is kept.
The prompts of `wor intake` (`flows.py`), answers files (`answers.py`), storing a
step (`referrals.py`, `contacts.py`), the `show` record and `wor edit` all walk
these tables, so a field added later is added here, once (plus its column in a
migration and its messages in the catalogues).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from wor_cli import validation as v
from wor_cli.intake.field import Check, Context, Field, plain
from wor_cli.vocabulary import (
    BARRIERS, COMMON_LANGUAGES, CONTACT_MODES, DROPOUT_OUTCOMES, DROPOUT_REASONS, OUTCOMES, REASONS, SALUTATIONS,
    STILL_TAKING_PART,
)


def _today_offered(context: Context) -> str:
    from wor_cli import clock
    from wor_cli.i18n import short_date

    return short_date(clock.today())


def _step_date(raw: Any, context: Context) -> date:
    return v.past_date(raw, not_before=context.earliest, not_after=context.latest)


def _optional_boolean(raw: Any) -> bool:
    return False if raw is None else v.boolean(raw)


# --- a new referral: the client, the referring GP, the referral, consent ----------------
# Intake asks consent first (nothing may be stored without it), then the rest in this order.

CONSENT = (
    Field("consent.processing", "q.consent_processing", "yesno", plain(v.boolean), required=True, default=False),
    Field("consent.gp_feedback", "q.consent_gp_feedback", "yesno", plain(v.boolean), required=True, default=False),
    Field("consent.date", "q.consent_date", "date", plain(v.past_date), required=True, default=_today_offered),
)

CLIENT = (
    Field("client.name", "q.client_name", "text", plain(v.text), required=True),
    Field("client.birth_year", "q.birth_year", "number", plain(v.birth_year), required=True),
    Field("client.postcode", "q.postcode", "text", plain(v.postcode)),
    Field("client.phone", "q.phone", "text", plain(v.phone)),
    Field("client.email", "q.email", "text", plain(v.email)),
    Field(
        "client.languages", "q.languages", "choices", plain(v.languages), default=["nl"],
        choices=COMMON_LANGUAGES, labels="language", open_list=True,
    ),
    # How letters name the client ("mevrouw Van der Meulen"); "geen" at the prompt leaves it out.
    Field(
        "client.salutation", "q.salutation", "choice", plain(v.salutation), default="geen",
        choices=(*SALUTATIONS, "geen"), labels="salutation",
    ),
)

REFERRER = (
    Field("referrer.name", "q.referrer_name", "text", plain(v.text), required=True),
    Field("referrer.practice", "q.practice", "text", plain(v.text), required=True),
    Field("referrer.agb", "q.agb", "text", plain(v.agb)),
    Field("referrer.email", "q.referrer_email", "text", plain(v.email)),
    Field("referrer.address", "q.practice_address", "text", plain(v.optional_text)),
)

REFERRAL = (
    Field("referral.date", "q.referral_date", "date", _step_date, required=True, default=_today_offered),
    Field(
        "referral.reasons", "q.reasons", "choices", plain(lambda raw: v.some_of(raw, REASONS, at_least=1)),
        required=True, choices=REASONS, labels="reason",
    ),
    Field("referral.question", "q.question", "text", plain(v.text), required=True),
    Field("referral.gp_visits_before", "q.gp_visits_before", "number", plain(v.gp_visits)),
)

# The new-referral answers file, section by section (the order of `cli.md`).
NEW_REFERRAL = {"client": CLIENT, "referrer": REFERRER, "referral": REFERRAL, "consent": CONSENT}

def _after_contact(raw: Any, context: Context) -> str | None:
    day = context.answers.get("contact.date")
    if isinstance(day, str):
        day = v.parse_date(day)
    return v.moment(raw, not_before=day)


# --- a conversation ---------------------------------------------------------------------

CONTACT = (
    Field("contact.date", "q.contact_date", "date", _step_date, required=True, default=_today_offered),
    Field(
        "contact.mode", "q.mode", "choice", plain(lambda raw: v.one_of(raw, CONTACT_MODES)), required=True,
        default="face-to-face", choices=CONTACT_MODES, labels="mode",
    ),
    Field("contact.minutes", "q.minutes", "number", plain(v.minutes)),
    # A concern the coach wants the GP to know; the interim letter carries it (the notes never travel).
    Field("contact.note_for_gp", "q.note_for_gp", "longtext", plain(v.optional_text), asked="end"),
    # The guide's questions: asked when the contact guide's stage lists them, in its order.
    Field(
        "contact.what_matters", "q.what_matters", "longtext", plain(v.optional_text), asked="guide",
        default=lambda context: context.previous.get("contact.what_matters"),  # what mattered last time
    ),
    Field(
        "contact.barriers", "q.barriers", "choices", plain(lambda raw: v.some_of(raw, BARRIERS)),
        choices=BARRIERS, labels="barrier", asked="guide",
    ),
    Field("contact.notes", "q.notes", "longtext", plain(v.optional_text), asked="guide"),
    Field("contact.next_steps", "q.next_steps", "longtext", plain(v.optional_text), asked="guide"),
    # Planned at the end of a conversation that does not close the referral.
    Field("contact.next_appointment", "q.next_appointment", "moment", _after_contact, asked="end"),
)

# --- closing ------------------------------------------------------------------------------


def _closing_date(raw: Any, context: Context) -> date:
    return v.past_date(raw, not_before=context.earliest, not_after=context.latest)


def _with_outcome(outcomes: tuple[str, ...], allowed: tuple[str, ...] | None) -> Check:
    """An optional closing field that belongs with some outcomes only (a dropout reason, an onward referral).

    Checked after `close.outcome` (the table's order), so the outcome is in `context.answers`.
    """

    def check(raw: Any, context: Context) -> Any:
        value = v.optional_text(raw) if allowed is None else (None if raw in (None, "") else v.one_of(raw, allowed))
        outcome = context.answers.get("close.outcome")
        if value is not None and outcome is not None and outcome not in outcomes:
            raise v.Invalid("field.only_with_outcome", outcomes=", ".join(outcomes))
        return value

    return check


CLOSE = (
    Field(
        "close.outcome", "q.outcome", "choice", plain(lambda raw: v.one_of(raw, OUTCOMES)), required=True,
        choices=OUTCOMES, labels="outcome",
    ),
    Field("close.summary", "q.summary", "longtext", plain(v.optional_text)),
    Field("close.shareable", "q.shareable", "yesno", plain(_optional_boolean), default=False),
    # The story for reports is asked only when the coach shares one; the summary above is for the GP.
    Field("close.story", "q.story", "longtext", plain(v.optional_text), ask_if=lambda answers: bool(answers.get("close.shareable"))),
    # Why a client dropped out, or where they went: asked only with the outcome it belongs to.
    Field(
        "close.dropout_reason", "q.dropout_reason", "choice", _with_outcome(DROPOUT_OUTCOMES, DROPOUT_REASONS),
        choices=DROPOUT_REASONS, labels="dropout", ask_if=lambda answers: answers.get("close.outcome") in DROPOUT_OUTCOMES,
    ),
    Field(
        "close.referred_to", "q.referred_to", "text", _with_outcome(("referred-elsewhere",), None),
        ask_if=lambda answers: answers.get("close.outcome") == "referred-elsewhere",
    ),
    # The closing date is the day of the last conversation (or of closing); corrected only by editing.
    Field("close.date", "q.close_date", "date", _closing_date, required=True, asked="never", column="referrals.closed_date"),
)

# --- the follow-up, about three months after closing ----------------------------------------
# Its date is not before the closing date (the Context's `earliest`); ONS4 may be taken again,
# as the `measures` of the step (flows.followup_step, answers.followup).

def _followup_date(raw: Any, context: Context) -> date:
    try:
        return _step_date(raw, context)
    except v.Invalid as e:
        if e.key == "field.date_before":  # the closing, not "the referral date or the previous contact"
            raise v.Invalid("followup.before_closing", **e.params) from None
        raise


def _still_taking_part(raw: Any) -> str:
    # YAML reads an unquoted `yes` as true; a coach who wrote `still_taking_part: yes` meant "yes".
    return v.one_of("yes" if raw is True else raw, STILL_TAKING_PART)


FOLLOWUP = (
    Field("followup.date", "q.followup_date", "date", _followup_date, required=True, default=_today_offered),
    Field(
        "followup.still_taking_part", "q.still_taking_part", "choice",
        plain(_still_taking_part), required=True, choices=STILL_TAKING_PART,
        labels="followup.answer",
    ),
    Field("followup.satisfaction", "q.satisfaction", "number", plain(v.satisfaction)),
    Field("followup.gp_visits_after", "q.gp_visits_after", "number", plain(v.gp_visits)),
)

STEPS = {
    "referral": (*CONSENT, *CLIENT, *REFERRER, *REFERRAL), "contact": CONTACT, "close": CLOSE, "followup": FOLLOWUP,
}

ALL: dict[str, Field] = {f.key: f for step in STEPS.values() for f in step}


def get(key: str) -> Field:
    return ALL[key]


def section(fields: Iterable[Field], name: str) -> tuple[Field, ...]:
    return tuple(f for f in fields if f.section == name)


def names(fields: Iterable[Field], *, answers_only: bool = True) -> tuple[str, ...]:
    """The field names an answers file may use for these fields."""
    return tuple(f.name for f in fields if f.in_answers or not answers_only)


def columns(fields: Iterable[Field], values: dict[str, Any]) -> dict[str, Any]:
    """`values` (by field name) as columns of the fields' table, for an INSERT or UPDATE."""
    return {f.column_name: f.to_column(values[f.name]) for f in fields if f.name in values}
