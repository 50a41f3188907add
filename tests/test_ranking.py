"""Ranking quality on the judged coach queries (tests/data/judged_queries.yaml).

The queries were written and judged by reading the bundled catalogue, before
and apart from the search code. nDCG@5 is reported and held above a floor, so
a change that makes the first screen worse fails here.
"""

from __future__ import annotations

import json

from tests.helpers import CATALOGUE, invoke
from tests.ranking import judged_queries, match_args, ndcg

FLOOR = 0.78  # measured 0.82 when the search was built; see docs/matching.md


def test_judged_queries_reach_the_ndcg_floor(capsys):
    queries = judged_queries()
    assert len(queries) >= 30
    scores = []
    for judged in queries:
        result = invoke("match", *match_args(judged), "--limit", "5", "--json", "--catalogue", CATALOGUE)
        assert result.exit_code == 0, (judged["query"], result.stderr)
        found = [r["id"] for r in json.loads(result.stdout)]
        scores.append(ndcg(found, judged["relevant"]))
    mean = sum(scores) / len(scores)
    with capsys.disabled():
        print(f"\nnDCG@5 on {len(scores)} judged queries: {mean:.3f}")
    assert mean >= FLOOR
    # No query may fail outright: each finds at least one of its judged activities in the top 5.
    assert min(scores) > 0, [q["query"] for q, s in zip(queries, scores) if s == 0]
