"""Associations: which words of an activity go with a coach's words, counted in judged questions.

The thesaurus links words that mean the same thing ("weduwnaar", "weduwe"). A judge also knows
what tends to help: a widower's question is well answered where people drink coffee together and
"verder gaan na een verlies", a question about money worries where someone "helps sort the post".
Over the judged sets in tests/data (catalogues of other towns, each written blind with a coach's
questions and graded activities), a stem of a question comes with some stems of the activities
judged to fit it (2 or 3) more often than with those of the candidates the search put near them
that were not judged. The table holds the log of how much likelier: e.g. "weduwnar" with
"koffie". A pair counts only when it was seen with fitting activities in at least
`MIN_CATALOGUES` different catalogues, so no one writer's words are learned, and only when it
makes the activity's word likelier.

This is evidence for the reranker (reranker.py), not a match and not a filter: per stem of the
question, its strongest association with a stem of a candidate's name, keywords or description.
The reranker reads their mean, the strongest, and the share of the question's stems with a
strong one. The same table is read once more on the candidate's name and
keywords alone (what the activity *is*, not what its description mentions in passing), and on
its themes, counted as words of their own ("@rouw"): every catalogue uses the format's fourteen,
whoever wrote it, so what they say does not depend on one writer's words. Each gives the mean
and the strongest, seven features in all (`Weighed`). The table (`associations_model.py`) is data, written with the reranker's trees by
`python -m tests.tools.train_reranker --write`. It holds stems of everyday Dutch and English,
nothing about a client.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from wor_cli import text

if TYPE_CHECKING:
    from wor_cli.catalogue.index import CatalogueIndex

MIN_CATALOGUES = 3  # a pair seen in fewer catalogues is one writer's habit, not the field's
STRONG = 1.0  # e^1: an activity's word 2.7 times likelier; counts in the share of strong stems
FIELDS = (0, 1, 3)  # name, keywords, description: what an activity is and does; not its themes or place
NAMED = (0, 1)  # name and keywords: what an activity is
THEME = "@"  # an activity's theme as a word of the table ("@rouw"); no stem starts so


def _content(stem: str) -> bool:
    return len(stem) > 2 and not stem.isdigit()


def question_stems(index: CatalogueIndex, question: str) -> frozenset[str]:
    """The stems of a question's content words (no stopwords, numbers or two-letter words)."""
    found = index.stems_for(text.content_words(question))
    return frozenset(stem for stem in found.values() if _content(stem))


def activity_stems(fields: list[set[str]], at: tuple[int, ...] = FIELDS) -> frozenset[str]:
    """An activity's stems in its name, keywords and description (or the fields `at`): its index
    text as scoring reads it (`candidates.fields_of`), so nothing is read from the index twice."""
    return frozenset(stem for field in at for stem in fields[field] if _content(stem))


def theme_marks(themes: list[str]) -> frozenset[str]:
    """An activity's themes (the format's ids) as the table's words for them."""
    return frozenset(THEME + theme for theme in themes if theme)


class Table:
    """Question stem -> {activity stem: strength}. Each stem's row is kept as one string
    ("koffie 1.23 ontmoet 0.9") and read only when a question has that stem, so loading the
    table costs no more than loading its strings."""

    def __init__(self, rows: dict[str, str]) -> None:
        self._rows = rows
        self._read: dict[str, dict[str, float]] = {}

    def row(self, stem: str) -> dict[str, float]:
        if stem not in self._read:
            parts = self._rows.get(stem, "").split()
            self._read[stem] = {parts[i]: float(parts[i + 1]) for i in range(0, len(parts), 2)}
        return self._read[stem]


def strengths(rows: list[dict[str, float]], activity: frozenset[str]) -> tuple[float, float, float]:
    """(mean, strongest, share strong) over the question's stems (`rows`: each one's table row)
    of its strongest association with a stem of the activity."""
    if not rows:
        return 0.0, 0.0, 0.0
    best = [max((row[s] for s in activity if s in row), default=0.0) if row else 0.0 for row in rows]
    return sum(best) / len(best), max(best), sum(1 for b in best if b > STRONG) / len(best)


@lru_cache(maxsize=1)
def table() -> Table:
    from wor_cli.matching import associations_model  # generated data, read at the first search

    return Table(associations_model.ROWS)


# The text's mean, strongest and share strong; the name's and keywords' mean and strongest; the themes'.
Weighed = tuple[float, float, float, float, float, float, float]
NOTHING: Weighed = (0.0,) * 7


def read(rows: list[dict[str, float]], text: frozenset[str], named: frozenset[str], themes: frozenset[str]) -> Weighed:
    """What the reranker reads of one candidate (its text's stems, its name's and keywords', its
    themes' marks) against the question's rows of the table."""
    return (*strengths(rows, text), *strengths(rows, named)[:2], *strengths(rows, themes)[:2])


def weigh(index: CatalogueIndex, question: str, candidates: list[tuple[list[set[str]], list[str]]]) -> list[Weighed]:
    """`read` for each candidate, given by its fields and its themes (nothing when the question
    has no content word)."""
    stems = question_stems(index, question)
    if not stems or not candidates:
        return [NOTHING] * len(candidates)
    learned = table()
    rows = [learned.row(stem) for stem in sorted(stems)]
    return [read(rows, activity_stems(fields), activity_stems(fields, NAMED), theme_marks(themes)) for fields, themes in candidates]
