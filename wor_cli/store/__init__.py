"""Storage: the connection, the schema and its migrations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wor_cli.store.connection import Store, connect
from wor_cli.store.migrations import migrate


def open_store(
    path: Path, *, create: bool = True, before_migrate: Callable[[Store], None] | None = None
) -> Store:
    """Open (creating if asked) and bring the schema up to date."""
    store = Store(connect(path, create=create), Path(path))
    migrate(store, before=before_migrate)
    return store


__all__ = ["Store", "open_store"]
