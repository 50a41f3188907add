"""Files that hold personal data: created private, copied whole, wiped when done.

The one way a command writes a file for the coach, cli.md's "Output files"
rule, is `output.write_output`, built on the private temporary files here.

Copying a database always goes through SQLite itself, never a file copy: the
online backup API (or, between a plain and an encrypted database,
SQLCipher's `sqlcipher_export`) reads one consistent snapshot even while
another `wor` writes, and never picks up a half-written page or forgets what
still sits in the WAL file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wor_cli.errors import StorageError
from wor_cli.store.connection import database_errors, dbapi, open_encrypted, sqlcipher

COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(folder: Path) -> Path:
    """Create `folder` (and its parents) readable by the user only; leave an existing one alone."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    return folder


def is_private(path: Path) -> bool:
    """True when no one but the owner may read or change `path` (always True on Windows)."""
    if os.name == "nt":
        return True
    return (path.stat().st_mode & 0o077) == 0


@contextmanager
def temporary_beside(target: Path, label: str) -> Iterator[Path]:
    """A new, empty, private file in `target`'s folder, wiped afterwards unless it was moved.

    In the same folder so that the final `os.replace` is atomic (same file system).
    The name is cut short, so that a long (allowed) target name still leaves
    room for the temporary one, and holds our process id, so that a copy left
    by a process that was killed can be told from one still being written
    (`clean_leftovers`).
    """
    private_folder(target.parent)
    prefix = f".{target.name[:64]}.{label}-{os.getpid()}-"
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=".tmp")
    os.close(fd)  # mkstemp creates it 0600
    path = Path(name)
    try:
        yield path
    finally:
        if path.exists():
            shred(path)
        for suffix in COMPANIONS:
            companion = Path(name + suffix)
            if companion.exists():
                shred(companion)


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<label>[a-z]+)-(?P<pid>\d+)-[^.]*\.tmp(?:-wal|-shm|-journal)?$")
STALE_SECONDS = 3600  # where we cannot ask whether a process lives (Windows), a leftover this old is one


def leftovers(db_path: Path) -> list[Path]:
    """Temporary copies beside the database (and in its backup folder) whose process is gone.

    A restore or an encryption killed halfway (kill -9, a power cut) leaves
    its staged copy: a whole plaintext database that `forget` never reaches.
    """
    return sorted([*leftovers_in(Path(db_path).parent), *leftovers_in(Path(db_path).parent / "backups")])


def leftovers_in(folder: Path) -> list[Path]:
    """Our own temporary files in `folder` (named by `temporary_beside`) whose process is gone."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match and entry.is_file(follow_symlinks=False) and not _alive(int(match["pid"]), entry):
            found.append(Path(entry.path))
    return found


def _alive(pid: int, entry: os.DirEntry) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there; go by age instead
        try:
            return time.time() - entry.stat().st_mtime < STALE_SECONDS
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True


def clean_leftovers(db_path: Path) -> list[Path]:
    """Wipe the leftovers of killed processes (see `leftovers`); returns what was wiped."""
    gone = leftovers(db_path)
    for path in gone:
        shred(path)
    return gone


def open_file(path: Path, key: str | None, *, read_only: bool = False) -> Any:
    """A bare connection to a database file: plain with sqlite3, or SQLCipher with `key`."""
    target = Path(path).resolve().as_uri() + "?mode=ro" if read_only else str(path)
    if key is None:
        return sqlite3.connect(target, isolation_level=None, uri=read_only)
    return open_encrypted(target, key, uri=read_only)


def copy_database(source: Any, source_key: str | None, target: Path, target_key: str | None) -> None:
    """Write a consistent copy of the open database `source` into the new file `target`.

    `target` ends up a single self-contained file (no WAL beside it),
    encrypted with `target_key` or plain, and checked with integrity_check.
    Plain to plain and encrypted to encrypted (any key) use the online backup
    API; between plain and encrypted, SQLCipher's export.
    """
    same_kind = (source_key is None) == (target_key is None)
    same_module = (type(source).__module__ == "sqlite3") == (target_key is None)
    if same_kind and same_module:
        _backup(source, target, target_key)
    else:
        _export(source, source_key, target, target_key)
    check_integrity(target, target_key)


BACKUP_ATTEMPTS = 5


def main_file(conn: Any) -> str:
    """The file of a connection's main database, as os names it.

    Read as bytes: a folder named in bytes that are not UTF-8 (an old Windows name) made
    `PRAGMA database_list` fail to decode its own column, and `wor backup` end in the catch-all.
    """
    raw = conn.execute("SELECT CAST(file AS BLOB) FROM pragma_database_list WHERE name = 'main'").fetchone()[0]
    return os.fsdecode(raw)


def attach(conn: Any, path: Path, alias: str, key: str) -> None:
    """ATTACH `path` as `alias` (SQLCipher; key "" for a plain copy).

    The name and key are bound, not written into the SQL: a name in bytes that are not UTF-8
    cannot be SQL text (`wor encrypt` ended in the catch-all), but binds as the bytes it is.
    """
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY ?", (os.fsencode(path), key))


def _backup(source: Any, target: Path, target_key: str | None) -> None:
    """The online backup API, started again on a fresh connection if a read fails.

    While another process writes, a backup of a WAL database has been seen to
    fail now and then with a short read that persists on that connection; a
    new connection to the same file reads a fresh snapshot and succeeds.
    """
    name = main_file(source)
    reader = source
    try:
        for attempt in range(1, BACKUP_ATTEMPTS + 1):
            copy = open_file(target, target_key)
            try:
                reader.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                return
            except dbapi(reader).OperationalError as e:
                if attempt == BACKUP_ATTEMPTS:
                    raise StorageError("backup.failed", reason=str(e)) from None
            finally:
                copy.close()
            _empty(target)
            time.sleep(0.05 * attempt)
            if reader is not source:
                reader.close()
            reader = open_file(Path(name), target_key)
    finally:
        if reader is not source:
            reader.close()


def _empty(path: Path) -> None:
    """Make `path` an empty file again (and drop a journal a failed copy left)."""
    with open(path, "r+b") as f:
        f.truncate(0)
    for suffix in COMPANIONS:
        Path(str(path) + suffix).unlink(missing_ok=True)


def _export(source: Any, source_key: str | None, target: Path, target_key: str | None) -> None:
    """Copy between a plain and an encrypted database with `sqlcipher_export`.

    The export needs an SQLCipher connection on the source; it reads inside
    one transaction, so what it copies is one consistent snapshot.
    """
    module = sqlcipher()
    main = source
    if type(source).__module__ == "sqlite3":
        main = module.connect(main_file(source), isolation_level=None)
        main.execute("PRAGMA cipher_log_level = NONE")
    try:
        attach(main, target, "copy", target_key or "")
        try:
            main.execute("BEGIN")
            main.execute("SELECT sqlcipher_export('copy')")
            main.execute("COMMIT")
        finally:
            if main.in_transaction:
                main.execute("ROLLBACK")
            main.execute("DETACH DATABASE copy")
    finally:
        if main is not source:
            main.close()


def check_integrity(path: Path, key: str | None) -> None:
    """Raise StorageError unless SQLite finds `path` whole."""
    conn = open_file(path, key, read_only=True)
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except database_errors() as e:
        raise StorageError("backup.not_whole", path=str(path), reason=str(e)) from None
    finally:
        conn.close()
    if found != ["ok"]:
        raise StorageError("backup.not_whole", path=str(path), reason="; ".join(found[:3]))


def shred(path: Path) -> None:
    """Overwrite a file with zeros, then remove it.

    Best effort: on an SSD or a copy-on-write file system the old blocks may
    survive elsewhere on the disk; docs/privacy.md says why full-disk
    encryption is still wanted.
    """
    try:
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as f:
            _zero(f, size)
    except OSError:
        pass
    path.unlink(missing_ok=True)


def _zero(f: Any, size: int) -> None:
    block = b"\0" * 65536
    f.seek(0)
    left = size
    while left > 0:
        f.write(block[: min(left, len(block))])
        left -= len(block)
    f.flush()
    os.fsync(f.fileno())


def replace_wiping_old(new: Path, old: Path) -> None:
    """Atomically put `new` in place of `old`, then overwrite the old content.

    The old file is held open across the rename, so its blocks can be zeroed
    after it has left the folder (POSIX). On Windows an open file cannot be
    replaced, so there the rename alone is done.
    """
    if os.name == "nt" or not old.exists():
        os.replace(new, old)
        return
    with open(old, "r+b", buffering=0) as f:
        size = os.fstat(f.fileno()).st_size
        os.replace(new, old)
        _zero(f, size)
