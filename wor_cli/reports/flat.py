"""The report as (section, item, value) rows: its CSV, easy to pivot in a spreadsheet."""

from __future__ import annotations

from typing import Any


def flatten(report: dict[str, Any], prefix: str = "") -> list[tuple[str, str, Any]]:
    """The report as (section, item, value) rows: the CSV shape, easy to pivot in a spreadsheet.

    The previous period follows as the same rows with sections `previous.…`.
    """
    rows: list[tuple[str, str, Any]] = [
        ("period", "from", report["period"]["from"]),
        ("period", "to", report["period"]["to"]),
        ("referrals", "total", report["referrals"]["total"]),
    ]
    rows += [("referrals.by_reason", k, v) for k, v in report["referrals"]["by_reason"].items()]
    rows += [("referrals.by_practice", k, v) for k, v in report["referrals"]["by_practice"].items()]
    for key, value in report["funnel"].items():
        if isinstance(value, dict):
            rows += [(f"funnel.{key}", k, v) for k, v in value.items()]
        else:
            rows.append(("funnel", key, value))
    for section in ("days_to_first_contact", "contacts_per_referral"):
        rows += [(section, k, v) for k, v in report[section].items()]
    activities = report["activities"]
    rows += [("activities.by_theme", k, v) for k, v in activities["by_theme"].items()]
    rows += [("activities.top", f"{a['id']} ({a['name']})", a["count"]) for a in activities["top"]]
    rows += [("activities", k, activities[k]) for k in ("suggested", "taken_up", "referrals_taking_up")]
    for key, figures in report["outcomes"].items():
        rows += [
            (f"outcomes.{key}", field, figures[field])
            for field in ("n", "baseline_n", "start_mean", "end_mean", "mean_change", "improved_share", "worse_share")
        ]
    rows += [("gp_visits", k, v) for k, v in report["gp_visits"].items()]
    for key, value in report["followup"].items():
        if isinstance(value, dict):
            rows += [(f"followup.{key}", k, v) for k, v in value.items()]
        else:
            rows.append(("followup", key, value))
    rows += [("dropout", k, v) for k, v in report["dropout"].items()]
    for key, counts in report["demographics"].items():
        rows += [(f"demographics.{key}", k, v) for k, v in counts.items()]
    if "stories" in report:
        rows.append(("stories", "total", report["stories_total"]))
        rows += [("stories", str(number), text) for number, text in enumerate(report["stories"], 1)]
    rows = [(prefix + section, item, value) for section, item, value in rows]
    if "previous" in report:
        rows += flatten(report["previous"], "previous.")
    return rows


def as_csv(report: dict[str, Any]) -> str:
    import csv
    import io

    from wor_cli.cells import safe  # a story or practice name is never run as a formula

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "item", "value"))
    writer.writerows(("" if v is None else safe(v) for v in row) for row in flatten(report))
    return out.getvalue()
