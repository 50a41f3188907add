"""Start-up stays light: nothing heavy is imported to build the CLI or show help."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

HEAVY = ["questionary", "prompt_toolkit", "jinja2", "yaml", "sqlite_utils", "fpdf", "docx",
         "matplotlib", "snowballstemmer", "sqlcipher3", "rapidfuzz", "wordfreq", "msgpack", "openpyxl"]


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    return {name.split(".")[0] for name in json.loads(out.splitlines()[-1])}


def test_building_the_cli_imports_nothing_heavy():
    loaded = imported_after("from wor_cli import cli\ncli.build_app()")
    assert sorted(loaded & set(HEAVY)) == []


def test_help_imports_nothing_heavy():
    code = "from wor_cli import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass"
    assert sorted(imported_after(code) & set(HEAVY)) == []


def test_help_does_not_load_the_markdown_and_traceback_parts_of_rich():
    """typer.rich_utils imports them for features wor does not use: ~40 ms of pygments and markdown-it."""
    code = "from wor_cli import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass"
    assert sorted(imported_after(code) & {"pygments", "markdown_it"}) == []


def test_the_deferred_modules_are_the_real_ones_once_used():
    code = (
        "from wor_cli.ui import deferred\ndeferred.install()\nimport typer.rich_utils\n"
        "from rich.markdown import Markdown\nfrom rich.traceback import Traceback\nimport rich.markdown, rich.traceback\n"
        "assert type(Markdown('# kop')).__module__ == 'rich.markdown'\n"
        "assert not getattr(sys.modules['rich.markdown'], '__deferred__', False)\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    tb = Traceback.from_exception(type(e), e, e.__traceback__)\n"
        "assert type(tb).__name__ == 'Traceback' and type(tb).__module__ == 'rich.traceback'\n"
        "assert rich.traceback.Traceback is type(tb) and hasattr(rich.markdown, 'Heading')\n"
        "import sys"
    )
    assert {"pygments", "markdown_it"} <= imported_after("import sys\n" + code)


def test_version():
    from wor_cli import __version__
    from tests.helpers import invoke

    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"wor {__version__}"


def test_writing_a_referral_imports_no_numpy(tmp_path):
    """sqlite-utils would import numpy (matplotlib installs it): ~0.2 s and threads on every write."""
    from tests.helpers import NEW_REFERRAL, write_yaml

    answers = write_yaml(tmp_path / "new.yaml", NEW_REFERRAL)
    code = (
        "from wor_cli import cli\n"
        f"try:\n    cli.main(['intake', '--new', '--answers', {str(answers)!r}, '--no-input'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "import sqlite_utils"
    )
    loaded = imported_after(code)
    assert "sqlite_utils" in loaded and "numpy" not in loaded and "pandas" not in loaded


def test_an_everyday_write_does_not_import_sqlite_utils(tmp_path):
    """sqlite-utils (with click and its regexes) is for migrations; a step is plain SQL."""
    from tests.helpers import NEW_REFERRAL, invoke, write_yaml

    answers = write_yaml(tmp_path / "new.yaml", NEW_REFERRAL)
    assert invoke("intake", "--new", "--answers", answers, "--no-input").exit_code == 0  # makes the database
    code = (
        "from wor_cli import cli\n"
        f"try:\n    cli.main(['intake', '--new', '--answers', {str(answers)!r}, '--no-input'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
    )
    assert "sqlite_utils" not in imported_after(code)


def test_numpy_still_imports_after_sqlite_utils():
    """Blocking numpy for sqlite-utils' import must not keep the report's charts from it."""
    pytest.importorskip("numpy")
    loaded = imported_after(
        "from wor_cli.store.connection import import_sqlite_utils\nimport_sqlite_utils()\nimport numpy"
    )
    assert "numpy" in loaded


def test_running_a_command_imports_no_pydantic():
    """Why typer is pinned below 0.29 in pyproject.toml.

    Typer 0.29 converts every option through a pydantic TypeAdapter, which
    imports pydantic on every command (+0.15 s for `wor list`, measured with
    ../shared/bench/bench.py: 1.6x with 0.29.2). The pin can go when this test
    passes with the newest Typer: `pip install -U typer && pytest -k pydantic`.
    """
    code = "from wor_cli import cli\ntry:\n    cli.main(['list', '--json'])\nexcept SystemExit:\n    pass"
    assert "pydantic" not in imported_after(code)


def test_a_report_to_a_pipe_does_not_load_rich_console(tmp_path):
    """Written to a pipe or a file the report is plain lines; rich's console (30 ms) is for a terminal."""
    row = {"id": "a", "referral_month": "2026-02", "age_band": "75-84", "practice": "P", "reasons": ["rouw"],
           "status": "new", "contacts": 0}
    dataset = tmp_path / "a.json"
    dataset.write_text(json.dumps([row]), encoding="utf-8")
    code = (
        "from wor_cli import cli\n"
        f"try:\n    cli.main(['report', '--dataset', {str(dataset)!r}, '--from', '2026-01-01', '--to', '2026-12-31'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "import sys, json\nprint(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert "rouw en verlies" in out  # the report itself, plain
    loaded = set(json.loads(out.splitlines()[-1]))
    assert "rich.console" not in loaded and "rich.text" not in loaded
