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


def m002_report_summaries(db: Database) -> None:
    """What `wor report` counts, kept up to date by the database itself.

    A report over ten thousand referrals has to come back about as fast as
    `wor --help`, and reading every contact and every stored questionnaire
    (JSON) each time does not. So triggers keep two narrow summaries:
    per referral, the number of contacts and the date of the first; and per
    referral, instrument and score, the value first measured, the last one
    and how often it was measured (the pairing of `instruments.changes()`).
    Triggers rather than code, so every writer (intake, imports, the test
    generator) keeps them right. Both follow their referral when it is erased
    (ON DELETE CASCADE); this migration fills them from the data already there.
    An index holding every referral column a report groups by lets those
    counts skip the referrals' long texts (question, summary); a partial one
    lists the shareable closing summaries newest first.
    """
    _run(
        db,
        """
        CREATE TABLE referral_progress (
            referral_id INTEGER PRIMARY KEY REFERENCES referrals(id) ON DELETE CASCADE,
            contacts INTEGER NOT NULL,
            first_contact TEXT NOT NULL
        );
        CREATE TABLE outcome_scores (
            instrument TEXT NOT NULL,
            score TEXT NOT NULL,
            referral_date TEXT NOT NULL,
            referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
            times INTEGER NOT NULL,
            first REAL,
            last REAL,
            PRIMARY KEY (instrument, score, referral_id)
        ) WITHOUT ROWID;
        CREATE INDEX outcome_scores_referral ON outcome_scores(referral_id);
        CREATE INDEX referrals_report ON referrals(date, status, outcome, referrer_id, shareable, closed_date, reasons);
        CREATE INDEX referrals_stories ON referrals(closed_date, date) WHERE status = 'closed' AND shareable = 1
            AND summary IS NOT NULL
        """,
    )
    progress_old = _PROGRESS_OF.format(referral="OLD.referral_id")
    progress_new = _PROGRESS_OF.format(referral="NEW.referral_id")
    outcomes_old = _OUTCOMES_OF.format(where="m.referral_id = OLD.referral_id AND m.instrument = OLD.instrument")
    outcomes_new = _OUTCOMES_OF.format(where="m.referral_id = NEW.referral_id AND m.instrument = NEW.instrument")
    triggers = {
        "contacts_progress_insert AFTER INSERT ON contacts": """
            INSERT INTO referral_progress (referral_id, contacts, first_contact)
            VALUES (NEW.referral_id, 1, NEW.date)
            ON CONFLICT (referral_id) DO UPDATE SET
                contacts = contacts + 1, first_contact = min(first_contact, excluded.first_contact);
        """,
        "contacts_progress_delete AFTER DELETE ON contacts": f"""
            DELETE FROM referral_progress WHERE referral_id = OLD.referral_id;
            {progress_old};
        """,
        "contacts_progress_update AFTER UPDATE OF date, referral_id ON contacts": f"""
            DELETE FROM referral_progress WHERE referral_id IN (OLD.referral_id, NEW.referral_id);
            {progress_old};
            {progress_new};
        """,
        "measures_outcome_insert AFTER INSERT ON measures": """
            INSERT INTO outcome_scores (instrument, score, referral_date, referral_id, times, first, last)
            SELECT NEW.instrument, j.key, r.date, NEW.referral_id, 1, j.value, NULL
            FROM json_each(NEW.scores) AS j JOIN referrals r ON r.id = NEW.referral_id WHERE true
            ON CONFLICT (instrument, score, referral_id) DO UPDATE SET times = times + 1, last = excluded.first;
        """,
        "measures_outcome_delete AFTER DELETE ON measures": f"""
            DELETE FROM outcome_scores WHERE referral_id = OLD.referral_id AND instrument = OLD.instrument;
            {outcomes_old};
        """,
        "measures_outcome_update AFTER UPDATE OF scores, referral_id, instrument ON measures": f"""
            DELETE FROM outcome_scores WHERE (referral_id = OLD.referral_id AND instrument = OLD.instrument)
                OR (referral_id = NEW.referral_id AND instrument = NEW.instrument);
            {outcomes_old};
            {outcomes_new};
        """,
        "referrals_outcome_date AFTER UPDATE OF date ON referrals": """
            UPDATE outcome_scores SET referral_date = NEW.date WHERE referral_id = NEW.id;
        """,
    }
    for head, body in triggers.items():  # whole: a trigger's body holds semicolons of its own
        db.execute(f"CREATE TRIGGER {head} BEGIN {body} END")
    db.execute(_PROGRESS_OF.format(referral="contacts.referral_id"))
    db.execute(_OUTCOMES_OF.format(where="1"))


# Recount one referral's contacts (the EXISTS keeps a referral being erased erased).
_PROGRESS_OF = """
    INSERT OR REPLACE INTO referral_progress (referral_id, contacts, first_contact)
    SELECT referral_id, count(*), min(date) FROM contacts
    WHERE referral_id = {referral} AND EXISTS (SELECT 1 FROM referrals WHERE id = contacts.referral_id)
    GROUP BY referral_id
"""

# First and last value of every score, per referral and instrument, for the measures matching `where`
# (the join leaves out a referral being erased). The referral's date is kept beside them, so a report
# for a period reads this one table only. json_each, not json_extract: with `trusted_schema = OFF`
# (connection.py) a trigger may only use functions SQLite marks harmless, and json_extract is not.
_OUTCOMES_OF = """
    INSERT OR REPLACE INTO outcome_scores (instrument, score, referral_date, referral_id, times, first, last)
    SELECT s.instrument, a.key, s.referral_date, s.referral_id, s.times, a.value, z.value
    FROM (SELECT m.referral_id, m.instrument, r.date AS referral_date, count(*) AS times,
                 min(m.id) AS first_id, max(m.id) AS last_id
          FROM measures m JOIN referrals r ON r.id = m.referral_id WHERE {where}
          GROUP BY m.referral_id, m.instrument) AS s
    JOIN measures f ON f.id = s.first_id
    JOIN json_each(f.scores) AS a
    JOIN measures b ON b.id = s.last_id
    LEFT JOIN json_each(b.scores) AS z ON z.key = a.key AND s.times > 1
"""


def m003_record_corrections(db: Database) -> None:
    """The next appointment planned at a conversation, when the record was last corrected, and what.

    `contacts.next_appointment` is a date (2026-11-23) or a date and time
    (2026-11-23 10:30); the index lets `wor agenda` read only the appointments of
    the days it shows. `referrals.corrected` is the moment of the last `wor edit`
    (UTC), which `wor export-client` shows the client. `audit.detail` names what an
    action touched (for `edit`: the keys changed, never their values). Only columns are added:
    existing rows keep everything and start with neither.
    """
    _run(
        db,
        """
        ALTER TABLE contacts ADD COLUMN next_appointment TEXT;
        ALTER TABLE referrals ADD COLUMN corrected TEXT;
        ALTER TABLE audit ADD COLUMN detail TEXT;
        CREATE INDEX contacts_next_appointment ON contacts(next_appointment) WHERE next_appointment IS NOT NULL
        """,
    )


def m004_gp_side(db: Database) -> None:
    """What letters need to read as a colleague's, and the story for reports kept apart.

    `clients.salutation` (mevrouw | meneer) and `referrers.address` (the practice's
    address) for the letters; `contacts.note_for_gp`, a concern for the interim letter;
    `referrals.story`, the anonymised story for reports, separate from `summary`, which
    the GP reads. Until now one summary served both, marked shareable when the coach
    wrote it for reports, so such summaries become the story of their referral. The
    partial index of shareable stories follows the story.
    """
    _run(
        db,
        """
        ALTER TABLE clients ADD COLUMN salutation TEXT;
        ALTER TABLE referrers ADD COLUMN address TEXT;
        ALTER TABLE contacts ADD COLUMN note_for_gp TEXT;
        ALTER TABLE referrals ADD COLUMN story TEXT;
        UPDATE referrals SET story = summary WHERE shareable = 1 AND summary IS NOT NULL;
        DROP INDEX IF EXISTS referrals_stories;
        CREATE INDEX referrals_stories ON referrals(closed_date, date) WHERE status = 'closed' AND shareable = 1
            AND story IS NOT NULL
        """,
    )


def m005_effect_followup(db: Database) -> None:
    """What shows effect three months on (issue 14), and a stable id for the minimal dataset.

    On the referral: GP consultations in the three months before it, why the
    client dropped out, where they were referred on, and `dataset_id`: a random
    id made once per referral, so a coordinator combining the exports of
    several coaches counts each referral once. Random, never derived from the
    reference (references repeat across databases and appear in letters to
    GPs). Existing referrals get theirs here; a trigger gives every new one its
    own, so every writer (intake, imports, the test generator) is covered.

    `followups`: the step about three months after closing, one per referral,
    with its own ONS4 (answers and scores kept on the row, not in `measures`,
    so the outcome pairing of the support itself, first against last contact,
    stays what it was). `referrals_effect` holds the referral columns the
    report groups by for these figures, so counting them skips the long texts;
    `activity_links_report` holds what the report and the dataset read of an
    activity link, so they never visit the table (a third off that query).
    """
    _run(
        db,
        """
        ALTER TABLE referrals ADD COLUMN gp_visits_before INTEGER;
        ALTER TABLE referrals ADD COLUMN dropout_reason TEXT;
        ALTER TABLE referrals ADD COLUMN referred_to TEXT;
        ALTER TABLE referrals ADD COLUMN dataset_id TEXT;
        UPDATE referrals SET dataset_id = lower(hex(randomblob(16))) WHERE dataset_id IS NULL;
        CREATE UNIQUE INDEX referrals_dataset_id ON referrals(dataset_id);
        CREATE INDEX referrals_effect ON referrals(date, status, gp_visits_before, dropout_reason);
        CREATE INDEX activity_links_report ON activity_links(referral_id, status, activity_id, themes, name);
        CREATE TABLE followups (
            id INTEGER PRIMARY KEY,
            referral_id INTEGER NOT NULL UNIQUE REFERENCES referrals(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            still_taking_part TEXT NOT NULL
                CHECK (still_taking_part IN ('yes', 'other-activity', 'stopped', 'never-started')),
            satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 10),
            gp_visits_after INTEGER CHECK (gp_visits_after BETWEEN 0 AND 99),
            answers TEXT NOT NULL DEFAULT '{}',
            scores TEXT NOT NULL DEFAULT '{}',
            created TEXT NOT NULL
        )
        """,
    )
    db.execute(
        "CREATE TRIGGER referrals_dataset_id_insert AFTER INSERT ON referrals WHEN NEW.dataset_id IS NULL "
        "BEGIN UPDATE referrals SET dataset_id = lower(hex(randomblob(16))) WHERE id = NEW.id; END"
    )


# Append only. The position in this list is the schema version.
STEPS: list[Callable[[Database], None]] = [
    m001_initial, m002_report_summaries, m003_record_corrections, m004_gp_side, m005_effect_followup,
]


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


def unknown(conn: sqlite3.Connection) -> list[str]:
    """Migrations applied by a newer wor that this one does not know."""
    known = {step.__name__ for step in STEPS}
    return [name for name in applied(conn) if name not in known]


def is_foreign(conn: sqlite3.Connection) -> bool:
    """A database with tables of its own but none of wor's migrations: someone else's file."""
    if applied(conn):
        return False
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchone()[0] > 0


def migrate(store: Store, before: Callable[[Store], None] | None = None) -> list[str]:
    """Apply whatever is pending; returns the names applied.

    `before` runs first when an existing database is about to change (the
    automatic backup hooks in here). A database written by a newer wor (a
    migration we do not know) is left as it is and marked read-only; a
    foreign SQLite file is refused rather than given wor's tables.
    """
    from wor_cli.errors import StorageError

    newer = unknown(store.conn)
    if newer:
        store.newer = newer
        return []
    if is_foreign(store.conn):
        raise StorageError("store.foreign", path=str(store.path))
    todo = pending(store.conn)
    if not todo:
        return []
    if before is not None and applied(store.conn):
        before(store)
    from wor_cli.store.connection import import_sqlite_utils

    import_sqlite_utils()
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    with store.transaction():
        db = store.db
        todo = [m.name for m in migrations.pending(db)]  # another process may have won
        migrations.apply(db)
    return todo
