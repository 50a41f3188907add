"""How a step of `wor intake` asks: questions, things to read, and the loop that asks them.

A flow (`flows.py`) is a generator. It yields `Say` (something for the coach to
read) and `Question` (something to answer), receives each answer, and finally
returns the step in the answers-file shape of cli.md.

`run()` drives a flow with a `Prompter` (questionary at a terminal, a fake in
tests). Answers already in the draft are replayed without asking, which is how
an interrupted step resumes where it stopped; each new answer is handed to
`on_answer` straight away so it can be saved.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from wor_cli import validation as v
from wor_cli.i18n import t
from wor_cli.intake.drafts import PARTIAL


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str


@dataclass(frozen=True)
class Question:
    key: str  # unique within the flow; the draft stores answers by it
    kind: str  # "text" | "confirm" | "select" | "checkbox" | "password" (typed without being shown)
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
