"""The GP's side of the record: client.salutation, referrer.address, contact.note_for_gp, and the
closing split into the GP's summary and the story for reports (migration m004_gp_side)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.gp_helpers import CONTACTS, configure, followed_referral, pdf_pages
from tests.helpers import contact, invoke, new_referral

FIXTURES = Path(__file__).parent / "fixtures"


def show(ref: str) -> dict:
    result = invoke("show", ref, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def letter_text(tmp_path: Path, ref: str, kind: str, fmt: str = "pdf", *extra: str) -> str:
    out = tmp_path / f"{kind}.{fmt}"
    result = invoke("letter", ref, "--kind", kind, "--format", fmt, "--out", out, "--force", *extra)
    assert result.exit_code == 0, result.output
    if fmt == "pdf":
        return " ".join(pdf_pages(out.read_bytes()))
    return re.sub(r"\s+", " ", out.read_text(encoding="utf-8"))


BEFORE_M004 = [p for p in sorted(FIXTURES.glob("wor-schema-*.db")) if int(p.stem.rsplit("-", 1)[1]) < 4]


@pytest.mark.parametrize("fixture", BEFORE_M004, ids=lambda p: p.name)
def test_earlier_databases_gain_the_columns_and_a_shared_summary_becomes_the_story(tmp_path, fixture):
    # m004 makes a shared release-1 summary the story: databases made before it
    old = tmp_path / "old.db"
    shutil.copy(fixture, old)
    with sqlite3.connect(old) as conn:  # a release-1 closing whose summary was marked shareable
        conn.execute("UPDATE referrals SET status = 'closed', shareable = 1, summary = 'Gaat nu wandelen.', "
                     "outcome = 'completed', closed_date = date WHERE id = 1")
        before = conn.execute("SELECT ref, summary FROM referrals ORDER BY id").fetchall()
    conn.close()
    result = invoke("--db", old, "show", before[0][0], "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["client"]["salutation"] is None and record["referrer"]["address"] is None
    assert record["close"]["summary"] == "Gaat nu wandelen." and record["close"]["story"] == "Gaat nu wandelen."
    with sqlite3.connect(old) as conn:
        assert conn.execute("SELECT ref, summary FROM referrals ORDER BY id").fetchall() == before
        columns = {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in ("contacts", "referrals")}
    conn.close()
    assert "note_for_gp" in columns["contacts"] and "story" in columns["referrals"]


def test_the_new_fields_in_answers_files_and_letters(tmp_path):
    configure()
    ref = followed_referral(tmp_path, client__salutation="mevrouw",
                            referrer__address="Atolplein 4, 8232 AA Lelystad")
    record = show(ref)
    assert record["client"]["salutation"] == "mevrouw"
    assert record["referrer"]["address"] == "Atolplein 4, 8232 AA Lelystad"
    for lang, named in (("nl", "mevrouw Van der Meulen"), ("en", "Mrs Van der Meulen")):
        for kind in ("ontvangst", "tussen", "eind"):
            text = letter_text(tmp_path, ref, kind, "pdf", "--lang", lang)
            assert named in text, (kind, lang)
            assert text.count("Gerda van der Meulen") == 1  # once, in the subject line
            assert "Atolplein 4" in text and "8232 AA Lelystad" in text  # the practice's address
        # the client's own handout speaks to her by name
        assert "Gerda van der Meulen" in letter_text(tmp_path, ref, "recept", "pdf", "--lang", lang)


def test_a_bad_salutation_is_refused_naming_the_field(tmp_path):
    from tests.helpers import NEW_REFERRAL, write_yaml

    data = json.loads(json.dumps(NEW_REFERRAL))
    data["client"]["salutation"] = "mevr."
    result = invoke("intake", "--new", "--answers", write_yaml(tmp_path / "n.yaml", data), "--no-input")
    assert result.exit_code == 2 and "client.salutation" in result.stderr and "mevrouw, meneer" in result.stderr
    assert invoke("list", "--json").stdout.strip() == "[]"


def test_the_interim_letter_says_what_was_discussed_and_the_note_for_the_gp(tmp_path):
    configure()
    ref = new_referral(tmp_path, client__salutation="meneer", client__name="Henk de Groot")
    first = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-09", "mode": "home-visit", "what_matters": "Weer gaan biljarten.",
                    "barriers": ["vervoer"], "notes": "Dochter is net verhuisd naar Zwolle.",
                    "next_steps": "Samen naar de biljartclub kijken.",
                    "note_for_gp": "Hij slaapt slecht sinds het overlijden van zijn vrouw; wilt u dat navragen?"},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "started"},
                       {"id": "handwerkcafe-draad-en-praat", "status": "suggested"}],
    })
    assert first.exit_code == 0, first.output
    text = letter_text(tmp_path, ref, "tussen")
    for words in ("meneer De Groot en ik 1 gesprek", "Graag uw aandacht",
                  "Hij slaapt slecht sinds het overlijden van zijn vrouw; wilt u dat navragen?",
                  "Besproken", "Wat de cliënt belangrijk vindt: Weer gaan biljarten.",
                  "Wat in de weg staat: vervoer", "Afspraken: Samen naar de biljartclub kijken.",
                  "Begonnen: Wandelgroep Hollandse Hout", "Voorgesteld: Handwerkcafé Draad & Praat"):
        assert words in text, words
    assert "Zwolle" not in text  # the coach's own notes never travel
    assert len(pdf_pages((tmp_path / "tussen.pdf").read_bytes())) == 1


def test_the_summary_goes_to_the_gp_and_the_story_to_reports(tmp_path):
    configure()
    ref = followed_referral(tmp_path, last={"close": {
        "outcome": "completed", "summary": "Wandelt wekelijks; advies: over drie maanden navragen.",
        "shareable": True, "story": "Gerda uit Lelystad wandelt nu elke week met de groep mee."}})
    eind = letter_text(tmp_path, ref, "eind", "txt")
    assert "Wandelt wekelijks; advies" in eind and "wandelt nu elke week met de groep" not in eind
    report = json.loads(invoke("report", "--from", "2026-01-01", "--format", "json").stdout)
    [story] = report["stories"]
    assert "wandelt nu elke week met de groep mee" in story
    assert "Gerda" not in story and "Lelystad" not in story and "advies" not in story
    # wor show gives the coach the story as reports show it
    shown = invoke("show", ref)
    assert shown.exit_code == 0 and "wandelt nu elke week" in shown.stdout and "Gerda uit" not in shown.stdout


def test_a_release_1_answers_file_sharing_its_summary_still_shares_it(tmp_path):
    ref = followed_referral(tmp_path, last={"close": {"outcome": "completed", "summary": "Wandelt nu mee.",
                                                      "shareable": True}})
    assert show(ref)["close"]["story"] == "Wandelt nu mee."
    report = json.loads(invoke("report", "--from", "2026-01-01", "--format", "json").stdout)
    assert report["stories"] == ["Wandelt nu mee."]


def test_the_client_export_holds_the_new_fields(tmp_path):
    ref = followed_referral(
        tmp_path, client__salutation="mevrouw", referrer__address="Atolplein 4, 8232 AA Lelystad",
        first={"contact": {**CONTACTS[0]["contact"], "note_for_gp": "Slaapt slecht."}},
        last={"close": {"outcome": "completed", "summary": "Voor de huisarts.", "shareable": True,
                        "story": "Wandelt nu mee."}})
    out = tmp_path / "export.json"
    assert invoke("export-client", ref, "--out", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    for words in ("mevrouw", "Atolplein 4", "Slaapt slecht.", "Voor de huisarts.", "Wandelt nu mee."):
        assert words in text, words
