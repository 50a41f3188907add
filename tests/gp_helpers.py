"""One fully followed referral, as the GP's side is tested with: five conversations,
measures at the start and the end, an activity in every status, closed."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from tests.helpers import contact, invoke, new_referral

SETTINGS = {
    "coach.name": "Sanne Visser",
    "coach.phone": "06 98765432",
    "coach.email": "sanne@welzijnlelystad.example",
    "organisation.name": "Welzijn Lelystad-Zuid",
    "organisation.address": "Stationsplein 1, 8232 AB Lelystad",
}
CLIENT = {"client__name": "Gerda van der Meulen", "referrer__name": "dr. M. Jansen"}

CONTACTS: list[dict[str, Any]] = [
    {"contact": {"date": "2026-09-07", "mode": "home-visit", "minutes": 60,
                 "what_matters": "Weer onder de mensen komen en iets met de handen doen.",
                 "notes": "Zoon woont in Canada; belt weinig.",
                 "next_steps": "Samen kijken naar de wandelgroep en het handwerkcafé."},
     "measures": {"ons4": [4, 5, 3, 7], "djg6": ["ja", "nee", "nee", "ja", "nee", "min of meer"]},
     "activities": [{"id": "wandelgroep-hollandse-hout", "status": "suggested"},
                    {"id": "handwerkcafe-draad-en-praat", "status": "suggested"},
                    {"id": "koor-de-dijkzangers", "status": "suggested"}]},
    {"contact": {"date": "2026-09-21", "mode": "face-to-face", "barriers": ["spannend", "vervoer"],
                 "next_steps": "Dinsdag gaat zij mee met de wandelgroep; de buurvrouw rijdt."},
     "activities": [{"id": "wandelgroep-hollandse-hout", "status": "started"},
                    {"id": "koor-de-dijkzangers", "status": "declined"},
                    {"id": "leesclub-open-boek", "status": "suggested"}]},
    {"contact": {"date": "2026-10-12", "mode": "phone",
                 "next_steps": "Handwerkcafé proberen op donderdag."},
     "activities": [{"id": "handwerkcafe-draad-en-praat", "status": "started"}]},
    {"contact": {"date": "2026-11-02", "mode": "face-to-face",
                 "next_steps": "Leesclub past niet; wandelen en handwerken houdt zij vol."},
     "activities": [{"id": "leesclub-open-boek", "status": "stopped"},
                    {"id": "wandelgroep-hollandse-hout", "status": "continuing"}]},
    {"contact": {"date": "2026-11-23", "mode": "face-to-face",
                 "what_matters": "Elke week iets met anderen; niet meer de hele dag alleen thuis.",
                 "next_steps": "Aangemeld bij rouwgroep Verder na verlies; graag over drie maanden navragen hoe het gaat."},
     "measures": {"ons4": [7, 7, 6, 4], "djg6": ["min of meer", "ja", "min of meer", "nee", "ja", "nee"]},
     "activities": [{"id": "handwerkcafe-draad-en-praat", "status": "continuing"}],
     "close": {"outcome": "completed",
               "summary": "Mevrouw wandelt elke week mee en gaat naar het handwerkcafé; zij voelt zich minder alleen."}},
]


def configure(**changes: str) -> None:
    for key, value in {**SETTINGS, **changes}.items():
        assert invoke("config", "set", key, value).exit_code == 0


def followed_referral(tmp_path: Path, *, first: dict[str, Any] | None = None, last: dict[str, Any] | None = None,
                      **changes: Any) -> str:
    """The referral of Gerda van der Meulen, followed through five conversations and closed.

    `first` and `last` replace parts of the first and the closing conversation.
    """
    ref = new_referral(tmp_path, **{**CLIENT, "referral__date": "2026-09-01", "consent__date": "2026-09-01",
                                    **changes})
    steps = [dict(step) for step in CONTACTS]
    if first:
        steps[0] = {**steps[0], **first}
    if last:
        steps[-1] = {**steps[-1], **last}
    for step in steps:
        result = contact(tmp_path, ref, step)
        assert result.exit_code == 0, result.output
    return ref


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]
