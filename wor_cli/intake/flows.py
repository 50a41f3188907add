"""The steps of `wor intake` as questions: one flow, asked through any prompter.

A flow is a generator. It yields `Say` (something for the coach to read) and
`Question` (something to answer), receives each answer, and finally returns the
step in the answers-file shape of cli.md. That dict then goes through exactly
the same checks as an answers file (`answers.py`), so the prompts, an answers
file and the tests all end in the same validation and the same write.

`run()` drives a flow with a `Prompter` (questionary at a terminal, a fake in
tests). Answers already in the draft are replayed without asking, which is how
an interrupted step resumes where it stopped; each new answer is handed to
`on_answer` straight away so it can be saved.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from wor_cli import instruments, validation as v
from wor_cli.intake import fields as F
from wor_cli.contacts import Guide, Situation
from wor_cli.intake.drafts import PARTIAL
from wor_cli.i18n import t
from wor_cli.vocabulary import ACTIVITY_STATUSES


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str


@dataclass(frozen=True)
class Question:
    key: str  # unique within the flow; the draft stores answers by it
    kind: str  # "text" | "confirm" | "select" | "checkbox"
    message: str
    default: Any = None
    choices: tuple[Choice, ...] = ()
    check: Callable[[Any], Any] | None = None  # cleans a raw answer or raises Invalid
    hint: str | None = None
    search: bool = False  # a long list the coach can filter by typing
    multiline: bool = False  # a long note: Alt+Enter starts a new line, and $EDITOR can be used


@dataclass(frozen=True)
class Say:
    text: str
    style: str = "info"  # "title" | "info" | "tip"


Flow = Generator["Question | Say", Any, Any]


class Prompter(Protocol):
    def ask(self, question: Question) -> Any: ...

    def say(self, text: str, style: str) -> None: ...


def _stored(value: Any) -> Any:
    """Answers are kept JSON-friendly: dates as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def run(flow: Flow, prompter: Prompter, answers: dict[str, Any], on_answer: Callable[[dict[str, Any]], None]) -> Any:
    """Drive `flow` to its end and return its result."""
    try:
        item = next(flow)
        while True:
            if isinstance(item, Say):
                prompter.say(item.text, item.style)
                item = flow.send(None)
                continue
            value = _replayed(item, answers)
            if value is _ASK:
                offered = item.default
                half_typed = answers.pop(PARTIAL + item.key, None)
                if half_typed:
                    item = replace(item, default=half_typed)
                while True:
                    try:
                        raw = prompter.ask(item)
                    except KeyboardInterrupt as interrupted:
                        _keep_partial(item, offered, interrupted, answers, on_answer)
                        raise
                    try:
                        value = _stored(item.check(raw) if item.check else raw)
                        break
                    except v.Invalid as e:  # a prompter without inline validation
                        prompter.say(t(e.key, **e.params), "error")
                answers[item.key] = value
                on_answer(answers)
            item = flow.send(value)
    except StopIteration as stop:
        return stop.value


def _keep_partial(
    question: Question, offered: Any, interrupted: KeyboardInterrupt, answers: dict[str, Any],
    on_answer: Callable[[dict[str, Any]], None],
) -> None:
    """Ctrl-C in the middle of typing: keep the text typed so far in the draft, to offer on resume.

    Only what the coach typed: the question's own default left as it was is not kept.
    """
    typed = getattr(interrupted, "partial", None)
    if typed and typed.strip() and typed != offered:
        answers[PARTIAL + question.key] = typed
        on_answer(answers)


_ASK = object()
_NO_DEFAULT = object()


def _replayed(question: Question, answers: dict[str, Any]) -> Any:
    """The draft's answer if it still passes the question's check, else _ASK."""
    if question.key not in answers:
        return _ASK
    value = answers[question.key]
    if question.check is not None:
        try:
            question.check(value)
        except v.Invalid:
            del answers[question.key]
            return _ASK
    return value


# How each kind of field is asked.
PROMPT_KINDS = {
    "text": "text", "longtext": "text", "number": "text", "date": "text", "moment": "text",
    "yesno": "confirm", "choice": "select", "choices": "checkbox",
}


def ask(row: F.Field, context: F.Context, *, message: str | None = None, default: Any = _NO_DEFAULT) -> Question:
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


def ask_fields(fields: Iterable[F.Field], context: F.Context, asked: str = "always") -> Generator[Question | Say, Any, dict[str, Any]]:
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
    context = F.Context()
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


def _referrer(known: Known, context: F.Context) -> Generator[Question | Say, Any, dict[str, Any]]:
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
    context = F.Context(earliest=not_before, previous=where.previous)
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
    result["close"] = {k: val for k, val in (yield from ask_fields(F.CLOSE, F.Context())).items() if val is not None}
    yield from _story_agreed(result["close"], preview)


# --- correcting the record (`wor edit`) ------------------------------------------------------


def shown(row: F.Field, value: Any) -> Any:
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
    rows: Iterable[F.Field], now: dict[str, Any], context_for: Callable[[str], F.Context]
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
    followup = yield from ask_fields(F.FOLLOWUP, F.Context(earliest=closed))
    result: dict[str, Any] = {"followup": {k: val for k, val in followup.items() if val is not None}}
    for instrument_id in MEASURES:
        instrument = instruments.get(instrument_id)
        again = yield Question(f"followup.measure.{instrument_id}", "confirm",
                               t("q.followup_measure", instrument=instrument.label(lang)), default=True)
        if again:
            result.setdefault("measures", {})[instrument_id] = yield from _measure(instrument_id, lang)
    return result
