"""`wor report` as table or JSON stays light: no YAML, Jinja, matplotlib or sqlite-utils."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import new_referral

HEAVY = ("yaml", "jinja2", "matplotlib", "sqlite_utils", "questionary", "fpdf", "docx", "openpyxl")
SCRIPT = """
import sys
from wor_cli import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("IMPORTED " + " ".join(m for m in {heavy!r} if m in sys.modules) + "\\n")
"""


def run(*args: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY), *args],
        capture_output=True, text=True, env=os.environ.copy(), timeout=120,
    )
    imported = next(line for line in done.stderr.splitlines() if line.startswith("IMPORTED"))
    return done.stdout, imported.split()[1:]


def test_json_and_table_reports_import_nothing_heavy(tmp_path):
    new_referral(tmp_path)
    run("report", "--format", "json")  # the first run may fill the instrument cache
    out, imported = run("report", "--format", "json")
    assert json.loads(out)["referrals"]["total"] == 1
    assert imported == []
    out, imported = run("report")
    assert "Welzijn op Recept" in out and imported == []


def test_the_export_imports_nothing_heavy_either(tmp_path):
    new_referral(tmp_path)
    run("export", "minimal-dataset")
    out, imported = run("export", "minimal-dataset")
    assert out.startswith("id,row,") and imported == []


def test_the_html_report_draws_without_a_plotting_library(tmp_path):
    """The charts are SVG written by reports/charts.py: no matplotlib, no numpy (issue 14, speed)."""
    new_referral(tmp_path)
    out = tmp_path / "verslag.html"
    _, imported = run("report", "--format", "html", "--out", str(out))
    assert out.read_text(encoding="utf-8").count("<svg") >= 2
    assert "matplotlib" not in imported and "openpyxl" not in imported
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=("numpy", "matplotlib")), "report", "--format", "html",
         "--out", str(out), "--force"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=120,
    )
    assert "IMPORTED \n" in done.stderr, done.stderr  # neither of the two


def test_a_json_report_to_the_terminal_does_not_load_rich(tmp_path):
    """rich is for the table and for messages; the JSON goes straight to stdout (issue 14, speed)."""
    new_referral(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=("rich", "rich.console")), "report", "--format", "json"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=120,
    )
    assert json.loads(done.stdout)["referrals"]["total"] == 1
    assert "IMPORTED \n" in done.stderr, done.stderr
