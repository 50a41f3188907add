"""Writing a file that holds personal data (a letter, an export): private, whole, never by accident over another.

The file is created 0600. Without `force` an existing file is never touched:
it is created exclusively, so not even a file appearing at the same moment is
lost. With `force` the new content replaces the old file in one rename, so a
reader never sees half of it. Everything is flushed to disk before returning.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from wor_cli.errors import Refused


def write_private(path: Path, content: bytes | str, *, force: bool = False, exists_key: str = "file.exists") -> None:
    """Write `content` to `path` (0600); `exists_key` is the message when it exists and not `force`."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if force:
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".wor-", suffix=".tmp")
            try:
                _write_all(fd, data)
                os.chmod(temporary, 0o600)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            return
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            raise Refused(exists_key, path=str(path)) from None
        try:
            _write_all(fd, data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    except OSError as e:
        raise Refused("file.cannot_write", path=str(path), reason=e.strerror or str(e)) from None


def _write_all(fd: int, content: bytes) -> None:
    with os.fdopen(fd, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())
