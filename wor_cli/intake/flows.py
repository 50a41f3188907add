"""The steps of `wor intake` as questions: which questions each step asks, and in what order.

Each step is a flow (see `questions.py`: a generator of `Question` and `Say`,
driven by `run()` through any prompter) that returns the step in the
answers-file shape of cli.md. That dict then goes through exactly the same
checks as an answers file (`answers.py`), so the prompts, an answers file and
the tests all end in the same validation and the same write.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from wor_cli import instruments, validation as v
from wor_cli.intake import fields as F
from wor_cli.intake.field import Context, Field
from wor_cli.contacts import Guide, Situation
from wor_cli.intake.questions import Choice, Flow, Question, Say
from wor_cli.i18n import t
from wor_cli.vocabulary import ACTIVITY_STATUSES


_NO_DEFAULT = object()


# How each kind of field is asked.
PROMPT_KINDS = {
    "text": "text", "longtext": "text", "number": "text", "date": "text", "moment": "text",
    "yesno": "confirm", "choice": "select", "choices": "checkbox",
}


def ask(row: Field, context: Context, *, message: str | None = None, default: Any = _NO_DEFAULT) -> Question:
    """The question for one field of the tables in `fields.py`: its text, kind, default and check."""
    kind = PROMPT_KINDS[row.kind]
    hint = None
    if row.kind in ("date", "moment"):
        hint = t(f"prompt.{row.kind}_hint")
    elif kind == "text" and not row.required:
        hint = t("prompt.optional")
    return Question(
        row.key, kind, message or t(row.prompt),
        default=row.offered(context) if default is _NO_DEFAULT else default,
        choices=(_labelled(row.choices, row.labels) if row.choices else ())
        # an optional pick list can be left open (a dropout reason the coach does not know)
        + ((Choice("", t("prompt.not_known")),) if row.kind == "choice" and not row.required else ()),
        check=lambda raw, row=row: row.check(raw, context), hint=hint, multiline=row.kind == "longtext",
    )


def ask_fields(fields: Iterable[Field], context: Context, asked: str = "always") -> Generator[Question | Say, Any, dict[str, Any]]:
    """Ask each field intake asks at this point, in the table's order; the answers by name.

    Every answer also goes into `context.answers`, for the checks and `ask_if`s of later fields.
    """
    values: dict[str, Any] = {}
    for row in fields:
        if row.asked != asked or (row.ask_if and not row.ask_if(context.answers)):
            continue
        values[row.name] = context.answers[row.key] = yield ask(row, context)
        if row.open_list:  # values beyond the list, typed
            others = yield Question(
                f"{row.key}_other", "text", t(f"{row.prompt}_other"),
                check=lambda raw, row=row: row.check(raw, context), hint=t("prompt.optional"),
            )
            values[row.name] = [*values[row.name], *[x for x in others if x not in values[row.name]]]
    return values


def _present(values: dict[str, Any]) -> dict[str, Any]:
    """Optional answers left empty are left out, as an answers file would."""
    return {k: val for k, val in values.items() if val not in (None, [])}


def _labelled(values: tuple[str, ...], prefix: str | None) -> tuple[Choice, ...]:
    return tuple(Choice(value, t(f"{prefix}.{value}")) for value in values)


# --- a new referral -----------------------------------------------------------------------


@dataclass
class Known:
    """What the new-referral flow may offer from the database."""

    referrers: list[dict[str, Any]] = field(default_factory=list)


def new_referral(known: Known) -> Flow:
    """Consent first: without it nothing (not even a draft) may be stored."""
    context = Context()
    yield Say(t("intake.new.title"), "title")
    processing, *rest = F.CONSENT
    if not (yield ask(processing, context)):
        return None
    consent = {"processing": True, **(yield from ask_fields(rest, context))}

    yield Say(t("intake.section.client"), "title")
    client = yield from ask_fields(F.CLIENT, context)

    yield Say(t("intake.section.referrer"), "title")
    referrer = yield from _referrer(known, context)

    yield Say(t("intake.section.referral"), "title")
    referral = yield from ask_fields(F.REFERRAL, context)
    return {
        "client": _present(client),
        "referrer": referrer,
        "referral": referral,
        "consent": consent,
    }


def _referrer(known: Known, context: Context) -> Generator[Question | Say, Any, dict[str, Any]]:
    if known.referrers:
        choices = tuple(
            Choice(r["id"], f"{r['name']} — {r['practice']}") for r in known.referrers
        ) + (Choice("new", t("q.referrer_new")),)
        picked = yield Question("referrer.pick", "select", t("q.referrer_pick"), choices=choices, search=True)
        for r in known.referrers:
            if r["id"] == picked:
                return {f.name: r[f.column_name] for f in F.REFERRER if r.get(f.column_name)}
    practices = _known_practices(known)
    referrer: dict[str, Any] = {}
    for row in F.REFERRER:
        if row.key == "referrer.practice" and practices:
            # A new GP in a practice we know: pick it, spelt as before, or type another.
            picked = yield Question(
                "referrer.practice_pick", "select", t("q.practice_pick"),
                choices=(*(Choice(p, p) for p in practices), Choice(_OTHER, t("q.practice_other"))), search=True,
            )
            if picked != _OTHER:
                referrer[row.name] = context.answers[row.key] = picked
                continue
        referrer.update((yield from ask_fields((row,), context)))
    return {k: val for k, val in referrer.items() if val}


_OTHER = "__other__"


def _known_practices(known: Known) -> list[str]:
    """Each practice once (however it was capitalised), the most recently used first, as first spelt."""
    from wor_cli.text import fold

    seen: dict[str, str] = {}
    for r in known.referrers:
        seen.setdefault(" ".join(fold(r["practice"]).split()), r["practice"].strip())
    return list(seen.values())


# --- a contact, or closing ---------------------------------------------------------------------

ActivityFinder = Callable[[str], "list[tuple[str, str]]"]  # words -> [(id, label)]


StoryPreview = Callable[[str], str]  # a story -> as reports will show it (anonymised)


def contact_step(where: Situation, guide: Guide, lang: str, find: ActivityFinder | None,
                 preview: StoryPreview | None = None) -> Flow:
    """The next step of a referral: contact N by the guide, perhaps closing."""
    number = where.next_number
    kind = "contact"
    if number > 1:
        kind = yield Question(
            "step.kind", "select", t("q.step_kind", ref=where.ref),
            choices=(Choice("contact", t("q.step_contact", number=number)), Choice("close", t("q.step_close_only"))),
        )
    if kind == "close":
        result: dict[str, Any] = {}
        yield from _closing(guide, lang, result, already=set(), preview=preview)
        return result

    stage = guide.stage_for(number)
    yield Say(stage.title.get(lang, stage.title["nl"]).format(number=number), "title")
    for tip in stage.tips.get(lang) or stage.tips.get("nl", []):
        yield Say(tip, "tip")
    not_before = max(filter(None, [where.referral_date, where.last_contact_date]))
    context = Context(earliest=not_before, previous=where.previous)
    contact = yield from ask_fields(F.CONTACT, context)
    by_name = {f.name: f for f in F.CONTACT if f.asked == "guide"}
    for name in stage.ask:  # the guide's questions, in the guide's order and words
        contact[name] = context.answers[f"contact.{name}"] = yield ask(
            by_name[name], context, message=guide.question(name, lang)
        )
    result = {"contact": _present(contact)}

    asked: set[str] = set()
    for instrument_id in stage.measures:
        if instrument_id not in where.measured:
            result.setdefault("measures", {})[instrument_id] = yield from _measure(instrument_id, lang)
            asked.add(instrument_id)

    activities = yield from _activities(where, find, number, contact.get("what_matters"))
    if activities:
        result["activities"] = activities

    closing = False
    if stage.close != "no":
        closing = yield Question(
            "close.now", "confirm", t("q.close_now"), default=stage.close == "expected"
        )
        if closing:
            yield from _closing(guide, lang, result, already=asked, preview=preview)
    if not closing:  # the end of the conversation: plan the next one
        result["contact"].update(_present((yield from ask_fields(F.CONTACT, context, asked="end"))))
    return result


def _measure(instrument_id: str, lang: str) -> Generator[Question | Say, Any, list[Any]]:
    instrument = instruments.get(instrument_id)
    yield Say(instrument.label(lang), "title")
    if instrument.intro:
        yield Say(instrument.intro.get(lang) or instrument.intro["nl"], "tip")
    answers = []
    for index, item in enumerate(instrument.items):
        text = item.text.get(lang) or item.text["nl"]
        key = f"measures.{instrument_id}.{index}"
        if instrument.kind == "scale":
            question = Question(
                key, "text", text, hint=f"{instrument.low}-{instrument.high}",
                check=lambda raw, i=index: instrument.check_item(i, raw),
            )
        else:
            choices = tuple(Choice(o, instrument.option_label(o, lang)) for o in instrument.options)
            question = Question(key, "select", text, choices=choices)
        answers.append((yield question))
    return answers


def _activities(where: Situation, find: ActivityFinder | None, number: int,
                what_matters: str | None = None) -> Generator[Question | Say, Any, list[dict]]:
    chosen: list[dict[str, str]] = []
    following = {k: a for k, a in where.linked.items() if a["status"] not in ("stopped", "declined")}
    if following:
        yield Say(t("intake.section.activities"), "title")
    for activity_id, activity in following.items():
        status = yield Question(
            f"activities.{activity_id}", "select", t("q.activity_status", name=activity["name"]),
            default=activity["status"], choices=_labelled(ACTIVITY_STATUSES, "status"),
        )
        if status != activity["status"]:
            chosen.append({"id": activity_id, "status": status})
    if find is None:
        return chosen
    round_ = 0
    while (yield Question(f"activities.add.{round_}", "confirm", t("q.activity_add"), default=number == 1 and round_ == 0)):
        # What matters to the client, just said, is where a search starts (Enter takes it).
        words = yield Question(f"activities.add.{round_}.words", "text", t("q.activity_words"), check=v.text,
                               default=what_matters if round_ == 0 else None)
        found = [(i, label) for i, label in find(words) if i not in where.linked]
        if not found:
            yield Say(t("intake.no_activities_found", words=words), "info")
        else:
            picked = yield Question(
                f"activities.add.{round_}.pick", "checkbox", t("q.activity_pick"),
                choices=tuple(Choice(i, label) for i, label in found),
            )
            chosen += [{"id": i, "status": "suggested"} for i in picked if i not in {c["id"] for c in chosen}]
        round_ += 1
    return chosen


def _closing(guide: Guide, lang: str, result: dict[str, Any], already: set[str],
             preview: StoryPreview | None = None) -> Generator[Question | Say, Any, None]:
    yield Say(guide.closing_title.get(lang) or guide.closing_title.get("nl", ""), "title")
    for tip in guide.closing_tips.get(lang) or guide.closing_tips.get("nl", []):
        yield Say(tip, "tip")
    for instrument_id in guide.closing_measures:
        if instrument_id not in already:
            result.setdefault("measures", {})[instrument_id] = yield from _measure(instrument_id, lang)
    result["close"] = {k: val for k, val in (yield from ask_fields(F.CLOSE, Context())).items() if val is not None}
    yield from _story_agreed(result["close"], preview)


# --- correcting the record (`wor edit`) ------------------------------------------------------


def shown(row: Field, value: Any) -> Any:
    """A current value as the prompt offers it, so Enter keeps it."""
    if row.kind == "choices":
        return ", ".join(value or []) if row.open_list else list(value or [])
    if row.kind == "choice" and value is None and not callable(row.default):
        if row.default is None and not row.required:
            return ""  # an optional pick list left open: Enter keeps it open ("weet ik niet")
        return row.default  # nothing recorded: the pick list starts where intake starts ("geen")
    if row.kind in ("yesno", "choice"):
        return value
    if value and row.kind in ("date", "moment"):  # written the way coaches type dates: 09-11-2026
        from wor_cli.i18n import short_date

        day, _, time = str(value).partition(" ")
        return f"{short_date(day)} {time}".strip()
    return "" if value is None else str(value)


def correct(
    rows: Iterable[Field], now: dict[str, Any], context_for: Callable[[str], Context]
) -> Flow:
    """Each field asked again, its current value the default; returns the answers by key.

    The same rows as intake, so the same questions and checks. A list a coach may
    extend by typing (languages) is asked as text ("nl, tr"), so nothing outside
    the offered choices is lost.
    """
    from wor_cli.corrections import BELONGS_TO

    answers: dict[str, Any] = {}
    for row in rows:
        if row.ask_if and not row.ask_if({**now, **answers}):
            continue  # a dropout reason for a completed referral: not asked, as in intake
        default = shown(row, now.get(row.key))
        owner = BELONGS_TO.get(row.key)
        if owner in answers and str(answers[owner]).strip() != str(now.get(owner) or ""):
            default = shown(row, None)  # another GP or practice: not the old one's details
        context = context_for(row.key)
        if row.kind == "choices" and row.open_list:
            question = Question(
                row.key, "text", t(row.prompt), default=default,
                check=lambda raw, row=row, context=context: row.check(raw, context), hint=t("prompt.optional"),
            )
        else:
            question = ask(row, context, default=default)
        answers[row.key] = yield question
    return answers


def _story_agreed(close: dict[str, Any], preview: StoryPreview | None) -> Generator[Question | Say, Any, None]:
    """The coach reads the story as reports will show it, and agrees, before it is shared."""
    if not close.get("shareable"):
        return
    if not close.get("story"):
        close["shareable"] = False  # nothing to share
        return
    if preview is not None:
        yield Say(t("q.story_preview", story=preview(close["story"])), "tip")
    if not (yield Question("close.story_agreed", "confirm", t("q.story_agreed"), default=True)):
        close["shareable"] = False
        del close["story"]
# --- the follow-up, about three months after closing ---------------------------------------


def followup_step(ref: str, closed: date, lang: str) -> Flow:
    """The follow-up: the fields of `fields.FOLLOWUP`, then ONS4 once more if the coach wants."""
    from wor_cli.followups import MEASURES

    yield Say(t("intake.followup.title", ref=ref), "title")
    yield Say(t("intake.followup.tip"), "tip")
    followup = yield from ask_fields(F.FOLLOWUP, Context(earliest=closed))
    result: dict[str, Any] = {"followup": {k: val for k, val in followup.items() if val is not None}}
    for instrument_id in MEASURES:
        instrument = instruments.get(instrument_id)
        again = yield Question(f"followup.measure.{instrument_id}", "confirm",
                               t("q.followup_measure", instrument=instrument.label(lang)), default=True)
        if again:
            result.setdefault("measures", {})[instrument_id] = yield from _measure(instrument_id, lang)
    return result
