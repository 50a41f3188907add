"""Why each result matched: the words, related words, themes and filters, as short strings."""

from __future__ import annotations

from typing import Any

from wor_cli.i18n import language_name, money, number, t
from wor_cli.matching.query import Concept, Query

MAX_WHY = 6


def reasons(activity: dict[str, Any], hits: list[str], about_person: list[str], concepts: list[Concept],
            query: Query, distance: float | None, shared_theme: str | None = None) -> list[str]:
    """`hits`: the concepts that matched, as shown ("wandlen → wandelen", "geldzorgen ≈ schuldhulp");
    `about_person`: how it suits the person ("81: past bij 55+"); `shared_theme`: the theme it
    shares with the best matches (pseudo-relevance feedback), shown like a theme of the words."""
    shown: list[str] = []
    for label in [*hits, *about_person]:
        if label not in shown:
            shown.append(label)
    themes = set(activity["themes"])
    for theme in query.prefer_themes:
        if theme in themes and query.prefer_label.get(theme):
            label = t("why.reason", reason=t(f"reason.{query.prefer_label[theme]}"))
            if label not in shown:
                shown.append(label)
    for concept in concepts:
        for theme in sorted(concept.themes & themes):
            label = t("why.theme", theme=theme)
            # once: "vroeger gebreid → thema ontmoeten" already says it
            if label not in shown and not any(said.endswith(f"→ {label}") for said in shown):
                shown.append(label)
    if shared_theme is not None and t("why.theme", theme=shared_theme) not in shown:
        shown.append(t("why.theme", theme=shared_theme))
    filters = _filter_reasons(activity, query, distance)
    shown = [label for label in shown if label not in filters]  # a theme asked for shows once, as a filter
    # Filters always show: the coach asked for them. Themes give way first.
    room = max(MAX_WHY - len(filters), 2)
    return shown[:room] + filters


def _filter_reasons(activity: dict[str, Any], query: Query, distance: float | None) -> list[str]:
    reasons = []
    if query.themes:
        reasons += [t("why.theme", theme=th) for th in query.themes if th in activity["themes"]][:1]
    if query.near is not None:
        if activity["online"]:
            reasons.append(t("why.online"))
        elif distance is not None:
            reasons.append(t("why.distance", km=number(distance, 1), place=query.near_label or ""))
    if query.free:
        reasons.append(t("why.free"))
    elif query.max_cost is not None and activity["cost"]:
        reasons.append(t("why.max_cost", amount=money(activity["cost"]["amount"])))
    if query.days:
        days = [s["day"] for s in activity["schedule"] if s["day"] in query.days]
        reasons.append(t("why.day", day=t(f"day.{days[0]}")))
    for value in query.accessible:
        reasons.append(t(f"access.{value}"))
    if query.languages:
        spoken = [lang for lang in query.languages if lang in activity["languages"]]
        reasons.append(t("why.language", language=language_name(spoken[0])))
    if query.max_age_fit is not None and activity["eligibility"] and (
        activity["eligibility"]["min_age"] is not None or activity["eligibility"]["max_age"] is not None
    ):
        reasons.append(t("why.age", age=query.max_age_fit))
    return reasons

