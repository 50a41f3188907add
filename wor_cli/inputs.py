"""Reading a file someone hands to wor (answers, catalogue, template, key file): small and regular only.

A path given by a person can be anything: a FIFO that blocks the first read
forever, /dev/zero that never ends, a 5 GB file dropped by mistake. `read`
opens without blocking, refuses what is not a regular file, and never reads
more than its limit, so no such file can hang wor or fill its memory.
Light on purpose (no YAML here): key files are read by every command.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from wor_cli.errors import Keyed

MAX_BYTES = 1024 * 1024  # an answers file; a catalogue file passes a larger limit, a key file a smaller one


class FileProblem(Keyed, Exception):
    """The file cannot be read as a small regular file; `key` and `params` make the message."""

    def reason(self) -> str:
        """The message, to go inside another one ("Cannot read the key file X: {reason}.")."""
        from wor_cli.i18n import t

        return t(self.key, **self.params).rstrip(".")


def real_path(path: Path | str) -> Path | None:
    """Where `path` really leads, symlinks followed; None for a symlink loop (which Path.resolve raises for)."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return None


def read(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FileProblem otherwise.

    Opened without blocking, so a FIFO cannot make us wait for a writer, and
    read no further than `limit`, so /dev/zero or a growing file cannot fill memory.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise FileProblem("file.unreadable", path=str(path), reason=e.strerror or str(e)) from None
    found = os.fstat(fd)
    if not stat.S_ISREG(found.st_mode):
        os.close(fd)
        raise FileProblem("file.is_folder" if stat.S_ISDIR(found.st_mode) else "file.not_regular", path=str(path))
    with os.fdopen(fd, "rb") as f:
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise FileProblem("file.unreadable", path=str(path), reason=e.strerror or str(e)) from None
    if len(data) > limit:
        raise FileProblem("file.too_big", path=str(path), most=f"{limit // 1024} KB")
    return data
