"""The report's figures of issue 14, by hand on a small database; `--dataset`; xlsx."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date, datetime

import pytest

from tests.helpers import contact, invoke, new_referral, write_yaml
from tests.tools.make_database import make


@pytest.fixture
def small(tmp_path):
    """Five referrals this year and one the year before; every figure below is counted by hand."""

    def referral(name, day, **more):
        return new_referral(tmp_path, client__name=name, referral__date=day, consent__date=day,
                            **{f"referral__{k}": v for k, v in more.items()})

    def followup(ref, data):
        path = write_yaml(tmp_path / f"f-{ref}.yaml", {"followup": data})
        assert invoke("intake", ref, "--answers", path, "--no-input").exit_code == 0

    a = referral("Anna de Wit", "2026-02-02", gp_visits_before=4)
    assert contact(tmp_path, a, {"contact": {"date": "2026-02-09", "mode": "phone"},
                                 "close": {"outcome": "stopped-early", "dropout_reason": "health"}}).exit_code == 0
    followup(a, {"date": "2026-05-15", "still_taking_part": "yes", "satisfaction": 7, "gp_visits_after": 2})
    b = referral("Johannes Bakker", "2026-03-10", gp_visits_before=2)
    assert contact(tmp_path, b, {"contact": {"date": "2026-03-17", "mode": "phone"}}).exit_code == 0
    assert contact(tmp_path, b, {"contact": {"date": "2026-04-20", "mode": "phone"},
                                 "close": {"outcome": "completed"}}).exit_code == 0
    followup(b, {"date": "2026-07-25", "still_taking_part": "other-activity", "satisfaction": 9, "gp_visits_after": 1})
    c = referral("Fatima El Amrani", "2026-04-01", gp_visits_before=6)
    assert contact(tmp_path, c, {"close": {"outcome": "no-show", "dropout_reason": "unreachable"}}).exit_code == 0
    d = referral("Hendrik Mulder", "2026-05-05")
    assert contact(tmp_path, d, {"contact": {"date": "2026-05-12", "mode": "phone"}}).exit_code == 0
    referral("Wiebe Postma", "2026-06-01")
    e = referral("Gerda Smit", "2025-12-15", gp_visits_before=3)
    assert contact(tmp_path, e, {"contact": {"date": "2025-12-20", "mode": "phone"},
                                 "close": {"outcome": "completed"}}).exit_code == 0
    followup(e, {"date": "2026-03-25", "still_taking_part": "stopped", "satisfaction": 5, "gp_visits_after": 3})
    return tmp_path


def report(*args: str) -> dict:
    result = invoke("report", "--format", "json", "--from", "2026-01-01", "--to", "2026-11-23", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_gp_visits_follow_up_dropout_and_demographics_by_hand(small):
    found = report()
    # A (4 -> 2) and B (2 -> 1) have both counts; C has only the count before
    assert found["gp_visits"] == {"n": 2, "before_mean": 3.0, "after_mean": 1.5, "mean_change": -1.5, "before_n": 3}
    assert found["followup"] == {
        "n": 2, "still_taking_part": {"yes": 1, "other-activity": 1, "stopped": 0, "never-started": 0},
        "still_taking_part_share": {"yes": 0.5, "other-activity": 0.5, "stopped": 0.0, "never-started": 0.0},
        "satisfaction_mean": 8.0, "satisfaction_n": 2,
    }
    assert found["dropout"] == {"no-longer-needed": 0, "health": 1, "no-fitting-activity": 0, "moved": 0,
                                "other-help": 0, "unreachable": 1, "other": 0}
    people = found["demographics"]
    assert people["age_band"]["75-84"] == 5 and sum(people["age_band"].values()) == 5  # born 1948
    assert people["gender"] == {"female": 0, "male": 0, "unknown": 5}  # no salutation recorded
    assert people["area"] == {"8232": 5}  # five share 8232: named


def test_the_previous_period_of_equal_length(small):
    found = report()
    before = found["previous"]
    # 1 January - 23 November is 327 days; the 327 days before end on 31 December 2025
    assert before["period"] == {"from": "2025-02-08", "to": "2025-12-31"}
    assert "stories" not in before and "previous" not in before
    assert before["referrals"]["total"] == 1 and before["funnel"]["started"] == 1
    assert before["funnel"]["closed_total"] == 1 and before["funnel"]["closed"]["completed"] == 1
    assert before["gp_visits"] == {"n": 1, "before_mean": 3.0, "after_mean": 3.0, "mean_change": 0.0, "before_n": 1}
    assert before["followup"]["still_taking_part"]["stopped"] == 1 and before["followup"]["satisfaction_mean"] == 5.0
    assert before["demographics"]["area"] == {"other": 1}  # one alone is not named
    whole = report("--from", "2026-01-01", "--to", "2026-06-30")  # whole months: the six months before
    assert whole["previous"]["period"] == {"from": "2025-07-01", "to": "2025-12-31"}
    assert report("--from", "2025-01-01", "--to", "2025-12-31")["previous"]["period"] == {
        "from": "2024-01-01", "to": "2024-12-31"}
    # the headline funnel of this period, for reference: A, B, C closed; D active; Wiebe waiting
    assert found["funnel"]["referred"] == 5 and found["funnel"]["started"] == 3
    assert found["funnel"]["closed"] == {"completed": 1, "stopped-early": 1, "referred-elsewhere": 0, "no-show": 1}


def test_every_format_shows_the_new_figures_and_the_previous_period(small, tmp_path):
    rows = list(csv.DictReader(io.StringIO(invoke("report", "--format", "csv", "--from", "2026-01-01").stdout)))
    values = {(r["section"], r["item"]): r["value"] for r in rows}
    assert values[("gp_visits", "mean_change")] == "-1.5"
    assert values[("followup.still_taking_part", "yes")] == "1"
    assert values[("dropout", "unreachable")] == "1"
    assert values[("previous.referrals", "total")] == "1"
    assert values[("previous.followup", "satisfaction_mean")] == "5.0"
    table = invoke("report", "--from", "2026-01-01").stdout
    for words in ("Vorige periode", "Bezoek aan de huisarts", "Drie maanden later", "Waarom mensen stopten",
                  "gezondheid", "niet bereikbaar", "doet nog mee", "75-84"):
        assert words in table, words
    english = invoke("report", "--from", "2026-01-01", "--lang", "en").stdout
    assert "Previous period" in english and "could not be reached" in english
    html = tmp_path / "r.html"
    assert invoke("report", "--from", "2026-01-01", "--format", "html", "--out", html).exit_code == 0
    page = html.read_text(encoding="utf-8")
    for part in ('id="chart-gp-visits"', 'id="chart-followup"', "Vorige: 1", "Wie er verwezen worden"):
        assert part in page, part


def test_the_report_as_a_workbook_with_numbers_and_dates(small, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "verslag.xlsx"
    result = invoke("report", "--from", "2026-01-01", "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert "In het kort" in book.sheetnames and "Bezoek aan de huisarts" in book.sheetnames
    period = list(book["Periode"].iter_rows(values_only=True))
    assert period[0] == (None, "Van", "Tot en met")
    assert period[1][1] == datetime(2026, 1, 1) and book["Periode"]["B2"].is_date
    key = {row[0]: row[1:] for row in book["In het kort"].iter_rows(min_row=2, values_only=True)}
    assert key["verwijzingen"] == (5, 1)
    gp = list(book["Bezoek aan de huisarts"].iter_rows(min_row=2, values_only=True))
    assert gp[0][1:] == (2, 3.0, 1.5, -1.5)
    reasons = book["Waarom mensen worden verwezen"]
    assert isinstance(reasons["B2"].value, int) and reasons["C2"].number_format == "0%"
    assert invoke("report", "--format", "xlsx").exit_code == 2  # a workbook needs --out


def test_the_dataset_as_a_workbook(small, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "dataset.xlsx"
    result = invoke("export", "minimal-dataset", "--from", "2026-01-01", "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Id", "Regel", "Maand van verwijzing", "Leeftijd"]
    assert "Welbevinden (ONS4): tevreden (begin)" in header
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 5
    month = rows[0][header.index("Maand van verwijzing")]
    assert month.is_date and month.value == datetime(2026, 2, 1)
    assert {r[header.index("Gesprekken")].value for r in rows} == {0, 1, 2}  # numbers, not text
    assert all(isinstance(r[header.index("Gesprekken")].value, int) for r in rows)


def test_hostile_dataset_files_are_refused_with_the_file_and_row(tmp_path):
    cases = {
        "not-json.json": (b"{ nee", "not-json.json:1"),
        "nan.json": (b'[{"id": "a", "contacts": NaN}]', "nan.json"),
        "huge.json": (b'[{"id": "a", "contacts": ' + b"9" * 5000 + b"}]", "huge.json"),
        "latin1.json": ("[\"caf\xe9\"]".encode("latin-1"), "latin1.json:1"),
        "object.json": (b'{"rows": []}', "object.json"),
        "deep.json": (b"[" * 100_000 + b"]" * 100_000, "deep.json"),
        "row.json": (b"[1]", "row.json:1: verwijzing 1 "),
        "missing.json": (b'[{"id": "a"}]', "referral_month"),
        "bad.json": (json.dumps([{"id": "a", "referral_month": "2026-13", "age_band": "75-84", "practice": "P",
                                  "reasons": [], "status": "new", "contacts": 0}]).encode(), "referral_month"),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = invoke("report", "--dataset", path, "--format", "json")
        assert result.exit_code == 2, (name, result.output)
        assert expected in result.output and "Traceback" not in result.output, (name, result.output)
    assert invoke("report", "--dataset", tmp_path, "--format", "json").exit_code == 2  # a folder


def test_a_bad_row_is_named_by_the_line_it_starts_on_and_the_line_is_not_an_emoji(tmp_path):
    """The json module gives no positions: the line is found by reading the rows again. rich
    would print "file:100:" as a 💯 with its emoji codes on."""
    row = {"id": "a", "referral_month": "2026-02", "age_band": "75-84", "practice": "P", "reasons": [],
           "status": "new", "contacts": 0}
    rows = [dict(row, id=f"r{n}") for n in range(40)]
    rows[10]["contacts"] = -1
    text = json.dumps(rows, indent=1)  # a row over several lines, as an editor shows the export
    start = next(n for n, line in enumerate(text.splitlines(), 1) if '"r10"' in line) - 1  # its "{"
    text = "\n" * (100 - start) + text  # the row starts on line 100
    assert text.splitlines()[99].strip() == "{"
    path = tmp_path / "lang.json"
    path.write_text(text, encoding="utf-8")
    result = invoke("report", "--dataset", path, "--format", "json")
    assert result.exit_code == 2
    assert "lang.json:100: verwijzing 11: het veld 'contacts'" in result.output, result.output
    assert "\N{HUNDRED POINTS SYMBOL}" not in result.output


# --- the organisation's report -------------------------------------------------------------------


def _combine(first, second, target):
    """One database holding the referrals of two, as if one coach had recorded them all."""
    shutil.copy(first, target)
    conn = sqlite3.connect(target)
    conn.execute("ATTACH DATABASE ? AS b", (str(second),))
    offset = 1_000_000
    renumbered = {"id": f"id + {offset}", "referral_id": f"referral_id + {offset}", "client_id": f"client_id + {offset}",
                  "referrer_id": f"referrer_id + {offset}", "ref": "'B' || ref"}
    for table in ("referrers", "clients", "referrals", "consents", "contacts", "measures", "activity_links",
                  "followups"):
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        chosen = ", ".join(renumbered.get(c, c) for c in columns)
        conn.execute(f"INSERT INTO main.{table} ({', '.join(columns)}) SELECT {chosen} FROM b.{table} ORDER BY id")
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def two_coaches(tmp_path_factory):
    folder = tmp_path_factory.mktemp("coaches")
    a, b, both = folder / "a.db", folder / "b.db", folder / "both.db"
    make(a, referrals=120, contacts=550, end=date(2026, 11, 23), seed=3)
    make(b, referrals=90, contacts=420, end=date(2026, 11, 23), seed=4)
    _combine(a, b, both)
    return folder, a, b, both


def _comparable(found: dict) -> dict:
    """The report without what the datasets can only approximate (docs/reports.md says why):

    activity names (the dataset holds ids; with them goes the order among equal counts),
    participation per theme (counted once per referral), and the postcode areas (each
    coach's export already put its own small areas under "other").
    """
    found = json.loads(json.dumps(found))
    for part in (found, found["previous"]):
        part["activities"].pop("by_theme")
        part["activities"]["top"] = sorted(a["count"] for a in part["activities"]["top"])
        areas = part["demographics"].pop("area")
        part["demographics"]["area_total"] = sum(areas.values())
    found.pop("stories", None)
    found.pop("stories_total", None)
    return found


def test_the_report_from_two_coaches_datasets_equals_one_database_of_both(two_coaches):
    folder, a, b, both = two_coaches
    files = []
    for db in (a, b):
        out = folder / f"{db.stem}.json"
        result = invoke("export", "minimal-dataset", "--db", db, "--from", "2025-01-01", "--format", "json",
                        "--out", out)
        assert result.exit_code == 0, result.output
        files.append(out)
    period = ("--from", "2026-01-01", "--to", "2026-11-30", "--format", "json")
    combined = invoke("report", "--dataset", files[0], "--dataset", files[1], *period)
    assert combined.exit_code == 0, combined.output
    from_datasets = json.loads(combined.stdout)
    from_database = json.loads(invoke("report", "--db", both, *period).stdout)
    assert from_datasets["referrals"]["total"] == 210
    assert "stories" not in from_datasets
    assert _comparable(from_datasets) == _comparable(from_database)
    top = {a["id"]: a["count"] for a in from_database["activities"]["top"]}
    assert all(top[a["id"]] == a["count"] for a in from_datasets["activities"]["top"] if a["id"] in top)
    named = from_datasets["demographics"]["area"]
    assert all(count >= 5 for area, count in named.items() if area not in ("other", "unknown"))
    # the same file twice, or a second delivery: every referral still counts once
    again = json.loads(invoke("report", "--dataset", files[0], "--dataset", files[1], "--dataset", files[0],
                              *period).stdout)
    assert again == from_datasets
    for fmt in ("table", "csv"):
        assert invoke("report", "--dataset", files[0], "--from", "2026-01-01", "--format", fmt).exit_code == 0


def test_out_folder_and_the_output_rule_for_workbooks(small, tmp_path, db_path):
    folder = tmp_path / "verslagen"
    result = invoke("report", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "xlsx", "--out", f"{folder}/")
    assert result.exit_code == 0, result.output
    assert (folder / "wor-verslag-2026-01-01-2026-06-30.xlsx").stat().st_mode & 0o777 == 0o600
    result = invoke("export", "minimal-dataset", "--from", "2026-01-01", "--format", "xlsx", "--out", folder)
    assert result.exit_code == 0, result.output
    assert (folder / "wor-minimale-dataset-2026-01-01-2026-11-23.xlsx").exists()
    again = invoke("export", "minimal-dataset", "--from", "2026-01-01", "--format", "xlsx", "--out", folder)
    assert again.exit_code == 1  # exists: only with --force
    assert invoke("export", "minimal-dataset", "--format", "json", "--out", db_path, "--force").exit_code == 2
    assert invoke("report", "--format", "xlsx", "--out", db_path, "--force").exit_code == 2


def test_score_columns_are_checked_whole_and_row_by_row_alike(two_coaches, tmp_path):
    """The score columns of a file are checked at once; the row-by-row check decides when that
    finds anything, so both accept and refuse the same rows, naming the row and field."""
    folder, a, _, _ = two_coaches
    export = tmp_path / "a.json"
    assert invoke("--db", a, "export", "minimal-dataset", "--format", "json", "--out", export).exit_code == 0
    rows = json.loads(export.read_text(encoding="utf-8"))
    scored = next(i for i, row in enumerate(rows) if any(k.endswith(".start") and v is not None for k, v in row.items()))
    key = next(k for k, v in rows[scored].items() if k.endswith(".start") and v is not None)

    def report(changed_rows) -> tuple[int, str]:
        path = tmp_path / "changed.json"
        path.write_text(json.dumps(changed_rows), encoding="utf-8")
        result = invoke("report", "--dataset", path, "--format", "json")
        return result.exit_code, result.output

    whole = json.loads(invoke("report", "--dataset", export, "--format", "json").stdout)
    uneven = [dict(row) for row in rows]
    uneven[-1] = {k: v for k, v in uneven[-1].items() if not k.startswith(key.split(".")[0] + ".")}  # an older row
    code, _ = report(uneven)
    assert code == 0
    for bad in ("hoog", True, 10**7, [1]):
        changed = [dict(row) for row in rows]
        changed[scored][key] = bad
        code, output = report(changed)
        assert code == 2 and f":1: verwijzing {scored + 1}:" in output and key in output, (bad, output)
    end = key.replace(".start", ".end")
    changed = [dict(row) for row in rows]
    changed[scored][key], changed[scored][end] = None, "nvt"  # no start: its end is not read (as before)
    code, output = report(changed)
    assert code == 0, output
    assert whole["outcomes"]  # the figures come from the checked pairs
