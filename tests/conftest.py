"""Every test runs against its own temporary database, config, cache and data dir.

No test can touch a coach's real files: the autouse fixture points WOR_HOME,
which moves every file wor keeps, at `tmp_path`, clears every other variable
that could point elsewhere, runs the test in `tmp_path` (outputs written under
their default names land there, not in the working tree) and fixes "today" at
2026-11-23.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import TODAY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.chdir(tmp_path)  # a file written under its default name lands here, never in the working tree
    monkeypatch.setenv("WOR_HOME", str(home))
    monkeypatch.setenv("WOR_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("WOR_DB", "WOR_CONFIG", "WOR_DATA_DIR", "WOR_CACHE_DIR",
                 "WOR_LANG", "WOR_CATALOGUE", "WOR_KEY_FILE", "WOR_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    _forget_cached_state()
    yield home
    _forget_cached_state()


def _forget_cached_state() -> None:
    from wor_cli import i18n, instruments
    from wor_cli.catalogue import postcodes
    from wor_cli.commands._shared import reset_globals

    reset_globals()
    i18n.set_language("nl")
    instruments.instruments.cache_clear()
    postcodes._table.cache_clear()


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated / "data" / "wor.db"


@pytest.fixture
def store(db_path: Path):
    from wor_cli.store import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 (pytest's reporter)
    """The judged sets' nDCG@5 (tests/test_ranking.py), in the test output whether the suite ran
    in one process or in several (pytest-xdist sends each test's properties back)."""
    lines = [value for status in ("passed", "failed") for report in terminalreporter.stats.get(status, [])
             if getattr(report, "when", "") == "call" for key, value in report.user_properties if key == "ndcg"]
    if lines:
        terminalreporter.section("nDCG@5 of the judged sets")
        for line in sorted(lines):
            terminalreporter.write_line(line)
