"""The activity catalogue: loading and checking its YAML files, and its search index.

Findings are returned as data (`{file, line, key, params}`) and translated
only when shown, so the same check reads in Dutch or English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wor_cli.catalogue.index import CatalogueIndex, Progress, open_index


def check(root: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Every error and warning of the catalogue in `root`, files named as below `root`."""
    index = open_index(root, progress=progress)

    def shown(found: dict[str, Any]) -> dict[str, Any]:
        return {**found, "file": str(Path(root) / found["file"])}

    return {
        "activities": index.count(),
        "errors": [shown(f) for f in index.errors()],
        "warnings": [shown(f) for f in index.warnings()],
    }


__all__ = ["CatalogueIndex", "Progress", "check", "open_index"]
