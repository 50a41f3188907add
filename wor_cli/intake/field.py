"""What one field of the record is: a row of the tables in `fields.py`, and a step's checked values.

A `Field` knows its answers-file key, the message key of its question, the kind of answer, how
an answer is checked (with the `Context` a check may need), whether it is required, what the
prompt offers, when intake asks it and where it is kept; it turns a checked value into the
column's and back. `Values` holds a section's checked answers by field name. `fields.py` holds
the fields themselves, one table per step.

Like copier's `Question`, one object knows how to ask, parse and check; unlike it,
asking is left to the flows and the prompter, so this module stays free of any
terminal library.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

# Kinds of answer. The prompter asks text, number, date and moment as typed text,
# yesno as Ja/Nee, choice as a pick list and choices as a tick list.
KINDS = ("text", "longtext", "number", "date", "moment", "yesno", "choice", "choices")

# When intake asks a field:
#   "always"  every time the step is taken, in the table's order
#   "guide"   a contact question, only when the contact guide's stage asks it
#   "end"     at the end of a conversation that does not close the referral
#   "never"   not asked and not in answers files; only corrected with `wor edit`
ASKED = ("always", "guide", "end", "never")


class Context:
    """What a check may need besides the value itself.

    `earliest`/`latest` bound the step's date (a contact not before the referral or
    the contact before it); `answers` holds the step's values checked so far, by
    key, for a field that depends on another (an appointment not before its
    conversation); `previous` holds the values of the step before (the previous
    conversation), which some prompts offer as their default.
    """

    def __init__(
        self,
        earliest: date | None = None,
        latest: date | None = None,
        answers: dict[str, Any] | None = None,
        previous: dict[str, Any] | None = None,
    ) -> None:
        self.earliest = earliest
        self.latest = latest
        self.answers = answers if answers is not None else {}
        self.previous = previous or {}


Check = Callable[[Any, Context], Any]


class Field:
    """One row of a step's table."""

    __slots__ = (
        "key", "section", "name", "prompt", "kind", "check", "required", "default",
        "choices", "labels", "open_list", "asked", "editable", "column", "ask_if",
    )

    def __init__(
        self,
        key: str,
        prompt: str,
        kind: str,
        check: Check,
        *,
        required: bool = False,
        default: Any = None,
        choices: tuple[str, ...] = (),
        labels: str | None = None,
        open_list: bool = False,
        asked: str = "always",
        editable: bool = True,
        column: str | None = None,
        ask_if: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        assert kind in KINDS and asked in ASKED, key
        self.key = key  # section.name, as in answers files and `wor edit --set`
        self.section, _, self.name = key.partition(".")
        self.prompt = prompt  # message key of the question
        self.kind = kind
        self.check = check  # (raw, context) -> clean value, or raises validation.Invalid
        self.required = required  # an answers file must give it; `wor edit` cannot empty it
        self.default = default  # what the prompt offers: a value, or a function of the Context
        self.choices = choices  # for choice/choices: the values, labelled by message `labels.VALUE`
        self.labels = labels
        self.open_list = open_list  # choices: values beyond `choices` may be typed (languages)
        self.asked = asked
        self.editable = editable
        self.column = column or f"{TABLES[self.section]}.{self.name}"  # table.column
        self.ask_if = ask_if  # asked only when this holds for the step's answers so far

    def __repr__(self) -> str:
        return f"Field({self.key!r})"

    @property
    def table(self) -> str:
        return self.column.partition(".")[0]

    @property
    def column_name(self) -> str:
        return self.column.partition(".")[2]

    @property
    def in_answers(self) -> bool:
        """Asked by intake and accepted in an answers file."""
        return self.asked != "never"

    def clean(self, raw: Any, context: Context | None = None) -> Any:
        return self.check(raw, context or Context())

    def offered(self, context: Context) -> Any:
        """The default the prompt offers."""
        return self.default(context) if callable(self.default) else self.default

    def empty(self) -> Any:
        """The value of an optional field left out."""
        return [] if self.kind == "choices" else False if self.kind == "yesno" else None

    def to_column(self, value: Any) -> Any:
        """A clean value as the database keeps it."""
        import json

        if self.kind == "choices":
            return json.dumps(value or [])
        if value is None:
            return None
        if self.kind == "choices":
            return json.dumps(value)
        if self.kind == "yesno":
            return int(bool(value))
        if isinstance(value, date):
            return value.isoformat()
        return value

    def from_column(self, stored: Any) -> Any:
        """A column's value as the `show` record gives it (JSON-friendly)."""
        import json

        if self.kind == "choices":
            return json.loads(stored) if stored else []
        if self.kind == "yesno":
            return bool(stored)
        return stored


# Where each section is kept (the closing lives on the referral row).
TABLES = {
    "client": "clients",
    "referrer": "referrers",
    "referral": "referrals",
    "consent": "consents",
    "contact": "contacts",
    "close": "referrals",
    "followup": "followups",
}


def plain(check: Callable[[Any], Any]) -> Check:
    """A check that needs nothing but the value."""
    return lambda raw, context: check(raw)


class Values:
    """A section's checked answers by field name: `client.birth_year`, `close.outcome`.

    Built from the table, so a new row needs no new attribute anywhere. Positional
    arguments follow the table's order; a field left out is empty.
    """

    def __init__(self, fields: tuple[Field, ...], *args: Any, **kwargs: Any) -> None:
        known = [f for f in fields if f.in_answers]
        if len(args) > len(known):
            raise TypeError("too many values")
        values = {f.name: value for f, value in zip(known, args)}
        for f in known[len(args):]:
            values[f.name] = kwargs.pop(f.name) if f.name in kwargs else f.empty()
        if kwargs:
            raise TypeError(f"unknown fields: {', '.join(kwargs)}")
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["_values"][name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._values:
            raise AttributeError(name)
        self._values[name] = value

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.as_dict() == other.as_dict()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"
