"""Associations (wor_cli/matching/associations.py): the shipped table, how a question's stems are
weighed against a candidate's, and how the training tool counts them without a set's own help."""

from __future__ import annotations

import math

import pytest

from wor_cli import catalogue
from wor_cli.matching import associations, associations_model, ranking, reranker
from wor_cli.matching.candidates import fields_of, rows_of
from wor_cli.matching.query import Query
from tests.ranking import ROOT


def test_strengths_are_per_question_stem_its_strongest_partner_in_the_activity():
    rows = [{"koffie": 2.0, "samen": 0.5}, {"schuld": 1.5}, {}]
    mean, best, strong = associations.strengths(rows, frozenset({"koffie", "samen", "wandel"}))
    assert (mean, best, strong) == (pytest.approx(2.0 / 3), 2.0, pytest.approx(1 / 3))
    assert associations.strengths(rows, frozenset({"schuld"})) == (0.5, 1.5, pytest.approx(1 / 3))
    assert associations.strengths(rows, frozenset()) == (0.0, 0.0, 0.0)
    assert associations.strengths([], frozenset({"koffie"})) == (0.0, 0.0, 0.0)


def test_a_row_of_the_table_is_read_only_when_asked_for():
    table = associations.Table({"weduwnar": "koffie 1.25 verlies 0.5"})
    assert table.row("weduwnar") == {"koffie": 1.25, "verlies": 0.5}
    assert table.row("onbekend") == {}


def test_the_shipped_table_holds_positive_strengths_strongest_first():
    rows = associations_model.ROWS
    assert len(rows) >= 200
    for stem, row in rows.items():
        parts = row.split()
        assert stem and len(parts) % 2 == 0 and parts
        values = [float(v) for v in parts[1::2]]
        assert all(v > 0 and math.isfinite(v) for v in values)
        assert values == sorted(values, reverse=True)
        assert all(len(w) > 2 and not w.isdigit() for w in (stem, *parts[::2]))  # content stems


def test_a_question_is_weighed_by_its_content_words_only(tmp_path, monkeypatch):
    monkeypatch.setenv("WOR_CACHE_DIR", str(tmp_path))
    index = catalogue.open_index(ROOT / "catalogue")
    stems = associations.question_stems(index, "Weduwnaar 81, heeft het al 2 jaar moeilijk")
    assert index.stem("weduwnaar") in stems
    assert not {"81", "2", "het", "al"} & stems and index.stem("heeft") not in stems


def test_the_search_gives_the_reranker_the_associations_of_its_first_candidates(tmp_path, monkeypatch):
    monkeypatch.setenv("WOR_CACHE_DIR", str(tmp_path))
    index = catalogue.open_index(ROOT / "catalogue")
    row = f"{index.stem('koffie')} 2.5 {associations.THEME}natuur 1.5 {associations.THEME}ontmoeten 0.5"
    monkeypatch.setattr(associations, "table", lambda: associations.Table({index.stem("wandelen"): row}))
    caught = []
    monkeypatch.setattr(reranker, "rerank", lambda scored, *_: caught.append(scored))
    ranking.search(index, Query(text="wandelen", limit=5))
    top = caught[0][: reranker.DEPTH]
    found = {row[0]: (associations.activity_stems(fields_of(row)), row[2]) for row in rows_of(index, [item[3] for item in top])}
    for item in top:
        evidence = item[ranking.EVIDENCE]
        words, themes = found[item[3]]
        has_coffee = index.stem("koffie") in words
        assert evidence.association_best == (2.5 if has_coffee else 0.0)
        assert evidence.association_strong == (1.0 if has_coffee else 0.0)
        themed = 1.5 if "|natuur|" in themes else 0.5 if "|ontmoeten|" in themes else 0.0
        assert evidence.association_theme_best == themed == evidence.association_theme  # one question stem
    assert any(item[ranking.EVIDENCE].association_best for item in top)
    assert any(item[ranking.EVIDENCE].association_theme_best == 1.5 for item in top)


def test_an_activitys_themes_are_words_of_their_own_not_its_texts():
    marks = associations.theme_marks(["rouw", "praktische-hulp", ""])
    assert marks == {associations.THEME + "rouw", associations.THEME + "praktische-hulp"}
    rows = [{"koffie": 2.0, associations.THEME + "rouw": 1.2}]
    assert associations.strengths(rows, frozenset({"koffie"})) == (2.0, 2.0, 1.0)  # the theme not among the words
    assert associations.strengths(rows, marks) == (1.2, 1.2, 1.0)


def test_the_training_tool_reads_an_activity_as_the_search_does(tmp_path, monkeypatch):
    from tests.tools.train_reranker import _read

    monkeypatch.setenv("WOR_CACHE_DIR", str(tmp_path))
    index = catalogue.open_index(ROOT / "catalogue")
    for row in rows_of(index, [r for (r,) in index.conn.execute("SELECT rowid FROM activities LIMIT 20")]):
        text, named, themes = _read(row)
        fields = fields_of(row)
        assert text == associations.activity_stems(fields) and named == associations.activity_stems(fields, (0, 1))
        assert named <= text and themes == associations.theme_marks(row[2].strip("|").split("|")) and themes
        rows = [{next(iter(text)): 2.0, next(iter(themes)): 1.0}]
        weighed = associations.read(rows, text, named, themes)  # the text's, the name's, the themes'
        assert weighed[:2] == (2.0, 2.0) and weighed[5:] == (1.0, 1.0)
        assert weighed[3:5] == ((2.0, 2.0) if rows[0].keys() & named else (0.0, 0.0))


# --- the training tool's counting ------------------------------------------------------------

def _judged(questions):
    """A JudgedSet from (question stems, {id: (stems, grade or 0)}) pairs."""
    from tests.tools.train_reranker import JudgedSet

    found, stems, words = [], [], {}
    for question, activities in questions:
        ids = list(activities)
        relevant = {i: g for i, (_, g) in activities.items() if g}
        found.append((ids, [[0.0] * len(reranker.FEATURES) for _ in ids], relevant, ids))
        stems.append(frozenset(question))
        words.update((i, frozenset(w)) for i, (w, _) in activities.items())
    return JudgedSet(found, stems, words, {i: (w, frozenset(), frozenset()) for i, w in words.items()})


def _sets(count, pair_in=None):
    pair_in = range(count) if pair_in is None else pair_in
    return {
        f"s{n}": _judged([({"weduwnar"}, {f"a{n}": ({"koffie"} if n in pair_in else {"sport"}, 3),
                                          f"b{n}": ({"sport"}, 0), f"c{n}": ({"kaart"}, 0)})])
        for n in range(count)
    }


def test_a_pair_counts_only_when_it_was_seen_fitting_in_enough_catalogues():
    from tests.tools.train_reranker import Counts, Learned

    least = associations.MIN_CATALOGUES
    few = _sets(least + 2, pair_in=range(least - 1))
    assert Learned({n: Counts(s) for n, s in few.items()}, list(few)).strength("weduwnar", "koffie") == 0.0
    many = _sets(least + 2)
    learned = Learned({n: Counts(s) for n, s in many.items()}, list(many))
    assert learned.strength("weduwnar", "koffie") > associations.STRONG
    assert learned.strength("weduwnar", "sport") <= 0.0  # as often in the unjudged: no help
    assert "koffie" in learned.rows()["weduwnar"] and "sport" not in learned.rows()["weduwnar"]


def test_a_set_without_itself_reads_what_the_others_alone_say():
    from tests.tools.train_reranker import Counts, Learned

    sets = _sets(associations.MIN_CATALOGUES + 1)
    counts = {n: Counts(s) for n, s in sets.items()}
    everyone = Learned(counts, list(sets))
    for name in sets:
        others = Learned(counts, [n for n in sets if n != name])
        for word in ("koffie", "sport", "kaart"):
            assert everyone.strength("weduwnar", word, without=name) == pytest.approx(others.strength("weduwnar", word))
    # one set fewer leaves too few catalogues for the pair
    small = _sets(associations.MIN_CATALOGUES)
    learned = Learned({n: Counts(s) for n, s in small.items()}, list(small))
    assert learned.strength("weduwnar", "koffie") > 0 and learned.strength("weduwnar", "koffie", without="s0") == 0.0
