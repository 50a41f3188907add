"""The index's own file: where it lives, its tables, and opening it.

The index is a cache in the user's cache dir, one file per catalogue folder, keyed by the
folder's path. A file of another format (an older wor, a changed analysis) or one that SQLite
cannot read is rebuilt empty, and then filled by `CatalogueIndex.refresh`: losing it costs a
rebuild, never a catalogue.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

FORMAT = "14"  # bump when the analysis or the schema changes: the index is rebuilt

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (path TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER, errors TEXT NOT NULL);
CREATE TABLE activities (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL, file TEXT NOT NULL, line INTEGER, verified TEXT, vline INTEGER,
    name TEXT NOT NULL,
    themes TEXT, days INTEGER, cost REAL, min_age INTEGER, max_age INTEGER,
    lat REAL, lon REAL, pc4 TEXT, online INTEGER, access TEXT, langs TEXT
);
CREATE INDEX activities_file ON activities(file);
-- The whole activity as JSON, apart: a scan over the filter columns stays small, and only
-- the activities shown are read from here.
CREATE TABLE details (rowid INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE INDEX activities_id ON activities(id);
CREATE INDEX activities_pc4 ON activities(pc4);
CREATE VIRTUAL TABLE fts USING fts5(
    name, keywords, themes, description, place, tokenize = 'unicode61'
);
CREATE TABLE words (word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX words_stem ON words(stem);
CREATE TABLE lexicon (word TEXT PRIMARY KEY, zipf REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE counts (expression TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE stem_cache (word TEXT PRIMARY KEY, stem TEXT NOT NULL) WITHOUT ROWID;
"""


def index_path(root: Path) -> Path:
    from wor_cli.config import cache_dir

    # os.fsencode: the path's own bytes, also when they are not UTF-8 (the same key as before for every other path)
    key = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:20]
    return cache_dir() / "catalogues" / f"{key}.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    """Open the cache, rebuilding it when it is from another format or unreadable."""
    for attempt in (1, 2):
        try:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # a cache: losing it costs only a rebuild
            row = None
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            except sqlite3.OperationalError:
                pass
            if row is None or row[0] != FORMAT:
                _rebuild(conn)
            return conn
        except sqlite3.DatabaseError:
            if attempt == 2:
                raise
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    raise AssertionError("unreachable")


def _rebuild(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have rebuilt it while we waited for the lock.
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row and row[0] == FORMAT:
                conn.execute("COMMIT")
                return
        except sqlite3.OperationalError:
            pass
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'fts_%'"
        ).fetchall():
            conn.execute(f"DROP TABLE IF EXISTS {name}")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("INSERT INTO meta (key, value) VALUES ('format', ?)", (FORMAT,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
