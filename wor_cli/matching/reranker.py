"""The second look: the best candidates re-ordered by what judged questions taught.

The ranking adds up evidence with fixed weights (ranking.py). How much a kind of evidence is
worth depends on the rest: a match in the name counts for more when it covers most of the
question, a theme alone for less when other candidates match the words; such interactions
no fixed weight expresses. A small model of gradient-boosted trees (LambdaMART), trained on
the judged questions of many catalogues written blind by different people
(`tests/tools/train_reranker.py`), adds a correction to the score of each of the first
`DEPTH` candidates, from the evidence the ranking gathered for it (`Evidence`, `FEATURES`).
It knows no activity or catalogue: only the shape of the evidence, and, through the
associations of the question's words with the candidate's (associations.py), what words of the
field tend to go together.

The trees are data, written by that tool into `reranker_model.py` as Python literals (loaded
from bytecode in a fraction of a millisecond, where parsing the same as JSON takes a few):
per tree the feature, threshold and children of each split and the value of each leaf,
evaluated here in plain Python, so neither LightGBM nor numpy is needed at search time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence

DEPTH = 20  # candidates re-ordered; what is below them keeps its place below
MAIN_TOP = 10  # a candidate's main theme is compared with those of the first this many

# The features, in the order the model reads them (reranker_model.py names them too).
FEATURES = (
    "score", "before_feedback", "feedback", "position", "main_share",
    "words", "closeness", "themes", "learned", "covered", "covered_weight",
    "direct", "related", "in_name", "in_keywords", "in_text",
    "theme_count", "concept_count", "other_situation", "condition",
    "person_factor", "person_bonus", "access", "time_fit", "time_miss",
    "association", "association_best", "association_strong",
    "association_named", "association_named_best", "association_theme", "association_theme_best",
)


@dataclass(slots=True)
class Evidence:
    """What the ranking found for one candidate, as shares of the question's concept weight
    (so a question of two words and one of eight are alike), and its penalties and bonuses."""

    total_weight: float
    concept_count: int
    theme_count: int
    words: float = 0.0
    closeness: float = 0.0
    themes: float = 0.0
    learned: float = 0.0
    covered: float = 0.0
    covered_weight: float = 0.0
    direct: float = 0.0
    related: float = 0.0
    in_name: float = 0.0
    in_keywords: float = 0.0
    in_text: float = 0.0
    other_situation: float = 0.0
    condition: float = 0.0
    person_factor: float = 1.0
    person_bonus: float = 0.0
    access: float = 0.0
    time_fit: float = 0.0
    time_miss: float = 0.0
    before_feedback: float = 0.0
    # what the question's words were found to go with in fitting activities (associations.py)
    association: float = 0.0
    association_best: float = 0.0
    association_strong: float = 0.0
    association_named: float = 0.0  # the same for its name and keywords
    association_named_best: float = 0.0
    association_theme: float = 0.0  # and for its themes
    association_theme_best: float = 0.0

    def matched(self, weight: float, value: float, closeness: float, direct: bool, field: int | None) -> None:
        """A concept matched: `field` 0 name, 1 keywords, 2-3 themes or description, None a place."""
        share = weight / self.total_weight
        self.words += share * value
        self.closeness += share * closeness
        self.covered += 1.0 / self.concept_count
        self.covered_weight += share
        if field is None:
            return
        if direct:
            self.direct += share
        else:
            self.related += share
        if field == 0:
            self.in_name += share
        elif field == 1:
            self.in_keywords += share
        else:
            self.in_text += share

    def theme(self, weight: float, strength: float) -> None:
        self.themes += strength * weight / self.total_weight

    def learned_theme(self, weight: float, gain: float) -> None:
        self.learned += gain * weight / self.total_weight


def features(scored: list[list[Any]], score_at: int, evidence_at: int, main_at: int) -> list[list[float]]:
    """The feature rows of the first DEPTH of `scored` (sorted, best first), in FEATURES order."""
    top = scored[:DEPTH]
    best = top[0][score_at] if top and top[0][score_at] > 0 else 1.0
    mains = [item[main_at][0] for item in top[:MAIN_TOP]]
    rows = []
    for place, item in enumerate(top):
        e: Evidence = item[evidence_at]
        score, before = item[score_at] / best, e.before_feedback / best
        rows.append([
            score, before, score - before, 1.0 / (place + 2), mains.count(item[main_at][0]) / len(mains),
            e.words, e.closeness, e.themes, e.learned, e.covered, e.covered_weight,
            e.direct, e.related, e.in_name, e.in_keywords, e.in_text,
            float(e.theme_count), float(e.concept_count), e.other_situation, e.condition,
            e.person_factor, e.person_bonus, e.access, e.time_fit, e.time_miss,
            e.association, e.association_best, e.association_strong,
            e.association_named, e.association_named_best, e.association_theme, e.association_theme_best,
        ])
    return rows


def rerank(scored: list[list[Any]], score_at: int, evidence_at: int, main_at: int) -> None:
    """Re-score the first DEPTH candidates by the model (the caller sorts again).

    The model corrects the evidence score as a share of the best one; the corrected value only
    orders the first DEPTH among themselves (a LambdaMART model's values have no zero), so it
    is shown as a share of the best score again, the first keeping it: best * e^(value - top
    value). What is below the first DEPTH is scaled down, in its own order, to stay below."""
    if not scored or scored[0][score_at] <= 0:
        return
    model = _model()
    rows = features(scored, score_at, evidence_at, main_at)
    values = [row[0] + model.predict(row) for row in rows]
    best, top = scored[0][score_at], max(values)
    for item, value in zip(scored, values):
        item[score_at] = best * math.exp(value - top)
    rest = scored[len(rows):]  # still sorted, best first
    lowest = min(item[score_at] for item in scored[: len(rows)])
    if rest and rest[0][score_at] >= lowest:
        scale = lowest / rest[0][score_at] * (1 - 1e-6)
        for item in rest:
            item[score_at] *= scale


Tree = tuple[Sequence[int], Sequence[float], Sequence[int], Sequence[int], Sequence[float]]


class Trees:
    """A sum of regression trees. Each tree is four sequences over its splits (feature,
    threshold, left child, right child; a child below zero is leaf ~child) and one over its
    leaves; a tree of one leaf has no splits."""

    def __init__(self, features: Sequence[str], trees: Sequence[Tree]) -> None:
        if tuple(features) != FEATURES:
            raise ValueError("reranker_model.py: its features are not the ranking's")
        self.trees = trees

    def predict(self, row: list[float]) -> float:
        total = 0.0
        for feature, threshold, left, right, leaf in self.trees:
            node = 0 if feature else -1
            while node >= 0:
                node = left[node] if row[feature[node]] <= threshold[node] else right[node]
            total += leaf[~node]
        return total


@lru_cache(maxsize=1)
def _model() -> Trees:
    from wor_cli.matching import reranker_model  # generated data, read at the first search

    return Trees(reranker_model.FEATURES, reranker_model.TREES)
