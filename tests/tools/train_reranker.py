"""Train the reranker's trees and the associations' table on the judged sets, or measure them.

    python -m tests.tools.train_reranker --cv              # ten folds of whole sets: what carries
    python -m tests.tools.train_reranker --write           # train on every set, write the model
    python -m tests.tools.train_reranker --cv --extra DIR  # a set outside tests/data too

Needs the `train` extra (`pip install -e ".[train]"`: LightGBM and numpy); `wor` itself does
not. Each question's candidates are gathered with the reranker caught (the evidence order it
would correct, as `ranking` hands it over); the model learns a correction to the evidence score (LambdaMART,
started from the score itself), so with no trees the ranking is what it was.

The associations' table (wor_cli/matching/associations_model.py, written with the trees) is
counted from the same sets (`Counts`, `Learned`). A set's own judgements never reach its own
rows: each training row reads the table counted without its set, as an unseen catalogue would.

Cross-validation leaves whole sets out, ten folds of them: a catalogue and its writer's
questions are never seen while they are scored, nor counted in the fold's table. That, and the sets held out of the repository's
tests (tests/heldout), is the measure; the floors' test scores sets the model was trained on.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections import Counter
from dataclasses import dataclass
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


@dataclass
class JudgedSet:
    """One set as gathered: its questions, and the stems the associations are counted from."""

    questions: list[Question]
    stems: list[frozenset[str]]  # per question (associations.question_stems)
    words: dict[str, frozenset[str]]  # per activity id, candidates and judged: what the table is counted from
    read: dict[str, tuple[frozenset[str], ...]]  # and what the search reads of it (_read)


def _read(row: tuple) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What the search reads of one activity (a row of candidates.rows_of), as associations.read
    takes it: its text's stems, its name's and keywords', its themes' marks."""
    from wor_cli.matching import associations
    from wor_cli.matching.candidates import fields_of

    fields = fields_of(row)
    return (associations.activity_stems(fields), associations.activity_stems(fields, associations.NAMED),
            associations.theme_marks(row[2].strip("|").split("|")))


def gather(names: list[str]) -> dict[str, JudgedSet]:
    """Per set, per question: the first DEPTH candidates' ids and feature rows, the grades,
    and what the search shows with the reranker off; and the stems of questions and activities."""
    judged_sets.private_environment("wor-train")
    from wor_cli import catalogue
    from wor_cli.matching import associations, feedback, ranking, reranker
    from wor_cli.matching.candidates import rows_of

    judged_sets.use_postcodes([judged_sets.SETS[name][0].parent for name in names])
    caught: list[list[list[Any]]] = []
    rerank, reranker.rerank = reranker.rerank, lambda scored, *_: caught.append(scored)  # read, not re-ordered
    found: dict[str, JudgedSet] = {}
    try:
        for name in names:
            folder, path = judged_sets.SETS[name]
            index = catalogue.open_index(folder)
            questions, stems, rowids = [], [], {}
            for question in judged_sets.judged_queries(path):
                caught.clear()
                shown = [r.id for r in ranking.search(index, judged_sets.query_for(question, index, limit=reranker.DEPTH))]
                scored = caught[0] if caught else []
                top = scored[: reranker.DEPTH]
                details = index.details([item[3] for item in top]) if top else {}
                rows = reranker.features(scored, feedback.SCORE, ranking.EVIDENCE, feedback.THEMES)
                ids = [details[item[3]]["id"] for item in top]
                rowids.update((i, item[3]) for i, item in zip(ids, top))
                questions.append((ids, rows, question["relevant"], shown))
                stems.append(associations.question_stems(index, question["query"]))
            judged = {i for q in questions for i in q[2]} - set(rowids)
            rowids.update(index.conn.execute(
                f"SELECT id, rowid FROM activities WHERE id IN ({','.join('?' * len(judged))})", sorted(judged)))
            of_rowid = {row[0]: _read(row) for row in rows_of(index, list(rowids.values()))}
            read = {i: of_rowid[r] for i, r in rowids.items() if r in of_rowid}
            # The table counts the text's stems and the themes' marks; the name's are among the text's.
            found[name] = JudgedSet(questions, stems, {i: text | themes for i, (text, _, themes) in read.items()}, read)
    finally:
        reranker.rerank = rerank
    return found


class Counts:
    """One catalogue's counts: how often a question stem came with an activity stem in the
    activities judged to fit (2 or 3) and in the candidates not judged, and how many of each
    there were for questions with that stem."""

    def __init__(self, judged: JudgedSet) -> None:
        self.fit: Counter[tuple[str, str]] = Counter()
        self.unfit: Counter[tuple[str, str]] = Counter()
        self.fits: Counter[str] = Counter()
        self.unfits: Counter[str] = Counter()
        for (ids, _, relevant, _), stems in zip(judged.questions, judged.stems):
            fitting = [judged.words[i] for i, grade in relevant.items() if grade >= 2 and i in judged.words]
            unjudged = [judged.words[i] for i in ids if i not in relevant]
            for stem in stems:
                self.fits[stem] += len(fitting)
                self.unfits[stem] += len(unjudged)
                for words in fitting:
                    self.fit.update((stem, w) for w in words)
                for words in unjudged:
                    self.unfit.update((stem, w) for w in words)


class Learned:
    """The associations of some catalogues' counts (associations.py says what they mean): per
    pair, the log of how much likelier the activity's stem is in a fitting activity than in an
    unjudged candidate, given the question's stem, when seen fitting in MIN_CATALOGUES of them.
    `without` one catalogue gives what the others alone say: the training rows' own set must
    not tell the trees how well its associations work on itself."""

    def __init__(self, counts: dict[str, Counts], names: list[str]) -> None:
        from wor_cli.matching import associations

        self.least = associations.MIN_CATALOGUES
        self.counts = counts
        self.fit: Counter[tuple[str, str]] = Counter()
        self.unfit: Counter[tuple[str, str]] = Counter()
        self.fits: Counter[str] = Counter()
        self.unfits: Counter[str] = Counter()
        self.seen: Counter[tuple[str, str]] = Counter()  # in how many catalogues, fitting
        self.partners: dict[str, set[str]] = {}
        for name in names:
            c = counts[name]
            self.fit.update(c.fit)
            self.unfit.update(c.unfit)
            self.fits.update(c.fits)
            self.unfits.update(c.unfits)
            self.seen.update(c.fit.keys())
        for stem, word in self.fit:
            self.partners.setdefault(stem, set()).add(word)

    def strength(self, stem: str, word: str, without: str | None = None) -> float:
        pair = (stem, word)
        fit, seen, unfit = self.fit.get(pair, 0), self.seen.get(pair, 0), self.unfit.get(pair, 0)
        fits, unfits = self.fits[stem], self.unfits[stem]
        if without is not None:
            own = self.counts[without]
            mine = own.fit.get(pair, 0)
            fit, seen, unfit = fit - mine, seen - (mine > 0), unfit - own.unfit.get(pair, 0)
            fits, unfits = fits - own.fits.get(stem, 0), unfits - own.unfits.get(stem, 0)
        if seen < self.least or fit <= 0:
            return 0.0
        return math.log((fit + 1) / (fits + 2)) - math.log((unfit + 1) / (unfits + 2))

    def row(self, stem: str, without: str | None = None) -> "_Row":
        return _Row(self, stem, without)

    def rows(self) -> dict[str, str]:
        """The table as associations_model.py holds it: per stem, its positive pairs as one
        string, strongest first, two decimals."""
        out = {}
        for stem in sorted(self.partners):
            pairs = sorted(((round(self.strength(stem, w), 2), w) for w in self.partners[stem]), key=lambda p: (-p[0], p[1]))
            kept = " ".join(f"{w} {v:g}" for v, w in pairs if v > 0)
            if kept:
                out[stem] = kept
        return out


class _Row:
    """One stem's row of a Learned table, computed on demand (a fold's table, per set without
    itself, would be too many rows to build in full): what associations.strengths reads."""

    def __init__(self, learned: Learned, stem: str, without: str | None) -> None:
        self.learned, self.stem, self.without = learned, stem, without
        self.partners = learned.partners.get(stem, set())
        self.values: dict[str, float] = {}

    def __bool__(self) -> bool:
        return bool(self.partners)

    def __contains__(self, word: str) -> bool:
        if word not in self.partners:
            return False
        if word not in self.values:
            self.values[word] = self.learned.strength(self.stem, word, self.without)
        return self.values[word] > 0

    def __getitem__(self, word: str) -> float:
        return self.values[word]


def associated(data: dict[str, JudgedSet], learned: Learned, names: list[str], own: set[str]) -> dict[str, list[Question]]:
    """The questions of `names` with their association features from `learned`; a set in
    `own` (trained on) reads the table without itself."""
    from wor_cli.matching import associations, reranker

    at, size = reranker.FEATURES.index("association"), len(associations.NOTHING)
    out = {}
    for name in names:
        judged, without = data[name], (name if name in own else None)
        out[name] = []
        for (ids, rows, relevant, shown), stems in zip(judged.questions, judged.stems):
            table = [learned.row(stem, without) for stem in sorted(stems)]
            rows = [[*row[:at], *associations.read(table, *judged.read.get(i, (frozenset(),) * 3)), *row[at + size:]]
                    for i, row in zip(ids, rows)]
            out[name].append((ids, rows, relevant, shown))
    return out


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


def as_table(rows: dict[str, str], sets: int, questions: int) -> str:
    """associations_model.py: the table, one stem a line."""
    from wor_cli.matching import associations

    lines = [
        '"""The associations\' table (wor_cli/matching/associations.py), written by',
        "`python -m tests.tools.train_reranker --write`: do not edit, train again.",
        "",
        f"Counted in {questions} judged questions of {sets} catalogues; a pair seen fitting in at least",
        f"{associations.MIN_CATALOGUES} of them. Per question stem: its activity stems and their",
        'strengths, strongest first."""',
        "",
        "# fmt: off",
        "ROWS = {",
        *(f"    {stem!r}: {row!r}," for stem, row in rows.items()),
        "}",
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
    counts = {name: Counts(data[name]) for name in names}
    before = scores({name: data[name].questions for name in names}, names, None)
    print(_summary("evidence order", before, blind))
    if options.cv:
        after: dict[str, list[float]] = {}
        for fold in range(FOLDS):
            held = blind[fold::FOLDS]
            trained = [n for n in names if n not in held]
            rows = associated(data, Learned(counts, trained), names, set(trained))
            trees = reranker.Trees(reranker.FEATURES, as_data(train(rows, trained)))
            after.update(scores(rows, held, trees))
        print(_summary("reranked, each set left out", after, blind))
        up = sum(statistics.fmean(after[n]) > statistics.fmean(before[n]) + 1e-9 for n in blind)
        down = sum(statistics.fmean(after[n]) < statistics.fmean(before[n]) - 1e-9 for n in blind)
        print(f"sets up {up}, down {down}")
        for n in blind:
            print(f"  {n:10s} {statistics.fmean(before[n]):.3f} -> {statistics.fmean(after[n]):.3f}")
    if options.write:
        learned = Learned(counts, names)
        rows = associated(data, learned, names, set(names))  # each set's rows without itself
        booster = train(rows, names)
        trees = as_data(booster)
        check = reranker.Trees(reranker.FEATURES, trees)
        import numpy

        sample = [row for name in names[:3] for _, r, _, _ in rows[name] for row in r][:500]
        expected = booster.predict(numpy.array(sample))
        if any(not math.isclose(check.predict(row), e, abs_tol=1e-9) for row, e in zip(sample, expected)):
            raise SystemExit("the trees as data do not give LightGBM's predictions")
        questions = sum(len(data[n].questions) for n in names)
        target = Path(reranker.__file__).with_name("reranker_model.py")
        target.write_text(as_module(trees, len(names), questions), encoding="utf-8")
        table = learned.rows()
        target.with_name("associations_model.py").write_text(as_table(table, len(names), questions), encoding="utf-8")
        print(f"wrote {target} ({len(trees)} trees) and associations_model.py "
              f"({len(table)} stems, {sum(v.count(' ') // 2 + 1 for v in table.values())} pairs)")
        shown = associated(data, learned, names, set())  # as the search reads the table
        print(_summary("reranked, trained on these sets (in-sample)", scores(shown, names, check), blind))

if __name__ == "__main__":
    sys.exit(main())
