#!/usr/bin/env python3
"""nDCG@5 of this checkout's search on judged sets kept outside the repository (a dev tool).

    python -m tests.tools.measure_sets /path/to/blind-AM /path/to/blind-AN
    python -m tests.tools.measure_sets --each out.json /path/to/blind-AM    # per question, for a diff

A set folder holds `catalogue/` and `queries.yaml`, as in tests/data/blind-*/. Its questions are
searched in process, as `wor match --limit 5` would (tests/tools/tune_ranking.py's harness).

A held-out set is measured once with the code before a change and once after it, without reading
its questions in between (docs/testing.md, "Measuring the search"). For the code before, check
out the old commit beside this one and run the tool from there, so its own `wor_cli` is measured:

    git worktree add --detach /tmp/before REV && cd /tmp/before && python -m tests.tools.measure_sets DIR...

The first line says which `wor_cli` was measured, so a mix-up shows.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path, help="folders with catalogue/ and queries.yaml")
    parser.add_argument("--each", type=Path, help="write each question's nDCG@5 here (JSON)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))  # this checkout's wor_cli and tests, not an installed one

    import tests.ranking as ranking
    import wor_cli

    for folder in args.sets:
        if not (folder / "catalogue").is_dir() or not (folder / "queries.yaml").is_file():
            raise SystemExit(f"{folder}: needs catalogue/ and queries.yaml")
        ranking.SETS[folder.name] = (folder / "catalogue", folder / "queries.yaml")
    from tests.tools.tune_ranking import Sets

    print(f"measuring {Path(wor_cli.__file__).parent}")
    names = [folder.name for folder in args.sets]
    scores = Sets(names).scores()
    for name in names:
        found = scores[name]
        print(f"{name}: nDCG@5 {sum(found) / len(found):.3f} on {len(found)} questions, "
              f"{sum(1 for s in found if s == 0)} with no judged activity in the top 5")
    if args.each:
        each = {name: [[judged["query"], score] for judged, score in
                       zip(ranking.judged_queries(ranking.SETS[name][1]), scores[name])] for name in names}
        args.each.write_text(json.dumps(each, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
