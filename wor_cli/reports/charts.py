"""The charts of the HTML report, drawn by matplotlib and inlined as SVG.

matplotlib is a well-kept library that gets axes, ticks, text placement and
scaling right, which hand-built SVG would have to reinvent. It is imported
only here, and only for `wor report --format html` (it takes a noticeable part
of a second). The SVG keeps its text as text (`svg.fonttype: none`), so the
labels stay sharp, searchable and readable by a screen reader, and it carries
no date or random ids, so the same figures give the same file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

BLUE, LIGHT_BLUE, GREEN, RED, GREY, INK = "#2a6f97", "#8fb8d6", "#3a8a5c", "#c0504d", "#9aa5ae", "#1f2a33"
FOLLOWUP_COLOURS = (GREEN, "#7fb48f", "#d08c3a", GREY)  # yes, other activity, stopped, never started
OUTCOME_COLOURS = {"completed": GREEN, "stopped-early": "#d08c3a", "referred-elsewhere": "#7b6aa8", "no-show": GREY}


def _matplotlib():
    """matplotlib set up for the report, without pyplot.

    pyplot (its figure manager and interactive backends) costs about a fifth
    of a second more to import and is not needed to draw into SVG: a plain
    `Figure` with the SVG canvas does it.
    """
    import matplotlib

    matplotlib.rcParams.update({
        "svg.fonttype": "none",
        "svg.hashsalt": "wor-report",
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": GREY,
        "axes.titleweight": "bold",
        "axes.titlesize": 12,
        "axes.titlelocation": "left",
        "text.color": INK,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
    })
    return matplotlib


def _figure(width: float, height: float) -> Any:
    _matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _svg(figure: Any) -> str:
    """The figure as an <svg> element: no XML prologue, no comments, no metadata."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    return text.strip()


def _text_inches(labels: Sequence[str], size: float = 11) -> float:
    """About how wide the widest label is, in inches (DejaVu Sans: ~0.6 em a character).

    Margins are set from this instead of `bbox_inches="tight"`, which lays the
    whole figure out twice to measure it: that was a third of the drawing time.
    """
    widest = max((len(line) for label in labels for line in str(label).split("\n")), default=0)
    return widest * 0.6 * size / 72


def _margins(figure: Any, *, left: float, bottom: float, top: float = 0.15, right: float = 0.35,
             hspace: float | None = None) -> None:
    """Margins in inches (matplotlib wants fractions of the figure)."""
    width, height = figure.get_size_inches()
    figure.subplots_adjust(left=min(0.6, left / width), right=1 - right / width,
                           bottom=min(0.6, bottom / height), top=1 - top / height, hspace=hspace)


def bars(rows: Sequence[tuple[str, int]], *, xlabel: str, colours: Sequence[str] | None = None,
         shown: Any = str) -> str:
    """Horizontal bars, first row on top, each with its number at the end.

    No title inside the chart: the report's heading above it says what it is.
    """
    labels = [label for label, _ in rows]
    values = [value for _, value in rows]
    figure = _figure(7.5, 0.45 * len(rows) + 1.0)
    axes = figure.subplots()
    positions = list(range(len(rows)))[::-1]
    drawn = axes.barh(positions, values, color=list(colours) if colours else BLUE, height=0.65)
    axes.set_yticks(positions, labels)
    axes.set_xlabel(xlabel)
    axes.bar_label(drawn, labels=[shown(v) for v in values], padding=4, fontsize=10)
    axes.xaxis.set_major_formatter(lambda value, _: shown(int(value)))
    axes.set_xlim(0, max(values or [1]) * 1.15 or 1)
    axes.tick_params(axis="y", length=0)
    _margins(figure, left=_text_inches(labels) + 0.2, bottom=0.6)
    return _svg(figure)


def funnel(rows: Sequence[tuple[str, int]], outcomes: Sequence[str], *, xlabel: str, shown: Any = str) -> str:
    """Referred, started, active, waiting, then closed per outcome, each in its own colour."""
    colours = [BLUE, BLUE, LIGHT_BLUE, GREY] + [OUTCOME_COLOURS.get(o, GREY) for o in outcomes]
    return bars(rows, xlabel=xlabel, colours=colours[: len(rows)], shown=shown)


def outcomes(rows: Sequence[dict[str, Any]], *, title: str, start_label: str, end_label: str,
             xlabel: str) -> str:
    """Per instrument, per score: the mean at the start and at the end, joined by an arrow.

    The end dot is green when the mean moved the good way (which is down for
    loneliness and anxiety), red when it moved the other way.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["n"]:
            groups.setdefault(row["instrument"], []).append(row)
    heights = [len(group) for group in groups.values()] or [1]
    figure = _figure(7.5, 0.55 * sum(heights) + 1.2 * len(heights))
    axes_list = figure.subplots(len(heights), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)
    for axes, (instrument, group) in zip((a[0] for a in axes_list), groups.items()):
        positions = list(range(len(group)))[::-1]
        for y, row in zip(positions, group):
            start, end = row["start_value"], row["end_value"]
            good = (end < start) if row["better"] == "lower" else (end > start)
            colour = GREEN if good else (GREY if end == start else RED)
            axes.annotate("", xy=(end, y), xytext=(start, y),
                          arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 2, "shrinkA": 5, "shrinkB": 5})
            axes.plot([start], [y], "o", color=GREY, markersize=8, label=start_label if y == positions[0] else None)
            axes.plot([end], [y], "o", color=colour, markersize=9, label=end_label if y == positions[0] else None)
            axes.annotate(f"n={row['n']}", xy=(1.0, y), xycoords=("axes fraction", "data"),
                          xytext=(6, 0), textcoords="offset points", va="center", fontsize=9, color=GREY)
        axes.set_yticks(positions, [f"{row['score']}\n({row['direction']})" for row in group])
        high = max((row["high"] or 0) for row in group) or max(r["end_value"] or 0 for r in group) + 1
        axes.set_xlim(0, high)
        axes.set_ylim(-0.6, len(group) - 0.4)
        axes.set_title(instrument)
        axes.set_xlabel(xlabel, fontsize=9)
        axes.grid(axis="x", color="#e3e7ea")
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", length=0)
    handles, labels = axes_list[0][0].get_legend_handles_labels()
    figure.suptitle(title, x=0.01, ha="left", fontweight="bold", fontsize=12)
    figure.legend(handles, labels, loc="upper right", ncol=2, frameon=False, fontsize=10)
    ticks = [f"{row['score']}\n({row['direction']})" for group in groups.values() for row in group]
    _margins(figure, left=_text_inches(ticks) + 0.2, bottom=0.55, top=0.75, right=0.6, hspace=0.55)
    return _svg(figure)


def before_after(groups: Sequence[tuple[str, float, float]], *, before_label: str, after_label: str,
                 ylabel: str, shown: Any = str) -> str:
    """Pairs of bars, before (grey) and after (blue), one pair per group (this period, the one before)."""
    figure = _figure(3.2 + 2.2 * len(groups), 3.0)
    axes = figure.subplots()
    width = 0.3
    positions = list(range(len(groups)))
    before = axes.bar([p - width / 2 for p in positions], [g[1] for g in groups], width, color=GREY, label=before_label)
    after = axes.bar([p + width / 2 for p in positions], [g[2] for g in groups], width, color=BLUE, label=after_label)
    for drawn in (before, after):
        axes.bar_label(drawn, labels=[shown(bar.get_height()) for bar in drawn], padding=3, fontsize=10)
    axes.set_xticks(positions, [g[0] for g in groups])
    axes.set_xlim(-0.8, len(groups) - 0.2)
    axes.set_ylabel(ylabel)
    axes.set_ylim(0, max([max(g[1], g[2]) for g in groups] + [1]) * 1.25)
    axes.tick_params(axis="x", length=0)
    axes.legend(frameon=False, loc="upper right", ncol=2, fontsize=10)
    _margins(figure, left=0.8, bottom=0.45, top=0.1, right=0.2)
    return _svg(figure)


def shares(rows: Sequence[tuple[str, Sequence[int]]], parts: Sequence[str], colours: Sequence[str], *,
           xlabel: str) -> str:
    """One bar per row split into its parts (as shares of 100%), each part labelled with its percentage."""
    figure = _figure(7.5, 0.7 * len(rows) + 1.4)
    axes = figure.subplots()
    positions = list(range(len(rows)))[::-1]
    left = [0.0] * len(rows)
    for index, (part, colour) in enumerate(zip(parts, colours)):
        widths = [(counts[index] / sum(counts) * 100) if sum(counts) else 0 for _, counts in rows]
        drawn = axes.barh(positions, widths, left=left, color=colour, height=0.5, label=part)
        axes.bar_label(drawn, labels=[f"{round(w)}%" if w >= 6 else "" for w in widths], label_type="center",
                       color="white", fontsize=10, fontweight="bold")
        left = [a + b for a, b in zip(left, widths)]
    axes.set_yticks(positions, [label for label, _ in rows])
    axes.set_xlim(0, 100)
    axes.set_xlabel(xlabel)
    axes.tick_params(axis="y", length=0)
    figure.legend(frameon=False, loc="lower center", ncol=len(parts), fontsize=9)
    _margins(figure, left=_text_inches([label for label, _ in rows]) + 0.2, bottom=0.95, top=0.1)
    return _svg(figure)
