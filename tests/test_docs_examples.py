"""Every `wor` command the guides show parses: the commands and options exist as written.

README.md and docs/*.md are read as a coach would copy from them. Each shell example is
parsed by the real command line (Click's parser, without running the command, so this stays fast and writes
nothing); an example with a misspelt or retired option, or a command that does not
exist, fails here with the file and line. What the examples do when run was checked by
running them by hand (docs/testing.md, "The guides, walked").
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import ROOT

GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "catalogue" / "LEESMIJ.md"]
BLOCK = re.compile(r"```(sh|text)\n(.*?)\n```", re.S)
STOP = {"|", ">", "2>", "&&", ";", "#"}


def examples() -> list[tuple[str, list[str]]]:
    """(FILE:LINE, the words after `wor`) for every command line in a shell block, or after `$ ` in a text block."""
    found = []
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        for block in BLOCK.finditer(text):
            first = text.count("\n", 0, block.start(2)) + 1
            for offset, line in enumerate(block.group(2).splitlines()):
                line = line.strip()
                if block.group(1) == "text":
                    if not line.startswith("$ wor "):
                        continue
                    line = line[2:]
                for part in line.split("&&"):
                    if not part.strip().startswith("wor "):
                        continue
                    words = shlex.split(part.replace("\\", "/"), comments=True)  # a Windows path as typed
                    if not words or words[0] != "wor":
                        continue
                    end = next((i for i, w in enumerate(words) if w in STOP), len(words))
                    found.append((f"{guide.relative_to(ROOT)}:{first + offset}", words[1:end]))
    return found


EXAMPLES = examples()


def test_the_guides_have_examples_of_every_command():
    from wor_cli.cli import COMMANDS

    shown = {words[0] for _, words in EXAMPLES if words}
    assert set(COMMANDS) <= shown, set(COMMANDS) - shown


def _parse(command, name: str, args: list[str]) -> None:
    """Parse as `wor` would, then on into the sub-command; raises Click's usage error."""
    ctx = command.make_context(name, list(args))
    rest = [*getattr(ctx, "_protected_args", getattr(ctx, "protected_args", [])), *ctx.args]
    if hasattr(command, "resolve_command") and rest:
        sub_name, sub, remaining = command.resolve_command(ctx, rest)
        assert sub is not None, f"no command {rest[0]}"
        _parse(sub, sub_name, remaining)


@pytest.mark.parametrize(("where", "words"), EXAMPLES, ids=[where for where, _ in EXAMPLES])
def test_each_example_parses(where, words):
    import typer.main

    from wor_cli import cli

    cli.prepare(words)
    root = typer.main.get_command(cli.build_app())
    try:
        _parse(root, "wor", words)
    except Exception as error:  # noqa: BLE001 - Click's usage errors, named with the example
        pytest.fail(f"{where}: wor {' '.join(words)}: {getattr(error, 'format_message', lambda: error)()}")


@pytest.mark.parametrize("words", [["match", "yoga", "--limt", "3"], ["catalogue", "chek"], ["lijst"],
                                   ["export", "minimal-dataset", "--fromat", "csv"]])
def test_a_wrong_example_would_be_caught(words):
    import typer.main

    from wor_cli import cli

    cli.prepare(words)
    with pytest.raises(Exception, match="(?i)onbekend|no such|no command"):
        _parse(typer.main.get_command(cli.build_app()), "wor", words)
