"""The document model: letter markup read into blocks, and the five writers."""

from __future__ import annotations

import io
import re

import pytest

from wor_cli import documents
from wor_cli.documents import Bullets, Document, Heading, Paragraph, Run
from wor_cli.errors import BadInput

TYPED = "<script>alert(1)</script> **vet** & &amp; [rood] {nb}"  # what a coach might type, escaped by Jinja
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; **vet** &amp; &amp;amp; [rood] {nb}"


def sample(**changes) -> Document:
    markup = f"""
    <div class="right"><p><b>Welzijn Lelystad-Zuid</b><br>Sanne Visser<br>Stationsplein 1</p></div>
    <p>P. de Boer<br>Huisartsenpraktijk Atolwijk</p>
    <h2>Wat belangrijk is</h2>
    <p>{ESCAPED}</p>
    <p>- geen lijst<br># geen kop<br>1. geen opsomming</p>
    <ul>
      <li><b>Wandelgroep</b>: begonnen — ł €</li>
      <li>Breicafé</li>
    </ul>
    <p>Met vriendelijke groet,<br><br>Sanne Visser</p>
    """
    return Document(documents.parse(markup), title="Eindbericht R26-0001", author="Sanne Visser",
                    footer="Vertrouwelijk · R26-0001", **changes)


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- reading letter markup -----------------------------------------------------------------------


def test_markup_becomes_blocks_with_lines_runs_and_alignment():
    blocks = documents.parse(
        '<div class="right"><p><b>Org</b><br>Straat 1</p></div>\n'
        "<h3>Kop</h3>\n<p>Een   zin\n over  twee regels, <b>vet</b> en niet.</p>\n"
        "<ul><li>een</li>\n <li>twee<br>regel</li></ul>\nlos"
    )
    assert blocks == [
        Paragraph(((Run("Org", True),), (Run("Straat 1"),)), "right"),
        Heading(3, ((Run("Kop"),),)),
        Paragraph(((Run("Een zin over twee regels, "), Run("vet", True), Run(" en niet.")),)),
        Bullets((((Run("een"),),), ((Run("twee"),), (Run("regel"),)))),
        Paragraph(((Run("los"),),)),
    ]


def test_escaped_text_stays_text():
    [block] = documents.parse(f"<p>{ESCAPED}</p>")
    assert block == Paragraph(((Run(TYPED),),))


def test_control_characters_are_dropped():
    from docx import Document as open_docx

    # A terminal would obey an ESC sequence, and a Word file cannot hold one at all.
    [block] = documents.parse("<p>rood\x1b[31m\x00 tekst\x07</p>")
    assert block == Paragraph(((Run("rood[31m tekst"),),))
    docx = open_docx(io.BytesIO(documents.render(Document([block]), "docx")))
    assert [p.text for p in docx.paragraphs] == ["rood[31m tekst"]


@pytest.mark.parametrize("markup, words", [
    ("<table><tr><td>x</td></tr></table>", ["<table>", "h1, h2"]),
    ("<p><script>x</script></p>", ["<script>"]),
    ("<ul><li><p>x</p></li></ul>", ["<p>", "<li>"]),
    ("<li>x</li>", ["<li>", "<ul>"]),
    ("<ul>los</ul>", ["los"]),
])
def test_markup_the_writers_cannot_show_is_an_error_naming_it(markup, words):
    with pytest.raises(BadInput) as caught:
        documents.parse(markup)
    for word in words:
        assert word in caught.value.message()


# --- the writers ---------------------------------------------------------------------------------


def test_markdown_escapes_typed_text_and_keeps_structure():
    md = documents.render(sample(), "md").decode()
    assert r"\<script\>alert(1)\</script\> \*\*vet\*\* & \&amp; \[rood\] {nb}" in md
    assert "\\- geen lijst  \n\\# geen kop  \n1\\. geen opsomming" in md
    assert "## Wat belangrijk is" in md
    assert "- **Wandelgroep**: begonnen — ł €" in md
    assert "**Welzijn Lelystad-Zuid**  \nSanne Visser" in md


def test_text_wraps_at_72_and_underlines_headings():
    long = " ".join(["woord"] * 40)
    document = Document(documents.parse(f"<h2>Kop</h2><p>{long}</p><ul><li>{long}</li></ul>"))
    text = documents.render(document, "txt").decode()
    assert max(len(line) for line in text.splitlines()) <= 72
    assert "Kop\n---" in text
    assert "\n- woord" in text and "\n  woord" in text


def test_html_is_a_whole_page_where_typed_markup_is_text():
    page = documents.render(sample(), "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **vet** &amp; &amp;amp; [rood] {nb}" in page
    assert '<p class="right"><strong>Welzijn Lelystad-Zuid</strong><br>' in page
    assert "<li><strong>Wandelgroep</strong>: begonnen — ł €</li>" in page


def test_pdf_is_a4_with_unicode_text_and_page_numbers():
    from pypdf import PdfReader

    data = documents.render(sample(), "pdf")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = flat(pdf_text(data)[0])
    for expected in ("Welzijn Lelystad-Zuid", TYPED, "Wandelgroep: begonnen — ł €", "- geen lijst",
                     "Vertrouwelijk · R26-0001 · 1/1"):
        assert expected in text, expected
    assert reader.metadata.title == "Eindbericht R26-0001" and reader.metadata.author == "Sanne Visser"


def test_pdf_never_splits_a_short_block_or_leaves_a_heading_alone():
    # Slide the heading and the signature over the page break, one line at a time
    # (without the keeping together, 48-53 lines split one or the other).
    spans_pages = 0
    for lines in range(40, 56):
        markup = "<p>" + "<br>".join(["Een regel."] * lines) + "</p>" + \
            "<h3>Afspraken</h3><p>Samen naar de wandelgroep.</p>" + \
            "<p>Met vriendelijke groet,<br><br>Sanne Visser<br>Welzijnscoach</p>"
        pages = pdf_text(documents.render(Document(documents.parse(markup)), "pdf"))
        on = lambda words: [i for i, page in enumerate(pages) if words in page]  # noqa: E731
        assert on("Afspraken") == on("Samen naar de wandelgroep."), lines
        assert on("Met vriendelijke groet,") == on("Sanne Visser") == on("Welzijnscoach"), lines
        spans_pages += len(pages) > 1
    assert spans_pages >= 6  # the page break really came by


def test_docx_is_a4_and_editable_with_word_styles():
    from docx import Document as open_docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    docx = open_docx(io.BytesIO(documents.render(sample(), "docx")))
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    paragraphs = docx.paragraphs
    texts = [p.text for p in paragraphs]
    assert "Welzijn Lelystad-Zuid\nSanne Visser\nStationsplein 1" in texts
    assert paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert TYPED in texts
    bullet = next(p for p in paragraphs if p.text.startswith("Wandelgroep"))
    assert bullet.style.name == "List Bullet" and bullet.runs[0].bold
    assert next(p for p in paragraphs if p.text == "Wat belangrijk is").style.name == "Heading 2"
    assert docx.core_properties.title == "Eindbericht R26-0001"
    assert "Vertrouwelijk · R26-0001" in section.footer.paragraphs[0].text


def test_large_type_for_a_handout():
    from docx import Document as open_docx

    small = open_docx(io.BytesIO(documents.render(sample(), "docx")))
    large = open_docx(io.BytesIO(documents.render(sample(large=True), "docx")))
    assert large.styles["Normal"].font.size.pt >= 13 > small.styles["Normal"].font.size.pt
    assert "font-size: 15pt" in documents.render(sample(large=True), "html").decode()


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError):
        documents.render(sample(), "rtf")


def test_pdf_writes_any_text_it_is_given():
    # Decomposed accents (as a Mac types them), a character the font lacks, an over-long
    # word and a no-break space: all printed, nothing lost, no error.
    long_word = "Hofstede" * 30
    lines = ((Run("Gerda van der Meule\u0301n, 06\u00a012345678 \U0001F600 " + long_word),),)
    data = documents.render(Document([Paragraph(lines)]), "pdf")
    text = flat(pdf_text(data)[0]).replace("\u00a0", " ")
    assert "Gerda van der Meulén, 06 12345678" in text
    assert long_word in text.replace(" ", "")
    assert data.startswith(b"%PDF-1.7") and data.rstrip().endswith(b"%%EOF")


def test_pdf_embeds_only_the_glyphs_used():
    from pypdf import PdfReader

    data = documents.render(sample(), "pdf")
    reader = PdfReader(io.BytesIO(data))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert len(descriptor["/FontFile2"].get_object().get_data()) < 60_000  # not the whole font
    assert len(data) < 60_000


def test_pdf_never_leaves_the_signature_alone_on_the_last_page():
    # Slide the closing sentence and the signature over the page break, one line at a time.
    broke = 0
    for lines in range(44, 60):
        markup = "<p>" + "<br>".join(["Een regel van de brief."] * lines) + "</p>" + \
            "<p>Heeft u nog een vraag? Bel of mail mij gerust.</p>" + \
            "<p>Met vriendelijke groet,<br><br>Sanne Visser<br>Welzijnscoach</p>"
        pages = pdf_text(documents.render(Document(documents.parse(markup)), "pdf"))
        last = pages[-1]
        assert "Met vriendelijke groet," in last and "Heeft u nog een vraag?" in last, lines
        if len(pages) > 1:
            broke += 1
            assert "Een regel van de brief." in pages[0]
    assert broke >= 6
