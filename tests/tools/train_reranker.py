"""Train the reranker's trees (wor_cli/matching/reranker_model.py) on the judged sets, or measure them.

    python -m tests.tools.train_reranker --cv              # ten folds of whole sets: what carries
    python -m tests.tools.train_reranker --write           # train on every set, write the model
    python -m tests.tools.train_reranker --cv --extra DIR  # a set outside tests/data too

Needs the `train` extra (`pip install -e ".[train]"`: LightGBM and numpy); `wor` itself does
not. Each question's candidates are gathered with the reranker caught (the evidence order it
would correct, as `ranking` hands it over); the model learns a correction to the evidence score (LambdaMART,
started from the score itself), so with no trees the ranking is what it was.

Cross-validation leaves whole sets out, ten folds of them: a catalogue and its writer's
questions are never seen while they are scored. That, and the sets held out of the repository's
tests (tests/heldout), is the measure; the floors' test scores sets the model was trained on.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path
from typing import Any

import tests.ranking as judged_sets

PARAMS = {
    "objective": "lambdarank", "learning_rate": 0.1, "num_leaves": 7, "min_data_in_leaf": 50,
    "lambdarank_truncation_level": 10, "verbose": -1, "seed": 1, "deterministic": True,
    "num_threads": 1,
}
ROUNDS = 150
FOLDS = 10
Question = tuple[list[str], list[list[float]], dict[str, int], list[str]]  # ids, rows, grades, shown


def gather(names: list[str]) -> dict[str, list[Question]]:
    """Per set, per question: the first DEPTH candidates' ids and feature rows, the grades,
    and what the search shows with the reranker off."""
    judged_sets.private_environment("wor-train")
    from wor_cli import catalogue
    from wor_cli.matching import feedback, ranking, reranker

    judged_sets.use_postcodes([judged_sets.SETS[name][0].parent for name in names])
    caught: list[list[list[Any]]] = []
    rerank, reranker.rerank = reranker.rerank, lambda scored, *_: caught.append(scored)  # read, not re-ordered
    found: dict[str, list[Question]] = {}
    try:
        for name in names:
            folder, path = judged_sets.SETS[name]
            index = catalogue.open_index(folder)
            found[name] = []
            for question in judged_sets.judged_queries(path):
                caught.clear()
                shown = [r.id for r in ranking.search(index, judged_sets.query_for(question, index, limit=reranker.DEPTH))]
                scored = caught[0] if caught else []
                top = scored[: reranker.DEPTH]
                details = index.details([item[3] for item in top]) if top else {}
                rows = reranker.features(scored, feedback.SCORE, ranking.EVIDENCE, feedback.THEMES)
                found[name].append(([details[item[3]]["id"] for item in top], rows, question["relevant"], shown))
    finally:
        reranker.rerank = rerank
    return found


def train(data: dict[str, list[Question]], names: list[str]) -> Any:
    import lightgbm
    import numpy

    rows, grades, groups, start = [], [], [], []
    for name in names:
        for ids, features, relevant, _ in data[name]:
            if len(ids) < 2:
                continue
            rows += features
            grades += [relevant.get(i, 0) for i in ids]
            groups.append(len(ids))
            start += [row[0] for row in features]
    dataset = lightgbm.Dataset(numpy.array(rows), numpy.array(grades), group=groups, init_score=numpy.array(start))
    return lightgbm.train(PARAMS, dataset, ROUNDS)


def as_data(booster: Any) -> list[tuple[list[int], list[float], list[int], list[int], list[float]]]:
    """The trees as reranker.Trees reads them (splits are `<=`; no feature is ever missing)."""
    trees = []
    for tree in booster.dump_model()["tree_info"]:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        leaf: list[float] = []

        def visit(node: dict[str, Any]) -> int:
            if "leaf_value" in node:
                leaf.append(node["leaf_value"])
                return ~(len(leaf) - 1)
            if node["decision_type"] != "<=":
                raise SystemExit(f"a split of kind {node['decision_type']}")
            at = len(feature)
            feature.append(node["split_feature"])
            threshold.append(node["threshold"])
            left.append(0)
            right.append(0)
            left[at] = visit(node["left_child"])
            right[at] = visit(node["right_child"])
            return at

        visit(tree["tree_structure"])
        trees.append((feature, threshold, left, right, leaf))
    return trees


def as_module(trees: list[tuple[list[int], ...]], sets: int, questions: int) -> str:
    """reranker_model.py: the trees as Python literals, one tree a line."""
    from wor_cli.matching import reranker

    lines = [
        '"""The reranker\'s trees (wor_cli/matching/reranker.py), written by',
        "`python -m tests.tools.train_reranker --write`: do not edit, train again.",
        "",
        f"LightGBM LambdaMART, {ROUNDS} trees of at most {PARAMS['num_leaves']} leaves, learning rate",
        f"{PARAMS['learning_rate']}, trained on {questions} judged questions of {sets} catalogues; per tree: the",
        "feature and threshold of each split, its left and right child (below zero: leaf ~child),",
        'the value of each leaf."""',
        "",
        f"FEATURES = {tuple(reranker.FEATURES)!r}",
        "",
        "# fmt: off",
        "TREES = (",
        *(f"    ({tuple(f)!r}, {tuple(t)!r}, {tuple(l)!r}, {tuple(r)!r}, {tuple(v)!r})," for f, t, l, r, v in trees),
        ")",
        "",
    ]
    return "\n".join(lines)


def scores(data: dict[str, list[Question]], names: list[str], trees: Any | None) -> dict[str, list[float]]:
    """nDCG@5 per question, as the search would show it with `trees` (None: without)."""
    out = {}
    for name in names:
        values = []
        for ids, rows, relevant, shown in data[name]:
            if trees is None or not rows:
                values.append(judged_sets.ndcg(shown, relevant))
                continue
            corrected = [row[0] + trees.predict(row) for row in rows]
            order = [ids[i] for i in sorted(range(len(ids)), key=lambda i: -corrected[i])]
            values.append(judged_sets.ndcg(order + [i for i in shown if i not in order], relevant))
        out[name] = values
    return out


def _summary(label: str, found: dict[str, list[float]], names: list[str]) -> str:
    means = [statistics.fmean(found[n]) for n in names]
    misses = sum(1 for n in names for v in found[n] if v == 0)
    return f"{label}: mean {statistics.fmean(means):.4f} over {len(names)} sets, {misses} questions without a judged activity in the top five"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="cross-validate, whole sets left out")
    parser.add_argument("--write", action="store_true", help="train on every set and write the model")
    parser.add_argument("--extra", action="append", default=[], type=Path, help="another judged set's folder")
    options = parser.parse_args()
    from wor_cli.matching import reranker

    for folder in options.extra:
        folder = folder.resolve()
        judged_sets.SETS[folder.name] = (folder / "catalogue", folder / "queries.yaml")
    names = list(judged_sets.SETS)
    blind = [n for n in names if n != "bundled"]
    data = gather(names)
    before = scores(data, names, None)
    print(_summary("evidence order", before, blind))
    if options.cv:
        after: dict[str, list[float]] = {}
        for fold in range(FOLDS):
            held = blind[fold::FOLDS]
            trees = reranker.Trees(reranker.FEATURES, as_data(train(data, [n for n in names if n not in held])))
            after.update(scores(data, held, trees))
        print(_summary("reranked, each set left out", after, blind))
        up = sum(statistics.fmean(after[n]) > statistics.fmean(before[n]) + 1e-9 for n in blind)
        down = sum(statistics.fmean(after[n]) < statistics.fmean(before[n]) - 1e-9 for n in blind)
        print(f"sets up {up}, down {down}")
        for n in blind:
            print(f"  {n:10s} {statistics.fmean(before[n]):.3f} -> {statistics.fmean(after[n]):.3f}")
    if options.write:
        booster = train(data, names)
        trees = as_data(booster)
        check = reranker.Trees(reranker.FEATURES, trees)
        import numpy

        sample = [row for name in names[:3] for _, rows, _, _ in data[name] for row in rows][:500]
        expected = booster.predict(numpy.array(sample))
        if any(not math.isclose(check.predict(row), e, abs_tol=1e-9) for row, e in zip(sample, expected)):
            raise SystemExit("the trees as data do not give LightGBM's predictions")
        questions = sum(len(data[n]) for n in names)
        target = Path(reranker.__file__).with_name("reranker_model.py")
        target.write_text(as_module(trees, len(names), questions), encoding="utf-8")
        print(f"wrote {target} ({len(trees)} trees)")
        print(_summary("reranked, trained on these sets (in-sample)", scores(data, names, check), blind))


if __name__ == "__main__":
    sys.exit(main())
