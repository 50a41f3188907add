"""Opening the referrals database safely, and writing to it one step at a time.

Why each setting:
- WAL lets a coach read (list, show, report) while another `wor` writes, and a
  crash mid-write leaves the last committed step intact.
- `synchronous=FULL` makes a committed step survive a power cut, not only a
  crash of the program. The cost (one extra fsync per step) is invisible at
  the speed people type.
- A busy timeout makes a second process wait for the lock instead of failing.
- Every write is `BEGIN IMMEDIATE`: the write lock is taken at the start, so
  two processes never both read, then both try to upgrade to a write lock and
  fail with "database is locked" (sqlite-utils' `atomic()` opens a deferred
  transaction, which does exactly that). sqlite-utils' own `atomic()` blocks
  inside ours become savepoints.
- `secure_delete` overwrites deleted content, so erased clients do not linger
  in free pages of the file.
- `temp_store = MEMORY` keeps SQLite's temporary files (a VACUUM copies the
  whole database into one) out of the temp folder, where erased or encrypted
  data would otherwise land in plain text.
- With a key, the file is opened with SQLCipher (`sqlcipher3`, an optional
  extra): every page is encrypted, and the same pragmas apply on top.
- The file is created 0600 and its folder 0700: it holds special-category data.

Reading needs only the standard library's `sqlite3`; sqlite-utils (which takes
a noticeable part of a second to import) is loaded only when something writes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wor_cli.errors import BadInput, StorageError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"


def make_private_file(path: Path) -> None:
    """Create `path` (and missing folders) readable and writable by the user only."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)


def looks_like_sqlite(path: Path) -> bool:
    """True for an empty file (new) or one that starts with SQLite's header."""
    return file_kind(path) in ("empty", "sqlite")


def file_kind(path: Path) -> str:
    """"empty" (new), "sqlite" (a plain database) or "other" (encrypted, or not a database).

    An SQLCipher file starts with random salt, so it cannot be told apart
    from any other file until the key opens it.
    """
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head == b"":
        return "empty"
    return "sqlite" if head == SQLITE_HEADER else "other"


def sqlcipher() -> Any:
    """The `sqlcipher3` module, or a clear message that encryption is not installed."""
    try:
        import sqlcipher3
    except ImportError:
        raise StorageError("encrypt.not_installed") from None
    return sqlcipher3


def dbapi(conn: Any) -> Any:
    """The DB-API module a connection comes from: `sqlite3` or `sqlcipher3.dbapi2`.

    Their exception classes are separate, so code that catches database
    errors asks the connection which module to catch them from.
    """
    import importlib

    return importlib.import_module(type(conn).__module__)


def database_errors() -> tuple[type[Exception], ...]:
    """DatabaseError of sqlite3 and, when it is loaded, of sqlcipher3."""
    import sys

    found: list[type[Exception]] = [sqlite3.DatabaseError]
    if "sqlcipher3.dbapi2" in sys.modules:
        found.append(sys.modules["sqlcipher3.dbapi2"].DatabaseError)
    return tuple(found)


def sql_string(text: str) -> str:
    """`text` as an SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def open_encrypted(path: Path | str, key: str, *, uri: bool = False) -> Any:
    """An SQLCipher connection with `key` applied and checked; StorageError when it does not fit."""
    module = sqlcipher()
    conn = module.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=uri)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not SQLCipher's log
        conn.execute(f"PRAGMA key = {sql_string(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        conn.close()
        raise StorageError("encrypt.wrong_key", path=str(path)) from None
    return conn


def connect(path: Path, *, create: bool = True, key: str | None = None) -> Any:
    """A connection with the pragmas above, or a StorageError saying why not.

    With `key`, a new (empty) or encrypted file is opened with SQLCipher; a
    plain database given a key is opened plain (`Store.encrypted` tells, and
    `wor encrypt` converts it). An encrypted file without a key is refused
    with a message saying how to give one.
    """
    path = Path(path).expanduser()
    if not path.exists():
        if not create:
            raise StorageError("store.missing", path=str(path))
        try:
            make_private_file(path)
        except OSError as e:
            raise StorageError("store.cannot_create", path=str(path), reason=e.strerror) from None
    if path.is_dir():
        raise StorageError("store.is_dir", path=str(path))
    try:
        kind = file_kind(path)
    except OSError as e:
        raise StorageError("store.unreadable", path=str(path), reason=e.strerror) from None
    if kind == "other" and key is None:
        raise BadInput("encrypt.needs_key", path=str(path))
    try:
        if key is not None and kind != "sqlite":
            conn = open_encrypted(path, key)
        else:
            # isolation_level=None: no hidden BEGINs; we open every transaction ourselves.
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA temp_store = MEMORY")
    except database_errors() as e:
        raise StorageError("store.broken", path=str(path), reason=str(e)) from None
    return conn


class Store:
    """The referrals database: small read helpers and one way to write."""

    def __init__(self, conn: sqlite3.Connection, path: Path, key: str | None = None) -> None:
        self.conn = conn
        self.path = path
        # Kept for the run, so a backup of an encrypted database is encrypted with the same key.
        self.key = key if type(conn).__module__ != "sqlite3" else None
        self._db: Database | None = None

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def errors(self) -> Any:
        """The module whose exception classes this connection raises."""
        return dbapi(self.conn)

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the same connection (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def value(self, sql: str, params: Any = ()) -> Any:
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One step, all or nothing, holding the write lock from the start.

        Yields the plain connection: for small writes (an audit row after a
        read) that should not pay for importing sqlite-utils.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except self.errors.OperationalError as e:
            raise StorageError("store.busy", path=str(self.path), reason=str(e)) from None
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def write(self) -> Iterator[Database]:
        """Like `transaction`, yielding the sqlite-utils Database."""
        with self.transaction():
            yield self.db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
