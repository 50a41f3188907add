"""PDF: a clean A4 page, written directly (standard library only).

A letter needs little of PDF: text in two weights of one font, aligned left
or right, bullets with a hanging indent, a footer line with page numbers.
That is written here in a few hundred lines, because the general PDF library
we used before (fpdf2) cost more to import (with fontTools, Pillow and numpy)
and to parse its fonts twice per letter than the whole rest of `wor letter`:
a PDF letter took 4.6 times as long as an empty Typer app's --help. Without
it, the same letter comes out in a few milliseconds after start-up, on a
coach's Windows laptop as on Linux.

The font is DejaVu Sans (regular and bold, shipped in `wor_cli/fonts`),
embedded with only the glyphs used, named by glyph number (Identity-H) with a
ToUnicode map, so the text can be searched, copied and read aloud.

Because the layout is our own, every block's height is known exactly before
it is placed. That allows what a reader notices when it is missing: a
heading stays with its section, a short block (an activity's details, a
signature) is never split over two pages, and the last block (the greeting
and signature) never stands alone on a page: the block before it comes along.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wor_cli.documents.model import Block, Bullets, Document, Heading, Line, Paragraph
from wor_cli.documents.truetype import Font

FONTS = Path(__file__).resolve().parent.parent / "fonts"
MM = 72 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4

# Sizes in points: (body, h1, h2, h3). DejaVu Sans is wide: 10 pt reads like 11 pt Arial.
# A handout for a client uses large type.
SIZES = {False: (10.0, 15.0, 12.5, 10.5), True: (13.0, 20.0, 15.0, 14.0)}
LINE_HEIGHT = {False: 1.32, True: 1.25}  # large type needs less air between its lines
GAP = {False: 0.85, True: 0.7}  # the space after a paragraph, in lines
LEFT, TOP, RIGHT, BOTTOM = 25 * MM, 20 * MM, 20 * MM, 18 * MM  # room for a punch on the left
FOOTER_Y = 12 * MM  # the footer's baseline, from the foot of the page
FOOTER_SIZE = 7.5
KEEP_WHOLE = 0.33  # a block up to this share of a page is never split
KEEP_SECTION = 0.5  # a section (heading and what follows) up to this share starts on a new page if needed
BESIDE_GAP = 12 * MM  # the least white between the addressee and the sender's details
BREAKABLE = " "  # only a plain space breaks a line: a no-break space keeps "06 12345678" whole


@lru_cache(maxsize=2)
def _font(bold: bool) -> Font:
    return Font(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))


# --- layout: blocks into lines, lines into pages -------------------------------------------------


@dataclass
class _Piece:
    text: str
    bold: bool
    x: float  # from the left edge of the line's box


@dataclass
class _Row:
    """One printed line: its pieces, its height, and where the line's box starts."""

    pieces: list[_Piece]
    size: float
    height: float
    x: float
    width: float  # of the text, for right alignment
    box: float  # the width available
    align: str
    bullet: bool = False
    space_before: float = 0.0
    space_after: float = 0.0


@dataclass
class _Page:
    rows: list[tuple[float, _Row]] = field(default_factory=list)  # (top, row)


def write(document: Document) -> bytes:
    pages = _paginate(document)
    return _Writer(document).pdf(pages)


class _Layout:
    def __init__(self, large: bool) -> None:
        self.sizes = SIZES[large]
        self.body = self.sizes[0]
        self.line_height = LINE_HEIGHT[large]
        self.gap = self.body * self.line_height * GAP[large] * 0.75
        self.indent = self.body * 1.6
        self.width = PAGE_W - LEFT - RIGHT

    def rows(self, block: Block, first: bool) -> list[_Row]:
        """A block as the lines it will print as, with the space after it on its last line."""
        rows: list[_Row] = []
        if isinstance(block, Heading):
            size = self.sizes[block.level]
            before = 0.0 if first else self.gap * 0.7
            for line in block.lines:
                rows += self._wrap(line, size, block.align, bold=True)
            if rows:
                rows[0].space_before = before
                rows[-1].space_after = size * 0.4
        elif isinstance(block, Paragraph):
            for line in block.lines:
                rows += self._wrap(line, self.body, block.align)
            if rows:
                rows[-1].space_after = self.gap
        elif isinstance(block, Bullets):
            for number, item in enumerate(block.items):
                item_rows: list[_Row] = []
                for line in item:
                    item_rows += self._wrap(line, self.body, block.align, indent=self.indent)
                if item_rows:
                    item_rows[0].bullet = True
                    last = number == len(block.items) - 1
                    item_rows[-1].space_after = self.gap if last else self.gap * 0.25
                rows += item_rows
        return rows

    def _wrap(self, line: Line, size: float, align: str, *, bold: bool = False, indent: float = 0.0) -> list[_Row]:
        """Greedy line breaking at plain spaces; a word wider than the line is broken where it must."""
        box = self.width - indent
        height = size * self.line_height
        words: list[list[tuple[str, bool]]] = [[]]  # words, each a list of (text, bold) parts
        spaces: list[tuple[str, bool]] = []  # the space before each word after the first
        for run in line:
            weight = bold or run.bold
            text = unicodedata.normalize("NFC", run.text)
            for index, part in enumerate(text.split(BREAKABLE)):
                if index:
                    words.append([])
                    spaces.append((" ", weight))
                if part:
                    words[-1].append((part, weight))
        rows: list[_Row] = []
        current: list[_Piece] = []
        x = 0.0
        for index, word in enumerate(words):
            width = sum(_font(b).width(t, size) for t, b in word)
            space = _font(spaces[index - 1][1]).width(" ", size) if index and current else 0.0
            if current and x + space + width > box:
                rows.append(_Row(current, size, height, indent, x, box, align))
                current, x, space = [], 0.0, 0.0
            if space:
                current.append(_Piece(" ", spaces[index - 1][1], x))
                x += space
            for text, weight in word:
                for chunk in _chunks(text, weight, size, box, x):
                    if chunk is None:  # the rest of an over-long word goes on the next line
                        rows.append(_Row(current, size, height, indent, x, box, align))
                        current, x = [], 0.0
                        continue
                    current.append(_Piece(chunk, weight, x))
                    x += _font(weight).width(chunk, size)
        rows.append(_Row(current, size, height, indent, x, box, align))  # an empty line keeps its height
        return rows


def _chunks(text: str, bold: bool, size: float, box: float, x: float):
    """`text` as it fits from `x` on; None between the parts of a word wider than the line."""
    font = _font(bold)
    if x + font.width(text, size) <= box:
        yield text
        return
    start, used = 0, x
    for index, char in enumerate(text):
        char_width = font.width(char, size)
        if used + char_width > box and index > start:
            yield text[start:index]
            yield None
            start, used = index, 0.0
        used += char_width
    yield text[start:]


def _paginate(document: Document) -> list[_Page]:
    layout = _Layout(document.large)
    blocks = [(block, layout.rows(block, index == 0)) for index, block in enumerate(document.blocks)]
    blocks = [(block, rows) for block, rows in blocks if rows]
    usable = PAGE_H - TOP - BOTTOM
    pages = [_Page()]
    y = 0.0  # used on the current page

    def height(rows: list[_Row]) -> float:
        return sum(r.space_before + r.height + r.space_after for r in rows)

    def new_page() -> None:
        nonlocal y
        pages.append(_Page())
        y = 0.0

    def fits(needed: float) -> bool:
        return y == 0.0 or y + needed <= usable + 0.01

    beside = _beside(blocks, layout.width)
    block_top = 0.0
    for index, (block, rows) in enumerate(blocks):
        whole = height(rows)
        if index in beside and fits(whole):
            # The addressee at the left, level with the sender's details at the right.
            after_right = y
            y = block_top
            for row in rows:
                pages[-1].rows.append((y, row))
                y += row.height + row.space_after
            y = max(y, after_right)
            continue
        if isinstance(block, Heading):
            section = [rows]
            for later, later_rows in blocks[index + 1:]:
                if isinstance(later, Heading) and later.level <= block.level:
                    break
                section.append(later_rows)
            all_of_it = sum(height(r) for r in section)
            first = sum(height(r) for r in section[:2])
            needed = all_of_it if all_of_it <= usable * KEEP_SECTION else min(first, usable * KEEP_WHOLE)
            if not fits(needed):
                new_page()
        elif index == len(blocks) - 2 and not isinstance(blocks[-1][0], Heading):
            # The last block (greeting and signature) never stands alone: the one before comes along.
            together = whole + height(blocks[-1][1])
            if together <= usable * KEEP_WHOLE * 1.5 and not fits(together):
                new_page()
        elif whole <= usable * KEEP_WHOLE and not fits(whole):
            new_page()
        block_top = y
        for row in rows:
            before = row.space_before if y else 0.0
            if not fits(before + row.height):
                new_page()
                before = 0.0
            y += before
            pages[-1].rows.append((y, row))
            y += row.height + row.space_after
    return pages


def _beside(blocks: list[tuple[Block, list[_Row]]], width: float) -> set[int]:
    """The left-aligned paragraphs that go next to the right-aligned one before them, where both fit.

    That is the letterhead of a Dutch letter: the sender's details at the top
    right, the addressee at the left on the same height.
    """
    found = set()
    for index in range(1, len(blocks)):
        (before, right), (block, left) = blocks[index - 1], blocks[index]
        if (isinstance(before, Paragraph) and before.align == "right" and isinstance(block, Paragraph)
                and block.align == "left" and index - 1 not in found
                and max(r.width for r in right) + max(r.width for r in left) + BESIDE_GAP <= width):
            found.add(index)
    return found


# --- writing the file ----------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.objects: list[bytes] = []
        self.used: dict[bool, dict[int, str]] = {False: {}, True: {}}  # weight -> glyph -> character

    def _add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def _stream(self, data: bytes, extra: str = "") -> int:
        packed = zlib.compress(data, 6)
        head = f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode("latin-1")
        return self._add(head + packed + b"\nendstream")

    def _text(self, text: str, bold: bool, size: float, x: float, y: float) -> str:
        font = _font(bold)
        used = self.used[bold]
        glyphs = []
        for char in text:
            gid = font.glyph(char)
            used.setdefault(gid, char if gid else "\ufffd")  # a character the font lacks reads as �
            glyphs.append(f"{gid:04X}")
        return f"BT /F{2 if bold else 1} {size:g} Tf 1 0 0 1 {x:.2f} {y:.2f} Tm <{''.join(glyphs)}> Tj ET"

    def _content(self, page: _Page, number: int, total: int) -> bytes:
        ops = []
        for top, row in page.rows:
            font = _font(False)
            ascent = font.ascent / font.units * row.size
            descent = -font.descent / font.units * row.size
            baseline = PAGE_H - TOP - top - (row.height - ascent - descent) / 2 - ascent
            start = LEFT + row.x
            if row.align == "right":
                start = LEFT + row.x + row.box - row.width
            if row.bullet:
                ops.append(self._text("•", False, row.size, start - row.x, baseline))  # hangs in the indent
            for piece in row.pieces:
                ops.append(self._text(piece.text, piece.bold, row.size, start + piece.x, baseline))
        footer = "  ·  ".join(part for part in (self.document.footer, f"{number}/{total}") if part)
        width = _font(False).width(footer, FOOTER_SIZE)
        ops.append("0.39 g " + self._text(footer, False, FOOTER_SIZE, (PAGE_W - width) / 2, FOOTER_Y) + " 0 g")
        return "\n".join(ops).encode("latin-1")

    def pdf(self, pages: list[_Page]) -> bytes:
        catalog = self._add(b"")  # filled in at the end, once the page tree's number is known
        page_tree = self._add(b"")
        contents = [self._stream(self._content(page, n, len(pages))) for n, page in enumerate(pages, 1)]
        fonts = {bold: self._font_objects(bold) for bold in (False, True) if self.used[bold]}
        resources = " ".join(f"/F{2 if bold else 1} {number} 0 R" for bold, number in fonts.items())
        kids = []
        for content in contents:
            kids.append(self._add(
                f"<< /Type /Page /Parent {page_tree} 0 R /MediaBox [0 0 {PAGE_W:.2f} {PAGE_H:.2f}] "
                f"/Resources << /Font << {resources} >> >> /Contents {content} 0 R >>".encode("latin-1")))
        self.objects[page_tree - 1] = (
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode("latin-1"))
        self.objects[catalog - 1] = (
            f"<< /Type /Catalog /Pages {page_tree} 0 R /Lang {_string(_language_tag(self.document.lang))} "
            "/ViewerPreferences << /DisplayDocTitle true >> >>").encode("latin-1")
        created = self.document.created.strftime("D:%Y%m%d%H%M%SZ")
        info = self._add((
            f"<< /Title {_string(self.document.title)} /Author {_string(self.document.author)} "
            f"/Creator (wor) /Producer (wor) /CreationDate ({created}) >>").encode("latin-1"))
        return _file(self.objects, catalog, info)

    def _font_objects(self, bold: bool) -> int:
        font = _font(bold)
        used = self.used[bold]
        tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(repr(sorted(used)).encode()).digest()[:6])
        name = f"/{tag}+{font.postscript_name}"
        program = font.subset(set(used))
        file = self._stream(program, f" /Length1 {len(program)}")
        x0, y0, x1, y1 = (font.scaled(v) for v in font.bbox)
        descriptor = self._add((
            f"<< /Type /FontDescriptor /FontName {name} /Flags 32 /FontBBox [{x0} {y0} {x1} {y1}] "
            f"/ItalicAngle 0 /Ascent {font.scaled(font.ascent)} /Descent {font.scaled(font.descent)} "
            f"/CapHeight {font.scaled(font.cap_height)} /StemV {120 if bold else 80} /FontFile2 {file} 0 R >>"
        ).encode("latin-1"))
        widths = " ".join(f"{gid} [{font.scaled(font.advances[gid])}]" for gid in sorted(used))
        cid = self._add((
            f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont {name} "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /W [{widths}] /CIDToGIDMap /Identity >>").encode("latin-1"))
        to_unicode = self._stream(_cmap(used))
        return self._add((
            f"<< /Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /Identity-H "
            f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>").encode("latin-1"))


def _language_tag(lang: str) -> str:
    """The language as a region tag, as Word and screen readers expect: nl-NL, en-GB."""
    return {"nl": "nl-NL", "en": "en-GB"}.get(lang, lang)


def _string(text: str) -> str:
    """A PDF text string: UTF-16 with its byte order mark, in hex (nothing in it needs escaping)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _cmap(used: dict[int, str]) -> bytes:
    """The ToUnicode map: which character each glyph is, so the text can be copied and searched."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    pairs = sorted(used.items())
    for start in range(0, len(pairs), 100):  # at most 100 entries per section
        chunk = pairs[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{char.encode('utf-16-be').hex().upper()}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("latin-1")


def _file(objects: list[bytes], root: int, info: int) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("latin-1") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("latin-1") for offset in offsets)
    identity = hashlib.md5(bytes(out)).hexdigest().upper()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R /Info {info} 0 R "
            f"/ID [<{identity}> <{identity}>] >>\nstartxref\n{xref}\n%%EOF\n").encode("latin-1")
    return bytes(out)
