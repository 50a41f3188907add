"""Typer's and Click's own words (help headings, usage errors) in the coach's language.

Typer vendors Click with its gettext calls removed, so these texts cannot come
from a translation catalogue of Click's: the help headings are settings of
`typer.rich_utils`, the "Usage:" prefix and the help option belong to the vendored
Click, and a usage error is written in English inside its exception. So we
- give the help option and the usage line our words as soon as `wor` starts
  (those modules are loaded anyway: it costs nothing);
- set `typer.rich_utils`' headings the moment that module is first imported (it
  takes ~0.1 s and is needed only for a help screen or an error, so we never
  import it ourselves);
- rewrite each usage error from its parts (the exception's class and attributes,
  or Click's sentence matched below), so the coach reads "Onbekende optie: --limt"
  rather than "No such option".
Every text comes from the message catalogues (`click.*` keys), so English reads
English with `--lang en`.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
from typing import Any

from wor_cli.i18n import t

# Click's sentences that carry no attributes to rebuild them from: (pattern, key).
_SENTENCES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)"), "click.extra_arguments"),
    (re.compile(r"No such command '(?P<name>.*?)'\.(?: Did you mean (?P<options>.*)\?)?"), "click.no_such_command"),
    (re.compile(r"Missing command\."), "click.missing_command"),
    (re.compile(r"Option '(?P<name>.*)' requires an argument\."), "click.option_needs_value"),
    (re.compile(r"Option '(?P<name>.*)' requires (?P<n>\d+) arguments\."), "click.option_needs_values"),
    (re.compile(r"Option '(?P<name>.*)' does not take a value\."), "click.option_takes_no_value"),
    (re.compile(r"(?P<value>.*) is not a valid (?:integer|int)\."), "click.not_a_whole_number"),
    (re.compile(r"(?P<value>.*) is not a valid float\."), "click.not_a_number"),
    (re.compile(r"(?P<value>.*) is not a valid boolean\."), "click.not_yes_no"),
    (re.compile(r"(?P<value>.*) is not one of (?P<options>.*)\."), "click.not_one_of"),
    (re.compile(r"(?P<value>.*) is not in the range x>=(?P<least>[-\d.]+)\."), "click.below_least"),
    (re.compile(r"(?P<value>.*) is not in the range (?P<range>.*)\."), "click.out_of_range"),
    (re.compile(r"(?P<kind>File|Directory|Path) (?P<value>.*) does not exist\."), "click.path_missing"),
]


def sentence(text: str) -> str:
    """One of Click's English sentences in the current language (unknown ones stay as they are)."""
    for pattern, key in _SENTENCES:
        found = pattern.fullmatch(text.strip())
        if found:
            parts = {name: value or "" for name, value in found.groupdict().items()}
            if key == "click.no_such_command" and parts["options"]:
                return t(key, name=parts["name"]) + " " + t("click.did_you_mean", options=parts["options"])
            return t(key, **parts)
    return text


def _hint(error: Any) -> str:
    """The parameter a usage error is about, as Click names it ('--kind', 'REF')."""
    from typer._click.exceptions import _join_param_hints

    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    return _join_param_hints(hint) or ""


def message(error: Any) -> str:
    """A usage error (a Click exception) in the current language."""
    from typer._click import exceptions as click

    if isinstance(error, click.NoSuchOption):
        text = t("click.no_such_option", name=error.option_name)
        if error.possibilities:
            text += " " + t("click.did_you_mean", options=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        if kind == "argument":  # shown as the usage line shows it: REF
            return t("click.missing_argument", name=_hint(error).strip("'").upper())
        key = {"option": "click.missing_option"}.get(kind, "click.missing_parameter")
        return t(key, name=_hint(error))
    if isinstance(error, click.BadParameter):
        hint = _hint(error)
        detail = sentence(error.message)
        return t("click.invalid_value_for", name=hint, message=detail) if hint else t("click.invalid_value", message=detail)
    return sentence(error.format_message())


def _show_error(current: Any) -> Any:
    """Typer's error printer, first putting the error in our words (wrapped once, however often installed)."""
    original = getattr(current, "__wrapped__", current)

    def show(error: Any) -> None:
        if error.__class__.__name__ != "NoArgsIsHelpError":
            translated = message(error)
            error.format_message = lambda: translated  # the instance's own words, for this one print
        original(error)

    show.__wrapped__ = original  # type: ignore[attr-defined]
    return show


def _set_headings(rich_utils: Any) -> None:
    """Typer's help and error headings: module settings it reads each time it prints."""
    rich_utils.DEPRECATED_STRING = t("click.deprecated") + " "
    rich_utils.DEFAULT_STRING = t("click.default")
    rich_utils.ENVVAR_STRING = t("click.envvar")
    rich_utils.REQUIRED_LONG_STRING = t("click.required")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("click.arguments")
    rich_utils.OPTIONS_PANEL_TITLE = t("click.options")
    rich_utils.COMMANDS_PANEL_TITLE = t("click.commands")
    rich_utils.ERRORS_PANEL_TITLE = t("click.error")
    rich_utils.ABORTED_TEXT = t("click.aborted")
    rich_utils.RICH_HELP = t("click.try_help")
    rich_utils.RANGE_STRING = ""  # Click's "[x>=0]" is a formula, not words; the option's help says its limits
    rich_utils.rich_format_error = _show_error(rich_utils.rich_format_error)
    # The usage line is highlighted by its prefix; teach the highlighter ours.
    highlighter = rich_utils.highlighter
    typers = getattr(highlighter, "wor_original_highlights", None) or list(highlighter.highlights)
    highlighter.wor_original_highlights = typers
    highlighter.highlights = [rf"(?P<usage>{re.escape(t('click.usage'))} )", *typers]


class _WhenRichUtilsLoads:
    """Sets the headings right after `typer.rich_utils` is imported, by whoever imports it.

    A meta path finder needs only `find_spec`; not subclassing importlib.abc's class
    keeps importlib.resources (six modules) out of every start.
    """

    NAME = "typer.rich_utils"

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != self.NAME:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            from wor_cli.ui import deferred

            deferred.install()  # rich.markdown and rich.traceback: only if ever used
            run(module)
            _set_headings(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _word(name: str) -> str:
    """A placeholder (PATH, REF, KEY=VALUE) in the current language; one without a text stays as it is."""
    from wor_cli import i18n

    return i18n.catalogue(i18n.language()).get(f"click.metavar.{name}", name)


_QUIET_TYPES: dict[type, type] = {}
# The placeholder of an option that names none, by its type (Click's type names).
_TYPE_WORDS = {"path": "PATH", "integer": "N", "float": "N", "text": "VALUE"}


def _without_type_name(param: Any) -> None:
    """No `<str>` or `<path>` beside an argument in the help: the placeholder and its text say it.

    Typer prints the type's own name when the type has no placeholder; a copy of the
    type whose placeholder is empty converts exactly as before and prints nothing.
    """
    kind = type(param.type)
    if param.type.get_metavar(param=param, ctx=None) is not None:
        return  # choices: the values the coach may type
    quiet = _QUIET_TYPES.setdefault(
        kind, type(kind.__name__, (kind,), {"get_metavar": lambda self, param, ctx=None: ""})
    )
    copied = copy.copy(param.type)
    copied.__class__ = quiet
    param.type = copied


_ASCII_TYPES: dict[type, type] = {}


def _ascii_only(kind: type) -> type:
    """`kind` (Click's INT, IntRange, FLOAT, FloatRange) refusing digits other than 0-9 before it converts."""
    original = kind.convert

    def convert(self: Any, value: Any, param: Any, ctx: Any) -> Any:
        # Click's int() and float() read "１４" (full-width) and "١٤" (Arabic-Indic) as 14; a typed
        # date or number already refuses them (validation.plain_digits), a number option now does too.
        if isinstance(value, str) and not value.isascii():
            from wor_cli import i18n, validation

            try:
                validation.plain_digits(value)
            except validation.Invalid:
                self.fail(t("click.not_plain_digits", value=repr(i18n.excerpt(value))), param, ctx)
        return original(self, value, param, ctx)

    return type(kind.__name__, (kind,), {"convert": convert})


def _ascii_digits_only(param: Any) -> None:
    """A number option or argument takes the digits 0-9 only, in every command (one place)."""
    from typer._click.types import FloatParamType, IntParamType

    if not isinstance(param.type, (IntParamType, FloatParamType)) or type(param.type) in _ASCII_TYPES.values():
        return
    kind = type(param.type)
    copied = copy.copy(param.type)
    copied.__class__ = _ASCII_TYPES.setdefault(kind, _ascii_only(kind))
    param.type = copied


def localise(command: Any) -> Any:
    """A command's usage line and placeholders in our words: [OPTIES], OPDRACHT [ARGUMENTEN]..., KENMERK, PAD."""
    command.options_metavar = t("click.options_metavar")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = t("click.subcommand_metavar")
    for param in getattr(command, "params", []):
        _ascii_digits_only(param)
        if param.param_type_name == "argument":
            param.metavar = _word(param.metavar or (param.name or "").upper())
            _without_type_name(param)
        elif param.metavar:
            param.metavar = _word(param.metavar)
        elif not getattr(param, "is_flag", False) and param.type.name in _TYPE_WORDS:
            param.metavar = _word(_TYPE_WORDS[param.type.name])  # else Typer prints `<path>`
    for sub in getattr(command, "commands", {}).values():
        localise(sub)
    return command


def install() -> None:
    """Put Typer's and Click's words in the current language, for the rest of this run."""
    from typer._click import decorators, formatting

    if "typer.rich_utils" in sys.modules:  # tests run many commands in one process
        _set_headings(sys.modules["typer.rich_utils"])
    elif not any(isinstance(finder, _WhenRichUtilsLoads) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenRichUtilsLoads())

    help_option = getattr(decorators.help_option, "__wrapped__", decorators.help_option)

    def translated_help_option(param_decls: list[str]) -> Any:
        make = help_option(param_decls)

        def apply(command: Any) -> Any:
            command = make(command)
            command.params[-1].help = t("click.help_option")
            return command

        return apply

    translated_help_option.__wrapped__ = help_option  # type: ignore[attr-defined]
    decorators.help_option = translated_help_option

    write_usage = getattr(formatting.HelpFormatter.write_usage, "__wrapped__", formatting.HelpFormatter.write_usage)

    def translated_write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, t("click.usage") + " " if prefix is None else prefix)

    translated_write_usage.__wrapped__ = write_usage  # type: ignore[attr-defined]
    formatting.HelpFormatter.write_usage = translated_write_usage  # type: ignore[method-assign]
