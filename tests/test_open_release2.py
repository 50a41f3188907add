"""What the release-2 attack (tests/test_hostile_release2.py) left open, each closed at the mechanism."""

from __future__ import annotations

import pytest

from tests.helpers import invoke
from tests.hostile import dump


def _number_options() -> list[tuple[str, ...]]:
    """Every whole-number option of every command, as (command words..., option): found, not listed."""
    from typer._click.types import IntParamType

    from wor_cli import cli

    found: list[tuple[str, ...]] = []

    def walk(command, words: tuple[str, ...]) -> None:
        for param in command.params:
            if isinstance(param.type, IntParamType):
                found.append((*words, param.opts[0]))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*words, name))

    for name in cli.COMMANDS:
        walk(cli._build(name), (name,))
    return found


NUMBER_OPTIONS = _number_options()


def said(result) -> str:
    """What stderr says, the error box's borders and line breaks taken out (it wraps at 80 columns)."""
    return " ".join(result.stderr.replace("│", " ").split())


def test_the_number_options_are_found():
    assert ("agenda", "--days") in NUMBER_OPTIONS and ("catalogue", "stale", "--months") in NUMBER_OPTIONS
    assert ("report", "--stories") in NUMBER_OPTIONS  # an IntRange too


@pytest.mark.parametrize("words", NUMBER_OPTIONS, ids=" ".join)
@pytest.mark.parametrize("typed", ["１４", "٢", "1４"])
def test_a_number_option_takes_the_digits_0_to_9_only(db_path, words, typed):
    """Click's int() read "１４" as 14: `agenda --days １４` ran, where a typed date refuses the same digits."""
    *command, option = words
    before = dump(db_path) if db_path.exists() else None
    result = invoke(*command, option, typed)  # the option first: Click checks it before a missing REF
    assert result.exit_code == 2, result.output
    assert option in said(result) and "gewone cijfers 0-9" in said(result), result.stderr
    assert "Traceback" not in result.output
    assert (dump(db_path) if db_path.exists() else None) == before


def test_a_number_option_still_takes_plain_digits_in_english_too():
    assert invoke("agenda", "--days", "14").exit_code == 0
    result = invoke("agenda", "--days", "１４", "--lang", "en")
    assert result.exit_code == 2 and "ordinary digits 0-9" in said(result) and "--days" in result.stderr
