"""Writing a file the coach asked for, readable by them only, all at once.

Reports and exports hold no names, but they are still about clients; and a
half-written file must never replace a good one. So: a temporary file (which
`mkstemp` creates 0600) in the same folder, then an atomic rename.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from wor_cli.errors import StorageError


def write_private(path: Path, content: str | bytes) -> Path:
    """Write `content` to `path` (mode 0600), replacing it whole; returns the path."""
    path = Path(path).expanduser()
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise StorageError("report.cannot_write", path=str(path), reason=e.strerror or str(e)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as e:
        Path(temporary).unlink(missing_ok=True)
        raise StorageError("report.cannot_write", path=str(path), reason=e.strerror or str(e)) from None
    return path
