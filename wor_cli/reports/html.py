"""The HTML report: one self-contained file a coordinator can mail.

Everything is inside the file: the styles, and the charts as inline SVG drawn
by `charts.py`. No fonts, scripts, images or links are fetched from anywhere,
so it opens the same in any mail client or browser, offline, years later.
The template (`templates/report/report.html.j2`) is Jinja2 with autoescaping:
whatever a coach typed (a practice name, a story) is text, never markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wor_cli import __version__, clock
from wor_cli.i18n import language, long_date, t
from wor_cli.i18n import number
from wor_cli.reports.text import readable
from wor_cli.vocabulary import OUTCOMES

TEMPLATES = Path(__file__).parent.parent / "templates" / "report"


CHART_CACHE_FORMAT = 1
CHART_CACHE_KEEP = 20


def charts(report: dict[str, Any], text: dict[str, Any]) -> dict[str, str]:
    """The charts as SVG text, from the cache when these very figures were drawn before.

    Drawing is most of the HTML report's time (importing matplotlib alone takes
    half a second), and the same figures always give the same SVG (no dates or
    random ids in it). A coordinator runs the same report again and again while
    writing about it, so the drawn charts are kept in the user's cache folder,
    keyed by a hash of the figures, the language and the version: aggregates
    only (the report's own numbers, no stories), in a folder only the user can
    read, the newest CHART_CACHE_KEEP kept.
    """
    import hashlib
    import json

    figures = {k: v for k, v in report.items() if k not in ("stories", "stories_total")}
    key = hashlib.sha256(json.dumps([CHART_CACHE_FORMAT, __version__, language(), figures], sort_keys=True,
                                    default=str).encode("utf-8")).hexdigest()
    cached = _cached_charts(key)
    if cached is not None:
        return cached
    drawn = _draw(report, text)
    _keep_charts(key, drawn)
    return drawn


def _chart_folder() -> Path:
    from wor_cli import config

    return config.cache_dir() / "report-charts"


def _cached_charts(key: str) -> dict[str, str] | None:
    import json

    try:
        found = json.loads((_chart_folder() / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or not all(isinstance(v, str) and v.startswith("<svg") for v in found.values()):
        return None
    return found


def _keep_charts(key: str, drawn: dict[str, str]) -> None:
    """Best effort: a cache that cannot be written only costs the next run its drawing."""
    import json
    import os

    from wor_cli.privacy.files import private_folder

    try:
        folder = private_folder(_chart_folder())
        temporary = folder / f".{key}.{os.getpid()}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(drawn, f)
        os.replace(temporary, folder / f"{key}.json")
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[CHART_CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _draw(report: dict[str, Any], text: dict[str, Any]) -> dict[str, str]:
    """The charts: the funnel, the reasons, GP visits, the follow-up and the outcome change."""
    from wor_cli.reports import charts as draw

    drawn = {
        "funnel": draw.funnel(text["funnel"], OUTCOMES, xlabel=t("report.chart.referrals"), shown=number),
        "reasons": draw.bars([(label, count) for label, count, _ in text["reasons"]],
                             xlabel=t("report.chart.referrals"), shown=number),
    }
    gp = text["gp_visits"]
    pairs = [(t("report.chart.this_period"), gp["before_value"], gp["after_value"])] if gp["n"] else []
    earlier = report.get("previous", {}).get("gp_visits", {})
    if earlier.get("n"):
        pairs.append((t("report.chart.previous_period"), earlier["before_mean"], earlier["after_mean"]))
    if pairs:
        drawn["gp_visits"] = draw.before_after(
            pairs, before_label=t("report.col.before"), after_label=t("report.col.after"),
            ylabel=t("report.chart.visits"), shown=lambda value: number(float(value), 1),
        )
    follow = [(t("report.chart.this_period"), report["followup"])]
    if report.get("previous", {}).get("followup", {}).get("n"):
        follow.append((t("report.chart.previous_period"), report["previous"]["followup"]))
    if report["followup"]["n"]:
        drawn["followup"] = draw.shares(
            [(label, list(figures["still_taking_part"].values())) for label, figures in follow],
            [label for label, _, _ in text["followup"]["counts"]], draw.FOLLOWUP_COLOURS,
            xlabel=t("report.chart.clients_share"),
        )
    if any(row["n"] for row in text["outcomes"]):
        drawn["outcomes"] = draw.outcomes(
            text["outcomes"], title=t("report.chart.outcomes"), start_label=t("report.chart.start"),
            end_label=t("report.chart.end"), xlabel=t("report.chart.mean"),
        )
    return drawn


def render(report: dict[str, Any], *, organisation: str | None = None) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    text = readable(report)
    drawn = {} if text["empty"] else {name: Markup(svg) for name, svg in charts(report, text).items()}
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    return environment.get_template("report.html.j2").render(
        t=t, number=number, text=text, charts=drawn, lang=language(), organisation=organisation,
        made=t("report.footer", version=__version__, date=long_date(clock.today())),
    )
