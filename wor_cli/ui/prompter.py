"""Asking a flow's questions at a terminal, with questionary.

Validation happens as the coach types (the question's own check, the same one
the answers files use), so a wrong postcode is pointed out before Enter moves
on. `unsafe_ask()` lets Ctrl-C raise KeyboardInterrupt instead of returning
None, so the caller can say what was saved and exit 130.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import questionary
from questionary.prompts.common import InquirerControl
from rich.markup import escape

from wor_cli.intake.questions import Question
from wor_cli.i18n import t
from wor_cli.ui import console
from wor_cli.validation import Invalid

if TYPE_CHECKING:
    from wor_cli.intake.questions import Prompter

# A prompter put in place of questionary for this process (the tests' fake, tests/prompts.py);
# while one is, `prompter()` returns it and `_shared.at_terminal()` says questions can be asked.
INSTALLED: "Prompter | None" = None


def prompter() -> "Prompter":
    """The prompter every command asks through: questionary at a terminal, or the one installed."""
    return INSTALLED if INSTALLED is not None else QuestionaryPrompter()

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansigreen"),
        ("instruction", "fg:ansibrightblack"),
        ("highlighted", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("selected", "fg:ansigreen"),
    ]
)


def _validator(question: Question):
    if question.check is None:
        return None

    def validate(raw: Any) -> bool | str:
        try:
            question.check(raw)
        except Invalid as e:
            return t(e.key, **e.params)
        return True

    return validate


def _long_text() -> dict[str, Any]:
    """A note that may run over several lines: Enter still finishes (as everywhere), Alt+Enter
    (or Esc, Enter) starts a new line, and Ctrl-X Ctrl-E opens $VISUAL/$EDITOR when one is set."""
    import os

    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _new_line(event: Any) -> None:
        event.current_buffer.insert_text("\n")

    hints = [t("prompt.longtext_hint")]
    editor = bool(os.environ.get("VISUAL") or os.environ.get("EDITOR"))
    if editor:
        hints.append(t("prompt.editor_hint"))
    return {"key_bindings": bindings, "enable_open_in_editor": editor, "instruction": f"({'; '.join(hints)})"}


def ticked(labels: list[str], message: str = "", width: int | None = None) -> str:
    """What a checkbox question's line says once answered: the ticked labels, or how many."""
    if not labels:
        return t("prompt.ticked_none")
    joined = ", ".join(labels)
    room = (console.out().width if width is None else width) - len(message) - 3  # "? ", " " around it
    return joined if len(joined) <= room else t("prompt.ticked", count=len(labels))


class _StillAsking(InquirerControl):
    """A checkbox's list that never draws questionary's answered line.

    A redraw can come between Enter and the erasing of the prompt (keys typed
    ahead, a busy machine); the line it draws is then our instruction, not
    "done (3 selections)". `is_answered` is read only for that line.
    """

    is_answered = property(lambda self: False, lambda self, value: None)  # type: ignore[assignment]


def _never_done(asking: Any) -> None:
    for window in asking.application.layout.find_all_windows():
        if type(window.content) is InquirerControl:
            window.content.__class__ = _StillAsking


def _answered(message: str, answer: str) -> None:
    """A question's answered line, as questionary draws its own ("? Vraag antwoord")."""
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    print_formatted_text(
        FormattedText([("class:qmark", "?"), ("class:question", f" {message} "), ("class:answer", answer)]),
        style=STYLE,
    )


def fit(message: str, after: str = "", width: int | None = None) -> str:
    """A question broken between words to fit the terminal, under the "? " it follows.

    Left to the terminal, a long question broke mid-word at 80 columns ("de gesprekken va /
    st te leggen?"). `after` is what questionary writes behind the question on its last
    line (the "(j of n, Enter)" hint); it moves to a line of its own when it does not fit.
    """
    import textwrap

    room = (console.out().width if width is None else width) - 2  # "? " before the question
    if len(message) + (len(after) + 1 if after else 0) <= room or room < 20:
        return message
    lines = textwrap.wrap(message, room, break_long_words=False, break_on_hyphens=False) or [message]
    if after and len(lines[-1]) + 1 + len(after) > room:
        lines.append("")  # the hint, on the next line
    return "\n  ".join(lines)


class QuestionaryPrompter:
    """The Prompter of `questions.run` for a real terminal."""

    def ask(self, question: Question) -> Any:
        try:
            return self._ask(question)
        except EOFError:  # Ctrl-D, or input that ended: stop as Ctrl-C does, with what was saved kept
            raise KeyboardInterrupt from None

    def _ask(self, question: Question) -> Any:
        if question.kind == "password":  # typed without being shown
            return questionary.password(fit(question.message), style=STYLE).unsafe_ask() or ""
        if question.kind == "confirm":
            # A choice of "Ja"/"Nee" rather than questionary.confirm, whose keys
            # are y/n only and whose answer reads "Yes"/"No" in a Dutch dialogue.
            yes = questionary.Choice(t("prompt.yes"), value=True, shortcut_key=t("prompt.yes_key"))
            no = questionary.Choice(t("prompt.no"), value=False, shortcut_key=t("prompt.no_key"))
            return questionary.select(
                fit(question.message, t("prompt.confirm_hint")), choices=[yes, no],
                default=yes if question.default else no,
                style=STYLE, use_shortcuts=True, use_arrow_keys=True, use_jk_keys=False,
                instruction=t("prompt.confirm_hint"),
            ).unsafe_ask()
        if question.kind == "select":
            choices = [questionary.Choice(c.label, value=c.value) for c in question.choices]
            default = next((c for c in choices if c.value == question.default), None)
            hint = t("prompt.search_hint") if question.search else t("prompt.select_hint")
            return questionary.select(
                fit(question.message, hint), choices=choices, default=default, style=STYLE,
                use_search_filter=question.search, use_jk_keys=not question.search, instruction=hint,
            ).unsafe_ask()
        if question.kind == "checkbox":
            defaults = set(question.default or ())
            choices = [
                questionary.Choice(c.label, value=c.value, checked=c.value in defaults) for c in question.choices
            ]
            validate = _validator(question)
            # questionary writes its own English line once the question is answered ("done (3
            # selections)") and has no setting for it: the prompt is erased when done, and the
            # line left in its place is ours, with what was ticked.
            asking = questionary.checkbox(
                fit(question.message, t("prompt.checkbox_hint")), choices=choices, style=STYLE,
                instruction=t("prompt.checkbox_hint"),
                erase_when_done=True, **({"validate": validate} if validate else {}),
            )
            _never_done(asking)
            try:
                picked = asking.unsafe_ask()
            except (KeyboardInterrupt, EOFError):  # the question stays on the screen, without an answer
                _answered(question.message, "")
                raise
            labels = {c.value: c.label for c in question.choices}
            _answered(question.message, ticked([labels[v] for v in picked], question.message))
            return picked
        message = question.message + (f" ({question.hint})" if question.hint else "")
        asking = questionary.text(
            fit(message), default="" if question.default is None else str(question.default),
            validate=_validator(question), style=STYLE, **(_long_text() if question.multiline else {}),
        )
        try:
            return asking.unsafe_ask()
        except KeyboardInterrupt as interrupted:
            # What was typed so far, so the draft can offer it again (questions.run keeps it).
            interrupted.partial = asking.application.current_buffer.text  # type: ignore[attr-defined]
            raise

    def say(self, text: str, style: str) -> None:
        if style == "title":
            console.out().print(f"\n[bold cyan]{escape(text)}[/]")
        elif style == "tip":
            import textwrap

            # Continued under the words, not under the bullet or at the margin.
            lines = textwrap.wrap(text, max(console.out().width - 4, 20), break_long_words=False) or [""]
            console.out().print("  [dim]• " + "\n    ".join(escape(line) for line in lines) + "[/]")
        elif style == "error":
            console.error(text)
        else:
            console.out().print(escape(text))
