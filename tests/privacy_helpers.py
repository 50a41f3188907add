"""Helpers for the privacy tests: closed referrals, byte searches, database facts."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tests.helpers import contact, new_referral

SECRET_NOTE = "Praat over haar zoon Wouter die in Zwolle woont."


def closed_referral(tmp_path: Path, closed: str, name: str = "Anna de Wit", phone: str = "06 12345678",
                    referral_date: str = "2023-01-10") -> str:
    """A referral with one conversation, closed on `closed` (ISO date)."""
    ref = new_referral(tmp_path, client__name=name, client__phone=phone, referral__date=referral_date,
                       consent__date=referral_date)
    result = contact(tmp_path, ref, {
        "contact": {"date": closed, "mode": "phone", "notes": SECRET_NOTE},
        "close": {"outcome": "completed", "summary": f"{name} doet mee met de wandelgroep."},
    })
    assert result.exit_code == 0, result.output
    return ref


def file_bytes(db: Path) -> bytes:
    """The database file and its WAL and shared-memory files, as they lie on disk."""
    found = b""
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(str(db) + suffix)
        if path.exists():
            found += path.read_bytes()
    return found


def occurs(db: Path, text: str) -> bool:
    """Whether `text` can be found in the bytes of the database (UTF-8, and UTF-16 for safety)."""
    data = file_bytes(db)
    return any(text.encode(encoding) in data for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def counts(path: Path, key: str | None = None) -> dict[str, Any]:
    """Row counts of the tables that must agree in a consistent database."""
    if key is None:
        conn = sqlite3.connect(path)
    else:
        from wor_cli.store.connection import open_encrypted

        conn = open_encrypted(path, key)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        found = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("clients", "referrals", "consents")
        }
        found["created"] = conn.execute("SELECT count(*) FROM audit WHERE action = 'referral.create'").fetchone()[0]
        found["integrity"] = integrity
        return found
    finally:
        conn.close()
