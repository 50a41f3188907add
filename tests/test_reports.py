"""`wor report`: the figures of a period, checked on records whose numbers are known."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date

import pytest

from tests.helpers import contact, invoke, new_referral
from tests.tools.make_database import make

SUMMARY = (
    "Anna de Wit (78) voelde zich erg alleen. Buurvrouw Gerda Jansen gaat nu mee naar de koffieochtend "
    "in De Zuiderwagen. Bel 06-12345678 als er iets is."
)


@pytest.fixture
def small(tmp_path):
    """Five referrals whose figures are worked out by hand below."""

    def referral(name, day, reasons, gp, practice):
        return new_referral(
            tmp_path, client__name=name, referral__date=day, referral__reasons=reasons,
            referrer__name=gp, referrer__practice=practice, consent__date=day,
        )

    one = referral("Anna de Wit", "2026-02-02", ["eenzaamheid", "rouw"], "P. de Boer", "Huisartsenpraktijk Atolwijk")
    assert contact(tmp_path, one, {
        "contact": {"date": "2026-02-09", "mode": "home-visit"},
        "measures": {"ons4": [4, 5, 3, 7], "djg6": ["ja", "nee", "nee", "min of meer", "nee", "nee"]},
        "activities": [{"id": "koffieochtend-zuiderwagen", "status": "started"}],
    }).exit_code == 0
    assert contact(tmp_path, one, {
        "contact": {"date": "2026-03-01", "mode": "phone"},
        "measures": {"ons4": [6, 6, 6, 4], "djg6": ["nee", "ja", "min of meer", "nee", "ja", "nee"]},
        "close": {"outcome": "completed", "summary": SUMMARY, "shareable": True},
    }).exit_code == 0
    two = referral("Johannes Bakker", "2026-03-10", ["stress"], "M. Visser", "huisartsenpraktijk atolwijk")
    assert contact(tmp_path, two, {
        "contact": {"date": "2026-03-24", "mode": "face-to-face"},
        "measures": {"ons4": [5, 5, 5, 5], "djg6": ["nee"] * 6},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"}],
    }).exit_code == 0
    three = referral("Fatima El Amrani", "2026-04-01", ["eenzaamheid"], "K. Smit", "Gezondheidscentrum De Brug")
    assert contact(tmp_path, three, {"close": {"outcome": "no-show"}}).exit_code == 0
    referral("Hendrik Mulder", "2025-12-15", ["geldzorgen"], "K. Smit", "Gezondheidscentrum De Brug")
    referral("Wiebe Postma", "2026-05-05", ["dagbesteding"], "J. Hoekstra", "Praktijk De Meent")
    return tmp_path


def report(*args: str) -> dict:
    result = invoke("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_figures_of_this_year(small):
    found = report()
    assert found["period"] == {"from": "2026-01-01", "to": "2026-11-23"}  # default: this year up to today
    referrals = found["referrals"]
    assert referrals["total"] == 4
    assert {k: v for k, v in referrals["by_reason"].items() if v} == {"eenzaamheid": 2, "rouw": 1, "stress": 1, "dagbesteding": 1}
    assert list(referrals["by_reason"])[:3] == ["eenzaamheid", "somberheid", "stress"]  # every reason, list order
    # one practice typed in two ways counts once
    assert referrals["by_practice"] == {
        "Huisartsenpraktijk Atolwijk": 2, "Gezondheidscentrum De Brug": 1, "Praktijk De Meent": 1,
    }
    assert found["funnel"] == {
        "referred": 4, "started": 2, "active": 1, "waiting": 1,
        "closed": {"completed": 1, "stopped-early": 0, "referred-elsewhere": 0, "no-show": 1},
        "closed_total": 2,
    }
    assert found["days_to_first_contact"] == {"median": 10.5, "mean": 10.5, "n": 2}  # 7 and 14 days
    assert found["contacts_per_referral"] == {"mean": 0.8, "mean_closed": 1.0, "total": 3}
    assert found["activities"] == {
        "by_theme": {"ontmoeten": 1},
        "top": [{"id": "koffieochtend-zuiderwagen", "name": "Koffieochtend De Zuiderwagen", "count": 1}],
        "suggested": 2, "taken_up": 1, "referrals_taking_up": 1,
    }


def test_outcomes_pair_the_first_and_last_measurement(small):
    outcomes = report()["outcomes"]
    assert set(outcomes) == {"djg6.total", "djg6.emotional", "djg6.social",
                             "ons4.satisfied", "ons4.worthwhile", "ons4.happy", "ons4.anxious"}
    assert outcomes["djg6.total"] | {} == {
        "instrument": "djg6", "score": "total", "n": 1, "baseline_n": 2, "start_mean": 5.0, "end_mean": 1.0,
        "mean_change": -4.0, "improved_share": 1.0, "worse_share": 0.0, "better": "lower",
    }
    assert outcomes["ons4.anxious"]["mean_change"] == -3.0 and outcomes["ons4.anxious"]["improved_share"] == 1.0
    assert outcomes["ons4.worthwhile"]["mean_change"] == 1.0 and outcomes["ons4.worthwhile"]["improved_share"] == 1.0
    assert outcomes["ons4.satisfied"]["start_mean"] == 4.0 and outcomes["ons4.satisfied"]["end_mean"] == 6.0


def test_stories_are_the_shareable_summaries_anonymised(small):
    found = report()
    assert found["stories_total"] == 1
    [story] = found["stories"]
    for gone in ("Anna", "Wit", "78", "Gerda", "Jansen", "Zuiderwagen", "06-12345678", "12345678"):
        assert gone not in story
    assert "voelde zich erg alleen" in story and "[naam]" in story and "[telefoon]" in story
    assert report("--stories", "0")["stories"] == []


def test_the_period_counts_referral_dates_both_ends_included(small):
    assert report("--from", "2025-12-15", "--to", "2025-12-15")["referrals"]["by_reason"]["geldzorgen"] == 1
    assert report("--from", "1-1-2025", "--to", "2026-03-10")["referrals"]["total"] == 3
    assert report("--to", "2026-03-09")["referrals"]["total"] == 1
    empty = report("--from", "2030-01-01", "--to", "2030-12-31")
    assert empty["referrals"]["total"] == 0 and empty["outcomes"] == {} and empty["stories"] == []
    assert empty["days_to_first_contact"]["median"] is None


@pytest.mark.parametrize(
    "args, words",
    [
        (["--from", "2026-12-01", "--to", "2026-01-01"], "--from"),
        (["--from", "morgen-ochtend"], "morgen-ochtend"),
        (["--format", "pdf"], "pdf"),
    ],
)
def test_wrong_options_are_exit_2_with_a_clear_message(args, words):
    result = invoke("report", *args)
    assert result.exit_code == 2 and words in result.output
    assert "Traceback" not in result.output


def test_table_and_csv_say_the_same(small):
    table = invoke("report").output
    for words in ("Welzijn op Recept: cijfers en verhalen", "1 januari 2026 tot en met 23 november 2026",
                  "Waarom mensen worden verwezen", "eenzaamheid", "Huisartsenpraktijk Atolwijk",
                  "afgesloten: niet verschenen", "Eenzaamheid (De Jong", "Verhalen", "[naam]"):
        assert words in table, words
    english = invoke("report", "--lang", "en").output
    assert "Why people are referred" in english and "[name]" in english

    rows = list(csv.reader(io.StringIO(invoke("report", "--format", "csv").stdout)))
    assert rows[0] == ["section", "item", "value"]
    cells = {(section, item): value for section, item, value in rows[1:]}
    assert cells[("referrals", "total")] == "4"
    assert cells[("funnel.closed", "no-show")] == "1"
    assert cells[("outcomes.djg6.total", "mean_change")] == "-4.0"
    assert cells[("stories", "total")] == "1"


def test_out_writes_a_private_file_and_the_audit_notes_it(small, tmp_path):
    target = tmp_path / "verslag.json"
    result = invoke("report", "--format", "json", "--out", target)
    assert result.exit_code == 0 and str(target) in result.output
    assert json.loads(target.read_text())["referrals"]["total"] == 4
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert invoke("report", "--format", "csv").exit_code == 0
    from wor_cli.store import open_store

    store = open_store(tmp_path / "home" / "data" / "wor.db")
    actions = [row["action"] for row in store.rows("SELECT action, ref FROM audit WHERE action = 'report'")]
    assert actions == ["report", "report"]  # who made a report and when; never what was in it


def test_figures_agree_with_the_records_on_a_generated_database(tmp_path):
    """The SQL counts against a slow recount from every referral's own record."""
    from wor_cli import instruments, referrals
    from wor_cli.store import open_store

    path = tmp_path / "generated.db"
    make(path, referrals=150, contacts=700, end=date(2026, 11, 23), seed=7)
    found = report("--db", str(path), "--from", "2026-03-01", "--to", "2026-09-30")
    store = open_store(path)
    refs = [r["ref"] for r in store.rows(
        "SELECT ref FROM referrals WHERE date BETWEEN '2026-03-01' AND '2026-09-30'")]
    records = [referrals.record(store, ref) for ref in refs]
    assert found["referrals"]["total"] == len(records)
    assert found["funnel"]["started"] == sum(1 for r in records if r["contacts"])
    assert found["funnel"]["active"] == sum(1 for r in records if r["status"] == "active")
    assert found["contacts_per_referral"]["total"] == sum(len(r["contacts"]) for r in records)
    pairs: dict[str, list] = {}
    for record in records:
        for change in instruments.changes(record["measures"]):
            pairs.setdefault(f"{change['instrument']}.{change['score']}", []).append(change)
    for key, changes in pairs.items():
        paired = [c for c in changes if c["end"] is not None]
        assert found["outcomes"][key]["baseline_n"] == len(changes)
        assert found["outcomes"][key]["n"] == len(paired)
        assert found["outcomes"][key]["end_mean"] == round(sum(c["end"] for c in paired) / len(paired), 2)
        improved = sum(1 for c in paired if c["improved"])
        assert found["outcomes"][key]["improved_share"] == round(improved / len(paired), 3)
    taking = sum(1 for r in records if any(a["status"] in ("started", "continuing") for a in r["activities"]))
    assert found["activities"]["referrals_taking_up"] == taking


def test_a_label_too_long_for_its_column_wraps_whole_instead_of_being_cut():
    """'vooruitgegaan (Eenzaamheid (De Jong Giervel…' hid which questionnaire a figure is about."""
    from wor_cli.ui.report_view import LABEL, NUMBER, _section

    label = "vooruitgegaan (Eenzaamheid (De Jong Gierveld, 6 vragen): totaal)"
    lines = "".join(text for text, _ in _section("In het kort", [(label, "88%"), ("kort", "5")])).splitlines()
    assert lines[1:] == ["vooruitgegaan (Eenzaamheid (De Jong", " Gierveld, 6 vragen): totaal)" + " " * (LABEL - 29) +
                         "88%".rjust(NUMBER), "kort".ljust(LABEL) + "5".rjust(NUMBER)]
    assert "…" not in "".join(lines)
