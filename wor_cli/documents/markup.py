"""Letter markup: the small subset of HTML that letter templates write, read into blocks.

Why a subset of HTML rather than of Markdown: templates are rendered by Jinja
with autoescaping on, so everything a coach or client typed arrives with `<`,
`>` and `&` escaped. It can never open a tag, so it can never become
structure, however it was typed. Markdown's syntax (`**`, `#` or `- ` at the
start of a line) is ordinary text that escaping leaves alone, so a note
reading "- 3 kg afgevallen" would turn into a list.

A second gift of HTML: whitespace collapses. The lines Jinja's `{% if %}`
tags leave behind never split a paragraph; a line break is only ever `<br>`.

The tags: `h1`, `h2`, `h3`, `p`, `br`, `ul` with `li`, `b` or `strong`, and
`div` to group blocks. `class="right"` on a block (or a `div`) aligns it to
the right, as the sender's details in a letter. Anything else is an error
naming the tag: a template that asks for something the writers cannot show
should say so, not lose it. Text outside any block becomes a paragraph.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from wor_cli.documents.model import Align, Block, Bullets, Heading, Line, Paragraph, Run
from wor_cli.errors import BadInput

TAGS = ("h1", "h2", "h3", "p", "br", "ul", "li", "b", "strong", "div")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # not \s: a no-break space must stay
# Control characters: a terminal would obey them (ESC) and Word files cannot hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def parse(markup: str) -> list[Block]:
    """The blocks of a piece of letter markup; BadInput for a tag it cannot show."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    reader.finish()
    return reader.blocks


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.aligns: list[Align] = ["left"]  # one per open div
        self.open: tuple[str, Align] | None = None  # the block collecting text: (tag, align)
        self.lines: list[list[Run]] = [[]]
        self.bold = 0
        self.items: list[tuple[Line, ...]] | None = None  # inside <ul>
        self.list_align: Align = "left"

    # --- tags ---------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            raise BadInput("letter.markup.tag", tag=tag, allowed=", ".join(TAGS))
        align = _align(attrs)
        if tag in ("b", "strong"):
            self.bold += 1
        elif tag == "br":
            self._ensure_open()
            self.lines.append([])
        elif tag == "div":
            self._close_text()
            self.aligns.append(align or self.aligns[-1])
        elif tag == "ul":
            self._close_text()
            if self.items is not None:
                raise BadInput("letter.markup.nested", tag="ul", inside="ul")
            self.items, self.list_align = [], align or self.aligns[-1]
        elif tag == "li":
            if self.items is None:
                raise BadInput("letter.markup.outside", tag="li", parent="ul")
            self._close_text()
            self.open = ("li", self.list_align)
        else:  # p, h1, h2, h3
            if self.open and self.open[0] == "li":
                raise BadInput("letter.markup.nested", tag=tag, inside="li")
            if self.items is not None:
                raise BadInput("letter.markup.nested", tag=tag, inside="ul")
            self._close_text()
            self.open = (tag, align or self.aligns[-1])

    def handle_endtag(self, tag: str) -> None:
        if tag not in TAGS:
            raise BadInput("letter.markup.tag", tag=tag, allowed=", ".join(TAGS))
        if tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("p", "h1", "h2", "h3", "li"):
            self._close_text()
        elif tag == "ul":
            self._close_text()
            if self.items:
                self.blocks.append(Bullets(tuple(self.items), self.list_align))
            self.items = None
        elif tag == "div":
            self._close_text()
            if len(self.aligns) > 1:
                self.aligns.pop()

    def handle_data(self, data: str) -> None:
        if self.open is None:
            if not data.strip(" \t\n\r\f"):
                return  # whitespace between blocks
            if self.items is not None:
                raise BadInput("letter.markup.loose_text", text=data.strip()[:40])
            self._ensure_open()
        self.lines[-1].append(Run(data, bold=self.bold > 0))

    def finish(self) -> None:
        self._close_text()
        if self.items:
            self.blocks.append(Bullets(tuple(self.items), self.list_align))
            self.items = None

    # --- collecting text ----------------------------------------------------------------

    def _ensure_open(self) -> None:
        """Text (or a <br>) outside a block starts a paragraph, as in HTML."""
        if self.open is None:
            if self.items is not None:
                raise BadInput("letter.markup.outside", tag="br", parent="li")
            self.open = ("p", self.aligns[-1])

    def _close_text(self) -> None:
        if self.open is None:
            return
        tag, align = self.open
        lines = [_tidy(line) for line in self.lines]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        self.open, self.lines = None, [[]]
        if not lines:
            return
        if tag == "li":
            assert self.items is not None
            self.items.append(tuple(lines))
        elif tag == "p":
            self.blocks.append(Paragraph(tuple(lines), align))
        else:
            self.blocks.append(Heading(int(tag[1]), tuple(lines), align))


def _align(attrs: list[tuple[str, str | None]]) -> Align | None:
    classes = " ".join(value or "" for name, value in attrs if name == "class").split()
    if "right" in classes:
        return "right"
    if "left" in classes:
        return "left"
    return None


def _tidy(runs: list[Run]) -> Line:
    """Drop control characters, collapse whitespace as HTML does, merge runs of the same weight, trim."""
    merged: list[Run] = []
    for run in runs:
        text = _HTML_SPACE.sub(" ", _CONTROL.sub("", run.text))
        if merged and merged[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if merged and merged[-1].bold == run.bold:
            merged[-1] = Run(merged[-1].text + text, run.bold)
        else:
            merged.append(Run(text, run.bold))
    if merged:
        merged[0] = Run(merged[0].text.lstrip(" "), merged[0].bold)
        merged[-1] = Run(merged[-1].text.rstrip(" "), merged[-1].bold)
    return tuple(run for run in merged if run.text)
