"""A spreadsheet file's rows: its encoding, its separator, csv or xlsx.

`.csv` with `,` `;` or tab, UTF-8 with or without BOM, UTF-16 as Excel's
"Unicode text", or Windows-1252 as Dutch Excel saves "CSV"; `.xlsx` through
openpyxl (read-only, imported only here), its unpacked size bounded. Rows come
with their line numbers, for the messages of `spreadsheet.py`, which turns them
into activities.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from wor_cli.catalogue import forms
from wor_cli.catalogue.imported import Imported, TooManyProblems
from wor_cli.errors import BadInput

MAX_ROWS = 200_000
MAX_XLSX_UNPACKED = 500_000_000  # what the workbook's parts may unpack to (a zip bomb is refused)
_XML_RUN = 1 << 20  # bytes: no cell's text, escaped, comes near this; openpyxl would hold a longer one whole
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,9})"')


def _no_huge_cell(archive: zipfile.ZipFile, imported: Imported) -> None:
    """Refuse a workbook with one enormous cell before openpyxl reads it.

    openpyxl streams rows but keeps each cell's text whole: one cell of 300 MB, which
    zips to 300 KB, takes gigabytes. Every XML part is unpacked once in chunks of
    _XML_RUN bytes; a chunk without a "<" is text (or a tag) longer than that, far past
    forms.MAX_CELL. The row number last seen names the line. Unpacking costs a fraction
    of openpyxl's own parsing.
    """
    for info in archive.infolist():
        if not info.filename.endswith(".xml"):
            continue
        row = None
        with archive.open(info) as part:
            while chunk := part.read(_XML_RUN):
                if b"<" not in chunk:
                    imported.problem("", "interchange.cell_too_long", line=row, limit=forms.MAX_CELL)
                    imported.raise_problems()
                rows = _ROW.findall(chunk, max(0, chunk.rfind(b"<row") - 1, chunk.rfind(b":row") - 1))
                if rows:
                    row = int(rows[-1])


def _decode(raw: bytes, imported: Imported) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return str(memoryview(raw)[3:], "utf-8")  # without copying the file first
        except UnicodeDecodeError:
            return _bad_encoding(imported)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return _bad_encoding(imported)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if _UTF8_SEQUENCE.search(raw):
            # Mostly UTF-8 with a stray byte: read as Windows-1252 it would turn every "é" into "Ã©".
            line = raw.count(b"\n", 0, e.start) + 1
            raise BadInput("interchange.mixed_encoding", source=imported.source_name, line=line) from None
    try:
        # Windows-1252 leaves five bytes undefined; a file with those is neither.
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return _bad_encoding(imported)


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def _bad_encoding(imported: Imported) -> str:
    raise BadInput("interchange.bad_encoding", source=imported.source_name)


def _delimiter(header_line: str) -> str:
    """The separator that splits the header best; a header has no quoted separators in practice."""
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def csv_text(raw: bytes, imported: Imported) -> str:
    text = _decode(raw, imported)
    if "\x00" in text:
        raise BadInput("interchange.bad_encoding", source=imported.source_name)
    return text


def _csv_reader(lines: Iterable[str], text: str):
    return csv.reader(lines, delimiter=_delimiter(_first_line(text)), strict=True)


def _first_line(text: str) -> str:
    """The first line with something on it (the header, or the separators before it), without
    copying the rest of the file: blank lines above the header say nothing about the separator."""
    start = 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if end < 0 or line.strip():
            return line
        start = end + 1


# Where str.splitlines ends a line and a file read with newline="" (as the csv module wants it) does not.
_OTHER_LINE_ENDS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def csv_table(text: str) -> list[list[str]] | None:
    """Every row at once, when row i is line i + 1 (no cell holds a line break) and the file is
    well-formed and within MAX_ROWS; otherwise None, and `csv_rows` reads it row by row with the
    line of each (and of the first malformed one).

    Split by str.splitlines, the rows are read a third faster than from a StringIO; it splits
    where the csv module does unless the text holds one of the rarer line ends."""
    if any(end in text for end in _OTHER_LINE_ENDS):
        return None
    reader = _csv_reader(text.splitlines(keepends=True), text)
    try:
        rows = list(reader)
    except csv.Error:
        return None
    if reader.line_num != len(rows) or len(rows) > MAX_ROWS + 1:
        return None
    return rows


def csv_rows(text: str, imported: Imported) -> Iterator[tuple[int, list[Any]]]:
    reader = _csv_reader(io.StringIO(text, newline=""), text)
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as e:
        imported.problem("", "interchange.bad_csv", line=line, reason=str(e))


def xlsx_rows(raw: bytes, imported: Imported) -> Iterator[tuple[int, list[Any]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise BadInput("interchange.too_big", source=imported.source_name, limit=MAX_XLSX_UNPACKED // 1_000_000)
            _no_huge_cell(archive, imported)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise BadInput("interchange.bad_xlsx", source=imported.source_name) from None
    import openpyxl  # only this command reads workbooks

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise BadInput("interchange.bad_xlsx", source=imported.source_name) from None
    try:
        sheet = book.worksheets[0]
        width = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if width is None:
                width = len(values)
            yield number, list(values)
    except Exception as e:  # noqa: BLE001 - a damaged part shows up only while reading
        if isinstance(e, (BadInput, TooManyProblems)):
            raise
        raise BadInput("interchange.bad_xlsx", source=imported.source_name) from None
    finally:
        book.close()
