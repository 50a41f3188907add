"""The output-file rule of cli.md: how every command writes a file for the coach.

A letter, a report, an export, a backup: `write_output` writes each of them
whole and private, never over the database, a folder, a device or (without
`--force`) an existing file.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

from wor_cli.errors import BadInput, Refused
from wor_cli.privacy.files import COMPANIONS, leftovers_in, shred, temporary_beside

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
    inputs: tuple[Path, ...] = (),
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
    appears meanwhile is lost. A temporary file an earlier, killed run left
    in the same folder is wiped first.
    """
    target = _output_target(out, default_name, new_name_in_folder)
    final = _checked_output(target, database, force, exists_key, inputs)
    for stale in leftovers_in(final.parent):  # a half-written copy of an earlier, killed run here
        shred(stale)
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
            _checked_output(target, database, force, exists_key, inputs)
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


def _checked_output(target: Path, database: Path | None, force: bool, exists_key: str,
                    inputs: tuple[Path, ...] = ()) -> Path:
    """Where `target` really leads (symlinks followed), once the rule allows writing there.

    `inputs` are the files the command read (`report --dataset`): never written over, not
    even with --force, as the report would replace what it was made from.
    """
    try:
        final = target.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise BadInput("output.not_regular", path=str(target)) from None
    if not final.parent.is_dir():
        raise BadInput("output.no_folder", folder=str(target.parent))
    if database is not None and _is_database(final, Path(database)):
        raise BadInput("output.is_database", path=str(target))
    if any(_same_file(final, Path(given)) for given in inputs):
        raise BadInput("output.is_input", path=str(target))
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


def _same_file(final: Path, other: Path) -> bool:
    """Whether `final` is `other`, by resolved path or by inode (a hard link)."""
    try:
        if os.path.normcase(str(other.resolve())) == os.path.normcase(str(final)):
            return True
        return os.path.samefile(final, other)
    except (OSError, RuntimeError):
        return False


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
