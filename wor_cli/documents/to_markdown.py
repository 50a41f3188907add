"""Markdown: for reading at a terminal (rendered by rich) or pasting into a message.

Text is escaped for CommonMark (with the table and strikethrough extensions
rich enables), so a note reading "**belangrijk**" or "<script>" shows as typed.
Escaping is kept to what is needed, so the plain file stays readable: a dash
is escaped only where it would start a list. Alignment has no Markdown form
and is left out; a line break is two trailing spaces.
"""

from __future__ import annotations

import re

from wor_cli.documents.model import Bullets, Document, Heading, Line, Paragraph

_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#+\-=]|\d+(?=[.)]))")
BREAK = "  \n"


def write(document: Document) -> str:
    parts = []
    for block in document.blocks:
        if isinstance(block, Heading):
            text = " ".join(_line(line) for line in block.lines)
            parts.append("#" * block.level + " " + text)
        elif isinstance(block, Paragraph):
            lines = [_line(line) for line in block.lines if line]  # a blank line would end the paragraph
            parts.append(BREAK.join(lines))
        elif isinstance(block, Bullets):
            items = []
            for item in block.items:
                lines = [_line(line) for line in item if line]
                items.append("- " + (BREAK + "  ").join(lines))
            parts.append("\n".join(items))
    return "\n\n".join(part for part in parts if part) + "\n"


def escape(text: str) -> str:
    """Text as Markdown that shows exactly this text."""
    return _ENTITY.sub(r"\\&", _ANYWHERE.sub(r"\\\1", text))


def _line(line: Line) -> str:
    out = []
    for index, run in enumerate(line):
        text = escape(run.text)
        if index == 0:
            text = _LINE_START.sub(lambda m: _escape_start(m.group(0)), text)
        if run.bold and text.strip():
            # Spaces stay outside the markers: "** x**" is no emphasis in CommonMark.
            lead, core, trail = _split_space(text)
            text = f"{lead}**{core}**{trail}"
        out.append(text)
    return "".join(out)


def _escape_start(found: str) -> str:
    """Escape what would start a heading, list or rule at the start of a line."""
    if found[0].isdigit():
        return found + "\\"  # "1." -> "1\." (escapes the dot that follows)
    return "\\" + found


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip(" ")
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")):]
    return lead, core, trail
