"""The results of `wor match` as a table that fits an 80-column terminal.

Four columns: the activity (name, themes below it), when and where (with the
distance), the cost, and why it matched. Long text wraps inside its column
instead of pushing the table wider.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from wor_cli.i18n import cost, number, plural, t


def when(activity: dict[str, Any]) -> str:
    """"di 10:00-11:30", "1e wo 14:00" ... or "op afspraak"."""
    slots = []
    for slot in activity["schedule"]:
        part = t(f"day.short.{slot['day']}")
        if slot["start"]:
            part += f" {slot['start']}" + (f"-{slot['end']}" if slot["end"] else "")
        if slot["frequency"] != "weekly":
            part += f" ({t('frequency.' + slot['frequency'])})"
        slots.append(part)
    return "; ".join(slots) if slots else t("match.by_appointment")


def where(activity: dict[str, Any], distance: float | None) -> str:
    if activity["online"] and not activity["location"]:
        return t("match.online")
    location = activity["location"] or {}
    place = location.get("name") or location.get("city") or ""
    if distance is not None:
        place += f" ({number(distance, 1)} km)"
    return place or t("match.at_home")



def results_table(results: list[Any], query: Any, total: int) -> Table:
    table = Table(
        title=t(plural("match.title", len(results)), shown=len(results), total=total), title_justify="left",
        show_lines=True, expand=False, pad_edge=False,
    )
    table.add_column(t("match.col.activity"), ratio=4, min_width=18)
    table.add_column(t("match.col.when_where"), ratio=3, min_width=14)
    table.add_column(t("match.col.cost"), ratio=1, min_width=9)
    table.add_column(t("match.col.why"), ratio=3, min_width=14)
    for result in results:
        a = result.activity
        name = f"[bold]{escape(result.name)}[/]\n[dim]{escape(', '.join(result.themes))}[/]"
        table.add_row(
            name,
            f"{escape(when(a))}\n{escape(where(a, result.distance_km))}",
            escape(cost(a["cost"])).replace(" ", "\n", 1),  # "€ 2,50" over "per keer" (€ and amount are held together)
            escape("; ".join(result.why)),
        )
    return table
