"""PDF: a clean A4 page, made in pure Python with fpdf2.

Pure Python so it works the same on a coach's Windows laptop as on Linux,
without system libraries (WeasyPrint needs Pango; wkhtmltopdf a binary).
The PDF core fonts know only Latin-1: "—", "ł" or "€" would fail, so the
DejaVu Sans TrueType font (regular and bold) ships inside the package and is
embedded, subset to the characters used.

Each block is laid out in its own fpdf2 text region (mixed bold and regular
text, alignment, bullets with a hanging indent), so the position on the page
is known between blocks. That allows what a reader notices when it is
missing: a heading stays with its section, and a short block (a signature,
an activity's details) is not split over two pages. Every page has a small
footer line with its number.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from wor_cli.documents.model import Block, Bullets, Document, Heading, Line, Paragraph, plain

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "DejaVu"
PT = 25.4 / 72  # millimetres per point

# Sizes in points: (body, h1, h2, h3). DejaVu Sans is wide: 10 pt reads like 11 pt Arial.
# A handout for a client uses large type.
SIZES = {False: (10.0, 15.0, 12.5, 10.5), True: (13.0, 20.0, 15.0, 14.0)}
LINE_HEIGHT = {False: 1.32, True: 1.25}  # large type needs less air between its lines
GAP = {False: 0.85, True: 0.7}  # the space after a paragraph, in lines
MARGINS = (25.0, 20.0, 20.0)  # left, top, right (mm): A4, with room for a punch on the left
BOTTOM = 18.0
KEEP_WHOLE = 0.33  # a block up to this share of a page is never split
KEEP_SECTION = 0.5  # a section (heading and what follows) up to this share starts on a new page if needed


class _Pages(FPDF):
    """FPDF with the document's footer line and "page/pages" on every page."""

    footer_text = ""
    total = 0  # known from a first layout pass; 0 on that pass

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(100, 100, 100)
        parts = [self.footer_text] if self.footer_text else []
        parts.append(f"{self.page_no()}/{self.total}" if self.total else str(self.page_no()))
        self.cell(0, 4, "  ·  ".join(parts), align="C")
        self.set_text_color(0, 0, 0)


def write(document: Document) -> bytes:
    # Two passes rather than fpdf2's "{nb}" alias, which would also replace
    # "{nb}" wherever a coach happened to type it.
    pages = _lay_out(document, total=0).pages_count
    return bytes(_lay_out(document, total=pages).output())


def _lay_out(document: Document, total: int) -> _Pages:
    pdf = _Pages(orientation="portrait", unit="mm", format="A4")
    pdf.alias_nb_pages("")  # no alias: see write()
    pdf.footer_text = document.footer
    pdf.total = total
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(*MARGINS)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.set_title(document.title)
    pdf.set_author(document.author)
    pdf.set_creator("wor")
    pdf.set_lang(document.lang)
    pdf.set_creation_date(document.created)
    pdf.add_page()
    _Layout(pdf, document.large).blocks(document.blocks)
    return pdf


class _Layout:
    def __init__(self, pdf: FPDF, large: bool) -> None:
        self.pdf = pdf
        self.sizes = SIZES[large]
        self.body = self.sizes[0]
        self.line_height = LINE_HEIGHT[large]
        self.gap = self.body * PT * GAP[large]
        self.indent = self.body * PT * 1.6  # bullets
        self.usable = pdf.h - MARGINS[1] - BOTTOM

    def blocks(self, blocks: list[Block]) -> None:
        for index, block in enumerate(blocks):
            if isinstance(block, Heading):
                self._keep_section(blocks, index)
                self._region(block.lines, self.sizes[block.level], block.align, bold=True,
                             top=0 if index == 0 else self.gap * 0.7, bottom=self.sizes[block.level] * PT * 0.4)
            elif isinstance(block, Paragraph):
                self._keep_whole(self._height(block))
                self._region(block.lines, self.body, block.align, bottom=self.gap)
            elif isinstance(block, Bullets):
                self._keep_whole(self._height(block))
                for number, item in enumerate(block.items):
                    last = number == len(block.items) - 1
                    self._region(item, self.body, block.align, bottom=self.gap if last else self.gap * 0.25,
                                 bullet="•", indent=self.indent)

    # --- drawing -------------------------------------------------------------------------

    def _region(self, lines: tuple[Line, ...], size: float, align: str, *, top: float = 0,
                bottom: float = 0, bold: bool = False, bullet: str = "", indent: float = 0) -> None:
        """One block as a text region: lines of runs, with line breaks between them."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "B" if bold else "", size)
        with pdf.text_columns(text_align="RIGHT" if align == "right" else "LEFT",
                              line_height=self.line_height) as region:
            with region.paragraph(top_margin=top, bottom_margin=bottom, indent=indent,
                                  bullet_string=bullet) as paragraph:
                for number, line in enumerate(lines):
                    if number:
                        paragraph.write("\n")
                    for run in line:
                        pdf.set_font(FAMILY, "B" if (bold or run.bold) else "", size)
                        paragraph.write(run.text)
                    if not line:
                        paragraph.write(" ")  # an empty line keeps its height
        pdf.set_font(FAMILY, "", self.body)

    # --- keeping things together ---------------------------------------------------------

    def _keep_whole(self, height: float) -> None:
        """A short block that would be split goes to the next page whole."""
        if height <= self.usable * KEEP_WHOLE and not self._fits(height):
            self.pdf.add_page()

    def _keep_section(self, blocks: list[Block], start: int) -> None:
        """A heading goes to the next page with its section, or at least with the block after it."""
        heading = blocks[start]
        assert isinstance(heading, Heading)
        section = [heading]
        for block in blocks[start + 1:]:
            if isinstance(block, Heading) and block.level <= heading.level:
                break
            section.append(block)
        whole = sum(self._height(block) for block in section)
        first = sum(self._height(block) for block in section[:2])
        if whole <= self.usable * KEEP_SECTION:
            needed = whole
        else:
            needed = min(first, self.usable * KEEP_WHOLE)
        if not self._fits(needed):
            self.pdf.add_page()

    def _fits(self, height: float) -> bool:
        at_top = self.pdf.get_y() <= MARGINS[1] + 0.5
        return at_top or self.pdf.get_y() + height <= self.pdf.h - BOTTOM

    def _height(self, block: Block) -> float:
        """The height a block will take (a slight overestimate: wrapped as if all bold)."""
        if isinstance(block, Heading):
            size = self.sizes[block.level]
            return self._lines_height(block.lines, size, 0) + size * PT * 0.4 + self.gap * 0.7
        if isinstance(block, Paragraph):
            return self._lines_height(block.lines, self.body, 0) + self.gap
        return sum(self._lines_height(item, self.body, self.indent) + self.gap * 0.25 for item in block.items) \
            + self.gap * 0.75

    def _lines_height(self, lines: tuple[Line, ...], size: float, indent: float) -> float:
        """Lines as fpdf2 will break them, measured in bold (a little wider, so never too low)."""
        pdf = self.pdf
        pdf.set_font(FAMILY, "B", size)
        width = pdf.epw - indent
        count = 0
        for line in lines:
            text = plain(line)
            count += len(pdf.multi_cell(width, text=text, dry_run=True, output="LINES")) if text else 1
        pdf.set_font(FAMILY, "", self.body)
        return count * size * PT * self.line_height
