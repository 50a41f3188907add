"""`wor doctor`: is the data safe and in order? Each check says what to do.

A check is `ok`, `warn` (works, but act on it) or `fail` (something is
broken or unsafe now). The command exits 1 when any check fails, so a
script or a scheduled task notices; warnings alone exit 0.

Doctor never changes anything: it opens the database without migrating it,
and counts what is due for purging without naming anyone.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wor_cli import clock
from wor_cli.errors import WorError
from wor_cli.i18n import plural, short_date, t

OK, WARN, FAIL = "ok", "warn", "fail"

# Folders that a sync client copies elsewhere while SQLite writes: a WAL
# database there can be torn apart (the -wal file synced without its
# database, or the other way round), and the copy lives on someone's server.
SYNC_FOLDERS = (
    "onedrive", "dropbox", "google drive", "googledrive", "my drive", "mijn drive", "icloud drive",
    "iclouddrive", "mobile documents", "nextcloud", "owncloud", "seafile", "pcloud", "box sync",
    "box drive", "syncthing", "surfdrive",
)
NETWORK_FILE_SYSTEMS = (
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "davfs", "fuse.davfs2", "fuse.sshfs",
    "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "glusterfs", "ceph", "fuse.ceph", "lustre", "webdav",
)


@dataclass
class Check:
    name: str
    status: str
    message: str
    advice: str = ""

    def as_json(self) -> dict[str, str]:
        return asdict(self)


def sync_service(path: Path) -> str | None:
    """The sync service whose folder holds `path` (by the folder's name), or None."""
    for part in Path(path).parts:
        lowered = part.casefold()
        for marker in SYNC_FOLDERS:
            if lowered == marker or lowered.startswith(marker + " ") or lowered.startswith(marker + "-"):
                return part
    return None


def network_file_system(path: Path, mounts: str | None = None) -> str | None:
    """The network file system `path` lies on (Linux /proc/mounts, Windows UNC or network drive)."""
    if os.name == "nt":
        return _windows_network(path)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    resolved = str(Path(path).resolve())
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind if kind in NETWORK_FILE_SYSTEMS else None


def _windows_network(path: Path) -> str | None:  # pragma: no cover - Windows only
    text = str(Path(path).resolve())
    if text.startswith("\\\\"):
        return "UNC"
    import ctypes

    drive = os.path.splitdrive(text)[0] + "\\"
    return "network drive" if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4 else None


def run(
    db_path: Path, key: str | None, catalogue_root: Path, retention_years: int,
    key_file: Path | None = None, today: date | None = None,
) -> list[Check]:
    """Every check, in the order a coach would fix them."""
    today = today or clock.today()
    checks: list[Check] = []
    store = _open(db_path, key, checks)
    checks += _files(db_path, key_file)
    checks.append(_location(db_path))
    checks += _leftovers(db_path)
    if store is not None:
        try:
            whole = _integrity(store, db_path)
            checks.append(whole)
            if whole.status == OK:  # a damaged file fails every other query: its advice comes first
                checks.append(_migrations(store))
                checks += _retention(store, retention_years, today)
            checks.append(_backups(db_path, store.encrypted, today))
        finally:
            store.close()
    checks.append(_catalogue(catalogue_root))
    return checks


def _open(db_path: Path, key: str | None, checks: list[Check]) -> Any:
    from wor_cli.privacy import encryption
    from wor_cli.store import Store
    from wor_cli.store.connection import connect

    if not db_path.exists():
        checks.append(Check("database", WARN, t("doctor.db_missing", path=str(db_path)), t("doctor.db_missing_advice")))
        return None
    from wor_cli.privacy import backup
    from wor_cli.store import migrations
    from wor_cli.store.connection import database_errors

    try:
        store = Store(connect(db_path, create=False, key=key), db_path, key)
    except WorError as e:
        advice = backup.restore_hint(db_path)
        if encryption.is_encrypted(db_path) and key is None:  # or damaged: the two look alike from outside
            advice = t("doctor.needs_key_or_damaged", restore=advice)
        checks.append(Check("database", FAIL, e.message(), advice))
        return None
    try:
        foreign = migrations.is_foreign(store.conn)
    except database_errors():
        foreign = False  # damaged: the integrity check says so, with what to do
    if foreign:
        checks.append(Check("database", FAIL, t("store.foreign", path=str(db_path)), t("doctor.foreign_advice")))
        store.close()
        return None
    if store.encrypted:
        checks.append(Check("database", OK, t("doctor.db_encrypted", path=str(db_path))))
    else:
        checks.append(Check("database", WARN, t("doctor.db_plain", path=str(db_path)), t("doctor.db_plain_advice")))
    return store


def _files(db_path: Path, key_file: Path | None) -> list[Check]:
    from wor_cli.privacy import backup, files

    if os.name == "nt":  # pragma: no cover - Windows protects the profile folder by its own rights
        return [Check("permissions", WARN, t("doctor.permissions_windows"), t("doctor.permissions_windows_advice"))]
    loose = []
    for path, private in ((db_path, 0o600), (db_path.parent, 0o700), (backup.folder(db_path), 0o700)):
        if path.exists() and not files.is_private(path):
            loose.append(f"chmod {private:o} '{path}'")
    for found in backup.listing(backup.folder(db_path)):
        if not files.is_private(found.path):
            loose.append(f"chmod 600 '{found.path}'")
    found_checks = []
    if loose:
        found_checks.append(Check("permissions", WARN, t(plural("doctor.permissions_loose", len(loose)), count=len(loose)),
                                  t("doctor.permissions_advice", commands="; ".join(loose))))
    elif db_path.exists():
        found_checks.append(Check("permissions", OK, t("doctor.permissions_ok")))
    if key_file is not None and key_file.is_file() and not files.is_private(key_file):
        found_checks.append(Check("key_file", WARN, t("doctor.key_file_loose", path=str(key_file)),
                                  t("doctor.key_file_advice", path=str(key_file))))
    return found_checks


def _location(db_path: Path) -> Check:
    service = sync_service(db_path)
    if service:
        return Check("location", WARN, t("doctor.sync_folder", folder=service), t("doctor.location_advice"))
    network = network_file_system(db_path.parent if db_path.parent.exists() else Path.cwd())
    if network:
        return Check("location", WARN, t("doctor.network", kind=network), t("doctor.location_advice"))
    return Check("location", OK, t("doctor.location_ok"))


def _integrity(store: Any, db_path: Path) -> Check:
    from wor_cli.privacy import backup
    from wor_cli.store.connection import database_errors

    try:
        found = [row[0] for row in store.conn.execute("PRAGMA integrity_check")]
    except database_errors() as e:
        found = [str(e)]
    if found == ["ok"]:
        return Check("integrity", OK, t("doctor.integrity_ok"))
    return Check("integrity", FAIL, t("doctor.integrity_bad", detail="; ".join(found[:3])),
                 t("doctor.integrity_advice", restore=backup.restore_hint(db_path)))


def _leftovers(db_path: Path) -> list[Check]:
    from wor_cli.privacy import files

    found = files.leftovers(db_path)
    if not found:
        return []
    return [Check("leftovers", WARN, t(plural("doctor.leftovers", len(found)), count=len(found), files=", ".join(p.name for p in found)),
                  t("doctor.leftovers_advice"))]


def _migrations(store: Any) -> Check:
    from wor_cli.store import migrations

    done = migrations.applied(store.conn)
    unknown = set(done) - {step.__name__ for step in migrations.STEPS}
    if unknown:
        return Check("migrations", FAIL, t("doctor.schema_newer"), t("doctor.schema_newer_advice"))
    waiting = migrations.pending(store.conn)
    if waiting and done:
        return Check("migrations", WARN, t(plural("doctor.migrations_pending", len(waiting)), count=len(waiting)),
                     t("doctor.migrations_advice"))
    return Check("migrations", OK, t("doctor.migrations_ok", version=migrations.schema_version(store.conn)))


def _retention(store: Any, years: int, today: date) -> list[Check]:
    from wor_cli.privacy import retention

    if "referrals" not in {n for (n,) in store.conn.execute("SELECT name FROM sqlite_master")}:
        return []
    checks = []
    due = retention.due(store, years, today)
    drafts = retention.stale_drafts(store, today)
    if due or drafts:
        period = t(plural("count.years", years), count=years)
        kept = t(plural("doctor.kept_long", len(due)), count=len(due), years=period)
        old = t(plural("doctor.drafts_old", len(drafts)), count=len(drafts))
        checks.append(Check("retention", WARN, t("doctor.retention_due", kept=kept, drafts=old),
                            t("doctor.retention_advice")))
    else:
        upcoming = retention.next_due(store, years, today)
        message = t("doctor.retention_next", date=short_date(upcoming)) if upcoming else t("doctor.retention_ok")
        checks.append(Check("retention", OK, message))
    quiet = retention.quiet_open(store, years, today)
    if quiet:
        checks.append(Check("open_referrals", WARN, t(plural("doctor.quiet_open", len(quiet)), count=len(quiet),
                                                        years=t(plural("count.years", years), count=years)),
                            t("doctor.quiet_open_advice", refs=", ".join(quiet[:10]))))
    return checks


def _backups(db_path: Path, encrypted: bool, today: date) -> Check:
    from wor_cli.privacy import backup

    found = backup.listing(backup.folder(db_path))
    old = backup.overdue(db_path, today)
    plain = [b for b in found if not b.encrypted]
    if encrypted and plain:
        return Check("backups", WARN, t(plural("doctor.backups_plain", len(plain)), count=len(plain)), t("doctor.backups_plain_advice"))
    if old:
        return Check("backups", WARN, t(plural("doctor.backups_old", len(old)), count=len(old), days=backup.KEEP_DAYS),
                     t("doctor.backups_old_advice"))
    if not found:
        return Check("backups", WARN, t("doctor.backups_none"), t("doctor.backups_advice"))
    return Check("backups", OK, t(plural("doctor.backups_ok", len(found)), count=len(found), date=short_date(found[0].made.date())),
                 t("doctor.backups_advice"))


def _catalogue(root: Path) -> Check:
    from wor_cli import catalogue

    try:
        found = catalogue.check(root)
    except WorError as e:
        return Check("catalogue", FAIL, e.message(), t("doctor.catalogue_advice"))
    if found["errors"]:
        return Check("catalogue", FAIL, t(plural("doctor.catalogue_errors", len(found["errors"])), count=len(found["errors"])),
                     t("doctor.catalogue_advice"))
    stale = [w for w in found["warnings"] if w.get("key") == "catalogue.stale"]
    if found["warnings"]:
        return Check("catalogue", WARN,
                     t(plural("doctor.catalogue_warnings", len(found["warnings"])), count=len(found["warnings"]),
                       stale=t(plural("doctor.stale", len(stale)), count=len(stale))),
                     t("doctor.catalogue_advice"))
    return Check("catalogue", OK, t(plural("doctor.catalogue_ok", found["activities"]), count=found["activities"]))


def failed(checks: list[Check]) -> bool:
    return any(c.status == FAIL for c in checks)
