"""Forgetting a client (right to erasure, AVG art. 17), thoroughly.

Everything about the client goes, in one transaction: the client row, every
referral of that client and all that hangs from it (consent, contacts with
their notes, measures, linked activities, the record of letters made,
unfinished drafts), and unfinished new-referral drafts that name the same
person. Nothing anonymous is kept back for reports: see docs/privacy.md.

What stays is the audit trail, which never held content: who did what when,
to which reference, now ending in `referral.forget`. It proves the erasure
was done, and lets `wor show` say so. Reference numbers are never reused.

Deleting rows is not enough on its own: SQLite leaves deleted text in free
pages and in the WAL file. `secure_delete` (always on) zeroes what is
deleted; `wipe()` then empties the WAL into the file and truncates it, and
VACUUM rewrites the file without free pages, so the name can be found in
neither the database file nor its WAL afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wor_cli import audit
from wor_cli.intake import drafts
from wor_cli.errors import NotFound
from wor_cli.referrals import normalise_ref

if TYPE_CHECKING:
    from wor_cli.store import Store



@dataclass
class Plan:
    """What `forget` will erase, shown before the coach confirms."""

    ref: str
    name: str
    birth_year: int
    refs: list[str]  # every referral of this client
    counts: dict[str, int]
    look_alikes: list[str] = field(default_factory=list)  # other clients with the same name and birth year


def plan(store: Store, ref: str) -> Plan:
    """What erasing the client of `ref` would remove; NotFound (or 'already erased')."""
    from wor_cli import referrals

    row = referrals.find(store, ref)
    client_id = row["client_id"]
    refs = [r for (r,) in store.conn.execute(
        "SELECT ref FROM referrals WHERE client_id = ? ORDER BY date, ref", (client_id,))]
    counts = {}
    for table in ("contacts", "measures", "activity_links", "letters", "drafts"):
        counts[table] = store.value(
            f"SELECT count(*) FROM {table} WHERE referral_id IN (SELECT id FROM referrals WHERE client_id = ?)",
            (client_id,),
        )
    counts["drafts"] += len(_new_referral_drafts(store.conn, [_identity(row)]))
    look_alikes = [r for (r,) in store.conn.execute(
        "SELECT r.ref FROM referrals r JOIN clients c ON c.id = r.client_id "
        "WHERE c.id != ? AND lower(trim(c.name)) = lower(trim(?)) AND c.birth_year = ? ORDER BY r.ref",
        (client_id, row["client_name"], row["birth_year"]),
    )]
    return Plan(row["ref"], row["client_name"], row["birth_year"], refs, counts, look_alikes)


@dataclass
class Erased:
    refs: list[str]
    wiped: bool


def forget(store: Store, ref: str) -> Erased:
    """Erase the client of `ref` (all their referrals), then wipe the freed space."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT client_id FROM referrals WHERE ref = ?", (normalise_ref(ref),)
        ).fetchone()
        if row is None:  # erased meanwhile by another wor
            raise NotFound("referral.not_found", ref=normalise_ref(ref))
        refs = [r for (r,) in conn.execute("SELECT ref FROM referrals WHERE client_id = ?", (row[0],))]
        erase_referrals(conn, refs, "referral.forget")
    return Erased(refs, wipe(store))


def erase_referrals(conn: Any, refs: list[str], action: str) -> None:
    """Delete these referrals with everything under them, clients left without a
    referral, and new-referral drafts naming those clients; one audit row per
    reference. Call inside a transaction."""
    if not refs:
        return
    marks = ",".join("?" for _ in refs)
    clients = conn.execute(
        f"SELECT DISTINCT c.id, c.name, c.phone, c.email FROM clients c "
        f"JOIN referrals r ON r.client_id = c.id WHERE r.ref IN ({marks})",
        refs,
    ).fetchall()
    # ON DELETE CASCADE takes consents, contacts, measures, activity links, letters and drafts.
    conn.execute(f"DELETE FROM referrals WHERE ref IN ({marks})", refs)
    gone = []
    for client_id, name, phone, email in clients:
        if not conn.execute("SELECT 1 FROM referrals WHERE client_id = ?", (client_id,)).fetchone():
            conn.execute("DELETE FROM clients WHERE id = ?", (client_id,))
            gone.append({"name": name, "phone": phone, "email": email})
    for draft_id in _new_referral_drafts(conn, gone):
        conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
    for ref in refs:
        audit.record(conn, action, ref)


def _identity(row: dict[str, Any]) -> dict[str, Any]:
    return {"name": row["client_name"], "phone": row["phone"], "email": row["email"]}


def _plain(value: Any) -> str:
    """Compare names and numbers as people write them: case, spaces and dashes aside."""
    return "".join(ch for ch in str(value or "").casefold() if ch.isalnum())


def _new_referral_drafts(conn: Any, people: list[dict[str, Any]]) -> list[int]:
    """Unfinished new-referral drafts whose answers name one of `people` (by name, phone or e-mail)."""
    wanted = {_plain(p[k]) for p in people for k in ("name", "phone", "email") if _plain(p[k])}
    if not wanted:
        return []
    found = []
    for draft_id, answers in conn.execute(
        "SELECT id, answers FROM drafts WHERE step = ? AND referral_id IS NULL", (drafts.NEW_REFERRAL,)
    ):
        given = json.loads(answers)
        named = {_plain(given.get(k)) for k in ("client.name", "client.phone", "client.email")}
        if named & wanted:
            found.append(draft_id)
    return found


def wipe(store: Store) -> bool:
    """Leave no deleted text in the file or its WAL; False if another wor kept the WAL busy.

    The WAL is first emptied into the file (TRUNCATE waits, up to the busy
    timeout, for other readers to finish), VACUUM rewrites the file without
    free pages (through the WAL), and the WAL is emptied and truncated again.
    """
    conn = store.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0
