"""`wor intake`: record a referral, then each contact, step by step."""


from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from wor_cli.commands._shared import (
    at_terminal, catalogue_dir, command, fail, open_store, print_json, reference,
)
from wor_cli.errors import BadInput, ExitCode
from wor_cli.i18n import language, plural, short_date, t

if TYPE_CHECKING:
    from wor_cli.intake.questions import Prompter
    from wor_cli.store import Store

NEW = "__new__"


@command
def intake(
    ref: Annotated[Optional[str], typer.Argument(help=t("help.intake.ref"), show_default=False)] = None,
    new: Annotated[bool, typer.Option("--new", help=t("help.intake.new"))] = False,
    answers: Annotated[
        Optional[Path], typer.Option("--answers", help=t("help.intake.answers"), metavar="FILE", show_default=False)
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help=t("help.intake.no_input"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json_show"))] = False,
) -> None:
    """Record a new referral, or the next contact of a referral."""
    if ref and new:
        raise BadInput("intake.ref_and_new")
    if no_input and answers is None:
        raise BadInput("intake.no_input_needs_answers")
    store = open_store(create=True)
    if ref is not None:
        ref = reference(store, ref)
    if answers is not None:
        done = _from_file(store, ref, answers, stream="err" if as_json else "out")
    else:
        if not at_terminal():
            raise BadInput("intake.no_terminal")
        done = _interactive(store, ref, new)
    if done is None:
        return
    if as_json:
        from wor_cli import referrals

        print_json(referrals.record(store, done))


# --- from an answers file -------------------------------------------------------------------


def _from_file(store: "Store", ref: str | None, path: Path, *, stream: str) -> str:
    from wor_cli import contacts, referrals
    from wor_cli.intake import answers
    from wor_cli.ui import console

    data, lines = answers.read_file(path)
    if ref is None:
        if "contact" in data and "client" not in data:
            raise BadInput("intake.contact_file_needs_ref", file=str(path))
        new = answers.new_referral(data, lines=lines, file=str(path))
        made = referrals.create(store, new)
        (console.err() if stream == "err" else console.out()).print(t("intake.saved_referral", ref=made))
        return made
    where = contacts.situation(store, ref)
    if where.status == "closed" and not ({"contact", "close"} & set(data) and "followup" not in data):
        from wor_cli import followups  # after closing, the follow-up

        after = followups.situation(store, ref)
        followups.check_open(after)
        followups.record(store, after.ref, answers.followup(data, after.closed_date, lines=lines, file=str(path)))
        (console.err() if stream == "err" else console.out()).print(t("intake.saved_followup", ref=after.ref))
        return after.ref
    step = answers.step(data, where, _activity_lookup(), lines=lines, file=str(path))
    number = contacts.record(store, where.ref, step)
    _report_step(where.ref, number, step.close is not None, stream=stream)
    return where.ref


def _activity_lookup():
    """Find a catalogue activity's name and themes by id (for linking it to a referral)."""
    from wor_cli import catalogue

    loaded: dict[str, Any] = {}

    def lookup(activity_id: str) -> tuple[str, list[str]] | None:
        if "index" not in loaded:
            loaded["index"] = catalogue.open_index(catalogue_dir())
        found = loaded["index"].get(activity_id)
        return (found["name"], found["themes"]) if found else None

    return lookup


def _activity_finder(store: "Store", ref: str):
    """Search the catalogue from within a contact (words -> [(id, label)]), with the client's
    context as `match --client` uses it: reasons, age, languages, the default radius."""
    from wor_cli import catalogue, clock, config, matching, referrals
    from wor_cli.commands._shared import settings

    loaded: dict[str, Any] = {}

    def find(words: str) -> list[tuple[str, str]]:
        if "index" not in loaded:
            loaded["index"] = catalogue.open_index(catalogue_dir())
            loaded["record"] = referrals.record(store, ref)
        query = matching.Query(text=words, limit=8)
        matching.for_referral(
            query, loaded["index"], loaded["record"], this_year=clock.today().year,
            default_km=float(config.get("match.default_km", settings())),
        )
        results = matching.search(loaded["index"], query)
        return [(r.id, f"{r.name} — {', '.join(r.why[:2])}") for r in results]

    return find


# --- at the terminal ------------------------------------------------------------------------


def _interactive(store: "Store", ref: str | None, new: bool) -> str | None:
    from wor_cli.ui import prompter as prompting

    prompter = prompting.prompter()
    draft = None
    if ref is None and not new:
        picked = _pick(store, prompter)
        if isinstance(picked, dict):  # an unfinished new referral
            draft, new = picked, True
        elif picked == NEW:
            new = True
        else:
            ref = picked
    if new:
        ref = _new_referral(store, prompter, draft)
        if ref is None:
            return None
        if not _ask(prompter, "intake.contact_now", "confirm", t("q.contact_now"), default=False):
            return ref
    assert ref is not None
    _contact(store, prompter, ref)
    return ref


def _ask(prompter: "Prompter", key: str, kind: str, message: str, **kwargs: Any) -> Any:
    from wor_cli.intake.questions import Question

    return prompter.ask(Question(key, kind, message, **kwargs))


def _draft_name(draft: dict[str, Any]) -> str:
    """Whom an unfinished new referral is for; one stopped before the name says so ("voor ?" read as a glitch)."""
    return draft["answers"].get("client.name") or t("intake.draft_unnamed")


def _pick(store: "Store", prompter: "Prompter") -> Any:
    """New referral, an unfinished one, or an existing client (searchable)."""
    from wor_cli import caseload
    from wor_cli.intake import drafts
    from wor_cli.intake.questions import Choice

    choices = [Choice(NEW, t("intake.pick.new"))]
    for draft in drafts.new_referrals(store):
        name = _draft_name(draft)
        choices.append(Choice(draft, t("intake.pick.draft", name=name, date=short_date(draft["updated"][:10]))))
    for entry in caseload.entries(store, "open"):
        choices.append(
            Choice(entry["ref"], t(plural("intake.pick.client", entry["contacts"]), ref=entry["ref"], name=entry["client"],
                                   year=entry["birth_year"], contacts=entry["contacts"]))
        )
    return _ask(prompter, "intake.pick", "select", t("q.pick"), choices=tuple(choices), search=len(choices) > 1)


def _new_referral(store: "Store", prompter: "Prompter", draft: dict | None) -> str | None:
    from wor_cli import referrals
    from wor_cli.intake import answers, drafts, flows, questions
    from wor_cli.errors import Refused
    from wor_cli.ui import console

    if draft is None:
        pending = drafts.new_referrals(store)
        if pending and _ask(
            prompter, "intake.resume", "confirm",
            t("q.resume_new", name=_draft_name(pending[0])), default=True,
        ):
            draft = pending[0]
    state = {"id": draft["id"] if draft else None}
    given = dict(draft["answers"]) if draft else {}

    def save(so_far: dict[str, Any]) -> None:
        # Nothing is stored before the client agreed to it.
        if so_far.get("consent.processing"):
            state["id"] = drafts.save(store, state["id"], drafts.NEW_REFERRAL, None, so_far)

    try:
        result = questions.run(flows.new_referral(flows.Known(referrals.referrers(store))), prompter, given, save)
    except KeyboardInterrupt:
        _interrupted(saved=state["id"] is not None)
    if result is None:
        if state["id"] is not None:
            drafts.discard(store, state["id"])
        raise Refused("consent.no_processing")
    made = referrals.create(store, answers.new_referral(result), draft_id=state["id"])
    console.success(t("intake.saved_referral", ref=made))
    return made


def _contact(store: "Store", prompter: "Prompter", ref: str) -> None:
    from wor_cli import config, contacts
    from wor_cli.intake import answers, drafts, flows, questions
    from wor_cli.commands._shared import settings

    where = contacts.situation(store, ref)
    if where.status == "closed":
        _followup(store, prompter, ref)
        return
    draft = drafts.for_referral(store, where.referral_id)
    given: dict[str, Any] = {}
    if draft and _ask(
        prompter, "intake.resume", "confirm",
        t(plural("q.resume_contact", drafts.answered(draft["answers"])), ref=where.ref, count=drafts.answered(draft["answers"])), default=True,
    ):
        given = dict(draft["answers"])
    state = {"id": draft["id"] if draft else None}

    def save(so_far: dict[str, Any]) -> None:
        state["id"] = drafts.save(store, state["id"], drafts.CONTACT, where.referral_id, so_far)

    guide_path = config.get("contact_guide", settings())
    guide = contacts.load_guide(Path(guide_path).expanduser() if guide_path else None)
    flow = flows.contact_step(where, guide, language(), _activity_finder(store, where.ref), _story_preview(store, where.ref))
    try:
        result = questions.run(flow, prompter, given, save)
    except KeyboardInterrupt:
        _interrupted(saved=state["id"] is not None)
    step = answers.step(result, where, _activity_lookup())
    number = contacts.record(store, where.ref, step, draft_id=state["id"])
    _report_step(where.ref, number, step.close is not None, stream="out")


def _story_preview(store, ref: str):
    """The closing story as reports will show it, for the coach to read before sharing it."""
    from wor_cli import referrals, stories

    def preview(story: str) -> str:
        record = referrals.record(store, ref)
        return stories.as_reported(store, story, client=record["client"]["name"],
                                   referrer=record["referrer"]["name"], practice=record["referrer"]["practice"])

    return preview
def _followup(store: "Store", prompter: "Prompter", ref: str) -> None:
    """After closing: the follow-up, saved per answer like every step."""
    from wor_cli import followups
    from wor_cli.intake import answers, drafts, flows, questions
    from wor_cli.ui import console

    where = followups.situation(store, ref)
    followups.check_open(where)
    draft = drafts.for_referral(store, where.referral_id)
    given: dict[str, Any] = {}
    if draft and _ask(
        prompter, "intake.resume", "confirm",
        t(plural("q.resume_followup", len(draft["answers"])), ref=where.ref, count=len(draft["answers"])), default=True,
    ):
        given = dict(draft["answers"])
    state = {"id": draft["id"] if draft else None}

    def save(so_far: dict[str, Any]) -> None:
        state["id"] = drafts.save(store, state["id"], drafts.FOLLOWUP, where.referral_id, so_far)

    try:
        result = questions.run(flows.followup_step(where.ref, where.closed_date, language()), prompter, given, save)
    except KeyboardInterrupt:
        _interrupted(saved=state["id"] is not None)
    followups.record(store, where.ref, answers.followup(result, where.closed_date), draft_id=state["id"])
    console.success(t("intake.saved_followup", ref=where.ref))


def _interrupted(*, saved: bool) -> None:
    fail(t("intake.interrupted_saved" if saved else "intake.interrupted_nothing"), ExitCode.INTERRUPTED)


def _report_step(ref: str, number: int | None, closed: bool, *, stream: str) -> None:
    from wor_cli.ui import console

    target = console.err() if stream == "err" else console.out()
    if number is not None:
        target.print(t("intake.saved_contact", ref=ref, number=number))
    if closed:
        target.print(t("intake.saved_close", ref=ref))
