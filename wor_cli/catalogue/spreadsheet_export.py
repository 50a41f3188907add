"""The catalogue as a spreadsheet, for `wor catalogue export --format csv`: one row per schedule line.

The columns of `sheet_columns.py`, in its order, with days, frequencies and periods in Dutch
("dinsdag", "om de week", "per keer") for a Dutch coordinator; `spreadsheet.py` reads both
languages, so what is written can be read again (the sample spreadsheet is made this way).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from wor_cli.catalogue.sheet_columns import COLUMNS
from wor_cli.cells import safe
from wor_cli.vocabulary import DUTCH_DAYS


def rows(activities: Iterable[dict[str, Any]]) -> Iterator[list[str]]:
    """The activities (in the checked normal form) as spreadsheet rows, header first."""
    yield list(COLUMNS)
    for activity in activities:
        location = activity.get("location") or {}
        cost = activity.get("cost") or {}
        eligibility = activity.get("eligibility") or {}
        contact = activity.get("contact") or {}
        base = {
            "id": activity["id"], "name": activity["name"], "organization": activity.get("organization"),
            "description": activity["description"], "themes": "; ".join(activity["themes"]),
            "keywords": "; ".join(activity.get("keywords") or []),
            "location_name": location.get("name"), "address": location.get("address"),
            "postcode": location.get("postcode"), "city": location.get("city"),
            "lat": location.get("lat"), "lon": location.get("lon"),
            "online": "ja" if activity.get("online") else "",
            "cost_amount": _money(cost.get("amount")), "cost_per": cost.get("per") if cost else None,
            "cost_note": cost.get("note"),
            "min_age": eligibility.get("min_age"), "max_age": eligibility.get("max_age"),
            "eligibility_note": eligibility.get("note"),
            "languages": "; ".join(activity.get("languages") or []),
            "accessibility": "; ".join(activity.get("accessibility") or []),
            "contact_name": contact.get("name"), "phone": contact.get("phone"), "email": contact.get("email"),
            "url": contact.get("url"), "verified": activity.get("verified"),
        }
        if cost:
            base["cost_per"] = _DUTCH_PERIOD[cost["per"]]
        slots = activity.get("schedule") or [{}]
        for slot in slots:
            cells = {**base, "day": _DUTCH_DAY.get(slot.get("day")), "start": slot.get("start"),
                     "end": slot.get("end"), "frequency": _DUTCH_FREQUENCY.get(slot.get("frequency"))}
            yield ["" if cells.get(c) is None else str(cells[c]) for c in COLUMNS]


# A spreadsheet for a Dutch coordinator says "dinsdag" and "om de week"; the reader takes both languages.
_DUTCH_DAY = {english: dutch for dutch, english in DUTCH_DAYS.items()}
_DUTCH_FREQUENCY = {"weekly": "wekelijks", "biweekly": "om de week", "monthly": "maandelijks", "once": "eenmalig"}
_DUTCH_PERIOD = {"session": "per keer", "month": "per maand", "year": "per jaar", "course": "per cursus",
                 "once": "eenmalig"}


def _money(value: Any) -> str | None:
    if value is None:
        return None
    return "gratis" if value == 0 else f"{value:.2f}".replace(".", ",")


def to_csv(activities: Iterable[dict[str, Any]]) -> bytes:
    """`;`-separated UTF-8 with a BOM: what Dutch Excel opens without asking."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([safe(cell) for cell in row] for row in rows(activities))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
