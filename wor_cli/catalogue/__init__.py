"""The activity catalogue: loading and checking its YAML files, and its search index.

Findings are returned as data (`{file, line, key, params}`) and translated
only when shown, so the same check reads in Dutch or English.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wor_cli.catalogue.index import CatalogueIndex, Progress, open_index

_FROM_INDEX = frozenset({"CatalogueIndex", "Progress", "open_index"})


def __getattr__(name: str) -> Any:
    """The index (SQLite, the file loader) is imported when first asked for, not with the package:
    `wor catalogue import` reads a spreadsheet through `wor_cli.catalogue.forms` and needs none of it."""
    if name in _FROM_INDEX:
        from wor_cli.catalogue import index

        return getattr(index, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def check(root: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Every error and warning of the catalogue in `root`, files named as below `root`."""
    from wor_cli.catalogue.index import open_index

    index = open_index(root, progress=progress)

    def shown(found: dict[str, Any]) -> dict[str, Any]:
        return {**found, "file": str(Path(root) / found["file"])}

    return {
        "activities": index.count(),
        "errors": [shown(f) for f in index.errors()],
        "warnings": [shown(f) for f in index.warnings()],
    }


__all__ = ["CatalogueIndex", "Progress", "check", "open_index"]
