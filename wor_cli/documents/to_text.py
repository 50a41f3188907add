"""Plain text: for secure mail systems that take text only.

Lines are wrapped at 72 characters, the width every mail program shows
without wrapping again; words are never split (an e-mail address or web
address stays whole). Headings are underlined, bullets are dashes with a
hanging indent, emphasis and alignment are left out.
"""

from __future__ import annotations

import textwrap

from wor_cli.documents.model import Bullets, Document, Heading, Paragraph, plain

WIDTH = 72


def write(document: Document) -> str:
    parts = []
    for block in document.blocks:
        if isinstance(block, Heading):
            text = " ".join(plain(line) for line in block.lines)
            underline = ("=" if block.level == 1 else "-") * min(len(text), WIDTH)
            parts.append(f"{_wrap(text)}\n{underline}")
        elif isinstance(block, Paragraph):
            parts.append("\n".join(_wrap(plain(line)) for line in block.lines))
        elif isinstance(block, Bullets):
            items = []
            for item in block.items:
                lines = [_wrap(plain(item[0]), first="- ", rest="  ")]
                lines += [_wrap(plain(line), first="  ", rest="  ") for line in item[1:]]
                items.append("\n".join(lines))
            parts.append("\n".join(items))
    return "\n\n".join(parts) + "\n"


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    if not text:
        return first.rstrip()
    return textwrap.fill(
        text, WIDTH, initial_indent=first, subsequent_indent=rest,
        break_long_words=False, break_on_hyphens=False,
    )
