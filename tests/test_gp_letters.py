"""The letters as a huisarts reads them: one page, a Dutch salutation, the client named as a
letter names a person, the right language in Word, measures that say when they were taken."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.gp_helpers import configure, followed_referral, pdf_pages
from tests.helpers import invoke

FORMATS = ("md", "txt", "html", "pdf", "docx")


def letter(tmp_path, ref, kind, fmt, *extra) -> bytes:
    out = tmp_path / f"{ref}-{kind}.{fmt}"
    result = invoke("letter", ref, "--kind", kind, "--format", fmt, "--out", out, "--force", *extra)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def text_of(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        return " ".join(pdf_pages(data))
    if fmt == "docx":
        from docx import Document

        return re.sub(r"\s+", " ", " ".join(p.text for p in Document(io.BytesIO(data)).paragraphs))
    text = data.decode("utf-8")
    if fmt == "html":
        import html

        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    if fmt == "md":
        text = re.sub(r"\\(.)", r"\1", text).replace("**", "")
    return re.sub(r"\s+", " ", text)


def test_every_letter_of_a_followed_referral_in_every_format_and_language(tmp_path):
    configure()
    ref = followed_referral(tmp_path, client__salutation="mevrouw", referrer__address="Atolplein 4, 8232 AA Lelystad")
    for lang, greeting, regards, named, tag in (
        ("nl", "Geachte collega,", "Met vriendelijke groet,", "mevrouw Van der Meulen", "nl-NL"),
        ("en", "Dear colleague,", "Kind regards,", "Mrs Van der Meulen", "en-GB"),
    ):
        for kind in ("ontvangst", "tussen", "eind", "recept"):
            for fmt in FORMATS:
                data = letter(tmp_path, ref, kind, fmt, "--lang", lang)
                text = text_of(fmt, data).replace("\u00a0", " ")
                if fmt == "docx":
                    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode("utf-8")
                    assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == [tag]
                if kind == "recept":
                    assert "Gerda van der Meulen" in text  # the handout speaks to her
                    continue
                # the full name and birth year once, in the subject line; elsewhere as a letter names her
                assert text.count("Gerda van der Meulen") == 1, (kind, fmt, lang)
                assert re.search(r"(Betreft|Regarding): Gerda van der Meulen, (geboren|born) 1948", text)
                assert named in text, (kind, fmt, lang)
                assert greeting in text and "dr. M. Jansen," not in text
                # the practice's address under the GP; the organisation's in the sender block
                assert "Atolplein 4" in text and "8232 AA Lelystad" in text
                assert "Stationsplein 1" in text and "8232 AB Lelystad" in text
                if fmt == "pdf":
                    pages = pdf_pages(data)
                    assert len(pages) == 1, (kind, lang, len(pages))
                    assert regards in pages[-1] and "Sanne Visser" in pages[-1]


def test_the_final_report_reads_the_measures_and_activities_of_the_whole_course(tmp_path):
    configure()
    ref = followed_referral(tmp_path)
    text = text_of("pdf", letter(tmp_path, ref, "eind", "pdf"))
    for words in ("5 gesprekken, van 7 september 2026 tot 23 november 2026", "Uitkomst: afgerond",
                  "Gaat door: Handwerkcafé Draad & Praat, Wandelgroep Hollandse Hout",
                  "Gestopt: Leesclub Open Boek", "Afgewezen: Levensliedkoor De Dijkzangers",
                  "tevreden (0-10): 4 (laag) → 7 (hoog), beter", "Eenzaamheid (De Jong Gierveld",
                  "rouwgroep Verder na verlies"):
        assert words in text, words


def test_a_scale_taken_only_at_the_end_says_so(tmp_path):
    configure()
    ref = followed_referral(tmp_path, first={"measures": {"ons4": [4, 5, 3, 7]}})  # De Jong Gierveld at the end only
    nl = text_of("txt", letter(tmp_path, ref, "eind", "txt"))
    assert "alleen aan het eind gemeten" in nl and "alleen aan het begin gemeten" not in nl
    en = text_of("txt", letter(tmp_path, ref, "eind", "txt", "--lang", "en"))
    assert "measured at the end only" in en


@pytest.mark.parametrize(("referrer", "lang", "expected"), [
    ("dr. M. Jansen", "nl", "Beste dokter Jansen,"),
    ("P. de Boer", "nl", "Beste dokter De Boer,"),
    ("dr. M. Jansen", "en", "Dear Dr Jansen,"),
    ("M. Smit (POH-GGZ)", "nl", "Geachte collega,"),  # a practice nurse is not a doctor
])
def test_the_salutation_can_be_beste_dokter(tmp_path, referrer, lang, expected):
    configure(**{"letter.salutation": "dokter"})
    from tests.helpers import new_referral

    ref = new_referral(tmp_path, referrer__name=referrer)
    text = text_of("txt", letter(tmp_path, ref, "ontvangst", "txt", "--lang", lang))
    assert expected in text
    assert "Geachte dr." not in text and "(POH-GGZ)," not in text


def test_the_salutation_setting_is_checked():
    result = invoke("config", "set", "letter.salutation", "hooggeleerde")
    assert result.exit_code == 2 and "collega, dokter" in result.stderr


@pytest.mark.parametrize(("lang", "tag"), [("nl", "nl-NL"), ("en", "en-GB")])
def test_word_files_declare_the_letter_language(tmp_path, lang, tag):
    configure()
    ref = followed_referral(tmp_path)
    data = letter(tmp_path, ref, "eind", "docx", "--lang", lang)
    package = zipfile.ZipFile(io.BytesIO(data))
    styles = package.read("word/styles.xml").decode("utf-8")
    assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == [tag]
    assert "en-US" not in styles.replace('w:eastAsia="en-US"', "")
    assert f"<dc:language>{tag}</dc:language>" in package.read("docProps/core.xml").decode("utf-8")


def test_a_long_final_report_breaks_with_the_signature_never_alone(tmp_path):
    configure()
    long_story = " ".join(["Mevrouw vertelde over haar man en over de buurt waar zij woont."] * 14)
    ref = followed_referral(tmp_path, last={"close": {"outcome": "completed", "summary": long_story}})
    pages = pdf_pages(letter(tmp_path, ref, "eind", "pdf"))
    assert len(pages) == 2
    last = pages[-1]
    assert "Met vriendelijke groet," in last and "Sanne Visser" in last
    # something of the letter itself stands on the page with the signature
    body = last.split("Met vriendelijke groet,")[0]
    assert "Hiermee sluit ik de begeleiding af" in body


@pytest.mark.parametrize(("name", "surname", "formal"), [
    ("Gerda van der Meulen", "van der Meulen", "mevrouw Van der Meulen"),
    ("Anna Maria van 't Hof", "van 't Hof", "mevrouw Van 't Hof"),
    ("Fatima El Amrani", "El Amrani", "mevrouw El Amrani"),
    ("Jan-Willem de Vries", "de Vries", "mevrouw De Vries"),
    ("Hofstede-Rademaker", "Hofstede-Rademaker", "mevrouw Hofstede-Rademaker"),
    ("J.P. ter Horst", "ter Horst", "mevrouw Ter Horst"),
])
def test_a_dutch_surname_standing_alone_starts_with_a_capital(name, surname, formal):
    from wor_cli.letters import names

    assert names.surname(name) == surname
    assert names.formal(name, "mevrouw") == formal
    assert names.formal(name, None) == name
