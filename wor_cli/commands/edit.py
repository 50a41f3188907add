"""`wor edit`: correct the record, at the prompts or with --set KEY=VALUE."""


from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from wor_cli.commands._shared import at_terminal, command, open_store, print_json, reference
from wor_cli.errors import BadInput
from wor_cli.i18n import t

if TYPE_CHECKING:
    from wor_cli.store import Store


@command
def edit(
    ref: Annotated[str, typer.Argument(help=t("help.edit.ref"), show_default=False)],
    sets: Annotated[
        Optional[list[str]],
        typer.Option("--set", help=t("help.edit.set"), metavar="KEY=VALUE", show_default=False),
    ] = None,
    contact: Annotated[
        Optional[int], typer.Option("--contact", help=t("help.edit.contact"), metavar="N", show_default=False)
    ] = None,
    delete_contact: Annotated[
        Optional[int],
        typer.Option("--delete-contact", help=t("help.edit.delete_contact"), metavar="N", show_default=False),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help=t("help.edit.yes"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json_show"))] = False,
) -> None:
    """Correct the record of a referral."""
    from wor_cli import corrections, set_values

    if delete_contact is not None and (sets or contact is not None):
        raise BadInput("edit.delete_and_set")
    store = open_store(create=False)
    ref = reference(store, ref)
    if delete_contact is not None:
        _delete(store, ref, delete_contact, yes)
    elif sets:
        given = [set_values.parse_set(text) for text in sets]
        fix = corrections.check(store, ref, given, contact=contact)
        _report(corrections.apply(store, fix), fix.ref, stream="err" if as_json else "out")
        ref = fix.ref
    else:
        if not at_terminal():
            raise BadInput("edit.no_terminal")
        ref = _interactive(store, ref, contact)
    if as_json:
        from wor_cli import referrals

        print_json(referrals.record(store, ref))


def _report(keys: list[str], ref: str, *, stream: str) -> None:
    from wor_cli.ui import console

    target = console.err() if stream == "err" else console.out()
    if keys:
        target.print(t("edit.saved", ref=ref, keys=", ".join(keys)))
    else:
        target.print(t("edit.nothing", ref=ref))


def _delete(store: "Store", ref: str, number: int, yes: bool) -> None:
    from wor_cli import corrections, referrals
    from wor_cli.i18n import short_date

    row = referrals.find(store, ref)
    record = referrals.sections(store, row)
    found = corrections.conversation(record, number)  # an unknown number: exit 2 before asking
    if not yes:
        if not at_terminal():
            raise BadInput("edit.delete_needs_yes", number=number)
        from wor_cli.intake.questions import Question
        from wor_cli.ui.prompter import prompter

        sure = prompter().ask(Question(
            "edit.delete", "confirm", t("q.delete_contact", number=number, date=short_date(found["date"]), ref=row["ref"]),
            default=False,
        ))
        if not sure:
            from wor_cli.ui import console

            console.info(t("edit.delete_kept", number=number))
            return
    corrections.delete_contact(store, row["ref"], number)
    from wor_cli.ui import console

    console.success(t("edit.deleted", number=number, ref=row["ref"]))


# --- at the terminal ---------------------------------------------------------------------------

DONE = "__done__"


def _interactive(store: "Store", ref: str, contact: int | None) -> str:
    """Pick what to correct, answer its questions again, confirm; until the coach is done.

    Each confirmed correction is written at once (one transaction, one audit row),
    so a later Ctrl-C loses only the one being answered.
    """
    from wor_cli import corrections, referrals
    from wor_cli.intake import flows, questions
    from wor_cli.errors import InvalidInput
    from wor_cli.intake.questions import Question
    from wor_cli.ui import console
    from wor_cli.ui import prompter as prompting

    prompter = prompting.prompter()
    first = contact
    while True:
        row = referrals.find(store, ref)
        record = referrals.sections(store, row)
        linked = store.rows(
            "SELECT activity_id, name, status FROM activity_links WHERE referral_id = ? ORDER BY id", (row["id"],)
        )
        if first is not None:
            what, first = f"contact:{first}", None
        else:
            what = prompter.ask(Question(
                "edit.what", "select", t("q.edit_what", ref=row["ref"], name=record["client"]["name"]),
                choices=_menu(record, linked),
            ))
        if what == DONE:
            return row["ref"]
        number = int(what.split(":")[1]) if what.startswith("contact:") else None
        given = None
        if what == "activity":
            given = _activity(prompter, linked)
        elif what == "referrer":
            given = _other_referrer(store, prompter, row["referrer_id"])
        if given is None:
            section = "contact" if number is not None else what
            rows = [f for f in corrections.editable(section) if f.key != "consent.processing"]
            now = corrections.current(record, number)
            flow = flows.correct(rows, now, lambda key, now=now, n=number: corrections.bounds(record, now, key, n))
            given = list(questions.run(flow, prompter, {}, lambda answers: None).items())
        try:
            fix = corrections.check(store, row["ref"], given, contact=number, typed=False)
        except InvalidInput as e:
            console.error(e.message())
            continue
        if not fix.keys:
            console.info(t("edit.nothing", ref=row["ref"]))
            continue
        now = corrections.current(record, number)
        for key, value in fix.values.items():
            console.out().print(t("edit.change", key=key, old=_text(now.get(key)), new=_text(value)))
        for activity_id, status in fix.activities.items():
            console.out().print(t("edit.change", key=f"activities.{activity_id}", old="", new=status))
        if prompter.ask(Question("edit.confirm", "confirm", t("q.edit_confirm"), default=True)):
            _report(corrections.apply(store, fix), fix.ref, stream="out")
        else:
            console.info(t("edit.not_saved"))


def _menu(record: dict[str, Any], linked: list[dict[str, Any]]) -> tuple[Any, ...]:
    from wor_cli.intake.questions import Choice
    from wor_cli.i18n import short_date

    choices = [Choice(section, t(f"edit.section.{section}")) for section in ("client", "referrer", "referral", "consent")]
    for c in record["contacts"]:
        choices.append(Choice(f"contact:{c['number']}", t("edit.section.contact", number=c["number"], date=short_date(c["date"]))))
    if linked:
        choices.append(Choice("activity", t("edit.section.activity")))
    if record["close"] is not None:
        choices.append(Choice("close", t("edit.section.close")))
    if record.get("followup") is not None:
        choices.append(Choice("followup", t("edit.section.followup")))
    choices.append(Choice(DONE, t("edit.section.done")))
    return tuple(choices)


THIS_GP = "__this__"


def _other_referrer(store: "Store", prompter: Any, current_id: int) -> list[tuple[str, Any]] | None:
    """The wrong GP picked: pick the right one from those known, or correct this one's details (None)."""
    from wor_cli import referrals
    from wor_cli.intake.questions import Choice, Question

    known = [r for r in referrals.referrers(store) if r["id"] != current_id]
    if not known:
        return None
    picked = prompter.ask(Question(
        "edit.referrer", "select", t("q.edit_referrer"), default=THIS_GP, search=True,
        choices=(Choice(THIS_GP, t("q.edit_referrer_this")), *(Choice(r["id"], f"{r['name']} — {r['practice']}") for r in known)),
    ))
    if picked == THIS_GP:
        return None
    chosen = next(r for r in known if r["id"] == picked)
    return [("referrer.name", chosen["name"]), ("referrer.practice", chosen["practice"])]


def _activity(prompter: Any, linked: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    from wor_cli.intake.questions import Choice, Question
    from wor_cli.vocabulary import ACTIVITY_STATUSES

    picked = prompter.ask(Question(
        "edit.activity", "select", t("q.edit_activity"),
        choices=tuple(Choice(a["activity_id"], a["name"]) for a in linked),
    ))
    current = next(a for a in linked if a["activity_id"] == picked)
    status = prompter.ask(Question(
        f"activities.{picked}", "select", t("q.activity_status", name=current["name"]), default=current["status"],
        choices=tuple(Choice(s, t(f"status.{s}")) for s in ACTIVITY_STATUSES),
    ))
    return [(f"activities.{picked}", status)]


def _text(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(x) for x in value)
    if isinstance(value, bool):
        return t("prompt.yes") if value else t("prompt.no")
    return str(value)
