"""`wor letter`: the letters to the GP and the client's welzijnsrecept, in every format."""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import stat
import zipfile
from pathlib import Path

import pytest

from tests.gp_helpers import SETTINGS  # the sender settings, one definition for the letter tests
from tests.helpers import CATALOGUE, contact, invoke, new_referral

TYPED = "<script>alert(1)</script> **niet alleen**"  # markup typed in a note must stay text


def configure(**leave_out: bool) -> None:
    for key, value in SETTINGS.items():
        if not leave_out.get(key.replace(".", "_")):
            assert invoke("config", "set", key, value).exit_code == 0


def referral_with_contacts(tmp_path: Path, **changes) -> str:
    """A referral with two contacts, ONS4 at the start and activities from the bundled catalogue."""
    ref = new_referral(tmp_path, **changes)
    first = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-09", "mode": "home-visit",
                    "what_matters": "Weer onder de mensen komen, iets met de handen doen.",
                    "notes": "Zoon woont in Canada; belt weinig.",
                    "next_steps": "Samen kijken naar de wandelgroep."},
        "measures": {"ons4": [4, 5, 3, 7]},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"},
                       {"id": "handwerkcafe-draad-en-praat", "status": "suggested"}],
    })
    assert first.exit_code == 0, first.output
    second = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-16", "mode": "face-to-face", "barriers": ["spannend"],
                    "next_steps": "Dinsdag gaat zij mee met de wandelgroep."},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "started"}],
    })
    assert second.exit_code == 0, second.output
    return ref


def closed_referral(tmp_path: Path, **changes) -> str:
    """The same referral, closed at a last contact with ONS4 again and markup typed in the notes."""
    ref = referral_with_contacts(tmp_path, **changes)
    last = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-23", "mode": "face-to-face", "what_matters": f"Elke week iets met anderen; {TYPED}",
                    "next_steps": "Aangemeld bij rouwgroep Verder na verlies; graag over drie maanden navragen."},
        "measures": {"ons4": [7, 7, 6, 4]},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "continuing"},
                       {"id": "handwerkcafe-draad-en-praat", "status": "declined"}],
        "close": {"outcome": "completed", "summary": f"Wandelt nu elke week mee. {TYPED}"},
    })
    assert last.exit_code == 0, last.output
    return ref


def show(ref: str) -> dict:
    return json.loads(invoke("show", ref, "--json").stdout)


def letter_rows(store) -> list[dict]:
    return store.rows("SELECT kind, date, format, sha256 FROM letters ORDER BY id")


def text_of(fmt: str, data: bytes) -> str:
    """What a reader sees, as one line of text, whatever the format."""
    if fmt == "pdf":
        from pypdf import PdfReader

        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    elif fmt == "docx":
        from docx import Document

        document = Document(io.BytesIO(data))
        text = " ".join(p.text for p in document.paragraphs)
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
        assert "Anna de Wit" in xml  # the document XML itself holds the text
    elif fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", data.decode("utf-8")))
    else:
        text = data.decode("utf-8")
        if fmt == "md":
            text = re.sub(r"\\(.)", r"\1", text).replace("**", "")
    return re.sub(r"\s+", " ", text)


def make(tmp_path: Path, ref: str, kind: str, fmt: str, *extra: str) -> tuple[bytes, object]:
    out = tmp_path / f"brief.{fmt}"
    result = invoke("letter", ref, "--kind", kind, "--format", fmt, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return out.read_bytes(), result


# --- every kind in every format -----------------------------------------------------------------

EXPECTED = {
    "ontvangst": ["Betreft: Anna de Wit, geboren 1948", "Ons kenmerk: R26-0001", "Uw verwijzing van: 2 november 2026",
                  "Het eerste gesprek was op 9 november 2026 (huisbezoek)", "Voelt zich eenzaam"],
    "tussen": ["2 gesprekken", "het laatste was op 16 november 2026", "Weer onder de mensen komen",
               "Begonnen: Wandelgroep Hollandse Hout", "Voorgesteld: Handwerkcafé Draad & Praat",
               "vindt het spannend", "Dinsdag gaat zij mee met de wandelgroep."],
    "eind": ["afgesloten op 23 november 2026", "Uitkomst: afgerond", "3 gesprekken, van 9 november 2026 tot 23 november 2026",
             "Wandelt nu elke week mee", "Gaat door: Wandelgroep Hollandse Hout",
             "Afgewezen: Handwerkcafé Draad & Praat", "Welbevinden (ONS4)", "tevreden (0-10): 4 (laag) → 7 (hoog), beter",
             "angstig (0-10): 7 (hoog) → 4 (gemiddeld), beter", "rouwgroep Verder na verlies"],
    "recept": ["Uw welzijnsrecept", "Voor: Anna de Wit", "Wandelgroep Hollandse Hout",
               "Wanneer: dinsdag van 10:00 tot 11:30, elke week", "Larserdreef 1, 8219 PH Lelystad",
               "Kosten: gratis", "Bellen: Gerda Hoekstra, 06 41827365", "Bel mij gerust: Sanne Visser, 06 98765432"],
}
GP_LETTER = ["Welzijn Lelystad-Zuid", "Sanne Visser, welzijnscoach", "Telefoon 06 98765432",
             "E-mail sanne@welzijnlelystad.example", "P. de Boer", "Huisartsenpraktijk Atolwijk",
             "Lelystad, 23 november 2026", "Geachte collega,", "Met vriendelijke groet,"]


@pytest.mark.parametrize("kind", ["ontvangst", "tussen", "eind", "recept"])
def test_each_kind_in_each_format_holds_client_gp_dates_and_activities(tmp_path, kind):
    configure()
    ref = closed_referral(tmp_path) if kind in ("eind", "recept") else referral_with_contacts(tmp_path)
    expected = EXPECTED[kind] + (GP_LETTER if kind != "recept" else ["23 november 2026"])
    for fmt in ("md", "txt", "html", "pdf", "docx"):
        data, _ = make(tmp_path, ref, kind, fmt, "--force")
        text = text_of(fmt, data)
        for words in expected:
            assert words in text, (fmt, words)
        assert "Zoon woont in Canada" not in text  # the coach's own notes stay out of letters


def test_the_handout_leaves_out_activities_the_client_declined(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    text = text_of("txt", make(tmp_path, ref, "recept", "txt")[0])
    assert "Wandelgroep Hollandse Hout" in text and "Draad & Praat" not in text


def test_text_formats_go_to_stdout_by_default(tmp_path):
    configure()
    ref = referral_with_contacts(tmp_path)
    result = invoke("letter", ref, "--kind", "tussen", "--format", "txt")
    assert result.exit_code == 0, result.output
    assert "Betreft: Anna de Wit, geboren 1948" in result.stdout
    assert "Tussenbericht voor R26-0001 getoond." in result.stderr  # looked at, not recorded as made
    assert list(tmp_path.glob("R26-*")) == []
    assert show(ref)["letters"] == []
    kept = invoke("letter", ref, "--kind", "tussen", "--format", "txt", "--keep")
    assert "Tussenbericht voor R26-0001 gemaakt en vastgelegd." in kept.stderr
    assert [(x["kind"], x["format"]) for x in show(ref)["letters"]] == [("tussen", "txt")]


def test_english_letters(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    data, _ = make(tmp_path, ref, "eind", "pdf", "--lang", "en")
    text = text_of("pdf", data)
    for words in ("Regarding: Anna de Wit, born 1948", "Lelystad, 23 November 2026", "Dear colleague,",
                  "Outcome: completed", "satisfied (0-10): 4 (low) → 7 (high), better", "Kind regards,",
                  "Confidential · R26-0001 · final report"):
        assert words in text, words
    recept = text_of("txt", make(tmp_path, ref, "recept", "txt", "--lang", "en")[0])
    assert "When: Tuesday from 10:00 to 11:30, weekly" in recept and "Cost: free" in recept


# --- escaping ------------------------------------------------------------------------------------


def test_markup_typed_in_notes_is_text_in_every_format(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    page = make(tmp_path, ref, "eind", "html")[0].decode("utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **niet alleen**" in page
    md = invoke("letter", ref, "--kind", "eind").stdout
    assert r"\<script\>alert(1)\</script\> \*\*niet alleen\*\*" in md
    for fmt in ("txt", "pdf", "docx"):
        assert TYPED in text_of(fmt, make(tmp_path, ref, "eind", fmt, "--force")[0]), fmt


# --- which letter is due -------------------------------------------------------------------------


def test_the_letter_due_follows_the_referral(tmp_path, monkeypatch):
    configure()
    monkeypatch.chdir(tmp_path)
    ref = new_referral(tmp_path)
    first = invoke("letter", ref)  # md, to look at
    assert "uiterlijk 16 november" not in first.stdout  # the due date has passed: no promise of the past
    assert "Ik neem zo snel mogelijk contact op" in first.stdout
    assert "de brief die nu aan de beurt is" in first.stderr
    contact(tmp_path, ref, {"contact": {"date": "2026-11-20", "mode": "phone"}})
    # Looking at the acknowledgement on screen (md) does not count as having sent it.
    assert invoke("letter", ref).exit_code == 0
    assert invoke("letter", ref, "--format", "pdf").exit_code == 0
    assert (tmp_path / "R26-0001-ontvangst.pdf").exists()
    assert invoke("letter", ref, "--format", "pdf").exit_code == 0
    assert (tmp_path / "R26-0001-tussen.pdf").exists()
    contact(tmp_path, ref, {"close": {"outcome": "no-show"}})
    assert invoke("letter", ref, "--format", "pdf").exit_code == 0
    assert "Er is geen gesprek geweest." not in text_of("pdf", (tmp_path / "R26-0001-eind.pdf").read_bytes())
    assert [(letter["kind"], letter["format"]) for letter in show(ref)["letters"]] == [
        ("ontvangst", "pdf"), ("tussen", "pdf"), ("eind", "pdf"),  # the two looked at on screen are not made
    ]


def test_a_first_contact_still_to_come_is_announced_with_its_date(tmp_path):
    configure()
    ref = new_referral(tmp_path, referral__date="2026-11-20", consent__date="2026-11-20")
    out = invoke("letter", ref, "--format", "txt").stdout
    assert "Dat vindt uiterlijk 4 december 2026 plaats." in re.sub(r"\s+", " ", out)


def test_a_closed_referral_without_any_contact(tmp_path):
    configure()
    ref = new_referral(tmp_path)
    contact(tmp_path, ref, {"close": {"outcome": "no-show"}})
    text = text_of("txt", make(tmp_path, ref, "eind", "txt")[0])
    assert "Uitkomst: niet verschenen" in text and "Er is geen gesprek geweest." in text


@pytest.mark.parametrize("kind, setup, message", [
    ("eind", "open", "nog niet afgesloten"),
    ("tussen", "new", "nog geen gesprek"),
    ("recept", "new", "wor match --client R26-0001"),
])
def test_a_letter_with_nothing_true_to_say_is_refused(tmp_path, kind, setup, message):
    configure()
    ref = referral_with_contacts(tmp_path) if setup == "open" else new_referral(tmp_path)
    result = invoke("letter", ref, "--kind", kind, "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert result.exit_code == 1 and message in result.stderr
    assert not (tmp_path / "x.pdf").exists()


# --- consent, settings, bad input ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ontvangst", "tussen", "eind"])
def test_no_letter_to_the_gp_without_consent_and_nothing_written(tmp_path, store, kind):
    configure()
    ref = closed_referral(tmp_path, consent__gp_feedback=False)
    out = tmp_path / "brief.pdf"
    result = invoke("letter", ref, "--kind", kind, "--format", "pdf", "--out", out)
    assert result.exit_code == 1
    assert "geen toestemming" in result.stderr and "huisarts" in result.stderr
    assert not out.exists() and result.stdout == ""
    assert letter_rows(store) == []
    assert store.value("SELECT count(*) FROM audit WHERE action LIKE 'letter.%'") == 0
    # The client's own handout needs only the consent to record.
    assert invoke("letter", ref, "--kind", "recept", "--format", "pdf", "--out", out).exit_code == 0


def test_missing_settings_are_named_with_the_command_that_sets_them(tmp_path, store):
    configure(coach_phone=True, coach_email=True, coach_name=True)
    ref = referral_with_contacts(tmp_path)
    result = invoke("letter", ref, "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "coach.name, coach.phone of organisation.phone, coach.email of organisation.email" in result.stderr
    assert 'wor config set coach.name "Uw naam"' in result.stderr
    assert 'wor config set coach.phone "06 12345678"' in result.stderr
    assert not (tmp_path / "x.pdf").exists() and letter_rows(store) == []
    # The organisation's phone and e-mail stand in for the coach's own.
    invoke("config", "set", "coach.name", "Sanne Visser")
    invoke("config", "set", "organisation.phone", "0320 123 456")
    invoke("config", "set", "organisation.email", "info@welzijnlelystad.example")
    text = text_of("txt", make(tmp_path, ref, "tussen", "txt")[0])
    assert "Telefoon 0320 123 456" in text and "E-mail info@welzijnlelystad.example" in text


def test_a_draft_on_screen_marks_missing_settings_and_is_not_recorded(tmp_path, store):
    ref = new_referral(tmp_path)  # nothing configured yet
    result = invoke("letter", ref, "--kind", "ontvangst", "--format", "md")
    assert result.exit_code == 0
    assert "Anna de Wit" in result.stdout and "«coach.name»" in result.stdout
    assert "voorbeeld" in result.stderr and 'wor config set coach.name "Uw naam"' in result.stderr
    assert letter_rows(store) == []
    assert store.value("SELECT action FROM audit WHERE ref = ? ORDER BY id DESC", (ref,)) == "letter.draft"
    # A file to send is still refused until the details are there.
    assert invoke("letter", ref, "--format", "pdf", "--out", tmp_path / "x.pdf").exit_code == 2


@pytest.mark.parametrize("option, value", [("--kind", "bedankbrief"), ("--format", "rtf")])
def test_an_unknown_kind_or_format_is_bad_usage(tmp_path, option, value):
    configure()
    ref = new_referral(tmp_path)
    result = invoke("letter", ref, option, value)
    assert result.exit_code == 2 and value in result.stderr


def test_an_unknown_referral(tmp_path, store):  # the database exists; the referral does not
    configure()
    result = invoke("letter", "R26-0099")
    assert result.exit_code == 1 and "R26-0099" in result.stderr


# --- files, records, audit -----------------------------------------------------------------------


def test_files_are_private_never_overwritten_without_force_and_recorded(tmp_path, store, monkeypatch):
    configure()
    monkeypatch.chdir(tmp_path)
    ref = closed_referral(tmp_path)
    result = invoke("letter", ref, "--format", "pdf")
    assert result.exit_code == 0, result.output
    path = tmp_path / "R26-0001-eind.pdf"
    assert str(path) in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = path.read_bytes()
    rows = letter_rows(store)
    assert rows == [{"kind": "eind", "date": "2026-11-23", "format": "pdf", "sha256": hashlib.sha256(first).hexdigest()}]
    assert store.value("SELECT count(*) FROM audit WHERE action = 'letter.eind' AND ref = ?", (ref,)) == 1

    path.write_bytes(b"de versie van de praktijk")
    again = invoke("letter", ref, "--format", "pdf")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert path.read_bytes() == b"de versie van de praktijk" and len(letter_rows(store)) == 1

    forced = invoke("letter", ref, "--format", "pdf", "--force")
    assert forced.exit_code == 0
    assert path.read_bytes().startswith(b"%PDF") and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(letter_rows(store)) == 2


def test_out_may_name_a_folder_and_dash_means_stdout(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    folder = tmp_path / "brieven"
    folder.mkdir()
    assert invoke("letter", ref, "--format", "docx", "--out", folder).exit_code == 0
    assert (folder / "R26-0001-eind.docx").exists()
    result = invoke("letter", ref, "--format", "html", "--out", "-")
    assert result.stdout.startswith("<!DOCTYPE html>")
    missing = invoke("letter", ref, "--format", "pdf", "--out", tmp_path / "nergens" / "x.pdf")
    assert missing.exit_code == 2 and "nergens" in missing.stderr


def test_show_lists_the_letters_made(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    make(tmp_path, ref, "recept", "pdf")
    letters = show(ref)["letters"]
    assert [(x["kind"], x["date"], x["format"]) for x in letters] == [("recept", "2026-11-23", "pdf")]
    assert "welzijnsrecept" in invoke("show", ref).stdout


# --- organisation templates ----------------------------------------------------------------------


def template(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder


def test_an_organisation_overrides_a_letter_or_its_layout(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    folder = template(tmp_path / "huisstijl", "nl/_brief.html.j2",
                      "<h1>Huisstijl {{ organisation.name }}</h1>{% block body %}{% endblock %}")
    text = text_of("txt", make(tmp_path, ref, "eind", "txt", "--templates", folder)[0])
    assert "Huisstijl Welzijn Lelystad-Zuid" in text and "Uitkomst: afgerond" in text
    assert "Geachte" not in text
    # The setting templates_dir does the same; the packaged letters fill in what the folder lacks.
    invoke("config", "set", "templates_dir", str(folder))
    assert "Huisstijl" in text_of("txt", make(tmp_path, ref, "tussen", "txt", "--force")[0])
    assert "Uw welzijnsrecept" in text_of("txt", make(tmp_path, ref, "recept", "txt", "--force")[0])


@pytest.mark.parametrize("text, words", [
    ("<p>Geachte {{ gp.name }},</p>\n\n<p>{{ client.nmae }}</p>", ["eind.html.j2", "regel 3", "'nmae'"]),
    ("<p>{{ clent.name }}</p>", ["regel 1", "'clent'"]),
    ("<p>{% if client.name %}</p>", ["regel 1", "endif"]),
    ("<p>{{ client.__class__ }}</p>", ["regel 1", "mag niet"]),
    ("<table><tr><td>{{ client.name }}</td></tr></table>", ["<table>"]),
    ("{% include 'nl/logo.html.j2' %}", ["nl/logo.html.j2", "niet gevonden"]),
])
def test_template_mistakes_are_named_with_file_and_line(tmp_path, store, text, words):
    configure()
    ref = closed_referral(tmp_path)
    folder = template(tmp_path / "eigen", "nl/eind.html.j2", text)
    result = invoke("letter", ref, "--kind", "eind", "--format", "pdf", "--out", tmp_path / "x.pdf",
                    "--templates", folder)
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.stderr, word
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists() and letter_rows(store) == []


def test_a_missing_templates_folder_is_bad_input(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    result = invoke("letter", ref, "--templates", tmp_path / "weg")
    assert result.exit_code == 2 and "weg" in result.stderr


def test_an_activity_no_longer_in_the_catalogue_keeps_its_name(tmp_path):
    configure()
    ref = closed_referral(tmp_path)
    other = tmp_path / "andere-catalogus"
    other.mkdir()
    (other / "zorgboerderij.yaml").write_bytes((CATALOGUE / "zorgboerderij.yaml").read_bytes())
    text = text_of("txt", make(tmp_path, ref, "recept", "txt", "--catalogue", other)[0])
    assert "Wandelgroep Hollandse Hout" in text
    assert "De gegevens van deze activiteit krijgt u van uw welzijnscoach." in text


# --- pieces ----------------------------------------------------------------------------------------


def test_measures_in_the_final_report_are_generic_over_instruments():
    from wor_cli.letters.context import _measures

    taken = [
        {"instrument": "ons4", "date": "2026-11-09", "scores": {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7}},
        {"instrument": "eenzaam9", "date": "2026-11-09", "scores": {"somscore": 6}},
        {"instrument": "ons4", "date": "2026-11-23", "scores": {"satisfied": 4, "worthwhile": 3, "happy": 3, "anxious": 8}},
    ]
    ons4, other = _measures(taken, [{"date": "2026-11-09"}, {"date": "2026-11-23"}], True)
    assert ons4["name"] == "Welbevinden (ONS4)"
    assert [(s["label"], s["direction_label"]) for s in ons4["scores"]] == [
        ("tevreden", "gelijk gebleven"), ("zinvol", "minder goed"), ("gelukkig", "gelijk gebleven"),
        ("angstig", "minder goed"),
    ]
    # An instrument this version does not know still shows, by its own names.
    assert other["name"] == "eenzaam9" and other["scores"][0]["label"] == "somscore"
    assert other["scores"][0]["direction_label"] == "alleen aan het begin gemeten"


def test_handout_sentences_for_when_where_and_cost():
    from wor_cli.i18n import cost as i18n_cost
    from wor_cli.letters.context import first_sentence, when, where

    def cost(given):
        return i18n_cost(given, "letter.cost.ask")

    assert when([{"day": "wednesday", "start": "14:00", "end": None, "frequency": "monthly"}]) == \
        ["woensdag om 14:00, maandelijks"]
    assert when([]) == ["op afspraak"]
    assert cost({"amount": 2.5, "per": "session"}) == "€\u00a02,50 per keer"  # never split over two lines
    assert cost({"amount": 14, "per": "month"}) == "€\u00a014 per maand"
    assert cost({"amount": None}) == "vraag het na bij de contactpersoon"
    assert where({"online": True, "location": None}) == "online"
    assert first_sentence("Wij wandelen. Daarna koffie.") == "Wij wandelen."
    assert first_sentence("Om 10.30 u. beginnen we") == "Om 10.30 u. beginnen we"
    assert i18n_cost({"amount": 0, "per": "session"}) == "gratis" and i18n_cost(None) == "onbekend"


def test_markdown_at_a_terminal_is_shown_as_it_reads_on_paper(monkeypatch, capsys):
    import sys

    from wor_cli.ui import console, letter_view

    console.out.cache_clear()
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    letter_view.show("**Betreft:** Anna de Wit  \n\\<script\\>\n".encode(), "md")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)  # rich styles the terminal
    console.out.cache_clear()
    assert "Betreft: Anna de Wit" in shown and "<script>" in shown and "**" not in shown


def test_help_lists_the_options():
    result = invoke("letter", "--help")
    assert result.exit_code == 0
    for option in ("--kind", "--format", "--out", "--force", "--templates", "--catalogue"):
        assert option in result.stdout
