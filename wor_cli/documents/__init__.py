"""Documents: one block model, written out as md, txt, html, pdf or docx.

Letters are its first user; the client export and the reports can hand it
blocks too and get the same five formats. Build a `Document` from blocks (by
hand, or with `parse` from letter markup) and call `render(document, fmt)`.

Each writer is imported only when its format is asked for: the PDF and Word
libraries take a noticeable part of a second to load.
"""

from __future__ import annotations

from wor_cli.documents.markup import parse
from wor_cli.documents.model import Block, Bullets, Document, Heading, Line, Paragraph, Run, plain

FORMATS = ("md", "txt", "html", "pdf", "docx")
TEXT_FORMATS = ("md", "txt", "html")  # printable on a terminal or in a pipe
BINARY_FORMATS = ("pdf", "docx")


def render(document: Document, fmt: str) -> bytes:
    """The document in format `fmt` (one of FORMATS), as bytes (text is UTF-8)."""
    if fmt == "md":
        from wor_cli.documents import to_markdown

        return to_markdown.write(document).encode("utf-8")
    if fmt == "txt":
        from wor_cli.documents import to_text

        return to_text.write(document).encode("utf-8")
    if fmt == "html":
        from wor_cli.documents import to_html

        return to_html.write(document).encode("utf-8")
    if fmt == "pdf":
        from wor_cli.documents import to_pdf

        return to_pdf.write(document)
    if fmt == "docx":
        from wor_cli.documents import to_docx

        return to_docx.write(document)
    raise ValueError(f"unknown document format {fmt!r}")


__all__ = [
    "BINARY_FORMATS", "Block", "Bullets", "Document", "FORMATS", "Heading", "Line", "Paragraph", "Run",
    "TEXT_FORMATS", "parse", "plain", "render",
]
