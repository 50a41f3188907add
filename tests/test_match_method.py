"""Reading a coach's words (issue 11, fourth round): changes of method, not of vocabulary.

Only the bundled catalogue is used here: the judged sets measure, they are not examples to
test against.
"""

from __future__ import annotations

from tests.test_matching_understanding import concepts, index  # noqa: F401  (a fixture)


def test_light_verbs_and_particles_are_not_searched(index):  # noqa: F811
    words = [c.word for c in concepts(index, "zoekt koffie, net met pensioen, hangt rond")]
    assert "koffie" in words and "met pensioen" in words
    assert not {"zoekt", "net", "hangt", "rond"} & set(words)


def test_a_light_verb_inside_a_thesaurus_phrase_still_makes_the_phrase(index):  # noqa: F811
    assert any(" " in c.word for c in concepts(index, "loopt op zijn tandvlees"))


def test_the_words_of_the_wish_weigh_more_than_the_situation(index):  # noqa: F811
    weight = {c.word: c.weight for c in concepts(index, "weduwe, eenzaam, wil graag wandelen. Woont in Lelystad")}
    assert weight["wandelen"] > weight["eenzaam"]
    # After "maar" the clause turns: what follows is not what she wants.
    weight = {c.word: c.weight for c in concepts(index, "wil graag wandelen maar geen sportclub")}
    assert weight["wandelen"] > weight["sportclub"]
    # A question that is all wish is weighed as before.
    assert {c.weight for c in concepts(index, "wil graag wandelen")} == {1.0}
