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
- The file is created 0600 and a new folder 0700: it holds special-category data.
- `temp_store = MEMORY` keeps SQLite's temporary files (a VACUUM copies the
  whole database into one) out of the temp folder, where erased or encrypted
  data would otherwise land in plain text.
- With a key, the file is opened with SQLCipher (`sqlcipher3`, an optional
  extra): every page is encrypted, and the same pragmas apply on top.

Reading needs only the standard library's `sqlite3`; sqlite-utils (which takes
a noticeable part of a second to import) is loaded only when something writes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wor_cli.errors import StorageError

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000


def import_sqlite_utils() -> Any:
    """sqlite-utils, imported without numpy and pandas.

    sqlite-utils imports both when they are installed (matplotlib brings numpy),
    only to accept their number types in inserts, which wor never makes. That
    cost every write about 0.2 s and started numpy's threads. Blocking them for
    the length of this one import leaves them importable for the report's charts.
    """
    import sys

    if "sqlite_utils" not in sys.modules:
        blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
        for name in blocked:
            sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
        try:
            import sqlite_utils  # noqa: F401
        finally:
            for name in blocked:
                if sys.modules.get(name, ...) is None:
                    del sys.modules[name]
    return sys.modules["sqlite_utils"]


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


def file_kind(path: Path) -> str:
    """"empty" (new), "sqlite" (a plain database) or "other" (encrypted, or not a database).

    Asked of SQLite itself (a read-only probe), never by reading the header
    with a file descriptor of our own: closing that would drop the locks of
    this process's connections (see `connect`). An SQLCipher file starts with
    random salt, so it cannot be told from any other file until a key opens it.
    """
    if Path(path).stat().st_size == 0:
        return "empty"
    probe = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        probe.execute("PRAGMA schema_version").fetchone()
        return "sqlite"
    except database_errors() as e:
        if "not a database" in str(e):
            return "other"
        if "malformed" in str(e):
            return "sqlite"  # a damaged plain database: opening it says so, with what to do
        raise
    finally:
        probe.close()


def is_encrypted(path: Path) -> bool:
    """True for a file that is not a plain SQLite database (so: encrypted, or not ours)."""
    try:
        return Path(path).is_file() and file_kind(path) == "other"
    except OSError:
        return False


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


def _open(path: Path, key: str | None) -> Any:
    """Plain when the file is a plain database (or there is no key), SQLCipher otherwise.

    A plain database given a key is opened plain (`Store.encrypted` tells,
    and `wor encrypt` converts it); a new one given a key is created
    encrypted; a file SQLite cannot read needs the key.
    """
    is_new = not path.exists() or path.stat().st_size == 0
    if key is not None and is_new:
        return open_encrypted(path, key)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as e:
        conn.close()
        if "not a database" not in str(e):
            raise
        if key is None:
            raise StorageError("encrypt.needs_key", path=str(path)) from None
        return open_encrypted(path, key)
    return conn


def connect(path: Path, *, create: bool = True, key: str | None = None) -> Any:
    """A connection with the pragmas above, or a StorageError saying why not.

    With `key`, a new or encrypted file is opened with SQLCipher (see `_open`).

    The file is never opened by anything but SQLite: closing any other file
    descriptor on it would silently drop the POSIX locks that this process's
    SQLite connections hold (a documented SQLite pitfall; two writers then hit
    "disk I/O error"). A new file is created by SQLite itself under a 077
    umask, so it is private from its first byte; its -wal and -shm files get
    the same mode.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError("store.is_dir", path=str(path))
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: SQLite would "open" it
        raise StorageError("store.not_regular", path=str(path))
    if not path.exists():
        if not create:
            raise StorageError("store.missing", path=str(path))
        try:
            path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        except OSError as e:
            raise StorageError("store.cannot_create", path=str(path), reason=e.strerror) from None
    previous = os.umask(0o077)
    try:
        # isolation_level=None (in _open): no hidden BEGINs; we open every transaction ourselves.
        conn = _open(path, key)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA temp_store = MEMORY")
    except _operational_errors() as e:
        if "locked" in str(e):
            raise StorageError("store.busy", path=str(path), reason=str(e)) from None
        if "unable to open" in str(e):
            raise StorageError("store.cannot_create", path=str(path), reason=str(e)) from None
        raise StorageError("store.broken", path=str(path), reason=str(e)) from None
    except database_errors() as e:
        if "not a database" in str(e):
            raise StorageError("store.not_sqlite", path=str(path)) from None
        raise StorageError("store.broken", path=str(path), reason=str(e)) from None
    finally:
        os.umask(previous)
    return conn


def _operational_errors() -> tuple[type[Exception], ...]:
    import sys

    found: list[type[Exception]] = [sqlite3.OperationalError]
    if "sqlcipher3.dbapi2" in sys.modules:
        found.append(sys.modules["sqlcipher3.dbapi2"].OperationalError)
    return tuple(found)


def _use_wal(conn: Any) -> None:
    """Switch a new database to WAL.

    The switch needs a moment of exclusive access, and SQLite reports "locked"
    at once (without waiting) when two new processes try it together, so we
    wait and retry ourselves, for as long as the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except _operational_errors() as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def insert(conn: Any, table: str, row: dict[str, Any]) -> int:
    """INSERT one row (values as the field tables give them: text, numbers, None); its id.

    Table and column names come from our own code, never from what was typed. Plain
    SQL, so an everyday write does not import sqlite-utils (and click, and its regexes):
    that is for migrations.
    """
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values())).lastrowid


def update(conn: Any, table: str, values: dict[str, Any], where: str, params: Any) -> None:
    """UPDATE `table` SET `values` WHERE `where` (with its `params`); names from our code only."""
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(f"UPDATE {table} SET {assignments} WHERE {where}", [*values.values(), *params])


class Store:
    """The referrals database: small read helpers and one way to write."""

    def __init__(self, conn: sqlite3.Connection, path: Path, key: str | None = None) -> None:
        self.conn = conn
        self.path = path
        # Kept for the run, so a backup of an encrypted database is encrypted with the same key.
        self.key = key if type(conn).__module__ != "sqlite3" else None
        self._db: Database | None = None
        # Migrations of a newer wor found in the file: then it is read, never written.
        self.newer: list[str] = []

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
            self._db = import_sqlite_utils().Database(self.conn, execute_plugins=False)
        return self._db

    def rows(self, sql: str, params: Any = (), *, json_columns: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Rows as dicts; the `json_columns` (lists, mappings stored as JSON text) decoded."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        found = [dict(zip(names, row)) for row in cursor.fetchall()]
        if json_columns:
            import json

            for row in found:
                for column in json_columns:
                    row[column] = json.loads(row[column])
        return found

    def row(self, sql: str, params: Any = (), *, json_columns: tuple[str, ...] = ()) -> dict[str, Any] | None:
        found = self.rows(sql, params, json_columns=json_columns)
        return found[0] if found else None

    def value(self, sql: str, params: Any = ()) -> Any:
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One step, all or nothing, holding the write lock from the start.

        Yields the plain connection (`insert` and `update` above write rows;
        migrations use `self.db`, sqlite-utils). A database of a newer wor is
        never written (this wor does not know what its new columns mean).
        """
        if self.newer:
            raise StorageError("store.newer", path=str(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except self.errors.OperationalError as e:
            if "readonly" in str(e):  # a read-only file or folder: not something that passes by waiting
                raise StorageError("store.read_only", path=str(self.path)) from None
            raise StorageError("store.busy", path=str(self.path), reason=str(e)) from None
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
