"""Who writes: the coach's and organisation's details, from the settings.

A letter with a blank where the coach's phone number should be is worse than
no letter: the GP cannot call back. So a letter to keep (a file) is refused,
naming every missing setting and how to set it, until the details it needs
are there. A look at a letter on screen (a draft) is shown with a visible
marker in each missing place instead, and the same advice beside it.
A phone number or e-mail address of the organisation stands in for the
coach's own.
"""

from __future__ import annotations

import re
from typing import Any

from wor_cli.errors import BadInput
from wor_cli.i18n import t
from wor_cli.letters.context import unbroken

# Per kind: what must be set; a tuple means "one of these".
NEEDED: dict[str, tuple[tuple[str, ...], ...]] = {
    "gp": (("organisation.name",), ("coach.name",), ("coach.phone", "organisation.phone"),
           ("coach.email", "organisation.email")),
    "recept": (("organisation.name",), ("coach.name",), ("coach.phone", "organisation.phone")),
    # The referral card (`wor card`): the coach's own name is shown when set.
    "card": (("organisation.name",), ("coach.phone", "organisation.phone"), ("coach.email", "organisation.email")),
}

# "Stationsplein 1, 8232 AB Lelystad" -> "Lelystad": the place in "Lelystad, 23 november 2026".
_PLACE = re.compile(r"\b[1-9]\d{3} ?[A-Za-z]{2}\s+(?P<place>[^\d,]+?)\s*$")


def missing_settings(settings: dict[str, Any], kind: str) -> list[tuple[str, ...]]:
    """The settings a letter of `kind` still needs (each a tuple of alternatives)."""
    return [
        keys for keys in NEEDED.get(kind, NEEDED["gp"])
        if not any(_text(settings.get(k)) for k in keys)
    ]


def advice(missing: list[tuple[str, ...]]) -> dict[str, str]:
    """The parameters of the messages that name what is missing and how to set it."""
    return {
        "settings": ", ".join(f" {t('letter.or')} ".join(keys) for keys in missing),
        "commands": "\n".join(f'  wor config set {keys[0]} "{_example(keys[0])}"' for keys in missing),
    }


def details(settings: dict[str, Any], kind: str, *, draft: bool = False) -> dict[str, Any]:
    """The sender's details for a letter of `kind`.

    Missing ones are a BadInput naming them, or, for a `draft`, a marker such
    as "[coach.name]" where each would stand.
    """
    missing = missing_settings(settings, kind)
    if missing and not draft:
        raise BadInput("letter.missing_settings", **advice(missing))
    settings = {**settings, **{keys[0]: t("letter.placeholder", key=keys[0]) for keys in missing}}
    value = {key: _text(settings.get(key)) for key in (
        "coach.name", "coach.phone", "coach.email", "organisation.name", "organisation.address",
        "organisation.phone", "organisation.email",
    )}
    for key in ("coach.phone", "organisation.phone"):
        value[key] = unbroken(value[key])
    address = value["organisation.address"]
    lines = [part.strip() for part in address.split(",") if part.strip()] if address else []
    place = _PLACE.search(address) if address else None
    return {
        "organisation": {
            "name": value["organisation.name"],
            "address": address,
            "address_lines": lines,
            "phone": value["organisation.phone"],
            "email": value["organisation.email"],
        },
        "coach": {"name": value["coach.name"], "phone": value["coach.phone"], "email": value["coach.email"]},
        "reply": {
            "phone": value["coach.phone"] or value["organisation.phone"],
            "email": value["coach.email"] or value["organisation.email"],
        },
        "place": place.group("place") if place else None,
        "greeting_form": _text(settings.get("letter.salutation")) or "collega",
    }


def _example(key: str) -> str:
    """A value to show in the `wor config set` line that fixes a missing setting."""
    return t(f"letter.example.{key.replace('.', '_')}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
