"""Plain aligned columns: what `wor report` and `wor list` print instead of boxed rich tables.

Plain lines copy into an e-mail without box-drawing characters falling apart, and
they cost almost nothing to lay out: rich's table layout measures every cell of
every row before printing the first (about 0.5 ms a row, and all of it in memory),
where a line of fitted cells is written the moment its row is read.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, set_cell_size

# Line breaks, tabs and other control characters become spaces: a cell stays on its
# line, and no escape sequence in a stored name reaches the terminal.
_FLAT = {code: " " for code in (*range(0x20), *range(0x7F, 0xA0))}


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` terminal cells: padded, or cut with an ellipsis."""
    if text.isascii() and text.isprintable():  # one cell a character: the quick way, for most cells
        return text.ljust(width) if len(text) <= width else text[: width - 1] + "…" if width > 0 else ""
    if not text.isprintable():
        text = text.translate(_FLAT)
    if len(text) > 4 * width:  # a pasted page is not measured whole (zero-width characters count 0)
        text = text[: 4 * width]
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…" if width > 0 else ""


class Painter:
    """Styles for plain lines: ANSI codes as rich would write them, or none at all.

    Asked of the console once, so NO_COLOR, a pipe or a file gives plain text, as
    everywhere else in wor.
    """

    def __init__(self, console: Any) -> None:
        from rich.console import COLOR_SYSTEMS

        system = console.color_system
        self._system = None if system is None or console.legacy_windows else COLOR_SYSTEMS[system]
        self._styles: dict[str, Any] = {}
        self.active = self._system is not None

    def __call__(self, text: str, style: str) -> str:
        if self._system is None or not style or not text.strip():
            return text
        if style not in self._styles:
            from rich.style import Style

            self._styles[style] = Style.parse(style)
        return self._styles[style].render(text, color_system=self._system)
