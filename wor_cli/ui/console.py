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


def error(message: str) -> None:
    err().print(f"[bold red]{escape(message)}[/]", soft_wrap=True)


def warn(message: str) -> None:
    err().print(f"[yellow]{escape(message)}[/]", soft_wrap=True)


def success(message: str) -> None:
    out().print(f"[green]{escape(message)}[/]", soft_wrap=True)


def info(message: str) -> None:
    out().print(escape(message), soft_wrap=True)
