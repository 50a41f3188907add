"""A letter on the screen: Markdown rendered by rich at a terminal, the text itself in a pipe."""

from __future__ import annotations

import sys

from rich.markup import escape

from wor_cli.ui import console


def show(content: bytes, fmt: str) -> None:
    """Print a letter to stdout; at a terminal, Markdown is shown as it reads on paper."""
    if fmt in ("pdf", "docx"):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    text = content.decode("utf-8")
    if fmt == "md" and sys.stdout.isatty():
        from rich.markdown import Markdown

        console.out().print(Markdown(text))
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def note(message: str, extra: str | None = None) -> None:
    """A short line on stderr, so a letter piped to a file or a mail program stays clean."""
    console.err().print(f"[dim]{escape(message)}[/]", soft_wrap=True)
    if extra:
        console.err().print(f"[dim]{escape(extra)}[/]", soft_wrap=True)
