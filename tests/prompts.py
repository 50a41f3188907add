"""A fake prompter: a flow test says what it answers, by question key, not by key presses.

    with answering({"consent.processing": True, "client.name": "Anna de Wit", ...}) as asked:
        result = invoke("intake", "--new")
    assert asked.keys[:2] == ["consent.processing", "consent.gp_feedback"]

Installed in-process through the commands' one prompter (`wor_cli.ui.prompter.prompter`), so
`at_terminal()` is true and every command asks it. The answers, by the Question's `key`:

- a value answers that question once: text as typed (the whole line the coach leaves,
  default included), a choice's value for a select, True/False for a confirm, the list of
  ticked values for a checkbox;
- a list answers successive askings of the same key (a wrong answer first, then the right
  one); for a checkbox, a list of lists (a flat list is one checkbox answer);
- a key left out is answered as Enter answers it: the question's default;
- `CTRL_C` (or `ctrl_c("half-typed")`) presses Ctrl-C at that question.

Answers are checked as the real prompter checks them: a text or checkbox answer its
question's `check` refuses is shown as the error (kept in `asked.errors`) and the question
is asked again; a select or confirm goes back to `questions.run`, which says the error and asks
again. A select answer must be one of its choices, a confirm a bool. The fake fails the
test loudly (not the command: `Unexpected` is not an Exception the command would turn
into "Er ging iets mis") when a key is asked more often than the test gave answers for,
when Enter is refused where the test gave no answer, and, on leaving the `with`, when an
answer the test gave was never asked (a flow that skipped its questions cannot pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from wor_cli.intake.questions import Question
from wor_cli.validation import Invalid


class Unexpected(BaseException):
    """The flow did something the test did not say it would: fails the test, never the command.

    A BaseException so that neither the command's last line of defence nor `questions.run`
    can turn it into an ordinary exit code.
    """


@dataclass(frozen=True)
class CtrlC:
    """Ctrl-C at a question, with the text half typed so far (as QuestionaryPrompter keeps it)."""

    partial: str | None = None


CTRL_C = CtrlC()


def ctrl_c(partial: str) -> CtrlC:
    return CtrlC(partial)


def scale(instrument: str, *answers: Any) -> dict[str, Any]:
    """A questionnaire's items by key: scale("ons4", 6, 5, 4, 7) -> {"measures.ons4.0": "6", ...}."""
    return {f"measures.{instrument}.{i}": str(a) if isinstance(a, int) else a for i, a in enumerate(answers)}


@dataclass
class Asked:
    """What the flow asked, in order, and what it said."""

    questions: list[Question] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)  # the raw answer given to each question, in order
    errors: dict[str, list[str]] = field(default_factory=dict)  # refused answers' messages, by key
    said: list[tuple[str, str]] = field(default_factory=list)  # (text, style) of everything said

    @property
    def keys(self) -> list[str]:
        return [q.key for q in self.questions]

    def question(self, key: str) -> Question:
        """The (last) question asked with this key."""
        for question in reversed(self.questions):
            if question.key == key:
                return question
        raise AssertionError(f"{key} was not asked; asked: {self.keys}")

    def text(self) -> str:
        """Everything said, one line each (titles, tips, errors)."""
        return "\n".join(text for text, _ in self.said)


class FakePrompter:
    """The Prompter of `questions.run`, answering from a dict by question key."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self._given = dict(answers)
        self._queues: dict[str, list[Any]] = {}  # by key, once asked: the answers still to give
        self._defaulted: set[str] = set()
        self.asked = Asked()

    # --- the Prompter protocol -----------------------------------------------------------------

    def ask(self, question: Question) -> Any:
        self.asked.questions.append(question)
        while True:
            raw = self._next(question)
            if isinstance(raw, CtrlC):
                interrupted = KeyboardInterrupt()
                if question.kind == "text":  # the line as it stands: the offered default when nothing was typed
                    untouched = "" if question.default is None else str(question.default)
                    interrupted.partial = untouched if raw.partial is None else raw.partial  # type: ignore[attr-defined]
                self.asked.answers.append(raw)
                raise interrupted
            raw = self._shaped(question, raw)
            self.asked.answers.append(raw)
            if question.kind in ("text", "checkbox") and question.check is not None:
                # questionary's validator: a refused answer is shown and the coach types again
                try:
                    question.check(raw)
                except Invalid as e:
                    from wor_cli.i18n import t

                    self.asked.errors.setdefault(question.key, []).append(t(e.key, **e.params))
                    continue
            return raw

    def say(self, text: str, style: str) -> None:
        from wor_cli.ui.prompter import QuestionaryPrompter

        self.asked.said.append((text, style))
        QuestionaryPrompter().say(text, style)  # printed as at a terminal, for the output's assertions

    # --- answering -----------------------------------------------------------------------------

    def _next(self, question: Question) -> Any:
        key = question.key
        if key not in self._given:
            if key in self._defaulted:
                raise Unexpected(f"{key} was asked again (Enter refused, or a loop) and the test gave no answer "
                                 f"for it (errors shown: {self.asked.errors.get(key, [])}); asked so far: {self.keys()}")
            self._defaulted.add(key)
            return self._enter(question)
        if key not in self._queues:
            value = self._given[key]
            successive = isinstance(value, list) and (
                question.kind != "checkbox" or (bool(value) and all(isinstance(v, list) for v in value)))
            self._queues[key] = list(value) if successive else [value]
        queue = self._queues[key]
        if not queue:
            raise Unexpected(f"{key} was asked again, and the test gave no more answers for it "
                             f"(errors shown: {self.asked.errors.get(key, [])}); asked so far: {self.keys()}")
        return queue.pop(0)

    def keys(self) -> list[str]:
        return self.asked.keys

    def _enter(self, question: Question) -> Any:
        """What Enter answers, as questionary answers it."""
        kind, default = question.kind, question.default
        if kind == "confirm":
            return bool(default)
        if kind == "select":
            values = [c.value for c in question.choices]
            return default if default in values else values[0]
        if kind == "checkbox":
            ticked = set(default or ())
            return [c.value for c in question.choices if c.value in ticked]
        return "" if default is None else str(default)

    def _shaped(self, question: Question, raw: Any) -> Any:
        """The answer as the real prompt could give it, or the test is wrong."""
        kind, key = question.kind, question.key
        if kind == "confirm" and not isinstance(raw, bool):
            raise Unexpected(f"{key} is a yes/no question: answer True or False, not {raw!r}")
        if kind == "select":
            values = [c.value for c in question.choices]
            if raw not in values:
                raise Unexpected(f"{key}: {raw!r} is not one of the choices {values}")
        if kind == "checkbox":
            values = [c.value for c in question.choices]
            if not isinstance(raw, list) or any(v not in values for v in raw):
                raise Unexpected(f"{key}: {raw!r} is not a list of the choices {values}")
            return [v for v in values if v in raw]  # ticked in any order, returned in the list's order
        if kind in ("text", "password"):
            if isinstance(raw, int) and not isinstance(raw, bool):
                raw = str(raw)  # what typing the number gives
            if not isinstance(raw, str):
                raise Unexpected(f"{key} is typed text: answer a string, not {raw!r}")
        return raw

    def unused(self) -> dict[str, Any]:
        """Answers the test gave that were never asked for."""
        never = {key: value for key, value in self._given.items() if key not in self._queues}
        return {**never, **{key: queue for key, queue in self._queues.items() if queue}}


@contextmanager
def answering(answers: dict[str, Any] | None = None) -> Iterator[Asked]:
    """Install a FakePrompter for the commands run inside the `with`; yields what it was asked."""
    from wor_cli.ui import prompter as prompting

    fake = FakePrompter(answers or {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prompting, "INSTALLED", fake)
        yield fake.asked
    unused = fake.unused()
    if unused:
        raise AssertionError(f"answers never asked for: {unused}; asked: {fake.asked.keys}")
