"""Feedback: what the best matches say about the rest, learned in this catalogue at search time.

- The themes of a word's own best bm25 matches say what the word is about here
  (`learned_themes`): where "koffie" is mostly found in meeting places, a coffee question also
  reaches the meeting places whose text never says koffie.
- Pseudo-relevance feedback (`theme_feedback`): the themes the best three results share lift
  every candidate in them a little.
- Word-level feedback (`word_feedback`), for words that reach few activities: candidates that
  share the best ones' name and keyword words come before those that only share a theme.

`other_theme`
(an activity's second or later theme counts this share of its main one) comes from the
caller, where it is also used, so that one constant is tuned in one place.
"""

from __future__ import annotations

from typing import Any

from wor_cli import text

# Places in a scored candidate (ranking builds it): its score, name, index words per field
# (name, keywords, themes, description, place), themes, and what the feedback found for `why`.
SCORE, NAME, FIELDS, THEMES, SHARED_THEME, LIKE = 0, 2, 5, 8, 9, 11
FEEDBACK_TOP = 3  # pseudo-relevance feedback: the best this many results vote for themes
FEEDBACK_WEIGHT = 0.3  # at most this much for a candidate in the themes they agree on
FEEDBACK_SHOWN = 0.5  # a theme at least half the best results share is named in `why`
LEARNED_TOP = 20  # a word's own best matches in this catalogue say which themes it is about
LEARNED_WEIGHT = 0.2  # at most this much per concept for an activity in such a theme
LEARNED_SHOWN = 0.7  # a concept weighing less (everyday Dutch) does not name its learned theme in `why`
# Word-level feedback: only when the words themselves reach at most this many activities.
WORD_FEEDBACK_FEW = 5
WORD_FEEDBACK_WEIGHT = 0.3  # at most this much for sharing the best results' name and keyword words
WORD_FEEDBACK_REACH = 3.0  # sharing a third of their words earns all of it
WORD_FEEDBACK_COMMON = 0.35  # a word in more of the candidates than this says nothing here


def learned_themes(rows: list[tuple], closeness: list[dict[int, float]],
                   other_theme: float) -> list[dict[str, float]]:
    """Per concept, the themes of its own best matches in this catalogue (by bm25, main theme 1,
    others 0.6), as shares. Learned from the catalogue at search time, not from a vocabulary:
    where "koffie" is mostly found in activities of the theme ontmoeten, a coffee question
    also reaches the meeting places whose text never says koffie."""
    themes_of = {row[0]: row[2].strip("|").split("|") for row, _, _, _ in rows}
    learned = []
    for near in closeness:
        votes: dict[str, float] = {}
        best = sorted(((v, r) for r, v in near.items() if r in themes_of), reverse=True)[:LEARNED_TOP]
        total = sum(v for v, _ in best)
        for value, rowid in best:
            for place, theme in enumerate(themes_of[rowid]):
                votes[theme] = votes.get(theme, 0.0) + value * (1.0 if place == 0 else other_theme)
        learned.append({theme: vote / total for theme, vote in votes.items()} if total else {})
    return learned


def theme_feedback(scored: list[list[Any]], other_theme: float) -> None:
    """Pseudo-relevance feedback: the themes of the best few results, weighted by their
    scores, are what the words are most likely about; every candidate in those themes gains
    a little. A classic method that needs no vocabulary: a question whose words reach one
    good activity pulls in its neighbours."""
    top = [s for s in scored[:FEEDBACK_TOP] if s[SCORE] > 0]
    if not top:
        return
    votes: dict[str, float] = {}
    for item in top:
        share = item[SCORE] / top[0][SCORE]
        for place, theme in enumerate(item[THEMES]):
            votes[theme] = votes.get(theme, 0.0) + share * (1.0 if place == 0 else other_theme)
    total = sum(item[SCORE] / top[0][SCORE] for item in top)
    for item in scored:
        gain, theme = max((votes.get(theme, 0.0) * (1.0 if place == 0 else other_theme), theme)
                          for place, theme in enumerate(item[THEMES]))
        item[SCORE] += FEEDBACK_WEIGHT * gain / total
        if gain / total >= FEEDBACK_SHOWN:
            item[SHARED_THEME] = theme  # shown in `why` as the theme it shares with the best matches


def word_feedback(scored: list[list[Any]]) -> None:
    """Word-level pseudo-relevance feedback, for a question whose own words reach few
    activities ("voedselbank", "zorgboerderij"): the words in the names and keywords of the
    best three, weighted by their scores, say what the others should be about, so the
    activities that share them come before those that only share a theme. Words found in
    many candidates ("inloop", "groep") do not count: they say nothing about this question."""
    top = [s for s in scored[:FEEDBACK_TOP] if s[SCORE] > 0]
    if not top:
        return
    seen_in: dict[str, int] = {}
    for item in scored:
        for word in item[FIELDS][0] | item[FIELDS][1]:
            seen_in[word] = seen_in.get(word, 0) + 1
    common = max(2.0, WORD_FEEDBACK_COMMON * len(scored))
    votes: list[dict[str, float]] = []
    for item in top:
        share = item[SCORE] / top[0][SCORE]
        # Not its place ("Voedselbank Zwolle", in Zwolle): where it is, not what it is.
        votes.append({word: share for word in (item[FIELDS][0] | item[FIELDS][1]) - item[FIELDS][4]
                      if len(word) >= 4 and not word.isdigit() and word not in text.STOPWORDS
                      and seen_in[word] <= common})
    total = sum(sum(v.values()) for v in votes)
    if not total:
        return
    for item in scored[len(top):]:
        words = item[FIELDS][0] | item[FIELDS][1]
        shared = [sum(v for w, v in vote.items() if w in words) for vote in votes]
        gain = min(1.0, WORD_FEEDBACK_REACH * sum(shared) / total)
        item[SCORE] += WORD_FEEDBACK_WEIGHT * gain
        if gain >= FEEDBACK_SHOWN:
            item[LIKE] = top[shared.index(max(shared))][NAME]  # `why`: like that one
