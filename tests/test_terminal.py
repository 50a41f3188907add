"""The real `wor` in a real terminal (a pty, through pexpect): typing, and Ctrl-C."""

from __future__ import annotations

import json
import os
import sys

import pexpect
import pytest

from tests.helpers import ROOT, contact, invoke, new_referral

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a pty")

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "


def spawn(*args: str) -> pexpect.spawn:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100", "LINES": "40",
           "PROMPT_TOOLKIT_NO_CPR": "1"}  # a pty without a terminal does not answer cursor queries
    child = pexpect.spawn(sys.executable, ["-m", "wor_cli", *args], env=env, encoding="utf-8",
                          timeout=20, dimensions=(40, 100))
    return child


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    child.expect(prompt)
    child.send(keys)


def test_a_new_referral_typed_in_a_terminal():
    child = spawn("intake", "--new")
    answer(child, "vast te leggen", "j" + ENTER)
    answer(child, "huisarts op de hoogte", "j" + ENTER)
    answer(child, "Datum van de toestemming", ENTER)
    answer(child, "Naam van de cliënt", "Karel Kok" + ENTER)
    answer(child, "Geboortejaar", "1952" + ENTER)
    answer(child, "Postcode", "8224 AB" + ENTER)
    answer(child, "Telefoonnummer", ENTER)
    answer(child, "E-mailadres", ENTER)
    answer(child, "Welke talen", ENTER)
    answer(child, "Andere talen", ENTER)
    answer(child, "Aanhef in brieven", ENTER)  # none
    answer(child, "Naam van de huisarts", "J. Jansen" + ENTER)
    answer(child, "Naam van de praktijk", "Praktijk Boswijk" + ENTER)
    answer(child, "AGB-code", "12345678" + ENTER)
    answer(child, "E-mailadres van de praktijk", ENTER)
    answer(child, "Adres van de praktijk", "Boslaan 2, 8224 AC Lelystad" + ENTER)
    answer(child, "Datum van de verwijzing", ENTER)
    answer(child, "Waarom is de cliënt verwezen", DOWN * 6 + SPACE + ENTER)  # geldzorgen
    answer(child, "De vraag van de huisarts", "Schulden na ontslag" + ENTER)
    answer(child, "drie maanden voor de verwijzing", "3" + ENTER)
    child.expect("R26-0001 is vastgelegd")
    answer(child, "eerste gesprek", ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = json.loads(invoke("show", "R26-0001", "--json").stdout)
    assert record["client"]["name"] == "Karel Kok"
    assert record["referral"]["reasons"] == ["geldzorgen"]
    assert record["referrer"]["agb"] == "12345678"
    assert record["referrer"]["address"] == "Boslaan 2, 8224 AC Lelystad"
    assert record["referral"]["gp_visits_before"] == 3


def test_ctrl_c_in_the_middle_of_a_contact_then_resume(tmp_path):
    ref = new_referral(tmp_path)
    child = spawn("intake", ref)
    answer(child, "Datum van het gesprek", ENTER)
    answer(child, "Hoe was het contact", ENTER)
    answer(child, "Hoeveel minuten", "30" + ENTER)
    answer(child, "Wat vindt de cliënt belangrijk", "Iets met haar handen doen" + ENTER)
    child.expect("Aantekeningen")
    child.sendcontrol("c")
    child.expect("bewaard")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn("intake", ref)
    answer(child, "onafgemaakt contact", "j" + ENTER)
    answer(child, "Aantekeningen", "Breide vroeger veel." + ENTER)
    answer(child, "Afspraken", ENTER)
    for _ in range(4):
        answer(child, r"\(0-10\)", "5" + ENTER)
    # De Jong Gierveld: each statement picked from ja / min of meer / nee
    for statement, keys in (("leegte om me heen", DOWN + ENTER), ("narigheid", ENTER), ("volledig kan vertrouwen", ENTER),
                            ("mis mensen", DOWN * 2 + ENTER), ("nauw verbonden", ENTER), ("in de steek", DOWN * 2 + ENTER)):
        answer(child, statement, keys)
    answer(child, "activiteit uit de catalogus", "n" + ENTER)
    answer(child, "huisarts moet weten", "Slaapt slecht." + ENTER)
    answer(child, "Volgende afspraak", "30-11 10.30" + ENTER)
    child.expect("Gesprek 1 van R26-0001 is vastgelegd")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    record = json.loads(invoke("show", ref, "--json").stdout)
    assert record["contacts"][0]["minutes"] == 30
    assert record["contacts"][0]["what_matters"] == "Iets met haar handen doen"
    assert record["contacts"][0]["notes"] == "Breide vroeger veel."
    assert record["contacts"][0]["next_appointment"] == "2026-11-30 10:30"
    assert record["contacts"][0]["note_for_gp"] == "Slaapt slecht."
    assert record["measures"][1]["scores"] == {"total": 1, "emotional": 1, "social": 0}  # min of meer, ja, ja


def test_closing_shows_the_story_as_reports_will_before_it_is_shared(tmp_path):
    from tests.helpers import contact

    ref = new_referral(tmp_path)
    assert contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"},
                                   "measures": {"ons4": [4, 4, 4, 8]}}).exit_code == 0
    child = spawn("intake", ref)
    answer(child, "Wat wilt u vastleggen", DOWN + ENTER)  # close without a new conversation
    for _ in range(4):
        answer(child, r"\(0-10\)", "6" + ENTER)
    for statement in ("leegte om me heen", "narigheid", "volledig kan vertrouwen", "mis mensen", "nauw verbonden",
                      "in de steek"):
        answer(child, statement, ENTER)
    answer(child, "Hoe wordt de verwijzing afgesloten", ENTER)
    answer(child, "Samenvatting voor de huisarts", "Belt nu zelf de buurtkamer; advies: navragen." + ENTER)
    answer(child, "verhaal delen", "j" + ENTER)
    answer(child, "verhaal voor verslagen", "Anna de Wit uit Lelystad gaat nu elke week naar de buurtkamer." + ENTER)
    child.expect("Zo komt het verhaal in verslagen")
    child.expect(r"\[naam\]")
    answer(child, "Mag het verhaal zo in verslagen", "n" + ENTER)  # not like this: nothing is shared
    child.expect("afgesloten")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    close = json.loads(invoke("show", ref, "--json").stdout)["close"]
    assert close["summary"] == "Belt nu zelf de buurtkamer; advies: navragen."
    assert close["shareable"] is False and close["story"] is None



def test_correcting_a_birth_year_in_a_terminal_found_by_first_name(tmp_path):
    new_referral(tmp_path)
    child = spawn("edit", "anna")
    answer(child, "Wat wilt u verbeteren bij R26-0001", ENTER)  # the client
    answer(child, "Naam van de cliënt", ENTER)
    answer(child, "Geboortejaar", "\x7f" * 4 + "1949" + ENTER)
    for prompt in ("Postcode", "Telefoonnummer", "E-mailadres", "Welke talen", "Aanhef"):
        answer(child, prompt, ENTER)
    child.expect("client.birth_year: 1948 → 1949")
    answer(child, "opslaan", ENTER)
    child.expect("R26-0001 is verbeterd: client.birth_year")
    answer(child, "Wat wilt u verbeteren", DOWN * 4 + ENTER)  # client, referrer, referral, consent, done
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert json.loads(invoke("show", "R26-0001", "--json").stdout)["client"]["birth_year"] == 1949


def test_restore_in_a_terminal_takes_j_for_yes(tmp_path):
    """Issue 10: "(j/N)" used to take only y; a coach typing j got "No"."""
    new_referral(tmp_path)
    backup = tmp_path / "kopie.db"
    assert invoke("backup", backup).exit_code == 0
    child = spawn("restore", str(backup))
    answer(child, r"\(j/N\)", "j" + ENTER)
    child.expect("staat terug")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    child = spawn("restore", str(backup))
    answer(child, r"\(j/N\)", ENTER)  # Enter alone is no
    child.expect("Niet teruggezet")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_the_follow_up_in_a_terminal_with_a_typo(tmp_path):
    ref = new_referral(tmp_path, referral__date="2026-07-20", consent__date="2026-07-20")
    assert contact(tmp_path, ref, {"contact": {"date": "2026-08-03", "mode": "phone"},
                                   "close": {"outcome": "completed"}}).exit_code == 0
    child = spawn("intake", ref)
    child.expect("Nameting van R26-0001")
    # the prompt offers today; erased, and a date before the closing typed: refused, asked again
    answer(child, "Datum van de nameting", "\x7f" * 10 + "1-8-2026" + ENTER)
    child.expect("voor de afsluiting")
    child.send("\x7f" * 10 + "20-11-2026" + ENTER)
    answer(child, "nog mee aan de activiteit", DOWN + ENTER)  # in another activity
    answer(child, "Hoe tevreden", "8" + ENTER)
    answer(child, "afgelopen drie maanden", "1" + ENTER)
    answer(child, "ONS4", "n" + ENTER)
    child.expect("nameting van R26-0001 is vastgelegd")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    followup = json.loads(invoke("show", ref, "--json").stdout)["followup"]
    assert followup["date"] == "2026-11-20" and followup["still_taking_part"] == "other-activity"
    assert followup["satisfaction"] == 8 and followup["gp_visits_after"] == 1
