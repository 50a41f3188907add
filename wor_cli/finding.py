"""Finding a client: by reference, or by part of the name, as a coach types it.

`show`, `intake`, `edit`, `letter` and `export-client` take either. Case,
accents and invisible characters are ignored ("jose" finds "José", "ANNA" finds
"Anna de Wit"). Each client is one person with perhaps several referrals; the
newest referral stands for them. One person found: that referral. More: the
caller lists them (REF, name, birth year) or lets the coach pick. `forget` takes
a reference only, never a name: erasing must never depend on a guess.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from wor_cli.errors import BadInput, NotFound
from wor_cli.referrals import _REF, normalise_ref

if TYPE_CHECKING:
    from wor_cli.store import Store

MAX_LISTED = 20  # more than this and the coach should type more of the name


def looks_like_ref(text: str) -> bool:
    return _REF.fullmatch(text.strip()) is not None


def folded(text: str) -> str:
    """Lower case, no accents, no invisible characters, single spaces."""
    from wor_cli.text import fold

    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(fold(text).split())


def matches(store: Store, text: str) -> list[dict[str, Any]]:
    """Each person whose name contains `text`: {ref, name, birth_year, date}, newest referral first.

    A person is a name and birth year; of their referrals the newest is given.
    Names where `text` starts a word ("anna" in "Anna de Wit", "rademaker" in
    "Hofstede-Rademaker") come first; only when there are none does a match
    inside a word count ("anna" in "Johanna").
    """
    wanted = folded(text)
    if not wanted:
        raise BadInput("find.empty")
    newest: dict[tuple[str, int], dict[str, Any]] = {}
    rows = store.conn.execute(
        "SELECT r.ref, r.date, c.name, c.birth_year FROM referrals r JOIN clients c ON c.id = r.client_id "
        "ORDER BY r.date, r.id"
    )
    inside: dict[tuple[str, int], dict[str, Any]] = {}  # found within a word: only when none at a word's start
    for ref, day, name, birth_year in rows:
        name_folded = folded(name)
        spaced = " " + name_folded.replace("-", " ")
        person = (name_folded, birth_year)
        found = {"ref": ref, "name": name, "birth_year": birth_year, "date": day}
        if " " + wanted in spaced:
            newest[person] = found
        elif wanted in name_folded:
            inside[person] = found
    chosen = newest or inside
    return sorted(chosen.values(), key=lambda m: (m["date"], m["ref"]), reverse=True)


def resolve(store: Store, text: str) -> str | list[dict[str, Any]]:
    """The reference meant by `text`, or the list of people it could mean (two or more).

    A reference is taken as it is (an unknown one is reported by whoever reads it);
    a name that matches nobody is NotFound here.
    """
    if looks_like_ref(text):
        return normalise_ref(text)
    found = matches(store, text)
    if not found:
        raise NotFound("find.nobody", text=text.strip())
    if len(found) == 1:
        return found[0]["ref"]
    return found


def listing(found: list[dict[str, Any]]) -> str:
    """One line per person: REF, name, birth year (the newest first, at most MAX_LISTED)."""
    from wor_cli.i18n import t

    lines = [f"  {m['ref']}  {m['name']} ({m['birth_year']})" for m in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append("  " + t("find.more", count=len(found) - MAX_LISTED))
    return "\n".join(lines)
