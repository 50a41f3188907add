"""Candidates: the few hundred activities a search scores, from small bounded SQL queries.

Each query has a LIMIT and the strict filters in its WHERE clause: the best bm25 matches of a
concept (a very common word only where it names what an activity is), activities in the
themes the words point to, in the client's languages, on the days named, or, with no words,
any that pass the filters (nearest first near a place). So a broad search of common words on
100,000 activities reads a few hundred rows, not the catalogue.
"""

from __future__ import annotations

from typing import Any

from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.matching.filters import NO_FILTERS, filter_sql
from wor_cli.matching.query import AT_HOME, Query

BM25_WEIGHTS = "10.0, 6.0, 3.0, 1.0, 0.5"  # name, keywords, themes, description, place: picks candidates
PER_KIND = 100  # candidates per kind of evidence: enough for any first screen
PHRASE_SPAN = 3  # words of a thesaurus phrase may be this far apart ("overleden kind")
# An activity that comes to the person (AT_HOME): no place, not online. The same in SQL and
# for a row of `rows_of`.
AT_HOME_SQL = "a.online = 0 AND a.pc4 IS NULL AND a.lat IS NULL"


def comes_home(online: int, lat: float | None, pc4: str | None) -> bool:
    return not online and lat is None and pc4 is None


def fts_token(stem: str) -> str:
    """One stem as an FTS5 token: a prefix from four letters on ("wandel" finds "wandelgroep")."""
    return f'"{stem}"' + ("*" if len(stem) >= 4 else "")


def fts_expression(terms: list[str]) -> str:
    """Terms OR-ed; a phrase of several stems matches them close together, in any order."""
    parts = []
    for term in terms:
        words = term.split()
        if not words or not all(w.isalnum() for w in words):
            continue
        if len(words) == 1:
            parts.append(fts_token(words[0]))
        else:
            parts.append(f"NEAR({' '.join(fts_token(w) for w in words)}, {PHRASE_SPAN})")
    return " OR ".join(parts)


class Candidates:
    """Collects rowids from bounded queries, each with the filters applied in SQL."""

    def __init__(self, index: CatalogueIndex, query: Query) -> None:
        self.index = index
        self.query = query
        self.where, self.params = filter_sql(query)
        self.rowids: dict[int, None] = {}
        self.bm25: dict[int, float] = {}  # of the last `matching` call, best = highest
        self.order = nearest_first(query)

    def matching(self, expression: str, common: bool = False) -> None:
        """The best matches of `expression` by bm25. A `common` word (in thousands of
        activities) is taken only where it names what an activity is, and without ranking:
        bm25 over every activity that mentions it would read the whole catalogue."""
        self.bm25 = {}
        if not expression:
            return
        if common:
            match = f"{{name keywords}} : ({expression})"
            if self.where == NO_FILTERS:
                sql, params = f"SELECT rowid FROM fts WHERE fts MATCH ? LIMIT {PER_KIND}", [match]
            else:
                sql = (f"SELECT fts.rowid FROM fts JOIN activities a ON a.rowid = fts.rowid "
                       f"WHERE fts MATCH ? AND {self.where} LIMIT {PER_KIND}")
                params = [match, *self.params]
            self._add(sql, params)
            return
        if self.where == NO_FILTERS:
            sql = (f"SELECT rowid, bm25(fts, {BM25_WEIGHTS}) AS s FROM fts WHERE fts MATCH ? "
                   f"ORDER BY s LIMIT {PER_KIND}")
            params = [expression]
        else:
            sql = (f"SELECT fts.rowid, bm25(fts, {BM25_WEIGHTS}) AS s FROM fts JOIN activities a "
                   f"ON a.rowid = fts.rowid WHERE fts MATCH ? AND {self.where} ORDER BY s LIMIT {PER_KIND}")
            params = [expression, *self.params]
        for rowid, score in self.index.conn.execute(sql, params):
            self.rowids[rowid] = None
            self.bm25[rowid] = -score

    def in_themes(self, themes: set[str]) -> None:
        self._listing("themes", sorted(themes))

    def in_languages(self, languages: list[str]) -> None:
        self._listing("langs", languages)

    def offering(self, access: set[str]) -> None:
        """Activities that offer what the person needs (a hearing loop, help for low vision),
        or that come to them (AT_HOME: no place and not online)."""
        listed = sorted(access - {AT_HOME})
        if listed:
            self._listing("access", listed)
        if AT_HOME in access:
            self._add(f"SELECT a.rowid FROM activities a WHERE {self.where} AND {AT_HOME_SQL} LIMIT {PER_KIND}",
                      self.params)

    def _listing(self, column: str, values: list[str]) -> None:
        """Activities whose `column` (a |bar|separated| list) holds any of `values`."""
        clause = " OR ".join(f"a.{column} LIKE ?" for _ in values)
        self._add(
            f"SELECT a.rowid FROM activities a WHERE {self.where} AND ({clause}) {self.order} LIMIT {PER_KIND}",
            [*self.params, *(f"%|{value}|%" for value in values)],
        )

    def on_days(self, mask: int) -> None:
        self._add(f"SELECT a.rowid FROM activities a WHERE {self.where} AND (a.days & ?) != 0 {self.order} "
                  f"LIMIT {PER_KIND}", [*self.params, mask])

    def any(self, limit: int) -> None:
        """Any that pass the filters, nearest first near a place: a search without words."""
        self._add(f"SELECT a.rowid FROM activities a WHERE {self.where} {self.order} LIMIT {max(PER_KIND, limit)}",
                  self.params)

    def _add(self, sql: str, params: list[Any]) -> None:
        for (rowid,) in self.index.conn.execute(sql, params):
            self.rowids[rowid] = None


def nearest_first(query: Query) -> str:
    """ORDER BY for candidates found without words: nearest first when searching near a place."""
    if query.near is None:
        return ""  # any order: reading stops after LIMIT rows
    lat, lon = query.near
    return f"ORDER BY a.online, ((a.lat - {lat!r}) * (a.lat - {lat!r}) + 0.37 * (a.lon - {lon!r}) * (a.lon - {lon!r}))"


def fields_of(row: tuple) -> list[set[str]]:
    """A row of `rows_of` as scoring reads its index text: the stems of name, keywords, themes,
    description and place, a set each."""
    return [set(column.split()) for column in row[10:15]]


def rows_of(index: CatalogueIndex, rowids: list[int]) -> list[tuple]:
    """Filter columns and the index text of candidates: what scoring needs, no JSON. Each row:
    rowid, name, themes, online, min_age, max_age, lat, lon, pc4, langs, the five texts of
    `fts` (name, keywords, themes, description, place), access."""
    found: list[tuple] = []
    for start in range(0, len(rowids), 900):  # stay under SQLite's parameter limit
        chunk = rowids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        texts = {
            r[0]: r[1:] for r in index.conn.execute(
                f"SELECT rowid, name, keywords, themes, description, place FROM fts WHERE rowid IN ({marks})", chunk
            )
        }
        for row in index.conn.execute(
            f"SELECT rowid, name, themes, online, min_age, max_age, lat, lon, pc4, langs, access FROM activities "
            f"WHERE rowid IN ({marks})", chunk
        ):
            # The texts at 10-14, as scoring reads them; what the activity offers last.
            found.append((*row[:10], *texts.get(row[0], ("", "", "", "", "")), row[10]))
    return found
