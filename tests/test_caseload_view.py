"""`wor list` as a coach reads it: plain aligned columns, written row by row (issue 15)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console

from tests.helpers import ROOT, contact, invoke, new_referral
from wor_cli import caseload
from wor_cli.ui import caseload_view
from wor_cli.ui.columns import fit


def _caseload(tmp_path: Path) -> dict[str, str]:
    """An everyday caseload: a planned appointment, one late, one with a long name, one closed."""
    refs = {
        "planned": new_referral(tmp_path, client__name="Anna de Wit"),
        "late": new_referral(tmp_path, client__name="Wilhelmina van Oranje-Nassau tot Amsberg",
                             referral__date="2026-08-03", consent__date="2026-08-03"),
        "closed": new_referral(tmp_path, client__name="Jan Smit"),
    }
    contact(tmp_path, refs["planned"], {"contact": {"date": "2026-11-09", "mode": "phone",
                                                    "next_appointment": "2026-11-30 10:30"}})
    contact(tmp_path, refs["closed"], {"close": {"outcome": "no-show"}})
    return refs


def _column(line: str, start: int) -> str:
    """What a line shows from terminal cell `start` on, up to the next gap."""
    cells = 0
    for index, char in enumerate(line):
        if cells >= start:
            return line[index:].split("  ")[0]
        cells += cell_len(char)
    return ""


def test_a_small_caseload_reads_as_aligned_columns_within_80_columns(tmp_path):
    refs = _caseload(tmp_path)
    result = invoke("list", "--status", "all")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Uw cliënten (3)"
    header = lines[1]
    for word in ("Kenmerk", "Cliënt", "Huisarts", "Status", "Gesprekken", "Volgende"):
        assert word in header
    assert max(cell_len(line) for line in lines) <= 80
    starts = {word: header.index(word) for word in ("Cliënt", "Status", "Volgende")}
    rows = {line.split()[0]: line for line in lines[2:] if line.startswith("R26-")}
    assert set(rows) == set(refs.values())
    assert _column(rows[refs["planned"]], starts["Volgende"]) == "afspraak 10:30"
    assert _column(rows[refs["closed"]], starts["Status"]) == "afgesloten"
    long_name = _column(rows[refs["late"]], starts["Cliënt"])
    assert long_name.startswith("Wilhelmina van") and long_name.endswith("…")
    below = lines[lines.index(rows[refs["planned"]]) + 1]  # the detail line: the appointment's day
    assert _column(below, starts["Volgende"]) == "30-11-2026"
    assert _column(lines[lines.index(rows[refs["late"]]) + 1], starts["Status"]) == "> 3 mnd"
    # --json is as it was: the whole name, every field
    listed = {e["ref"]: e for e in json.loads(invoke("list", "--status", "all", "--json").stdout)}
    assert listed[refs["late"]]["client"] == "Wilhelmina van Oranje-Nassau tot Amsberg"


def test_the_same_table_in_english(tmp_path):
    _caseload(tmp_path)
    lines = invoke("list", "--lang", "en").stdout.splitlines()
    assert lines[0] == "Your clients (2)"
    for word in ("Reference", "Client", "GP", "Status", "Conversations", "Next"):
        assert word in lines[1]
    assert "appointment 10:30" in "\n".join(lines) and "> 3 mo" in "\n".join(lines)


def test_a_wide_terminal_shows_names_whole_and_a_narrow_one_keeps_them_readable():
    overview = {"count": 1, "open": 1, "closed": 0, "appointments": True, "ref": 8, "client": 40, "referrer": 30}
    wide = caseload_view.caseload_widths(overview, 160)
    assert wide[1] == 40 and wide[2] == 30
    narrow = caseload_view.caseload_widths(overview, 60)
    assert narrow[1] >= 10 and narrow[2] >= 12
    at_80 = caseload_view.caseload_widths(overview, 80)
    assert sum(at_80) + 5 * len(caseload_view.GAP) == 80 and at_80[1] > at_80[2]


def test_names_the_database_holds_cannot_break_a_line_or_reach_the_terminal(tmp_path, store):
    ref = new_referral(tmp_path)
    with store.transaction() as conn:  # written past validation, as a damaged or hand-edited file could
        conn.execute("UPDATE clients SET name = ?", ("Anna\nde\tWit\x1b[31m" + "\u200b" * 5000,))
        conn.execute("UPDATE referrers SET name = ?", ("李小龍 de Boer, huisarts te Amsterdam-Zuidoost",))
    result = invoke("list")
    lines = result.stdout.splitlines()
    assert "\x1b" not in result.stdout
    assert len(lines) == 4 and lines[2].startswith(ref) and lines[3].startswith(" ")  # a row and its detail line
    assert "Anna de Wit" in lines[2]
    assert all(cell_len(line) <= 80 for line in lines)
    assert fit("李小龍 de Boer", 5) == "李小…" and cell_len(fit("李小龍", 5)) == 5


def test_rows_are_written_as_they_are_read(tmp_path, store):
    for _ in range(3):
        new_referral(tmp_path)
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)
    seen = []

    def reading():
        for entry in caseload.each(store, "open"):
            seen.append(out.getvalue().count("R26-"))  # what was written before this row was read
            yield entry

    caseload_view.write_caseload(console, caseload.overview(store, "open"), reading())
    assert seen == [0, 1, 2]


def test_colours_only_where_the_console_has_them(tmp_path, store):
    new_referral(tmp_path, referral__date="2026-11-02", consent__date="2026-11-02")  # late on 23-11
    overview = caseload.overview(store, "open")
    coloured, plain = io.StringIO(), io.StringIO()
    caseload_view.write_caseload(Console(file=coloured, width=80, force_terminal=True, color_system="standard"),
                                 overview, caseload.each(store, "open"))
    caseload_view.write_caseload(Console(file=plain, width=80, no_color=True), overview, caseload.each(store, "open"))
    assert "\x1b[1;31mte laat\x1b[0m" in coloured.getvalue()
    assert "\x1b" not in plain.getvalue() and "te laat" in plain.getvalue()


def test_a_reader_that_stops_early_ends_the_list_quietly(tmp_path):
    from tests.tools.make_database import make

    database = tmp_path / "big.db"
    make(database, referrals=1500, contacts=3000)  # far more than a pipe holds
    env = {**os.environ, "WOR_DB": str(database)}
    listing = subprocess.Popen([sys.executable, "-m", "wor_cli", "list", "--status", "all"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert listing.stdout is not None and listing.stdout.readline().startswith(b"Uw cli")
    listing.stdout.close()  # as `| head -1` does
    _, errors = listing.communicate(timeout=60)
    assert listing.returncode == 1 and errors == b""
