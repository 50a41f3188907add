"""The referral card (`wor card`): one page for a GP practice to keep next to the computer.

GPs refer far fewer patients than they could because, in a busy surgery, they
do not get round to it. The card answers their three questions at a glance:
for whom (the reasons in plain words, and who is better served elsewhere), how
(whom to call or mail, when, ZorgDomein or e-mail) and what happens next; and
it shows a few real activities, so "welzijn" becomes concrete. It is made from
a template like the letters (`nl/verwijskaart.html.j2`), so an organisation can
adapt it in its own template folder, and it is printed in black and white:
bold and bullets carry the structure, never colour.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from wor_cli import clock, documents, i18n
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import long_date, t
from wor_cli.letters import context as letter_context
from wor_cli.letters import sender
from wor_cli.vocabulary import REASON_THEMES, REASONS

FILE_STEM = "wor-verwijskaart"
EXAMPLES = 5

LinkCounts = Callable[[], "list[tuple[str, int]]"]  # activity id -> times linked, most first


def filename(fmt: str) -> str:
    return f"{FILE_STEM}.{fmt}"


def make(settings: dict[str, Any], fmt: str, *, catalogue: Path | None, linked: LinkCounts | None = None,
         templates_dir: Path | None = None) -> bytes:
    """The card in format `fmt`; Refused (exit 1) naming the settings it still needs."""
    from wor_cli import letters
    from wor_cli.letters import templates

    if fmt not in documents.FORMATS:
        raise BadInput("letter.bad_format", value=fmt, allowed=", ".join(documents.FORMATS))
    missing = sender.missing_settings(settings, "card")
    if missing:
        raise Refused("card.missing_settings", **sender.advice(missing))
    folder = letters.template_folder(templates_dir, settings)
    writer = sender.details(settings, "card")
    writer.pop("greeting_form", None)
    values = {
        **writer,
        "lang": i18n.language(),
        "today": long_date(clock.today()),
        "hours": (settings.get("coach.hours") or "").strip() or None,
        "refer_via": settings.get("organisation.refer_via") or "email",
        "reasons": [t(f"card.reason.{reason}") for reason in REASONS if reason != "overig"],
        "examples": examples(catalogue, linked),
        "label": letter_context.labels(),
    }
    name = templates.name_of("verwijskaart", i18n.language())
    markup = templates.render(name, values, folder)
    try:
        blocks = documents.parse(markup)
    except BadInput as e:
        raise BadInput("letter.template.markup", name=name, problem=e.message()) from None
    document = documents.Document(
        blocks, title=t("card.title", organisation=writer["organisation"]["name"]),
        author=writer["organisation"]["name"], lang=i18n.language(),
        footer=t("card.footer", organisation=writer["organisation"]["name"]),
    )
    return documents.render(document, fmt)


def examples(catalogue: Path | None, linked: LinkCounts | None = None) -> list[dict[str, Any]]:
    """Four or five activities to show: the most linked ones, then one per common theme.

    A new organisation has linked nothing yet; then the themes that help with the
    most common reasons for referral (loneliness first) each give one activity.
    """
    if catalogue is None:
        return []
    from wor_cli import catalogue as catalogues

    index = catalogues.open_index(catalogue)
    chosen: list[dict[str, Any]] = []
    seen: set[str] = set()

    def take(activity: dict[str, Any] | None) -> None:
        if activity and activity["id"] not in seen and len(chosen) < EXAMPLES:
            seen.add(activity["id"])
            chosen.append(_example(activity))

    for activity_id, _ in (linked() if linked else [])[: EXAMPLES * 2]:
        take(index.get(activity_id))
    for theme in _common_themes():
        if len(chosen) >= EXAMPLES:
            break
        rows = index.conn.execute(
            "SELECT d.data FROM activities a JOIN details d ON d.rowid = a.rowid WHERE a.themes LIKE ? "
            "ORDER BY a.name LIMIT 200", (f"%|{theme}|%",)
        )
        candidates = [json.loads(data) for (data,) in rows]
        candidates.sort(key=lambda a: _fit(a, theme))
        take(next((a for a in candidates if a["id"] not in seen), None))
    return chosen


def _common_themes() -> list[str]:
    """The themes that help with the reasons for referral: each reason's first theme, then its second, ..."""
    lists = [REASON_THEMES.get(reason, ()) for reason in REASONS]
    depth = max(len(themes) for themes in lists)
    return list(dict.fromkeys(themes[level] for level in range(depth) for themes in lists if level < len(themes)))


def _fit(activity: dict[str, Any], theme: str) -> tuple[int, int, str]:
    """Sort key: the theme first among its themes, then regular (weekly) over once-only, then by name."""
    frequencies = [slot.get("frequency", "weekly") for slot in activity.get("schedule") or []]
    regular = 0 if "weekly" in frequencies else 1 if any(f != "once" for f in frequencies) or not frequencies else 2
    return (0 if (activity.get("themes") or [None])[0] == theme else 1, regular, activity["name"])


def _example(activity: dict[str, Any]) -> dict[str, Any]:
    location = activity.get("location") or {}
    return {
        "id": activity["id"],
        "name": activity["name"],
        "summary": letter_context.first_sentence(activity.get("description")),
        "when": letter_context.when(activity.get("schedule") or [])[0],
        "place": location.get("city") or (t("match.online") if activity.get("online") else None),
        "cost": i18n.cost(activity.get("cost"), "letter.cost.ask"),
    }
