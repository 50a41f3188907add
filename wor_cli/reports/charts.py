"""The charts of the HTML report, written as SVG here.

They are a handful of simple shapes: horizontal bars, pairs of bars, one
stacked bar per row and dots joined by an arrow, on a linear axis from zero.
Placing those is a few lines of arithmetic, so the SVG is written here rather
than drawn by a plotting library: matplotlib (with numpy) took about half a
second to import and a quarter to draw, which made a first HTML report 6-7
times as slow as an empty command (issue 14; docs/reports.md "Speed"). Here
the charts take milliseconds.

What the charts keep: every label, number and legend is `<text>` (sharp at
any zoom, searchable, read by a screen reader) with the chart's name as its
`<title>`; the font is the page's own; nothing is fetched; the same figures
give the same SVG, byte for byte. Label widths are estimated (DejaVu Sans is
about 0.6 em a character, wider than most system fonts), so a long label
gets more room rather than too little.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from wor_cli.i18n import number

BLUE, LIGHT_BLUE, GREEN, RED, GREY, INK = "#2a6f97", "#8fb8d6", "#3a8a5c", "#c0504d", "#9aa5ae", "#1f2a33"
GRID, MUTED = "#e3e7ea", "#6b7680"
FOLLOWUP_COLOURS = (GREEN, "#7fb48f", "#d08c3a", GREY)  # yes, other activity, stopped, never started
OUTCOME_COLOURS = {"completed": GREEN, "stopped-early": "#d08c3a", "referred-elsewhere": "#7b6aa8", "no-show": GREY}

WIDTH = 720  # px: the width the charts had (7.5 inches), inside the page's 980 px column
TEXT, SMALL = 14, 12  # font sizes in px


def _width(text: str, size: float = TEXT) -> float:
    """About how wide `text` is set in `size` px: the widest of its lines."""
    return max((len(line) for line in str(text).split("\n")), default=0) * 0.6 * size


def _ticks(high: float, count: int = 6, *, whole: bool = False) -> list[float]:
    """Round steps (1, 2 or 5 times a power of ten) from 0 up to `high`, about `count` of them.

    `whole`: steps of at least 1, for counts (no "0,5 referrals" on a small axis).
    """
    if not high > 0 or math.isinf(high):
        return [0.0]
    raw = high / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-9))
    step = max(step, 1) if whole else step
    return [i * step for i in range(int(high / step + 1e-9) + 1)]


def _tick(value: float) -> str:
    return number(int(value)) if float(value).is_integer() else number(float(value), 1)


class _Svg:
    """An SVG drawing in px; coordinates rounded to a tenth so the text stays short."""

    def __init__(self, width: float, height: float, title: str | None) -> None:
        self.width, self.height = round(width), round(height)
        self.parts: list[str] = [f"<title>{escape(title)}</title>"] if title else []

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        if w > 0 and h > 0:
            self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}"/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = GREY, width: float = 1) -> None:
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                          f'stroke="{stroke}" stroke-width="{width}"/>')

    def circle(self, x: float, y: float, r: float, fill: str) -> None:
        self.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}"/>')

    def polygon(self, points: Sequence[tuple[float, float]], fill: str) -> None:
        self.parts.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="{fill}"/>')

    def text(self, x: float, y: float, text: str, *, anchor: str = "start", size: float = TEXT,
             fill: str = INK, bold: bool = False, rotate: bool = False) -> None:
        """Text centred vertically on `y` (dy, which every browser honours); lines below each other."""
        lines = str(text).split("\n")
        top = -(len(lines) - 1) * 0.6  # em: the lines stand around y together
        weight = ' font-weight="bold"' if bold else ""
        turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
        spans = "".join(
            f'<tspan x="{x:.1f}" dy="{(top + 0.35) if i == 0 else 1.2:.2f}em">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        ) if len(lines) > 1 else escape(lines[0])
        first = "" if len(lines) > 1 else ' dy="0.35em"'
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}"{first} font-size="{size}" fill="{fill}" '
                          f'text-anchor="{anchor}"{weight}{turn}>{spans}</text>')

    def legend(self, items: Sequence[tuple[str, str]], x: float, y: float, *, dots: bool = False,
               size: float = SMALL, align: str = "start") -> None:
        """Swatches (or dots) with their labels in one row from x (or ending at x, or centred on x)."""
        widths = [22 + _width(label, size) * 0.92 + 18 for label, _ in items]
        start = {"start": x, "end": x - sum(widths), "middle": x - sum(widths) / 2}[align]
        for (label, colour), w in zip(items, widths):
            if dots:
                self.circle(start + 7, y, 5.5, colour)
            else:
                self.rect(start, y - 5, 16, 10, colour)
            self.text(start + 22, y, label, size=size)
            start += w

    def __str__(self) -> str:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
                f'viewBox="0 0 {self.width} {self.height}" font-size="{TEXT}">'
                + "".join(self.parts) + "</svg>")


def _x_axis(svg: _Svg, left: float, right: float, y: float, ticks: Sequence[float], scale: Callable[[float], float],
            label: str, *, size: float = TEXT, grid_top: float | None = None) -> None:
    """The axis line at y, its ticks and numbers below, the label under them; grid lines up to grid_top."""
    for value in ticks:
        x = scale(value)
        if grid_top is not None and value:
            svg.line(x, grid_top, x, y, GRID)
        svg.line(x, y, x, y + 5, GREY)
        svg.text(x, y + 17, _tick(value), anchor="middle", size=size - 1)
    svg.line(left, y, right, y, GREY)
    svg.text((left + right) / 2, y + 38, label, anchor="middle", size=size)


def bars(rows: Sequence[tuple[str, int]], *, xlabel: str, colours: Sequence[str] | None = None,
         shown: Any = str, title: str | None = None) -> str:
    """Horizontal bars, first row on top, each with its number at the end.

    No heading inside the chart: the report's heading above it says what it is.
    """
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    row, bar, top = 40, 26, 10
    left = min(WIDTH * 0.6, max(60, max((_width(label) for label in labels), default=0) + 20))
    right = WIDTH - 90
    high = max(values or [1]) * 1.15 or 1
    scale = lambda value: left + (right - left) * value / high  # noqa: E731 - a one-line mapping
    bottom = top + row * len(rows) + 4
    svg = _Svg(WIDTH, bottom + 50, title)
    for index, (label, value) in enumerate(rows):
        middle = top + row * index + row / 2
        colour = colours[index] if colours else BLUE
        svg.rect(left, middle - bar / 2, scale(value) - left, bar, colour)
        svg.text(left - 8, middle, label, anchor="end")
        svg.text(scale(value) + 6, middle, shown(value), size=SMALL + 1)
    svg.line(left, top, left, bottom, GREY)
    _x_axis(svg, left, right, bottom, [v for v in _ticks(high, whole=True) if v <= high], scale, xlabel)
    return str(svg)


def funnel(rows: Sequence[tuple[str, int]], outcomes: Sequence[str], *, xlabel: str, shown: Any = str,
           title: str | None = None) -> str:
    """Referred, started, active, waiting, then closed per outcome, each in its own colour."""
    colours = [BLUE, BLUE, LIGHT_BLUE, GREY] + [OUTCOME_COLOURS.get(o, GREY) for o in outcomes]
    return bars(rows, xlabel=xlabel, colours=colours[: len(rows)], shown=shown, title=title)


def outcomes(rows: Sequence[dict[str, Any]], *, title: str, start_label: str, end_label: str,
             xlabel: str) -> str:
    """Per instrument, per score: the mean at the start and at the end, joined by an arrow.

    The end dot is green when the mean moved the good way (which is down for
    loneliness and anxiety), red when it moved the other way, grey when it
    did not move.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["n"]:
            groups.setdefault(row["instrument"], []).append(row)
    labels = [f"{row['score']}\n({row['direction']})" for group in groups.values() for row in group]
    left = min(WIDTH * 0.5, max(60, max((_width(label) for label in labels), default=0) + 20))
    right = WIDTH - 80
    row_height, heading, axis = 50, 34, 64
    height = 44 + sum(heading + row_height * len(group) + axis for group in groups.values())
    svg = _Svg(WIDTH, height, title)
    svg.text(8, 16, title, size=TEXT + 2, bold=True)
    svg.legend([(start_label, GREY), (end_label, GREEN)], WIDTH - 10, 16, dots=True, size=SMALL + 1, align="end")
    y = 44
    for instrument, group in groups.items():
        high = max((row["high"] or 0) for row in group) or max((row["end_value"] or 0) for row in group) + 1
        scale = lambda value, high=high: left + (right - left) * min(max(value, 0), high) / high  # noqa: E731
        svg.text(left, y + 12, instrument, size=TEXT + 1, bold=True)
        top = y + heading
        bottom = top + row_height * len(group)
        for index, row in enumerate(group):
            middle = top + row_height * index + row_height / 2
            start, end = row["start_value"], row["end_value"]
            good = (end < start) if row["better"] == "lower" else (end > start)
            colour = GREEN if good else (GREY if end == start else RED)
            x1, x2 = scale(start), scale(end)
            svg.text(left - 8, middle, f"{row['score']}\n({row['direction']})", anchor="end")
            if abs(x2 - x1) > 16:  # room for a shaft and a head between the dots
                way = 1 if x2 > x1 else -1
                tip = x2 - way * 8
                svg.line(x1 + way * 6, middle, tip - way * 8, middle, colour, 2.5)
                svg.polygon([(tip, middle), (tip - way * 10, middle - 5), (tip - way * 10, middle + 5)], colour)
            svg.circle(x1, middle, 5.5, GREY)
            svg.circle(x2, middle, 6.5, colour)
            svg.text(right + 8, middle, f"n={row['n']}", size=SMALL - 1, fill=MUTED)
        svg.line(left, top, left, bottom, GREY)
        _x_axis(svg, left, right, bottom, _ticks(high), scale, xlabel, size=SMALL + 1, grid_top=top)
        y = bottom + axis
    return str(svg)


def before_after(groups: Sequence[tuple[str, float, float]], *, before_label: str, after_label: str,
                 ylabel: str, shown: Any = str, title: str | None = None) -> str:
    """Pairs of bars, before (grey) and after (blue), one pair per group (this period, the one before)."""
    width = 300 + 210 * len(groups)
    left, right, top, bottom = 78, width - 20, 34, 250
    high = max([max(g[1], g[2]) for g in groups] + [1]) * 1.25
    scale = lambda value: bottom - (bottom - top) * value / high  # noqa: E731 - a one-line mapping
    svg = _Svg(width, bottom + 34, title)
    svg.legend([(before_label, GREY), (after_label, BLUE)], right, 12, size=SMALL + 1, align="end")
    for value in [v for v in _ticks(high, 5) if v <= high]:
        y = scale(value)
        svg.line(left - 5, y, left, y, GREY)
        svg.text(left - 9, y, _tick(value), anchor="end", size=SMALL + 1)
    slot = (right - left) / len(groups)
    bar = min(64, slot * 0.22)
    for index, (label, before, after) in enumerate(groups):
        middle = left + slot * (index + 0.5)
        for x, value, colour in ((middle - bar, before, GREY), (middle, after, BLUE)):
            svg.rect(x, scale(value), bar, bottom - scale(value), colour)
            svg.text(x + bar / 2, scale(value) - 10, shown(value), anchor="middle", size=SMALL + 1)
        svg.text(middle, bottom + 16, label, anchor="middle")
    svg.line(left, top - 6, left, bottom, GREY)
    svg.line(left, bottom, right, bottom, GREY)
    svg.text(18, (top + bottom) / 2, ylabel, anchor="middle", size=SMALL + 1, rotate=True)
    return str(svg)


def shares(rows: Sequence[tuple[str, Sequence[int]]], parts: Sequence[str], colours: Sequence[str], *,
           xlabel: str, title: str | None = None) -> str:
    """One bar per row split into its parts (as shares of 100%), each part labelled with its percentage."""
    row, bar, top = 56, 36, 8
    left = min(WIDTH * 0.5, max(60, max((_width(label) for label, _ in rows), default=0) + 20))
    right = WIDTH - 40
    scale = lambda value: left + (right - left) * value / 100  # noqa: E731 - a one-line mapping
    bottom = top + row * len(rows) + 4
    svg = _Svg(WIDTH, bottom + 80, title)
    for index, (label, counts) in enumerate(rows):
        middle = top + row * index + row / 2
        total = sum(counts)
        done = 0.0
        for count, colour in zip(counts, colours):
            share = count / total * 100 if total else 0
            svg.rect(scale(done), middle - bar / 2, scale(done + share) - scale(done), bar, colour)
            if share >= 6:
                svg.text(scale(done + share / 2), middle, f"{round(share)}%", anchor="middle", size=SMALL + 1,
                         fill="#ffffff", bold=True)
            done += share
        svg.text(left - 8, middle, label, anchor="end")
    svg.line(left, top, left, bottom, GREY)
    _x_axis(svg, left, right, bottom, _ticks(100), scale, xlabel)
    svg.legend(list(zip(parts, colours)), WIDTH / 2, bottom + 66, align="middle")
    return str(svg)
