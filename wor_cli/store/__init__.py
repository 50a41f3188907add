"""Storage: the connection, the schema and its migrations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from wor_cli.store.connection import Store, connect
from wor_cli.store.migrations import migrate


def open_store(
    path: Path,
    *,
    create: bool = True,
    before_migrate: Callable[[Store], None] | None = None,
    key: str | None = None,
) -> Store:
    """Open (creating if asked) and bring the schema up to date.

    `key` opens (or creates) an encrypted database; see connection.connect.
    """
    store = Store(connect(path, create=create, key=key), Path(path), key)
    migrate(store, before=before_migrate)
    return store


__all__ = ["Store", "open_store"]
