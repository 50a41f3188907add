"""The catalogue index: an SQLite FTS5 cache of one catalogue folder.

It lives in the user cache dir (one file per catalogue folder), never in the
referrals database: the catalogue is shared, the referrals are private. Each
search first compares the folder with what the index holds (a directory scan:
name, size and modification time per file) and re-reads only the files that
changed, so an unchanged 20,000-activity catalogue is never parsed again.
A first build parses files in parallel on every core.

Findings that depend on the day (an entry not verified for a year) are worked
out when asked, not when the file was read, so they stay right while the
file sits unchanged.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from wor_cli import clock
from wor_cli.catalogue.dutch_words import dutch_words
from wor_cli.catalogue.index_file import connect, index_path
from wor_cli.catalogue.loader import FileStamp, analyse_file, scan

STALE_AFTER = timedelta(days=365)
PARALLEL_FROM_BYTES = 2_000_000  # below this, starting worker processes costs more than it saves
STALE_COUNTS_SHARE = 0.05  # re-read more than this share of the catalogue: count words afresh
PROGRESS_FROM_BYTES = 5_000_000  # a build this big takes seconds: worth a progress bar


class Progress(Protocol):
    """What the index tells while it reads many files (the terminal layer draws it)."""

    def start(self, files: int) -> None: ...

    def advance(self) -> None: ...

    def stop(self) -> None: ...



def _once(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each finding once: an entry used twice through an alias is one place with one problem."""
    seen: set[str] = set()
    kept = []
    for finding in findings:
        key = json.dumps(finding, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            kept.append(finding)
    return kept


class CatalogueIndex:
    def __init__(self, root: Path, conn: sqlite3.Connection) -> None:
        self.root = root
        self.conn = conn
        self._thesaurus: dict[str, Any] | None = None
        self._stems: dict[str, str] = {}

    # --- reading ------------------------------------------------------------------

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM activities").fetchone()[0]

    def get(self, activity_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT d.data FROM activities a JOIN details d ON d.rowid = a.rowid WHERE a.id = ? LIMIT 1", (activity_id,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def details(self, rowids: list[int]) -> dict[int, dict[str, Any]]:
        """The activities with these rowids, decoded (only call this for what is shown)."""
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(rowids), 900):  # stay under SQLite's parameter limit
            chunk = rowids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            for rowid, data in self.conn.execute(f"SELECT rowid, data FROM details WHERE rowid IN ({marks})", chunk):
                found[rowid] = json.loads(data)
        return found

    def errors(self) -> list[dict[str, Any]]:
        """Every error: per file, and ids used twice anywhere."""
        found = []
        for path, errors in self.conn.execute("SELECT path, errors FROM files ORDER BY path"):
            for line, key, params in json.loads(errors):
                found.append({"file": path, "line": line, "key": key, "params": params})
        duplicates = self.conn.execute(
            "SELECT id, file, line FROM activities WHERE id IN "
            "(SELECT id FROM activities GROUP BY id HAVING count(*) > 1) ORDER BY id, file, line"
        ).fetchall()
        places: dict[str, list[tuple[str, int]]] = {}
        for activity_id, path, line in duplicates:
            places.setdefault(activity_id, []).append((path, line))
        for activity_id, where in places.items():
            for at, (path, line) in enumerate(where):
                # By place in the list, not by value: an entry used twice through an alias
                # ("- *activiteit") is at the same line both times, and is named so.
                others = ", ".join(f"{p}:{n}" for number, (p, n) in enumerate(where) if number != at)
                found.append({"file": path, "line": line, "key": "catalogue.duplicate_id",
                              "params": {"id": activity_id, "others": others}})
        return sorted(_once(found), key=lambda f: (f["file"], f["line"] or 0))

    def warnings(self, today: date | None = None) -> list[dict[str, Any]]:
        today = today or clock.today()
        found = []
        for activity_id, path, line, verified, vline in self.conn.execute(
            "SELECT id, file, line, verified, vline FROM activities ORDER BY file, line"
        ):
            if verified is None:
                found.append({"file": path, "line": line, "key": "catalogue.unverified", "params": {"id": activity_id}})
                continue
            day = date.fromisoformat(verified)
            if day > today:
                found.append({"file": path, "line": vline, "key": "catalogue.future_verified",
                              "params": {"id": activity_id, "date": verified}})
            elif today - day > STALE_AFTER:
                found.append({"file": path, "line": vline, "key": "catalogue.stale",
                              "params": {"id": activity_id, "date": verified}})
        return _once(found)

    def stems_of(self, words: Iterable[str]) -> dict[str, str]:
        """Stems of catalogue words, from the index (no stemmer needed)."""
        words = list(words)
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        return dict(self.conn.execute(f"SELECT word, stem FROM words WHERE word IN ({marks})", words))

    def words_like(self, length_low: int, length_high: int) -> list[str]:
        return [
            w for (w,) in self.conn.execute(
                "SELECT word FROM words WHERE length(word) BETWEEN ? AND ?", (length_low, length_high)
            )
        ]

    def words_of_stems(self, stems: Iterable[str]) -> dict[str, str]:
        """For each stem the catalogue has, its shortest word ("geit" for "geit", "geiten"): a
        stem as a coach can read it."""
        stems = list(set(stems))
        if not stems:
            return {}
        marks = ",".join("?" * len(stems))
        found: dict[str, str] = {}
        for word, stem in self.conn.execute(
                f"SELECT word, stem FROM words WHERE stem IN ({marks}) ORDER BY length(word), word", stems):
            found.setdefault(stem, word)
        return found

    def stem_in_index(self, stem: str) -> bool:
        return self.conn.execute("SELECT 1 FROM words WHERE stem = ? LIMIT 1", (stem,)).fetchone() is not None

    def stem(self, word: str) -> str:
        """The stem of a folded word, as `text.stem` gives it; looked up in the index when it has
        seen the word before, so a search does not import the stemmer (60 ms) for words it knows."""
        if word not in self._stems:
            self.stems_for([word])
        return self._stems[word]

    def stems_for(self, words: Iterable[str]) -> dict[str, str]:
        from wor_cli import text

        words = list(words)
        missing = [w for w in set(words) if w not in self._stems]
        if missing:
            marks = ",".join("?" * len(missing))
            for table in ("words", "stem_cache"):
                self._stems.update(self.conn.execute(
                    f"SELECT word, stem FROM {table} WHERE word IN ({marks})", missing
                ).fetchall())
            new = [(w, text.stem(w)) for w in missing if w not in self._stems]
            self._stems.update(new)
            if new:
                try:
                    self.conn.executemany("INSERT OR IGNORE INTO stem_cache (word, stem) VALUES (?, ?)", new)
                except sqlite3.OperationalError:
                    pass  # locked by another process: stemming again next time costs only time
        return {w: self._stems[w] for w in words}

    def count_matching(self, expression: str) -> int:
        """How many activities match an FTS expression; remembered until the catalogue changes,
        because counting a word that is in every activity reads its whole posting list."""
        row = self.conn.execute("SELECT docs FROM counts WHERE expression = ?", (expression,)).fetchone()
        if row:
            return row[0]
        docs = self.conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expression,)).fetchone()[0]
        try:
            self.conn.execute("INSERT OR REPLACE INTO counts (expression, docs) VALUES (?, ?)", (expression, docs))
        except sqlite3.OperationalError:
            pass  # another process holds the lock: counting again next time costs only time
        return docs

    def known_words(self, words: Iterable[str]) -> set[str]:
        """Which of `words` occur in the catalogue, as a word or as the stem of one."""
        words = list(set(words))
        if not words:
            return set()
        marks = ",".join("?" * len(words))
        found = {w for (w,) in self.conn.execute(f"SELECT word FROM words WHERE word IN ({marks})", words)}
        found |= {s for (s,) in self.conn.execute(f"SELECT DISTINCT stem FROM words WHERE stem IN ({marks})", words)}
        return found

    def frequency(self, word: str) -> float | None:
        """How common `word` is in Dutch (Zipf scale: 3 is once per million words; 0 unknown),
        or None when no Dutch word list is installed. The list (wordfreq's) is copied into the
        index the first time it is needed, so later searches only look a word up."""
        if self._meta("lexicon") is None:
            if not self._fill_lexicon():
                return None
        row = self.conn.execute("SELECT zipf FROM lexicon WHERE word = ?", (word,)).fetchone()
        return row[0] if row else 0.0

    def _fill_lexicon(self) -> bool:
        words = dutch_words()
        if words is None:
            return False
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self._meta("lexicon") is None:
                self.conn.executemany("INSERT OR IGNORE INTO lexicon (word, zipf) VALUES (?, ?)", words)
                self._set_meta("lexicon", "wordfreq")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return True

    def pc4_centre(self, pc4: str) -> tuple[float, float] | None:
        """The centre of the catalogue's own entries in a postcode area."""
        lat, lon = self.conn.execute(
            "SELECT avg(lat), avg(lon) FROM activities WHERE pc4 = ? AND lat IS NOT NULL", (pc4,)
        ).fetchone()
        return (lat, lon) if lat is not None else None

    def thesaurus(self) -> dict[str, Any]:
        if self._thesaurus is None:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'thesaurus'").fetchone()
            self._thesaurus = json.loads(row[0]) if row else {"groups": [], "by_stem": {}, "english": {}, "longest": 1}
        return self._thesaurus

    # --- keeping it fresh ------------------------------------------------------------

    def refresh(self, progress: Progress | None = None) -> int:
        """Re-read what changed on disk; returns the number of files re-read. `progress` is
        told about a big re-read (a first build), file by file."""
        on_disk = scan(self.root)
        known = {
            path: (mtime, size)
            for path, mtime, size in self.conn.execute("SELECT path, mtime_ns, size FROM files")
        }
        changed = [s for p, s in sorted(on_disk.items()) if known.get(p) != (s.mtime_ns, s.size)]
        removed = [p for p in known if p not in on_disk]
        thesaurus_sig = _thesaurus_signature()
        stale_thesaurus = self._meta("thesaurus_sig") != thesaurus_sig
        if not changed and not removed and not stale_thesaurus:
            return 0
        compiled = _compile_thesaurus() if stale_thesaurus else None
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Counts only weigh words (how common is "koffie"?): a few changed files leave them
            # good enough, and recounting every common word costs more than re-reading a file.
            if removed or sum(s.size for s in changed) > STALE_COUNTS_SHARE * sum(s.size for s in on_disk.values()):
                self.conn.execute("DELETE FROM counts")
            for path in removed:
                self._drop_file(path)
            # Results are stored as they arrive, while other files are still being parsed.
            if progress is not None and sum(s.size for s in changed) < PROGRESS_FROM_BYTES:
                progress = None
            if progress is not None:
                progress.start(len(changed))
            try:
                for result in _analyse(str(self.root), changed):
                    self._store_file(result)
                    if progress is not None:
                        progress.advance()
            finally:
                if progress is not None:
                    progress.stop()
            if compiled is not None:
                self._set_meta("thesaurus", json.dumps(compiled, ensure_ascii=False))
                self._set_meta("thesaurus_sig", thesaurus_sig)
                self._thesaurus = None
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return len(changed)

    def _meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def _drop_file(self, path: str) -> None:
        rowids = [r for (r,) in self.conn.execute("SELECT rowid FROM activities WHERE file = ?", (path,))]
        if rowids:
            self.conn.executemany("DELETE FROM fts WHERE rowid = ?", [(r,) for r in rowids])
            self.conn.executemany("DELETE FROM details WHERE rowid = ?", [(r,) for r in rowids])
            self.conn.execute("DELETE FROM activities WHERE file = ?", (path,))
        self.conn.execute("DELETE FROM files WHERE path = ?", (path,))

    def _store_file(self, result: dict[str, Any]) -> None:
        stamp: FileStamp = result["stamp"]
        self._drop_file(stamp.relpath)
        self.conn.execute(
            "INSERT INTO files (path, mtime_ns, size, errors) VALUES (?, ?, ?, ?)",
            (stamp.relpath, stamp.mtime_ns, stamp.size, json.dumps(result["errors"], ensure_ascii=False)),
        )
        rows = result["rows"]
        if not rows:
            return
        # Rowids are given here, so activities and their search text go in with two executemany calls.
        first = (self.conn.execute("SELECT max(rowid) FROM activities").fetchone()[0] or 0) + 1
        self.conn.executemany(
            "INSERT INTO activities (rowid, id, file, line, verified, vline, name, themes, days, cost, "
            "min_age, max_age, lat, lon, pc4, online, access, langs) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (first + n, r["id"], r["file"], r["line"], r["verified"], r["vline"], r["name"],
                 r["themes"], r["days"], r["cost"], r["min_age"], r["max_age"], r["lat"], r["lon"], r["pc4"],
                 r["online"], r["access"], r["langs"])
                for n, r in enumerate(rows)
            ],
        )
        self.conn.executemany(
            "INSERT INTO details (rowid, data) VALUES (?, ?)", [(first + n, r["data"]) for n, r in enumerate(rows)]
        )
        self.conn.executemany(
            "INSERT INTO fts (rowid, name, keywords, themes, description, place) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (first + n, r["t_name"], r["t_keywords"], r["t_themes"], r["t_description"], r["t_place"])
                for n, r in enumerate(rows)
            ],
        )
        words = {word: stem for r in rows for word, stem in r["words"]}
        self.conn.executemany("INSERT OR IGNORE INTO words (word, stem) VALUES (?, ?)", words.items())


def _thesaurus_signature() -> str:
    from wor_cli import thesaurus

    return thesaurus.signature()


def _compile_thesaurus() -> dict[str, Any]:
    from wor_cli import thesaurus

    return thesaurus.compile_file()


def _analyse(root: str, stamps: list[FileStamp]) -> Iterator[dict[str, Any]]:
    """Analyse files, in parallel when there is enough to gain from it."""
    total = sum(s.size for s in stamps)
    workers = min(len(stamps), os.cpu_count() or 1)
    if workers < 2 or total < PARALLEL_FROM_BYTES:
        yield from (analyse_file(root, s) for s in stamps)
        return
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(workers, initializer=_ignore_ctrl_c) as pool:
        yield from pool.imap_unordered(_analyse_one, [(root, s) for s in stamps])


def _ignore_ctrl_c() -> None:
    """Workers leave Ctrl-C to the main process, which stops them; else each prints a traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyse_one(job: tuple[str, FileStamp]) -> dict[str, Any]:
    return analyse_file(*job)


def open_index(root: Path, *, refresh: bool = True, progress: Progress | None = None) -> CatalogueIndex:
    """The index of `root`, brought up to date with the files on disk."""
    from wor_cli.errors import BadInput

    root = Path(root).expanduser()
    if not root.is_dir():
        raise BadInput("catalogue.not_a_folder", path=str(root))
    path = index_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    index = CatalogueIndex(root, conn)
    if refresh:
        index.refresh(progress)
    return index
