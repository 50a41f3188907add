"""The audit trail: who did what, when, to which referral — never what was written.

A privacy officer must be able to see that a record was shown, changed,
exported or erased, and by which user account. The rows hold the action and
the reference only, so the trail itself is not personal data beyond the
reference and the coach's own login name.
"""

from __future__ import annotations

import getpass
import sqlite3
from typing import TYPE_CHECKING

from wor_cli import clock

if TYPE_CHECKING:
    from sqlite_utils import Database

    from wor_cli.store import Store


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers, services)
        return "?"


def record(db: Database | sqlite3.Connection, action: str, ref: str | None = None, detail: str | None = None) -> None:
    """Append one row; call inside the transaction of the change it describes.

    `detail` names what was touched (the keys an edit changed), never a value.
    """
    if detail is None:
        db.execute(
            "INSERT INTO audit (at, user, action, ref) VALUES (?, ?, ?, ?)",
            [clock.now(), current_user(), action, ref],
        )
    else:
        db.execute(
            "INSERT INTO audit (at, user, action, ref, detail) VALUES (?, ?, ?, ?, ?)",
            [clock.now(), current_user(), action, ref, detail],
        )


def record_read(store: Store, action: str, ref: str | None = None) -> None:
    """Append one row for something that was only read (its own small transaction).

    Not in a database of a newer wor, which is read but never written (the
    coach was warned when it was opened).
    """
    if store.newer:
        return
    with store.transaction() as conn:
        record(conn, action, ref)


def trail(store: Store, ref: str | None = None) -> list[dict]:
    if ref:
        return store.rows("SELECT at, user, action, ref, detail FROM audit WHERE ref = ? ORDER BY id", (ref,))
    return store.rows("SELECT at, user, action, ref, detail FROM audit ORDER BY id")


# Forgetting and purging leave these rows, so a later lookup can say "erased on ..." instead of "unknown".
ERASURE_ACTIONS = ("referral.forget", "referral.purge")


def erased_on(store: Store, ref: str) -> str | None:
    """When the referral `ref` (as stored: "R26-0007") was erased, an ISO timestamp; or None."""
    marks = ",".join("?" for _ in ERASURE_ACTIONS)
    return store.value(f"SELECT max(at) FROM audit WHERE ref = ? AND action IN ({marks})", (ref, *ERASURE_ACTIONS))
