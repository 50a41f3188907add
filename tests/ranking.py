"""Measuring ranking quality on judged queries (nDCG@k), shared by the test and the tool."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
JUDGED = DATA / "judged_queries.yaml"
ROOT = Path(__file__).resolve().parent.parent
# Each judged set: (name, catalogue folder, queries file).
SETS = {
    "bundled": (ROOT / "catalogue", JUDGED),
    # blind-a ... blind-z, blind-ad ...: each a catalogue written blind and its judged questions
    # (their README.md says how)
    **{f"blind-{x}": (DATA / f"blind-{x}" / "catalogue", DATA / f"blind-{x}" / "queries.yaml")
       for x in [*"abcdefghijklmnopqrstuvwxyz", "ad", "ae", "af", "ag", "ah", "ai", "aj", "ak", "al", "am", "an", "ao", "ap", "aq", "ar", "as", "at", "au", "av", "aw", "ax", "bb", "bc", "bd", "be", "bf", "bg", "bh", "bi", "bj", "bk", "bl", "bm", "bn", "bo", "bp", "bq", "br", "bs", "bt", "bu", "bv", "bw", "bx", "by", "bz", "ca", "cb", "cc", "cd", "ce", "cf", "cg", "ch", "ci", "cj", "ck", "cl", "cm", "cn", "co", "cp", "cq", "cr", "cs", "ct", "cu", "cv", "cw", "cx"]},
}


def use_postcodes(folders: list[Path]) -> None:
    """Install the centres of postcode areas that judged sets bring (`postcodes.csv` beside
    `catalogue/`: pc4,lat,lon) as the organisation's postcode table (`wor catalogue
    postcodes`), in the current WOR_HOME. A writer may ask for activities near an area where
    the catalogue has none, with centres of their own; judged by those, measured by them."""
    from wor_cli.catalogue import postcodes

    rows = {}
    for folder in folders:
        table = folder / "postcodes.csv"
        if table.is_file():
            for line in table.read_text(encoding="utf-8").splitlines()[1:]:
                if line.strip():
                    rows[line.split(",")[0]] = line
    if rows:
        path = postcodes.table_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("pc4,lat,lon\n" + "".join(row + "\n" for _, row in sorted(rows.items())), encoding="utf-8")
    postcodes._table.cache_clear()


def private_environment(prefix: str) -> None:
    """A tool's own cache and home (never the user's), and the tests' date
    (tests/helpers.TODAY), unless the caller set them."""
    import os
    import tempfile

    os.environ.setdefault("WOR_CACHE_DIR", tempfile.mkdtemp(prefix=f"{prefix}-"))
    os.environ.setdefault("WOR_HOME", tempfile.mkdtemp(prefix=f"{prefix}-home-"))
    os.environ.setdefault("WOR_TODAY", "2026-11-23")


def judged_queries(path: Path = JUDGED) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


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


def query_for(judged: dict[str, Any], index: Any, limit: int = 5) -> Any:
    """A judged query as the Query `wor match` makes of the same options (through the command's
    own `_apply_filters`), to search in-process: the ranking test and the tuning tool read
    hundreds of questions, and Typer's parsing of each would be a third of their time."""
    from wor_cli.commands.match import _apply_filters
    from wor_cli.matching import Query

    filters = judged.get("filters") or {}
    query = Query(text=judged["query"], limit=limit)
    accessible, languages = filters.get("accessible"), filters.get("language")
    _apply_filters(query, index, filters.get("theme"), filters.get("day"), bool(filters.get("free")),
                   filters.get("max_cost"), filters.get("near") and str(filters["near"]), filters.get("km"),
                   [accessible] if isinstance(accessible, str) else accessible, filters.get("max_age_fit"),
                   [languages] if isinstance(languages, str) else languages)
    return query


def main() -> None:
    """`python -m tests.ranking [SET] [-v]`: nDCG@5 per set, and with -v each query below 0.7."""
    import json
    import os
    import sys
    import tempfile

    os.environ.setdefault("WOR_CACHE_DIR", tempfile.mkdtemp(prefix="wor-ranking-"))
    from tests.helpers import invoke

    verbose = "-v" in sys.argv
    names = [a for a in sys.argv[1:] if a in SETS] or list(SETS)
    for name in names:
        catalogue, queries = SETS[name]
        scores = []
        for judged in judged_queries(queries):
            result = invoke("match", *match_args(judged), "--limit", "5", "--json", "--catalogue", catalogue)
            found = json.loads(result.stdout) if result.exit_code == 0 else []
            score = ndcg([r["id"] for r in found], judged["relevant"])
            scores.append(score)
            if verbose and score < 0.7:
                print(f"{score:.2f} {judged['query']!r}")
                for r in found:
                    print(f"     {judged['relevant'].get(r['id'], 0)} {r['id']:40} {'; '.join(r['why'])}")
        print(f"{name}: nDCG@5 {sum(scores) / len(scores):.3f} on {len(scores)} queries, "
              f"{sum(1 for s in scores if s == 0)} with no judged activity in the top 5")


if __name__ == "__main__":
    main()
