"""Files that hold personal data: created private, copied whole, wiped when done.

`write_output` is the one way a command writes a file for the coach (a
letter, a report, an export, a backup): cli.md's "Output files" rule.

Copying a database always goes through SQLite itself, never a file copy: the
online backup API (or, between a plain and an encrypted database,
SQLCipher's `sqlcipher_export`) reads one consistent snapshot even while
another `wor` writes, and never picks up a half-written page or forgets what
still sits in the WAL file.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from wor_cli.errors import BadInput, Refused, StorageError
from wor_cli.store.connection import database_errors, dbapi, open_encrypted, sql_string, sqlcipher

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
    room for the temporary one.
    """
    private_folder(target.parent)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name[:64]}.{label}-", suffix=".tmp")
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


def _backup(source: Any, target: Path, target_key: str | None) -> None:
    """The online backup API, started again on a fresh connection if a read fails.

    While another process writes, a backup of a WAL database has been seen to
    fail now and then with a short read that persists on that connection; a
    new connection to the same file reads a fresh snapshot and succeeds.
    """
    name = source.execute("PRAGMA database_list").fetchone()[2]
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
        name = source.execute("PRAGMA database_list").fetchone()[2]
        main = module.connect(name, isolation_level=None)
        main.execute("PRAGMA cipher_log_level = NONE")
    try:
        main.execute(f"ATTACH DATABASE {sql_string(str(target))} AS copy KEY {sql_string(target_key or '')}")
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


# --- the output-file rule ------------------------------------------------------------------------

NAME_MAX = 255  # bytes in one file name on every file system a coach is likely to use


def write_output(
    out: str | Path | None,
    content: bytes | str | Callable[[Path], None],
    *,
    default_name: str,
    database: Path | None,
    force: bool = False,
    new_name_in_folder: bool = False,
    exists_key: str = "output.exists",
) -> Path:
    """Write a file for the coach by cli.md's "Output files" rule; returns where it went.

    `out` is the path as typed (None: `default_name` in the current folder).
    A folder (existing, or typed ending in `/`) gets `default_name` inside;
    with `new_name_in_folder` a name already taken there becomes `NAME-2`,
    `NAME-3`, ... (backups). Refused, before anything is written: the
    database in use and its -wal/-shm/-journal files (by resolved path and by
    inode, so neither a symlink nor a hard link gets round it), a folder, a
    device or FIFO, a missing folder, and an existing file without `force`.
    `content` is the bytes (str as UTF-8), or a function that fills the empty
    private file it is given (a database copy). Either way the file is
    written to a private (0600) temporary file in the same folder, flushed,
    and renamed into place: nobody ever sees half of it, and without `force`
    the rename itself refuses an existing name, so not even a file that
    appears meanwhile is lost.
    """
    target = _output_target(out, default_name, new_name_in_folder)
    final = _checked_output(target, database, force, exists_key)
    try:
        with temporary_beside(final, "new") as staged:
            if callable(content):
                content(staged)
            else:
                data = content.encode("utf-8") if isinstance(content, str) else content
                with open(staged, "wb", buffering=0) as f:
                    f.write(data)
                    os.fsync(f.fileno())
            os.chmod(staged, 0o600)
            # The check again, just before the rename: a name can change hands meanwhile.
            _checked_output(target, database, force, exists_key)
            _put_in_place(staged, final, force, exists_key, target)
        _sync_folder(final.parent)
    except OSError as e:
        raise output_error(target, e) from None
    return target


def output_error(path: Path, error: OSError) -> Refused:
    """An OSError while writing `path`, in plain words (a full disk said as such)."""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return Refused("output.disk_full", path=str(path))
    return Refused("file.cannot_write", path=str(path), reason=error.strerror or str(error))


def _output_target(out: str | Path | None, default_name: str, new_name: bool) -> Path:
    typed = "" if out is None else str(out)
    as_folder = typed == "" or typed.endswith(("/", os.sep))
    path = Path(typed).expanduser() if typed else Path.cwd()
    if not as_folder:
        try:
            as_folder = path.is_dir()
        except OSError:
            as_folder = False
    if not as_folder:
        _check_name(path)
        return path
    if not path.is_dir():
        if not path.parent.is_dir():
            raise BadInput("output.no_folder", folder=str(path.parent))
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            raise BadInput("output.not_regular", path=str(path)) from None
        except OSError as e:
            raise output_error(path, e) from None
    candidate = path / default_name
    _check_name(candidate)
    if new_name:
        stem, suffix = os.path.splitext(default_name)
        number = 1
        while os.path.lexists(candidate):
            number += 1
            candidate = path / f"{stem}-{number}{suffix}"
    return candidate


def _check_name(path: Path) -> None:
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise BadInput("output.name_too_long", name=path.name[:40] + "…", most=NAME_MAX)


def _checked_output(target: Path, database: Path | None, force: bool, exists_key: str) -> Path:
    """Where `target` really leads (symlinks followed), once the rule allows writing there."""
    try:
        final = target.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise BadInput("output.not_regular", path=str(target)) from None
    if not final.parent.is_dir():
        raise BadInput("output.no_folder", folder=str(target.parent))
    if database is not None and _is_database(final, Path(database)):
        raise BadInput("output.is_database", path=str(target))
    try:
        found = os.stat(final)
    except FileNotFoundError:
        return final
    except OSError as e:
        raise output_error(target, e) from None
    if stat.S_ISDIR(found.st_mode):
        raise BadInput("output.is_folder", path=str(target))
    if not stat.S_ISREG(found.st_mode):
        raise BadInput("output.not_regular", path=str(target))
    if not force:
        raise Refused(exists_key, path=str(target))
    return final


def _is_database(final: Path, database: Path) -> bool:
    """Whether `final` is the database or one of its companion files, by name or by inode."""
    try:
        here = os.stat(final)
    except OSError:
        here = None
    for suffix in ("", *COMPANIONS):
        own = Path(str(database) + suffix)
        try:
            if os.path.normcase(str(own.resolve())) == os.path.normcase(str(final)):
                return True
        except (OSError, RuntimeError):
            pass
        if here is not None:
            try:
                theirs = os.stat(own)
            except OSError:
                continue
            if (theirs.st_dev, theirs.st_ino) == (here.st_dev, here.st_ino):
                return True
    return False


def _put_in_place(staged: Path, final: Path, force: bool, exists_key: str, target: Path) -> None:
    if force:
        os.replace(staged, final)
        return
    try:
        os.link(staged, final)  # fails, atomically, when the name is taken
    except FileExistsError:
        raise Refused(exists_key, path=str(target)) from None
    except OSError:  # no hard links here (FAT on a USB stick): checked just before, then renamed
        if os.path.lexists(final):
            raise Refused(exists_key, path=str(target)) from None
        os.replace(staged, final)
        return
    staged.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the new name itself durable (POSIX; Windows cannot open a folder)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
