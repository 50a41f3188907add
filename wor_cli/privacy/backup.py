"""Backups: a consistent private copy while wor is in use, and putting one back.

A backup is made with SQLite's online backup API, so it is one consistent
moment of the database even while another `wor` writes (WAL lets the writer
go on). It is one self-contained file, created 0600, encrypted with the same
key when the database is encrypted, and checked (`integrity_check`) before it
counts as made.

Automatic backups go to a `backups/` folder (0700) beside the database:
before every schema migration, before a restore replaces the database, and
before `wor encrypt`. Their names say when, which schema version and why:
`wor-20261123-094107-v1-migrate.db`. At most KEEP of them are kept, none
older than KEEP_DAYS days: they are a way back after a step that changes the
whole file, not an archive, and erased clients must not live on in them for
long (a restore also erases again whoever was erased after the backup).
A backup the coach wants to keep goes elsewhere: `wor backup E:/wor`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock
from wor_cli.errors import NotFound, Refused, StorageError
from wor_cli.privacy import files, output
from wor_cli.store.connection import database_errors, file_kind
from wor_cli.store.migrations import MIGRATION_SET, STEPS, schema_version

if TYPE_CHECKING:
    from wor_cli.store import Store

FOLDER = "backups"
KEEP = 10
KEEP_DAYS = 30
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-v(?P<version>\d+)-(?P<reason>[a-z-]+?)(?:-\d+)?\.db$")


def folder(db_path: Path) -> Path:
    return Path(db_path).parent / FOLDER


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made: datetime
    version: int
    reason: str
    encrypted: bool


def listing(where: Path) -> list[BackupFile]:
    """The automatic backups in `where`, newest first (files named as we name them)."""
    if not where.is_dir():
        return []
    found = []
    for path in where.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            encrypted = file_kind(path) == "other"
        except OSError:
            continue
        found.append(
            BackupFile(
                path=path,
                made=datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"),
                version=int(match["version"]),
                reason=match["reason"],
                encrypted=encrypted,
            )
        )
    return sorted(found, key=lambda b: (b.made, b.path.name), reverse=True)


def _automatic_path(db_path: Path, version: int, reason: str) -> Path:
    where = files.private_folder(folder(db_path))
    stamp = clock.now().replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
    base = f"{db_path.stem}-{stamp}-v{version}-{reason}"
    candidate, number = where / f"{base}.db", 1
    while candidate.exists():
        number += 1
        candidate = where / f"{base}-{number}.db"
    return candidate


def make(
    store: Store, target: str | Path | None, *, reason: str = "manual", force: bool = False
) -> Path:
    """Copy the database to `target` (a file or a folder; None: the backup folder).

    Written by the output-file rule (`output.write_output`): never over the
    database itself, an existing file only with `force`, and in a folder
    under a name of its own (a second backup there on the same day gets
    `-2`). The copy is made in a temporary file and renamed when checked, so
    a half-made backup never carries the final name.
    """
    version = schema_version(store.conn)
    if target is None:
        made = _automatic_path(store.path, version, reason)
        out: str | Path = made
        name = made.name
    else:
        out, name = target, f"{store.path.stem}-{clock.now()[:10]}-v{version}.db"

    def copy(staged: Path) -> None:
        files.copy_database(store.conn, store.key, staged, store.key)

    made = output.write_output(
        out, copy, default_name=name, database=store.path, force=force, new_name_in_folder=True,
        exists_key="backup.exists",
    )
    with store.transaction() as conn:
        audit.record(conn, f"database.backup.{reason}")
    if made.parent.resolve() == folder(store.path).resolve():
        prune(store.path)
    return made


def restore_hint(db_path: Path) -> str:
    """What to do about a damaged database: the command that puts the newest backup back."""
    from wor_cli.i18n import t

    try:
        found = listing(folder(db_path))
    except OSError:
        found = []
    if found:
        return t("store.restore_command", command=f"wor restore '{found[0].path}'")
    return t("store.restore_own_backup")


def before_migration(store: Store) -> None:
    """The hook open_store runs before a migration changes an existing database."""
    make(store, None, reason="migrate")


def prune(db_path: Path, today: date | None = None) -> list[Path]:
    """Remove automatic backups beyond the newest KEEP, or older than KEEP_DAYS; returns them."""
    today = today or clock.today()
    oldest = datetime.combine(today - timedelta(days=KEEP_DAYS), datetime.min.time())
    gone = []
    for position, found in enumerate(listing(folder(db_path))):
        if position >= KEEP or found.made < oldest:
            files.shred(found.path)
            gone.append(found.path)
    return gone


def overdue(db_path: Path, today: date | None = None) -> list[BackupFile]:
    """Automatic backups older than KEEP_DAYS (pruned by the next backup or `wor purge`)."""
    today = today or clock.today()
    oldest = datetime.combine(today - timedelta(days=KEEP_DAYS), datetime.min.time())
    return [b for b in listing(folder(db_path)) if b.made < oldest]


# --- checking a backup, and restoring it ------------------------------------------------------


@dataclass
class Inspected:
    """What a backup file holds, found before anything is replaced."""

    path: Path
    encrypted: bool
    version: int
    referrals: int
    last_change: str | None


def inspect(path: Path, key: str | None) -> Inspected:
    """Check that `path` is a whole wor database this wor can read; Refused says why not."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise NotFound("restore.missing", path=str(path))
    try:
        kind = file_kind(path)
    except OSError as e:
        raise Refused("restore.unreadable", path=str(path), reason=e.strerror) from None
    if kind == "empty":
        raise Refused("restore.not_wor", path=str(path))
    if kind == "other" and key is None:
        raise Refused("restore.needs_key", path=str(path))
    try:
        conn = files.open_file(path, key if kind == "other" else None, read_only=True)
    except StorageError:
        raise Refused("restore.wrong_key", path=str(path)) from None
    try:
        return _inspect(conn, path, kind == "other")
    except database_errors() as e:
        raise Refused("restore.corrupt", path=str(path), reason=str(e)) from None
    finally:
        conn.close()


def _inspect(conn: Any, path: Path, encrypted: bool) -> Inspected:
    found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if found != ["ok"]:
        raise Refused("restore.corrupt", path=str(path), reason="; ".join(found[:3]))
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"_sqlite_migrations", "referrals", "audit"} <= tables:
        raise Refused("restore.not_wor", path=str(path))
    names = [n for (n,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))]
    known = {step.__name__ for step in STEPS}
    if not names:
        raise Refused("restore.not_wor", path=str(path))
    if set(names) - known:
        raise Refused("restore.newer", path=str(path), version=len(names), ours=len(STEPS))
    return Inspected(
        path=path,
        encrypted=encrypted,
        version=len(names),
        referrals=conn.execute("SELECT count(*) FROM referrals").fetchone()[0],
        last_change=conn.execute("SELECT max(at) FROM audit").fetchone()[0],
    )


@dataclass
class Restored:
    replaced: Path | None  # the backup of the database that was replaced, if there was one
    erased_again: list[str]


def restore(db_path: Path, source: Inspected, key: str | None, current: Store | None) -> Restored:
    """Put the checked backup `source` in place of the database at `db_path`.

    `current` is the open database being replaced (None when there is none,
    or when it cannot be opened any more). The backup is first copied into a
    private file beside the database, in the database's own form (encrypted
    when either side is), and checked; only then is anything replaced:
    - an open database is backed up, then overwritten through the backup API,
      which replaces its content in one transaction that other `wor`
      processes see whole;
    - a missing one is created by renaming the staged copy;
    - a broken one is moved into the backup folder, then replaced.
    What the replaced database knew about erasures is kept: the erasure rows
    of its audit trail are carried over and those clients are erased again,
    and reference numbers handed out since the backup are not reused.
    """
    from wor_cli.privacy import erasure
    from wor_cli.store import open_store

    target_key = key if (source.encrypted or (current is not None and current.encrypted)) else None
    if current is not None and current.encrypted:
        target_key = current.key
    carried = _carried(current)
    source_conn = files.open_file(source.path, key if source.encrypted else None, read_only=True)
    replaced = None
    try:
        with files.temporary_beside(db_path, "restore") as staged:
            files.copy_database(source_conn, key if source.encrypted else None, staged, target_key)
            if current is not None:
                replaced = make(current, None, reason="before-restore")
                staged_conn = files.open_file(staged, target_key, read_only=True)
                try:
                    staged_conn.backup(current.conn)
                finally:
                    staged_conn.close()
                current.close()
            else:
                if db_path.exists():
                    replaced = _set_aside(db_path)
                files.private_folder(db_path.parent)
                staged.replace(db_path)
    finally:
        source_conn.close()
    store = open_store(db_path, key=target_key, before_migrate=before_migration)
    try:
        again = _reapply(store, carried)
        with store.transaction() as conn:
            audit.record(conn, "database.restore")
        if again:
            erasure.wipe(store)
    finally:
        store.close()
    return Restored(replaced, again)


def _set_aside(db_path: Path) -> Path:
    """Move a database that cannot be opened into the backup folder, untouched."""
    where = files.private_folder(folder(db_path))
    stamp = clock.now().replace("-", "").replace(":", "").replace("T", "-").rstrip("Z")
    aside = where / f"{db_path.stem}-{stamp}-v0-broken.db"
    db_path.replace(aside)
    for suffix in files.COMPANIONS:
        companion = Path(str(db_path) + suffix)
        if companion.exists():
            companion.replace(Path(str(aside) + suffix))
    return aside


@dataclass
class _Carried:
    erasures: list[dict[str, Any]]
    counters: dict[int, int]


def _carried(current: Store | None) -> _Carried:
    from wor_cli.audit import ERASURE_ACTIONS

    if current is None:
        return _Carried([], {})
    marks = ",".join("?" for _ in ERASURE_ACTIONS)
    rows = current.rows(
        f"SELECT at, user, action, ref FROM audit WHERE action IN ({marks}) ORDER BY id", ERASURE_ACTIONS
    )
    counters = {year: last for year, last in current.conn.execute("SELECT year, last FROM ref_counters")}
    return _Carried(rows, counters)


def _reapply(store: Store, carried: _Carried) -> list[str]:
    """Carry the erasure trail and reference counters over; erase again who came back."""
    from wor_cli.privacy import erasure

    with store.transaction() as conn:
        for row in carried.erasures:
            known = conn.execute(
                "SELECT 1 FROM audit WHERE at = ? AND action = ? AND ref = ?", (row["at"], row["action"], row["ref"])
            ).fetchone()
            if not known:
                conn.execute(
                    "INSERT INTO audit (at, user, action, ref) VALUES (?, ?, ?, ?)",
                    (row["at"], row["user"], row["action"], row["ref"]),
                )
        for year, last in carried.counters.items():
            conn.execute(
                "INSERT INTO ref_counters (year, last) VALUES (?, ?) "
                "ON CONFLICT(year) DO UPDATE SET last = max(last, excluded.last)",
                (year, last),
            )
        how = {row["ref"]: row["action"] for row in carried.erasures}
        present = [
            ref for ref in sorted(how)
            if conn.execute("SELECT 1 FROM referrals WHERE ref = ?", (ref,)).fetchone()
        ]
        for ref in present:
            erasure.erase_referrals(conn, [ref], how[ref])
    return present


def describe(inspected: Inspected) -> dict[str, Any]:
    """The facts shown before a restore is confirmed (and in --json)."""
    return {
        "path": str(inspected.path),
        "encrypted": inspected.encrypted,
        "schema_version": inspected.version,
        "referrals": inspected.referrals,
        "last_change": inspected.last_change,
    }

