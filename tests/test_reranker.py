"""The reranker (wor_cli/matching/reranker.py): its trees evaluated as LightGBM writes them, the
model it ships, and what re-ordering keeps (what is below the first DEPTH stays below)."""

from __future__ import annotations

import math

import pytest

from wor_cli.matching import reranker, reranker_model
from wor_cli.matching.reranker import DEPTH, FEATURES, Evidence, Trees

ZEROS = [0.0] * len(FEATURES)


def row(**values: float) -> list[float]:
    out = list(ZEROS)
    for name, value in values.items():
        out[FEATURES.index(name)] = value
    return out


def test_the_trees_add_up_the_leaf_each_row_reaches():
    # tree 1: score <= 0.5 ? (position <= 0.2 ? -1 : 2) : 3; tree 2: one leaf, 0.25
    score, position = FEATURES.index("score"), FEATURES.index("position")
    trees = Trees(FEATURES, [((score, position), (0.5, 0.2), (1, ~0), (~2, ~1), (-1.0, 2.0, 3.0)),
                             ((), (), (), (), (0.25,))])
    assert trees.predict(row(score=0.4, position=0.1)) == -0.75
    assert trees.predict(row(score=0.4, position=0.2)) == -0.75  # a split is "<="
    assert trees.predict(row(score=0.4, position=0.3)) == 2.25
    assert trees.predict(row(score=0.9)) == 3.25


def test_trees_for_other_features_are_refused():
    with pytest.raises(ValueError):
        Trees(("score", "position"), [])


def test_the_shipped_model_reads_the_rankings_features_and_every_tree_is_whole():
    assert tuple(reranker_model.FEATURES) == FEATURES
    assert len(reranker_model.TREES) >= 50
    for feature, threshold, left, right, leaf in reranker_model.TREES:
        assert len(feature) == len(threshold) == len(left) == len(right) == len(leaf) - 1
        assert all(0 <= f < len(FEATURES) for f in feature)
        children = [c for c in (*left, *right)]
        # every split but the first is someone's child, every leaf exactly once
        assert sorted(c for c in children if c >= 0) == list(range(1, len(feature)))
        assert sorted(~c for c in children if c < 0) == list(range(len(leaf))) or len(leaf) == 1
        assert all(math.isfinite(v) for v in (*threshold, *leaf))


def _scored(scores: list[float]) -> list[list]:
    """Candidates as ranking builds them: score first, themes at 8, evidence at 12."""
    items = []
    for number, score in enumerate(scores):
        evidence = Evidence(total_weight=1.0, concept_count=1, theme_count=1, words=score / 3, covered=1.0,
                            covered_weight=1.0, direct=1.0, in_name=1.0 if number % 2 else 0.0,
                            before_feedback=score)
        items.append([score, 0.0, f"activiteit {number}", number, None, [set()] * 5, [0], (None, None, None, []),
                      ["ontmoeten" if number % 3 else "bewegen"], None, [], None, evidence])
    return items


def test_what_is_below_the_first_depth_stays_below_in_its_own_order_and_scores_stay_positive():
    scored = _scored([10.0 - 0.1 * n for n in range(DEPTH + 15)])
    rest = [item[3] for item in scored[DEPTH:]]
    reranker.rerank(scored, 0, 12, 8)
    scored.sort(key=lambda s: -s[0])
    assert [item[3] for item in scored[DEPTH:]] == rest
    assert {item[3] for item in scored[:DEPTH]} == set(range(DEPTH))
    assert all(item[0] > 0 for item in scored)
    assert max(item[0] for item in scored) == pytest.approx(10.0)  # the first keeps the best score


def test_the_features_are_shares_of_the_question_and_the_first_candidates_only():
    scored = _scored([4.0, 2.0, 1.0] + [0.5] * (DEPTH + 5))
    rows = reranker.features(scored, 0, 12, 8)
    assert len(rows) == DEPTH and all(len(r) == len(FEATURES) for r in rows)
    first = dict(zip(FEATURES, rows[0]))
    assert first["score"] == 1.0 and first["position"] == 0.5 and first["feedback"] == 0.0
    assert dict(zip(FEATURES, rows[1]))["score"] == 0.5


def test_the_training_tool_reads_the_evidence_order_and_puts_the_reranker_back():
    from tests.tools import train_reranker

    rerank = reranker.rerank
    judged = train_reranker.gather(["bundled"])["bundled"]
    assert reranker.rerank is rerank
    assert len(judged.questions) >= 30 and len(judged.stems) == len(judged.questions)
    # the stems of every candidate and every judged activity, to count associations from
    assert {i for ids, _, relevant, _ in judged.questions for i in (*ids, *relevant)} <= set(judged.words)
    for ids, rows, relevant, shown in judged.questions:
        # what the search showed while the reranker was caught is the evidence order it read
        assert shown[: len(ids)] == ids and len(rows) == len(ids) <= DEPTH
        assert all(row[FEATURES.index("score")] <= 1.0 for row in rows)


def test_evidence_counts_a_concept_by_its_share_and_where_it_matched():
    evidence = Evidence(total_weight=2.0, concept_count=2, theme_count=2)
    evidence.matched(1.5, 1.0, 0.5, direct=True, field=0)  # in the name
    evidence.matched(0.5, 0.27, 0.0, direct=False, field=3)  # a neighbour in the description
    assert evidence.covered == 1.0 and evidence.covered_weight == 1.0
    assert evidence.in_name == 0.75 and evidence.in_text == 0.25
    assert evidence.direct == 0.75 and evidence.related == 0.25
    evidence.matched(1.0, 0.45, 0.0, direct=True, field=None)  # a place: where, not what
    assert evidence.in_name + evidence.in_keywords + evidence.in_text == 1.0


def test_the_training_tool_writes_the_trees_lightgbm_dumps(tmp_path):
    from tests.tools import train_reranker

    class Dumped:  # the shape of lightgbm.Booster.dump_model() for one tree
        def dump_model(self):
            split = {"split_feature": 0, "threshold": 0.5, "decision_type": "<=",
                     "left_child": {"leaf_value": -1.0},
                     "right_child": {"split_feature": 3, "threshold": 0.2, "decision_type": "<=",
                                     "left_child": {"leaf_value": 0.5}, "right_child": {"leaf_value": 2.0}}}
            return {"tree_info": [{"tree_structure": split}, {"tree_structure": {"leaf_value": 0.25}}]}

    trees = train_reranker.as_data(Dumped())
    model = Trees(FEATURES, trees)
    assert model.predict(row(score=0.4)) == -0.75
    assert model.predict(row(score=0.6, position=0.1)) == 0.75
    assert model.predict(row(score=0.6, position=0.3)) == 2.25
    source = train_reranker.as_module(trees, sets=2, questions=10)
    namespace: dict = {}
    exec(compile(source, "reranker_model.py", "exec"), namespace)
    assert namespace["FEATURES"] == FEATURES
    assert Trees(namespace["FEATURES"], namespace["TREES"]).predict(row(score=0.6, position=0.3)) == 2.25
