"""Word (.docx), for practices and organisations that want to edit a letter first.

Made with python-docx from its own blank template, set to A4 and to Arial
(present on every Windows and Mac; fonts are not embedded in .docx). Headings
and bullets use Word's own styles, so the document stays easy to edit.
Text goes in as text runs: Word interprets nothing in them.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from wor_cli.documents.model import Bullets, Document, Heading, Line, Paragraph

FONT = "Arial"
# Word's spelling checker goes by the language of the text: python-docx's blank template
# says en-US, which would mark every Dutch word as misspelt.
LANGUAGE_TAGS = {"nl": "nl-NL", "en": "en-GB"}
SIZES = {False: (10.5, 15.0, 12.5, 11.0), True: (14.0, 22.0, 17.0, 15.0)}


def write(document: Document) -> bytes:
    docx = new_docx()
    _page(docx)
    _styles(docx, SIZES[document.large])
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = docx.add_paragraph(style=f"Heading {block.level}")
            _lines(paragraph, block.lines)
            _align(paragraph, block.align)
        elif isinstance(block, Paragraph):
            paragraph = docx.add_paragraph()
            _lines(paragraph, block.lines)
            _align(paragraph, block.align)
        elif isinstance(block, Bullets):
            for item in block.items:
                paragraph = docx.add_paragraph(style="List Bullet")
                _lines(paragraph, item)
                _align(paragraph, block.align)
    _footer(docx, document.footer)
    _language(docx, LANGUAGE_TAGS.get(document.lang, document.lang))
    properties = docx.core_properties
    properties.title = document.title
    properties.author = document.author
    properties.language = LANGUAGE_TAGS.get(document.lang, document.lang)
    properties.last_modified_by = document.author
    properties.created = properties.modified = document.created
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _language(docx, tag: str) -> None:
    """The language of all text: the document defaults and the styles that name one."""
    styles = docx.styles.element
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None and not list(defaults.iter(qn("w:lang"))):
        run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if run is not None:
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), tag)
            run.append(lang)


def _page(docx) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def _styles(docx, sizes: tuple[float, ...]) -> None:
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(sizes[0])
    normal.paragraph_format.space_after = Pt(sizes[0] * 0.8)
    normal.paragraph_format.line_spacing = 1.15
    for level in (1, 2, 3):
        style = docx.styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(sizes[level])
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(sizes[0])
        style.paragraph_format.space_after = Pt(sizes[0] * 0.4)
    bullets = docx.styles["List Bullet"]
    bullets.paragraph_format.space_after = Pt(sizes[0] * 0.3)


def _lines(paragraph, lines: tuple[Line, ...]) -> None:
    for number, line in enumerate(lines):
        if number:
            paragraph.add_run().add_break()
        for run in line:
            added = paragraph.add_run(run.text)
            if run.bold:
                added.bold = True


def _align(paragraph, align: str) -> None:
    if align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _footer(docx, text: str) -> None:
    """The footer line with Word's own page number field."""
    paragraph = docx.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if text:
        run = paragraph.add_run(text + "  ·  ")
        run.font.size = Pt(7.5)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "1"
    number.append(shown)
    field.append(number)
    paragraph._p.append(field)

