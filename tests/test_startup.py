"""Start-up stays light: nothing heavy is imported to build the CLI or show help."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import ROOT

HEAVY = ["questionary", "prompt_toolkit", "jinja2", "yaml", "sqlite_utils", "fpdf", "docx",
         "matplotlib", "snowballstemmer", "sqlcipher3", "openpyxl"]


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


def test_version():
    from wor_cli import __version__
    from tests.helpers import invoke

    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"wor {__version__}"
