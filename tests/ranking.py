"""Measuring ranking quality on judged queries (nDCG@k), shared by the test and the tool."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

JUDGED = Path(__file__).parent / "data" / "judged_queries.yaml"


def judged_queries() -> list[dict[str, Any]]:
    return yaml.safe_load(JUDGED.read_text(encoding="utf-8"))


def dcg(gains: list[float]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg(found: list[str], relevant: dict[str, int], k: int = 5) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    return dcg([relevant.get(i, 0) for i in found[:k]]) / ideal if ideal else 0.0


def match_args(judged: dict[str, Any]) -> list[str]:
    """The `wor match` options for a judged query's filters."""
    args = [judged["query"]]
    filters = judged.get("filters") or {}
    for theme in filters.get("theme", []):
        args += ["--theme", theme]
    for day in filters.get("day", []):
        args += ["--day", day]
    if filters.get("free"):
        args.append("--free")
    for option in ("max_cost", "near", "km", "max_age_fit"):
        if filters.get(option) is not None:
            args += ["--" + option.replace("_", "-"), str(filters[option])]
    for option in ("accessible", "language"):
        values = filters.get(option)
        for value in [values] if isinstance(values, str) else values or []:
            args += ["--" + option, value]
    return args
