"""Naming people as a Dutch letter does: "mevrouw Van der Meulen", "Beste dokter De Boer,".

A letter between professionals names the client by title and surname, not
by first name, and greets the colleague in one of two customary forms
("Geachte collega," or "Beste dokter Jansen,"; the setting
`letter.salutation`). A Dutch surname standing without first name or
initials starts with a capital, also when it starts with a particle:
"Gerda van der Meulen" but "mevrouw Van der Meulen".
"""

from __future__ import annotations

import re

from wor_cli.i18n import t

# Dutch, Flemish and other particles that begin a surname ("tussenvoegsels").
PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "'s", "d'", "du", "la", "le",
    "von", "zu", "vd", "v.d.", "dos", "da", "del", "della", "di", "el", "al", "ben", "ibn", "bou", "abou", "abu",
})
TITLES = frozenset({"dr", "dr.", "drs", "drs.", "mr", "mr.", "prof", "prof.", "ir", "ir.", "ing", "ing."})
_ROLE = re.compile(r"\s*\([^)]*\)\s*")  # "M. Smit (POH-GGZ)"


def surname(name: str) -> str:
    """The surname in a full name, as typed: "Gerda van der Meulen" -> "van der Meulen"."""
    words = [w for w in _ROLE.sub(" ", name).split() if w.lower() not in TITLES]
    given = [w for w in words if not _is_initials(w)]
    if len(given) <= 1:
        return " ".join(given) or name.strip()
    for index, word in enumerate(given[1:], 1):  # the first word is a given name
        if word.lower() in PARTICLES:
            return " ".join(given[index:])
    # without a particle: everything after the initials, or else the last word
    if len(given) < len(words):
        return " ".join(given)
    return given[-1]


def standing_alone(name: str) -> str:
    """A surname as it stands after "mevrouw" or "dokter": first letter a capital."""
    return name[:1].upper() + name[1:] if name else name


def formal(name: str, salutation: str | None) -> str:
    """How a letter names the client: "mevrouw Van der Meulen"; the full name without a salutation."""
    if salutation in ("mevrouw", "meneer"):
        return t(f"letter.title.{salutation}", surname=standing_alone(surname(name)))
    return name


def is_practice_nurse(name: str) -> bool:
    """A POH-GGZ (practice nurse) is not greeted as "dokter"."""
    return bool(re.search(r"\bpoh\b", name, re.IGNORECASE))


def greeting(gp_name: str, form: str | None) -> str:
    """The salutation line of a letter to the GP, with its comma."""
    if form == "dokter" and not is_practice_nurse(gp_name) and surname(gp_name):
        return t("letter.salutation.dokter", surname=standing_alone(surname(gp_name)))
    return t("letter.salutation.collega")


def _is_initials(word: str) -> bool:
    """ "M.", "J.P.", "A.B.C." """
    return bool(re.fullmatch(r"(?:[A-Za-zÀ-ÿ]\.)+[A-Za-zÀ-ÿ]?\.?", word)) and word.lower() not in PARTICLES
