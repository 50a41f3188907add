"""The HTML report: one self-contained file a coordinator can mail.

Everything is inside the file: the styles, and the charts as inline SVG written
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


def charts(report: dict[str, Any], text: dict[str, Any]) -> dict[str, str]:
    """The charts as SVG text: the funnel, the reasons, GP visits, the follow-up and the outcome change.

    Written by `charts.py` in milliseconds, so they are drawn every time (the
    cache of drawn charts that matplotlib needed went with it).
    """
    from wor_cli.reports import charts as draw

    drawn = {
        "funnel": draw.funnel(text["funnel"], OUTCOMES, xlabel=t("report.chart.referrals"), shown=number,
                              title=t("report.chart.funnel")),
        "reasons": draw.bars([(label, count) for label, count, _ in text["reasons"]],
                             xlabel=t("report.chart.referrals"), shown=number, title=t("report.chart.reasons")),
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
            title=t("report.chart.gp_visits"),
        )
    follow = [(t("report.chart.this_period"), report["followup"])]
    if report.get("previous", {}).get("followup", {}).get("n"):
        follow.append((t("report.chart.previous_period"), report["previous"]["followup"]))
    if report["followup"]["n"]:
        drawn["followup"] = draw.shares(
            [(label, list(figures["still_taking_part"].values())) for label, figures in follow],
            [label for label, _, _ in text["followup"]["counts"]], draw.FOLLOWUP_COLOURS,
            xlabel=t("report.chart.clients_share"), title=t("report.chart.followup"),
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
