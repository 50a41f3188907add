"""The block model every document is made of, whatever format it ends up in.

Deliberately small: headings, paragraphs and bullet lists, made of lines of
text runs that are bold or not, each block aligned left or right. That is all
a letter to a GP or a one-page handout needs, and small enough that five
writers (md, txt, html, pdf, docx) can render every part of it faithfully.

Text in a run is always text: no writer ever interprets it as markup, so what
a coach or client typed can never change a document's structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Literal, Union

from wor_cli import clock

Align = Literal["left", "right"]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1, 2 or 3
    lines: tuple[Line, ...]
    align: Align = "left"


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]  # each a line of its own (hard line breaks); an empty line is a blank line
    align: Align = "left"


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Line, ...], ...]  # each item: its lines
    align: Align = "left"


Block = Union[Heading, Paragraph, Bullets]


@dataclass
class Document:
    """A document ready for any writer.

    `large` asks for large, clear type (a handout for a client); `footer` is a
    short line at the foot of every printed page (the writers add the page
    number); `title`, `author` and `created` go into the file's properties.
    """

    blocks: list[Block]
    title: str = ""
    author: str = ""
    lang: str = "nl"
    large: bool = False
    footer: str = ""
    created: datetime = field(default_factory=lambda: _clock_now())


def plain(line: Line) -> str:
    """The text of a line without its emphasis."""
    return "".join(run.text for run in line)


def _clock_now() -> datetime:
    """Now, from the clock the tests can fix."""
    return datetime.strptime(clock.now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
