"""Every command is documented, and the README opens with the two commands CI relies on."""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT, invoke
from wor_cli.cli import COMMANDS

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_is_in_the_readme_and_has_help(name):
    assert f"wor {name}" in README, f"README.md does not show `wor {name}`"
    result = invoke(name, "--help")
    assert result.exit_code == 0 and "Gebruik" in result.stdout


def test_the_readme_opens_with_the_install_and_the_test_command():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[0].startswith("pip install . && wor ")
    assert blocks[1] == 'pip install ".[test]" && pytest'


def test_the_changelog_has_an_unreleased_section():
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _architecture_tree() -> str:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return text.split("## Rooms and arrows", 1)[1].split("```", 2)[1]


def test_the_architecture_names_every_module_and_none_that_is_not_there():
    tree = _architecture_tree()
    package = ROOT / "wor_cli"
    modules = {path.name for path in package.rglob("*.py") if path.name != "__init__.py"}
    named = set(re.findall(r"\b([a-z_][a-z0-9_]*\.py)\b", tree))
    assert modules - named == set(), "docs/architecture.md does not name these modules"
    assert named - modules - {"__init__.py"} == set(), "docs/architecture.md names modules that do not exist"
