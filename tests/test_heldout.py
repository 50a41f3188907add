"""The held-out judged sets (tests/heldout/README.md) stay measurable: each has a catalogue wor
loads, questions whose judged activities exist in it, and is not among the sets the floors test
(whose questions are seen). Nothing here prints or asserts on what the questions say."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ranking import SETS, judged_queries

HELD_OUT = Path(__file__).parent / "heldout"
FOLDERS = sorted(p for p in HELD_OUT.iterdir() if p.is_dir()) if HELD_OUT.is_dir() else []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_a_held_out_set_is_well_formed_and_not_among_the_seen_sets(folder):
    from wor_cli.catalogue import open_index

    assert folder.name not in SETS and all(catalogue.parent != folder for catalogue, _ in SETS.values())
    index = open_index(folder / "catalogue")
    known = {row[0] for row in index.conn.execute("SELECT id FROM activities")}
    questions = judged_queries(folder / "queries.yaml")
    assert len(questions) >= 30
    assert all(set(q["relevant"]) <= known and q["relevant"] for q in questions)
    assert (folder / "postcodes.csv").is_file()
