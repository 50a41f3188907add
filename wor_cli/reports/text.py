"""What a person reads in a report: labels and numbers written out, in their language.

`reports.database.build()` (or `reports.dataset.build()`) gives figures with
English keys (the JSON of cli.md). The terminal table and the HTML file show the same things with the same words, so
both take their rows from `readable()`: reasons and outcomes by their Dutch (or
English) names, numbers with a decimal comma in Dutch, shares as percentages.
"""

from __future__ import annotations

from typing import Any

from wor_cli.i18n import language, long_date, number, plural, t



def signed(value: float | None) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + number(value, 2)


def percent(part: float | None, whole: float | None = None) -> str:
    """A share as "53%"; with `whole`, the share part/whole."""
    if part is None or whole == 0:
        return "–"
    share = part / whole if whole is not None else part
    return f"{round(share * 100)}%"


def theme(value: str) -> str:
    key = f"report.theme.{value}"
    text = t(key)
    return value.replace("-", " ") if text == key else text


def readable(report: dict[str, Any]) -> dict[str, Any]:
    """Every section as rows of text, in the order a coordinator reads them."""
    from wor_cli import instruments

    lang = language()
    period = report["period"]
    total = report["referrals"]["total"]
    funnel = report["funnel"]
    timing, contacts = report["days_to_first_contact"], report["contacts_per_referral"]
    activities = report["activities"]
    completed = funnel["closed"].get("completed", 0)
    known = instruments.instruments()

    earlier = (report.get("previous") or {}).get("outcomes", {})
    outcomes = []
    for key, figures in report["outcomes"].items():
        instrument = known.get(figures["instrument"])
        score = instrument.score_by_id(figures["score"]) if instrument else None
        outcomes.append({
            "instrument": instrument.label(lang) if instrument else figures["instrument"],
            "score": score.label(lang) if score else figures["score"],
            "n": figures["n"],
            "baseline_n": figures["baseline_n"],
            "start": number(figures["start_mean"], 1),
            "end": number(figures["end_mean"], 1),
            "change": signed(figures["mean_change"]),
            "improved": percent(figures["improved_share"]),
            "improved_before": percent(earlier.get(key, {}).get("improved_share")),
            "worse": percent(figures["worse_share"]),
            "direction": t(f"report.better.{figures['better']}"),
            "range": f"{score.low}-{score.high}" if score else "",
            "start_value": figures["start_mean"],
            "end_value": figures["end_mean"],
            "low": score.low if score else 0,
            "high": score.high if score else None,
            "better": figures["better"],
        })

    before = report.get("previous")
    was = before or {}

    def previously(value: Any) -> str:
        return value if before else ""

    key_figures = [  # (what, the number, a share beside it, the previous period's number and share)
        (t("report.key.referred"), number(total), "", previously(number(was.get("referrals", {}).get("total"))), ""),
        (t("report.key.started"), number(funnel["started"]), percent(funnel["started"], total),
         *_before(was, lambda r: r["funnel"]["started"], lambda r: r["referrals"]["total"], before)),
        (t("report.key.closed"), number(funnel["closed_total"]), percent(funnel["closed_total"], total),
         *_before(was, lambda r: r["funnel"]["closed_total"], lambda r: r["referrals"]["total"], before)),
        (t("report.key.completed"), number(completed), percent(completed, funnel["closed_total"]),
         *_before(was, lambda r: r["funnel"]["closed"].get("completed", 0), lambda r: r["funnel"]["closed_total"],
                  before)),
        (t("report.key.days"), number(timing["median"], 1), "",
         previously(number(was.get("days_to_first_contact", {}).get("median"), 1)), ""),
        (t("report.key.contacts"), number(contacts["mean_closed"], 1), "",
         previously(number(was.get("contacts_per_referral", {}).get("mean_closed"), 1)), ""),
    ]
    for row in outcomes:  # the first score of each questionnaire: the improved share, beside the one before
        if any(r["instrument"] == row["instrument"] for r in outcomes[:outcomes.index(row)]):
            continue
        key_figures.append((t("report.key.improved", score=f"{row['instrument']}: {row['score']}"), row["improved"],
                            "", previously(row["improved_before"]), ""))

    gp, gp_before = report["gp_visits"], was.get("gp_visits", {})
    follow, follow_before = report["followup"], was.get("followup", {})
    people = report["demographics"]

    return {
        "title": t("report.title"),
        "period": t("report.period", start=long_date(period["from"]), end=long_date(period["to"])),
        "previous_period": t("report.previous_period", start=long_date(before["period"]["from"]),
                             end=long_date(before["period"]["to"])) if before else "",
        "empty": total == 0,
        "key_figures": key_figures,
        "gp_visits": {
            "n": gp["n"], "before_n": gp["before_n"],
            "before": number(gp["before_mean"], 1), "after": number(gp["after_mean"], 1),
            "change": signed(gp["mean_change"]), "before_value": gp["before_mean"], "after_value": gp["after_mean"],
            "previous": (number(gp_before.get("before_mean"), 1), number(gp_before.get("after_mean"), 1),
                         signed(gp_before.get("mean_change")), gp_before.get("n")) if before else None,
            "note": t("report.gp_visits_note", n=number(gp["n"]), before_n=number(gp["before_n"])),
        },
        "followup": {
            "n": follow["n"],
            "rows": [(t(f"followup.answer.{answer}"), count, percent(follow["still_taking_part_share"][answer]),
                      previously(percent((follow_before.get("still_taking_part_share") or {}).get(answer))))
                     for answer, count in follow["still_taking_part"].items()],
            "counts": [(t(f"followup.answer.{answer}"), answer, count)
                       for answer, count in follow["still_taking_part"].items()],
            "satisfaction": number(follow["satisfaction_mean"], 1),
            "satisfaction_before": previously(number(follow_before.get("satisfaction_mean"), 1)),
            "note": t(plural("report.followup_note", follow["n"]), n=number(follow["n"]),
                      rated=t(plural("count.times", follow["satisfaction_n"]), count=number(follow["satisfaction_n"]))),
        },
        "dropout": [(t(f"dropout.{reason}"), count, previously(was.get("dropout", {}).get(reason, 0)))
                    for reason, count in report["dropout"].items()],
        "demographics": {
            "age_band": [(band, count, percent(count, total)) for band, count in people["age_band"].items()],
            "gender": [(t(f"report.gender.{g}"), count, percent(count, total)) for g, count in people["gender"].items()],
            "area": [(t(f"report.area.{a}") if a in ("other", "unknown") else a, count, percent(count, total))
                     for a, count in people["area"].items()],
        },
        "reasons": [
            (t(f"reason.{reason}"), count, percent(count, total))
            for reason, count in sorted(report["referrals"]["by_reason"].items(), key=lambda kv: -kv[1])
            if count
        ],
        "practices": [
            (practice, count, percent(count, total)) for practice, count in report["referrals"]["by_practice"].items()
        ],
        "funnel": [
            (t("report.funnel.referred"), funnel["referred"]),
            (t("report.funnel.started"), funnel["started"]),
            (t("report.funnel.active"), funnel["active"]),
            (t("report.funnel.waiting"), funnel["waiting"]),
            *[(t("report.funnel.closed", outcome=t(f"outcome.{outcome}")), count)
              for outcome, count in funnel["closed"].items()],
        ],
        "timing": [
            (t("report.timing.days_median"), number(timing["median"], 1)),
            (t("report.timing.days_mean"), number(timing["mean"], 1)),
            (t("report.timing.contacts_mean"), number(contacts["mean"], 1)),
            (t("report.timing.contacts_closed"), number(contacts["mean_closed"], 1)),
        ],
        "themes": [(theme(name), count) for name, count in activities["by_theme"].items()],
        "top": [(a["name"], a["count"]) for a in activities["top"]],
        "taken_up": t(
            plural("report.taken_up", activities["referrals_taking_up"]),
            referrals=number(activities["referrals_taking_up"]),
            share=percent(activities["referrals_taking_up"], funnel["started"]),
        ) + " " + t(
            plural("report.taken_up_of", activities["suggested"]),
            taken=number(activities["taken_up"]), suggested=number(activities["suggested"]),
        ),
        "outcomes": outcomes,
        "stories": report.get("stories", []),
        "has_stories": "stories" in report,
        "stories_note": t(plural("report.stories_note", report.get("stories_total", 0)), shown=len(report.get("stories", [])),
                          total=number(report.get("stories_total", 0))),
    }


def _before(was: dict[str, Any], part: Any, whole: Any, before: Any) -> tuple[str, str]:
    """The previous period's number and share, or two empty strings without one."""
    if not before:
        return "", ""
    return number(part(was)), percent(part(was), whole(was))
