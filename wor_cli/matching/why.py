"""Why each result matched: the words, related words, themes and filters, as short strings."""

from __future__ import annotations

from typing import Any

from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.i18n import t
from wor_cli.matching.query import Concept, Query

MAX_WHY = 6


def reasons(index: CatalogueIndex, rowid: int, activity: dict[str, Any], concepts: list[Concept],
         matched: list[int], query: Query, distance: float | None) -> list[str]:
    reasons: list[str] = []
    if matched:
        tokens = set(" ".join(index.conn.execute(
            "SELECT name, keywords, themes, description, place FROM fts WHERE rowid = ?", (rowid,)
        ).fetchone()).split())
        for number in matched:
            concept = concepts[number]
            prefix = f"{concept.via}" if concept.via else concept.label
            if any(_term_in(term, tokens) for term in concept.primary):
                reasons.append(prefix)
                continue
            hit = next((word for term, word in concept.related.items() if _term_in(term, tokens)), None)
            reasons.append(f"{prefix} ≈ {hit}" if hit else prefix)
    themes = set(activity["themes"])
    for concept in concepts:
        for theme in sorted(concept.themes & themes):
            label = t("why.theme", theme=theme)
            if label not in reasons:
                reasons.append(label)
    for theme in query.prefer_themes:
        if theme in themes and query.prefer_label.get(theme):
            label = t("why.reason", reason=t(f"reason.{query.prefer_label[theme]}"))
            if label not in reasons:
                reasons.append(label)
    reasons += _filter_reasons(activity, query, distance)
    return reasons[:MAX_WHY] if len(reasons) > MAX_WHY else reasons


def _term_in(term: str, tokens: set[str]) -> bool:
    return all(any(token.startswith(part) for token in tokens) for part in term.split())


def _filter_reasons(activity: dict[str, Any], query: Query, distance: float | None) -> list[str]:
    reasons = []
    if query.themes:
        reasons += [t("why.theme", theme=th) for th in query.themes if th in activity["themes"]][:1]
    if query.near is not None:
        if activity["online"]:
            reasons.append(t("why.online"))
        elif distance is not None:
            reasons.append(t("why.distance", km=_km(distance), place=query.near_label or ""))
    if query.free:
        reasons.append(t("why.free"))
    elif query.max_cost is not None and activity["cost"]:
        reasons.append(t("why.max_cost", amount=_euro(activity["cost"]["amount"])))
    if query.days:
        days = [s["day"] for s in activity["schedule"] if s["day"] in query.days]
        reasons.append(t("why.day", day=t(f"day.{days[0]}")))
    for value in query.accessible:
        reasons.append(t(f"access.{value}"))
    if query.languages:
        spoken = [lang for lang in query.languages if lang in activity["languages"]]
        reasons.append(t("why.language", language=spoken[0]))
    if query.max_age_fit is not None and activity["eligibility"] and (
        activity["eligibility"]["min_age"] is not None or activity["eligibility"]["max_age"] is not None
    ):
        reasons.append(t("why.age", age=query.max_age_fit))
    return reasons


def _km(value: float) -> str:
    from wor_cli.i18n import language

    shown = f"{value:.1f}"
    return shown.replace(".", ",") if language() == "nl" else shown


def _euro(amount: float) -> str:
    from wor_cli.i18n import language

    shown = f"{amount:.2f}"
    return shown.replace(".", ",") if language() == "nl" else shown
