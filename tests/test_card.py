"""`wor card`: the one-page referral card for a GP practice."""

from __future__ import annotations

from tests.gp_helpers import configure, followed_referral, pdf_pages
from tests.helpers import invoke


def test_the_card_on_screen_says_for_whom_how_and_what_next_with_examples():
    configure(**{"coach.hours": "ma-do 9-17 uur"})
    result = invoke("card")
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\u00a0", " ")  # phone numbers are never split over two lines
    for words in ("Welzijn op Recept", "Welzijn Lelystad-Zuid", "Voor wie?", "zich eenzaam voelen",
                  "rouw en verlies", "Beter elders", "acute crisis", "ernstige psychiatrische",
                  "Zo verwijst u", "e-mail", "sanne@welzijnlelystad.example", "06 98765432 (ma-do 9-17 uur)",
                  "Sanne Visser", "Wat er daarna gebeurt", "vijf gesprekken in drie maanden",
                  "bij de start, halverwege en aan het eind", "Bijvoorbeeld"):
        assert words in text, words
    examples = [line for line in text.split("## Bijvoorbeeld")[1].splitlines() if line.startswith("- ")]
    assert 4 <= len(examples) <= 5 and len(set(examples)) == len(examples)


def test_zorgdomein_when_configured_and_english():
    configure(**{"organisation.refer_via": "zorgdomein"})
    assert "ZorgDomein" in invoke("card").stdout
    english = invoke("card", "--lang", "en").stdout
    assert "How to refer" in english and "ZorgDomein" in english and "For whom?" in english


def test_the_most_linked_activities_come_first(tmp_path):
    configure()
    followed_referral(tmp_path)
    text = invoke("card").stdout.split("## Bijvoorbeeld")[1]
    for linked in ("Wandelgroep Hollandse Hout", "Handwerkcafé Draad & Praat"):
        assert linked in text
    for left_out in ("Levensliedkoor De Dijkzangers", "Leesclub Open Boek"):  # declined, stopped
        assert left_out not in text


def test_the_card_as_pdf_and_word_is_one_page_in_its_own_file(tmp_path, monkeypatch):
    configure()
    monkeypatch.chdir(tmp_path)
    assert invoke("card", "--format", "pdf").exit_code == 0
    pages = pdf_pages((tmp_path / "wor-verwijskaart.pdf").read_bytes())
    assert len(pages) == 1 and "Zo verwijst u" in pages[0] and "Bijvoorbeeld" in pages[0]
    again = invoke("card", "--format", "pdf")
    assert again.exit_code == 1 and "--force" in again.stderr  # never over an existing file
    assert invoke("card", "--format", "pdf", "--force").exit_code == 0
    assert invoke("card", "--format", "docx").exit_code == 0
    from docx import Document

    document = Document(str(tmp_path / "wor-verwijskaart.docx"))
    assert any(p.text == "Zo verwijst u" for p in document.paragraphs)


def test_missing_sender_settings_exit_1_naming_them():
    result = invoke("card")
    assert result.exit_code == 1
    for key in ("organisation.name", "coach.phone", "organisation.phone", "coach.email", "wor config set"):
        assert key in result.stderr


def test_an_organisation_adapts_the_card_in_its_templates(tmp_path):
    configure()
    folder = tmp_path / "huisstijl" / "nl"
    folder.mkdir(parents=True)
    (folder / "verwijskaart.html.j2").write_text(
        "<h1>Verwijzen naar {{ organisation.name }}</h1><p>Bel {{ reply.phone }}.</p>"
        "<ul>{% for a in examples %}<li>{{ a.name }}</li>{% endfor %}</ul>", encoding="utf-8")
    result = invoke("card", "--templates", tmp_path / "huisstijl")
    assert result.exit_code == 0 and "Verwijzen naar Welzijn Lelystad-Zuid" in result.stdout
    (folder / "verwijskaart.html.j2").write_text("<p>{{ organisation.nmae }}</p>", encoding="utf-8")
    broken = invoke("card", "--templates", tmp_path / "huisstijl")
    assert broken.exit_code == 2 and "nmae" in broken.stderr and "verwijskaart.html.j2" in broken.stderr


def test_a_bad_format_is_refused():
    configure()
    result = invoke("card", "--format", "txt")
    assert result.exit_code == 2 and "md, html, pdf, docx" in result.stderr


def test_the_card_follows_the_output_file_rule(tmp_path, db_path):
    configure()
    assert invoke("card", "--format", "pdf", "--out", f"{tmp_path}/kaarten/").exit_code == 0
    assert (tmp_path / "kaarten" / "wor-verwijskaart.pdf").is_file()  # the default name inside the folder
    assert invoke("card", "--format", "docx", "--out", tmp_path / "kaarten").exit_code == 0
    assert (tmp_path / "kaarten" / "wor-verwijskaart.docx").is_file()
    invoke("list")  # the database exists
    refused = invoke("card", "--format", "pdf", "--out", db_path, "--force")
    assert refused.exit_code == 2 and db_path.stat().st_size > 0
    assert invoke("card", "--format", "html", "--out", "/dev/null", "--force").exit_code == 2
