#!/usr/bin/env python3
"""Leave-one-catalogue-out measurement of the ranking's numeric constants (a dev tool, not a test).

    python -m tests.tools.tune_ranking                       # the current constants: nDCG@5 per set
    python -m tests.tools.tune_ranking --set ranking.TIE_BREAK=0.2 --set audience.FITS_PERSON=0.3
    python -m tests.tools.tune_ranking --search [--only NAME ...] [--out FILE.json]
    python -m tests.tools.tune_ranking --list                # the constants searched and their grids

Every judged set's index is built once (in a temporary cache); a setting patches module
constants where they are looked up (`wor_cli.matching.ranking.TIE_BREAK`) and the questions
are searched in process, as `wor match --limit 5` would search them.

`--search` is a cross-validated coordinate search: for each constant and each value of its
grid, the per-set nDCG@5 is measured once (the other constants as they are); then for each
held-out catalogue the value is chosen by the OTHER sets' mean only and the held-out set is
scored with it. The mean of the held-out scores is what the constant's change would carry to
an unseen catalogue; docs/matching.md ("Fitted and cross-validated") says what it found.
The mean over the blind sets leaves out `bundled` (written by reading its own catalogue).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import contextmanager
from typing import Any, Iterator

REL = (0.0, 0.5, 0.75, 1.25, 1.5, 2.0)  # multiples of the current value, for a weight

# The constants searched and how: "rel" (multiples of the current value), or a list of values.
# Factors (x 0.35 for "meant for someone else") run towards 1 (no effect) as well as away.
GRIDS: dict[str, Any] = {
    "ranking.COMPOUND": [0.5, 0.6, 0.9, 1.0],
    "ranking.RELATED_WEIGHT": [0.3, 0.45, 0.75, 0.9],
    "ranking.THEME_WEIGHT": "rel",
    "ranking.OTHER_THEME": [0.0, 0.3, 0.45, 0.8, 1.0],
    "ranking.CLIENT_THEME_WEIGHT": "rel",
    "ranking.ONLINE_NEARBY_WEIGHT": [0.3, 0.45, 0.8, 1.0],
    "ranking.PLACE_WEIGHT": "rel",
    "ranking.TIE_BREAK": "rel",
    "ranking.COMMON_SHARE": [0.01, 0.025, 0.1, 0.2],
    "ranking.RARE_WEIGHT": "rel",
    "ranking.RARE_DECADES": [0.5, 1.0, 3.0, 4.0],
    "candidates.PHRASE_SPAN": [1, 2, 4, 5],
    "feedback.FEEDBACK_TOP": [1, 2, 4, 5],
    "feedback.FEEDBACK_WEIGHT": "rel",
    "feedback.LEARNED_TOP": [5, 10, 30, 40],
    "feedback.LEARNED_WEIGHT": "rel",
    "ranking.TIME_FIT": "rel",
    "ranking.TIME_MISS": [0.35, 0.5, 0.85, 1.0],
    "feedback.WORD_FEEDBACK_FEW": [0, 3, 8, 10],
    "feedback.WORD_FEEDBACK_WEIGHT": "rel",
    "feedback.WORD_FEEDBACK_REACH": [1.5, 2.0, 4.0, 6.0],
    "feedback.WORD_FEEDBACK_COMMON": [0.15, 0.25, 0.5, 1.0],
    "ranking.OTHER_SITUATION": [0.35, 0.5, 0.6, 0.9, 1.0],
    "ranking.FS_NAME": [0.8, 0.9, 1.1, 1.2],  # the four field strengths, one at a time
    "ranking.FS_KEYWORDS": [0.7, 0.8, 1.0, 1.1],
    "ranking.FS_THEMES": [0.0, 0.25, 0.4, 0.6, 0.75],
    "ranking.FS_DESCRIPTION": [0.2, 0.3, 0.35, 0.55, 0.7],
    "reader.PART_WEIGHT": [0.35, 0.5, 0.85, 1.0],
    "understanding.WISH_WEIGHT": [1.0, 1.15, 1.45, 1.6, 2.0],
    "understanding.INFERRED_WEIGHT": [0.0, 0.35, 0.5, 0.85, 1.0],
    "phrases.PHRASE_SLACK": [0, 1, 3, 4],
    "reader.WHOLE_WORD_ZIPF": [2.5, 3.0, 4.0, 4.5],
    "reader.AMBIGUOUS_ZIPF": [5.0, 5.5, 6.5, 9.0],
    "reader.EVERYDAY_HIGH": [0.2, 0.3, 0.55, 0.7, 1.0],  # the weight of Zipf >= 5.3
    "reader.EVERYDAY_LOW": [0.4, 0.55, 0.85, 1.0],  # the weight of Zipf >= 4.8
    "audience.NARROW_AGE_WEIGHT": [0.5, 0.65, 0.9, 1.0],
    "audience.FITS_PERSON": "rel",
    "audience.OWN_LANGUAGE": "rel",
    "audience.NOT_FOR_PERSON": [0.0, 0.15, 0.25, 0.5, 0.75, 1.0],
    "audience.DUTCH_FOR_NEWCOMER": [0.35, 0.5, 0.9, 1.0],
    "audience.OPEN_FOR_MINOR": [0.35, 0.5, 0.9, 1.0],
    "audience.OLDER_AGE": [50, 60, 65],
    "audience.YOUNG_AGE": [21, 24, 30],
}

# Constants held in a tuple: searched one element at a time, patched as the whole tuple.
TUPLE_PARTS = {
    "ranking.FS_NAME": ("ranking.FIELD_STRENGTH", 0),
    "ranking.FS_KEYWORDS": ("ranking.FIELD_STRENGTH", 1),
    "ranking.FS_THEMES": ("ranking.FIELD_STRENGTH", 2),
    "ranking.FS_DESCRIPTION": ("ranking.FIELD_STRENGTH", 3),
    "reader.EVERYDAY_HIGH": ("reader.EVERYDAY_ZIPF", (0, 1)),
    "reader.EVERYDAY_LOW": ("reader.EVERYDAY_ZIPF", (1, 1)),
}

NOISE = 0.003  # a leave-one-out gain smaller than this is not a gain
MOST_FOLDS = 10  # of 13: this many held-out folds must choose the same change
WORST_DROP = 0.01  # no set may lose more than this


def _module(name: str) -> Any:
    import importlib

    return importlib.import_module(f"wor_cli.matching.{name}")


def current(name: str) -> Any:
    if name in TUPLE_PARTS:
        whole, at = TUPLE_PARTS[name]
        value = current(whole)
        return value[at] if isinstance(at, int) else value[at[0]][at[1]]
    module, attr = name.split(".")
    return getattr(_module(module), attr)


def grid(name: str) -> list[Any]:
    spec = GRIDS[name]
    now = current(name)
    if spec == "rel":
        return [round(now * r, 4) for r in REL]
    return list(spec)


@contextmanager
def patched(setting: dict[str, Any]) -> Iterator[None]:
    """The constants of `setting` in place for the block, put back after it."""
    old: list[tuple[Any, str, Any]] = []
    try:
        for name, value in setting.items():
            if name in TUPLE_PARTS:
                whole, at = TUPLE_PARTS[name]
                items = [list(x) if isinstance(x, tuple) else x for x in current(whole)]
                if isinstance(at, int):
                    items[at] = value
                else:
                    items[at[0]][at[1]] = value
                name, value = whole, tuple(tuple(x) if isinstance(x, list) else x for x in items)
            module, attr = name.split(".")
            target = _module(module)
            if not hasattr(target, attr):
                raise SystemExit(f"no constant {name}")
            old.append((target, attr, getattr(target, attr)))
            setattr(target, attr, value)
        yield
    finally:
        for target, attr, value in reversed(old):
            setattr(target, attr, value)


class Sets:
    """Every judged set: its index (built once) and its questions as Query objects."""

    def __init__(self, only: list[str] | None = None) -> None:
        from tests.ranking import SETS, judged_queries, private_environment, query_for, use_postcodes

        private_environment("wor-tune")
        from wor_cli import catalogue

        self.names = [n for n in SETS if not only or n in only]
        use_postcodes([SETS[name][0].parent for name in self.names])
        self.data: dict[str, tuple[Any, list[tuple[Any, dict[str, int]]]]] = {}
        self.understood: dict[tuple[str, str], Any] = {}
        for name in self.names:
            folder, path = SETS[name]
            index = catalogue.open_index(folder)
            questions = [(query_for(judged, index), judged["relevant"]) for judged in judged_queries(path)]
            self.data[name] = (index, questions)

    def scores(self, setting: dict[str, Any] | None = None, names: list[str] | None = None) -> dict[str, list[float]]:
        """Per set, each question's nDCG@5 under `setting`. What a question's words are read
        as (`understanding.read`) is kept between settings that change no constant it reads."""
        import copy

        from wor_cli.matching import ranking
        from tests.ranking import ndcg

        setting = setting or {}
        reread = any(name.startswith(("understanding.", "reader.", "phrases.")) for name in setting)
        found: dict[str, list[float]] = {}
        read = ranking.read
        with patched(setting):
            for name in names or self.names:
                index, questions = self.data[name]

                def cached(index: Any, text: str, learned: bool = False, _name: str = name) -> Any:
                    key = (_name, text, learned)
                    if reread:
                        return read(index, text, learned)
                    if key not in self.understood:
                        self.understood[key] = read(index, text, learned)
                    return copy.deepcopy(self.understood[key])

                ranking.read = cached
                try:
                    found[name] = [ndcg([r.id for r in ranking.search(index, copy.copy(q))], relevant)
                                   for q, relevant in questions]
                finally:
                    ranking.read = read
        return found


_SETS: "Sets | None" = None


def _start_worker() -> None:
    global _SETS
    _SETS = Sets()


def _work(job: tuple[dict[str, Any], str]) -> tuple[str, list[float]]:
    setting, name = job
    assert _SETS is not None
    return name, _SETS.scores(setting, [name])[name]


class Parallel:
    """The same as `Sets.scores`, the sets shared out over worker processes (one per core),
    each with its own connections to the indexes."""

    def __init__(self, sets: Sets, workers: int) -> None:
        import multiprocessing

        self.names = sets.names
        self.data = sets.data
        self.pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_start_worker)

    def scores(self, setting: dict[str, Any] | None = None) -> dict[str, list[float]]:
        # Largest sets first, so the last job to finish is a small one.
        order = sorted(self.names, key=lambda n: -len(self.data[n][1]))
        done = dict(self.pool.imap_unordered(_work, [(setting or {}, n) for n in order]))
        return {n: done[n] for n in self.names}


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def blind(names: list[str]) -> list[str]:
    return [n for n in names if n != "bundled"]


def summary(scores: dict[str, list[float]]) -> str:
    rows = [f"{name:8} {mean(s):.3f} ({sum(1 for v in s if v == 0)})" for name, s in scores.items()]
    b = blind(list(scores))
    rows.append(f"{'mean':8} {mean([mean(scores[n]) for n in b]):.3f} over the {len(b)} blind sets, "
                f"misses {sum(1 for n in scores for v in scores[n] if v == 0)}")
    return "\n".join(rows)


def held_out(table: dict[Any, dict[str, float]], base: Any, names: list[str]) -> dict[str, Any]:
    """Leave one catalogue out: per fold, the value whose mean over the other sets is best
    (the current value wins ties), and the held-out set's score with it."""
    folds = {}
    for out in names:
        rest = [n for n in names if n != out]
        # Noise-free choice: a value must beat the current one on the other sets to be chosen.
        best = max(table, key=lambda v: (round(mean([table[v][n] for n in rest]), 6), v == base))
        folds[out] = (best, table[best][out])
    return folds


def search(sets: Sets, names: list[str], out_file: str | None) -> None:
    base_scores = sets.scores()
    base = {n: mean(s) for n, s in base_scores.items()}
    print(summary(base_scores), flush=True)
    report: dict[str, Any] = {"base": base, "constants": {}}
    all_names = list(base)
    for name in names:
        started = time.time()
        now = current(name)
        table = {now: base}
        for value in grid(name):
            if value == now:
                continue
            s = sets.scores({name: value})
            table[value] = {n: mean(v) for n, v in s.items()}
            table[value]["_misses"] = sum(1 for n in s for x in s[n] if x == 0)
        table[now]["_misses"] = sum(1 for n in base_scores for x in base_scores[n] if x == 0)
        folds = held_out(table, now, all_names)
        loo = mean([score for _, score in folds.values()])
        loo_base = mean([base[n] for n in all_names])
        chosen: dict[Any, int] = {}
        for value, _ in folds.values():
            chosen[value] = chosen.get(value, 0) + 1
        top = max(chosen, key=chosen.get)
        spread = max(abs(table[v][n] - base[n]) for v in table for n in all_names)
        print(f"\n{name} = {now}: leave-one-out {loo_base:.4f} -> {loo:.4f} ({loo - loo_base:+.4f}); "
              f"folds choose {dict(sorted(chosen.items(), key=lambda x: -x[1]))}; largest move {spread:.3f} "
              f"({time.time() - started:.0f} s)", flush=True)
        for value in sorted(table, key=lambda v: (isinstance(v, str), v)):
            cells = " ".join(f"{table[value][n]:.3f}" for n in all_names)
            print(f"   {value!s:>8}: {cells}  blind mean {mean([table[value][n] for n in blind(all_names)]):.4f}"
                  f"  misses {table[value]['_misses']}", flush=True)
        report["constants"][name] = {
            "current": now, "table": {str(v): table[v] for v in table}, "loo": loo, "loo_base": loo_base,
            "folds": {n: [str(v), s] for n, (v, s) in folds.items()}, "top": str(top), "top_folds": chosen[top],
            "spread": spread,
        }
        if out_file:
            with open(out_file, "w", encoding="utf-8") as f:
                json.dump(report, f, indent=1)


def parse_value(text: str) -> Any:
    return json.loads(text) if text[:1] in "[-0123456789.tfn" else text


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE")
    parser.add_argument("--search", action="store_true")
    parser.add_argument("--only", nargs="*", help="constants to search (default: all of GRIDS)")
    parser.add_argument("--sets", nargs="*", help="judged sets (default: all)")
    parser.add_argument("--out", help="write the search's tables as JSON here")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("-v", action="store_true", help="print each question's score")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)")
    args = parser.parse_args(argv)
    if args.list:
        for name in GRIDS:
            print(f"{name} = {current(name)}: {grid(name)}")
        return
    started = time.time()
    sets: Any = Sets(args.sets)
    if args.workers > 1 and not args.sets:
        sets = Parallel(sets, args.workers)
    print(f"indexes ready in {time.time() - started:.1f} s", file=sys.stderr)
    if args.search:
        search(sets, args.only or list(GRIDS), args.out)
        return
    setting = {}
    for item in args.set:
        name, _, value = item.partition("=")
        setting[name] = parse_value(value)
    started = time.time()
    scores = sets.scores(setting)
    print(summary(scores))
    if args.v:
        for name, values in scores.items():
            for (query, _), value in zip(sets.data[name][1], values):
                print(f"{name} {value:.3f} {query.text}")
    print(f"one setting on {sum(len(v) for v in scores.values())} questions in {time.time() - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
