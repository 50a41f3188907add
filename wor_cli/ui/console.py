"""The two rich consoles (stdout for results, stderr for messages), made on first use.

rich honours NO_COLOR by itself; markup in what coaches typed is never
interpreted, because every piece of their text goes through `escape`. Emoji
codes are off: "kaart.csv:100:" is a file and a line, not a 💯.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console
from rich.markup import escape


@cache
def out() -> Console:
    return Console(highlight=False, emoji=False)


@cache
def err() -> Console:
    return Console(stderr=True, highlight=False, emoji=False)


def _unbroken(console: Console) -> bool:
    """Whether a message stays one line: yes into a file or a pipe (a script reads FILE:LINE: ... whole).

    At a terminal it is wrapped between words: left to the terminal, a sentence broke
    mid-word at 80 columns ("verder wa / ar u was").
    """
    return not console.is_terminal


def error(message: str) -> None:
    err().print(f"[bold red]{escape(message)}[/]", soft_wrap=_unbroken(err()))


def warn(message: str) -> None:
    err().print(f"[yellow]{escape(message)}[/]", soft_wrap=_unbroken(err()))


def success(message: str) -> None:
    out().print(f"[green]{escape(message)}[/]", soft_wrap=_unbroken(out()))


def info(message: str) -> None:
    out().print(escape(message), soft_wrap=_unbroken(out()))
