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
