"""The schema, as a numbered list of sqlite-utils migrations.

Each release only ever adds a migration to the end of `STEPS`; a database made
by any earlier release is upgraded in place, keeping its data (tests/fixtures
holds one database per schema version, and the tests upgrade each of them).

Tables are created with explicit SQL rather than `table.create()`: the schema
needs `ON DELETE CASCADE` (so erasing a client reaches every row about them),
CHECK constraints and composite UNIQUE keys, which read more plainly as SQL.

Checking whether anything is pending needs only `sqlite3`; sqlite-utils'
`Migrations` is imported only when there is work to do. The whole upgrade runs
in one `BEGIN IMMEDIATE` transaction, so two `wor` processes started at once
on a new database cannot both try to create the tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

    from wor_cli.store.connection import Store

MIGRATION_SET = "wor"


def m001_initial(db: Database) -> None:
    """Clients, referrers, referrals, consent, contacts, measures, activities,
    letters made, drafts and the audit trail."""
    _run(
        db,
        """
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            birth_year INTEGER NOT NULL,
            postcode TEXT,
            phone TEXT,
            email TEXT,
            languages TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL
        );
        CREATE TABLE referrers (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            practice TEXT NOT NULL,
            agb TEXT,
            email TEXT,
            created TEXT NOT NULL
        );
        CREATE TABLE referrals (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            referrer_id INTEGER NOT NULL REFERENCES referrers(id),
            date TEXT NOT NULL,
            reasons TEXT NOT NULL,
            question TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'closed')),
            closed_date TEXT,
            outcome TEXT,
            summary TEXT,
            shareable INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE INDEX referrals_client ON referrals(client_id);
        CREATE INDEX referrals_date ON referrals(date);
        CREATE TABLE consents (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            processing INTEGER NOT NULL,
            gp_feedback INTEGER NOT NULL,
            date TEXT NOT NULL,
            recorded TEXT NOT NULL
        );
        CREATE INDEX consents_referral ON consents(referral_id);
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            date TEXT NOT NULL,
            mode TEXT NOT NULL,
            minutes INTEGER,
            what_matters TEXT,
            notes TEXT,
            next_steps TEXT,
            barriers TEXT NOT NULL DEFAULT '[]',
            created TEXT NOT NULL,
            UNIQUE (referral_id, number)
        );
        CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            contact_number INTEGER,
            instrument TEXT NOT NULL,
            date TEXT NOT NULL,
            answers TEXT NOT NULL,
            scores TEXT NOT NULL
        );
        CREATE INDEX measures_referral ON measures(referral_id);
        CREATE TABLE activity_links (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            activity_id TEXT NOT NULL,
            name TEXT NOT NULL,
            themes TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL,
            contact_number INTEGER,
            updated TEXT NOT NULL,
            UNIQUE (referral_id, activity_id)
        );
        CREATE TABLE letters (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            date TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            created TEXT NOT NULL
        );
        CREATE TABLE drafts (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER REFERENCES referrals(id) ON DELETE CASCADE,
            step TEXT NOT NULL,
            answers TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            ref TEXT
        );
        CREATE TABLE ref_counters (
            year INTEGER PRIMARY KEY,
            last INTEGER NOT NULL
        );
        """
    )


def _run(db: Database, script: str) -> None:
    """Run DDL statements one by one.

    Not `executescript`: it commits any open transaction first, which would
    break the one-transaction upgrade.
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


# Append only. The position in this list is the schema version.
STEPS: list[Callable[[Database], None]] = [m001_initial]


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied (read-only, sqlite3 only)."""
    # Asked rather than caught: an encrypted database's connection raises
    # sqlcipher3's exceptions, not sqlite3's.
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'").fetchone():
        return []  # no migrations table yet: a new database
    return [
        name
        for (name,) in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
            (MIGRATION_SET,),
        )
    ]


def pending(conn: sqlite3.Connection) -> list[str]:
    done = set(applied(conn))
    return [step.__name__ for step in STEPS if step.__name__ not in done]


def schema_version(conn: sqlite3.Connection) -> int:
    done = set(applied(conn))
    return sum(1 for step in STEPS if step.__name__ in done)


def migrate(store: Store, before: Callable[[Store], None] | None = None) -> list[str]:
    """Apply whatever is pending; returns the names applied.

    `before` runs first when an existing database is about to change (the
    automatic backup hooks in here).
    """
    todo = pending(store.conn)
    if not todo:
        return []
    if before is not None and applied(store.conn):
        before(store)
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    with store.write() as db:
        todo = [m.name for m in migrations.pending(db)]  # another process may have won
        migrations.apply(db)
    return todo
