"""Reading a step from answers (a YAML file, or what the prompts collected).

The format is the one in cli.md. Everything is checked before anything is
written, and every problem is reported at once, each naming the key (and the
line, for a file): a coach fixing a file should not have to run it ten times.
Unknown keys are errors too, because a misspelt optional key would otherwise
be silently ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from wor_cli import validation as v
from wor_cli.intake import fields as F
from wor_cli.intake.field import Context, Field
from wor_cli.contacts import ActivityUpdate, Close, Contact, Situation, Step
from wor_cli.errors import BadInput, InvalidInput, Problem, Refused
from wor_cli.referrals import Client, Consent, NewReferral, Referrer
from wor_cli.vocabulary import ACTIVITY_STATUSES
from wor_cli.yamlfile import Lines, YamlProblem

Path_ = Sequence[str | int]
ActivityLookup = Callable[[str], "tuple[str, list[str]] | None"]

_MISSING = object()


class Checker:
    """Walks an answers mapping, validating fields and collecting problems."""

    def __init__(self, data: Any, lines: Lines | None = None, file: str | None = None) -> None:
        self.data = data
        self.lines = lines
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: Path_, key: str, **params: Any) -> None:
        line = self.lines.of(self.data, path) if self.lines else None
        self.problems.append(Problem(_dotted(path), key, params, self.file, line))

    def lookup(self, path: Path_) -> Any:
        node = self.data
        for step in path:
            if isinstance(node, dict) and step in node:
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                node = node[step]
            else:
                return _MISSING
        return node

    def section(self, path: Path_, allowed: Sequence[str], *, required: bool = True) -> bool:
        """Check that `path` is a mapping with only `allowed` keys; False if absent or wrong."""
        node = self.lookup(path)
        if node is _MISSING or node is None:
            if required:
                self.problem(path, "field.required")
            return False
        if not isinstance(node, dict):
            self.problem(path, "field.not_mapping")
            return False
        for key in node:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                if close:
                    self.problem([*path, key], "field.unknown_did_you_mean", suggestion=close[0])
                else:
                    self.problem([*path, key], "field.unknown", allowed=", ".join(allowed))
        return True

    def field(self, path: Path_, check: Callable[[Any], Any], *, required: bool = False) -> Any:
        value = self.lookup(path)
        if value is _MISSING or value is None:
            if required:
                self.problem(path, "field.required")
                return None
            value = None
        try:
            return check(value)
        except v.Invalid as e:
            self.problem(path, e.key, **e.params)
            return None

    def done(self) -> None:
        if self.problems:
            raise InvalidInput(sorted(self.problems, key=lambda p: p.line or 0))


def _dotted(path: Path_) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def read_file(path: Path) -> tuple[Any, Lines]:
    """Load an answers file, turning every kind of unreadable into a clear BadInput."""
    from wor_cli import yamlfile

    try:
        raw = yamlfile.read(path)
    except yamlfile.FileProblem as e:
        raise BadInput(e.key, **e.params) from None
    try:
        data, lines = yamlfile.load(raw)
    except YamlProblem as e:
        raise InvalidInput([Problem("", e.key, {}, str(path), e.line)]) from None
    if not isinstance(data, dict):
        raise InvalidInput([Problem("", "answers.not_mapping", {}, str(path), 1)])
    if lines.duplicates:
        raise InvalidInput(
            [Problem(key, "yaml.duplicate_key", {}, str(path), line) for line, key in lines.duplicates]
        )
    return data, lines


# --- a new referral -----------------------------------------------------------------


def _walk(c: Checker, fields: tuple[Field, ...], context: Context) -> dict[str, Any]:
    """Check one section's fields, in the table's order; returns the clean values by name.

    Each clean value goes into `context.answers` as it is checked, for a later field
    that depends on it.
    """
    values: dict[str, Any] = {}
    for f in fields:
        if not f.in_answers:
            continue
        value = c.field(f.key.split("."), lambda raw, f=f: f.check(raw, context), required=f.required)
        values[f.name] = f.empty() if value is None else value
        context.answers[f.key] = value
    return values


def new_referral(data: Any, *, lines: Lines | None = None, file: str | None = None) -> NewReferral:
    c = Checker(data, lines, file)
    if not isinstance(data, dict):
        c.problem([], "answers.not_mapping")
        c.done()
    c.section([], tuple(F.NEW_REFERRAL))
    context = Context()
    found: dict[str, dict[str, Any]] = {}
    for name, fields in F.NEW_REFERRAL.items():
        if c.section([name], F.names(fields)):
            found[name] = _walk(c, fields, context)
    c.done()
    if not found["consent"]["processing"]:
        raise Refused("consent.no_processing")
    referral = found["referral"]
    return NewReferral(
        client=Client(**found["client"]),
        referrer=Referrer(**found["referrer"]),
        date=referral.pop("date"),
        reasons=referral.pop("reasons"),
        question=referral.pop("question"),
        consent=Consent(**found["consent"]),
        more=referral,
    )


# --- a contact or closing step ---------------------------------------------------------


def step(
    data: Any,
    where: Situation,
    lookup_activity: ActivityLookup,
    *,
    lines: Lines | None = None,
    file: str | None = None,
) -> Step:
    """Check a contact step against the referral's situation."""
    if where.status == "closed":
        raise Refused("contact.closed", ref=where.ref)
    c = Checker(data, lines, file)
    if not isinstance(data, dict):
        c.problem([], "answers.not_mapping")
        c.done()
    c.section([], ("contact", "measures", "activities", "close"))
    if data.get("contact") is None and data.get("close") is None:  # `contact:` with nothing under it too
        c.problem(["contact"], "field.required")
    not_before = max(filter(None, [where.referral_date, where.last_contact_date]))
    context = Context(earliest=not_before)
    contact = None
    if c.section(["contact"], F.names(F.CONTACT), required=False):
        contact = Contact(**_walk(c, F.CONTACT, context))

    answered = _measures(c)

    updates: list[ActivityUpdate] = []
    given = c.lookup(["activities"])
    if given is not _MISSING and given is not None:
        if not isinstance(given, list):
            c.problem(["activities"], "field.not_list")
        else:
            for index in range(len(given)):
                p = ["activities", index]
                if not c.section(p, ("id", "status")):
                    continue
                activity_id = c.field([*p, "id"], v.text, required=True)
                status = c.field([*p, "status"], lambda x: v.one_of(x, ACTIVITY_STATUSES), required=True)
                if activity_id is None or status is None:
                    continue
                known = where.linked.get(activity_id)
                found = (known["name"], known["themes"]) if known else lookup_activity(activity_id)
                if found is None:
                    c.problem([*p, "id"], "activity.unknown", id=activity_id)
                    continue
                updates.append(ActivityUpdate(activity_id, status, found[0], list(found[1])))

    close = None
    if c.section(["close"], F.names(F.CLOSE), required=False):
        close = Close(**_walk(c, F.CLOSE, context))
        if close.shareable and not close.story:
            # Release 1 answers files marked the summary itself shareable: it stays their story.
            close.story = close.summary
    c.done()
    return Step(contact=contact, measures=answered, activities=updates, close=close)


# --- the follow-up ------------------------------------------------------------------------------


def followup(data: Any, closed: Any, *, lines: Lines | None = None, file: str | None = None) -> Any:
    """Check a follow-up (`followup:` and optional `measures:`) for a referral closed on `closed`."""
    from wor_cli.followups import Followup, FollowupStep

    c = Checker(data, lines, file)
    if not isinstance(data, dict):
        c.problem([], "answers.not_mapping")
        c.done()
    c.section([], ("followup", "measures"))
    context = Context(earliest=closed)
    values = None
    if c.section(["followup"], F.names(F.FOLLOWUP)):
        values = Followup(**_walk(c, F.FOLLOWUP, context))
    answered = _measures(c)
    c.done()
    return FollowupStep(values, answered)


def _measures(c: Checker) -> dict[str, list[int | str]]:
    """`measures:` of a contact or a follow-up: each instrument's answers checked, by its id."""
    from wor_cli import instruments

    answered: dict[str, list[int | str]] = {}
    given = c.lookup(["measures"])
    if given is not _MISSING and given is not None:
        if not isinstance(given, dict):
            c.problem(["measures"], "field.not_mapping")
        else:
            for instrument_id, values in given.items():
                try:
                    answered[instrument_id] = instruments.get(instrument_id).check_answers(values)
                except v.Invalid as e:
                    c.problem(["measures", instrument_id], e.key, **e.params)
    return answered
