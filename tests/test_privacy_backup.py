"""wor backup and wor restore: consistent copies, checked before anything is replaced."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT, invoke, new_referral
from tests.privacy_helpers import counts

WRITER = """
import sys
import time
from datetime import date
from pathlib import Path
from wor_cli import referrals
from wor_cli.store import open_store

store = open_store(Path(sys.argv[1]))
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    referrals.create(store, referrals.NewReferral(
        client=referrals.Client(name=f"Cliënt {i}", birth_year=1950, phone="06 1234 %04d" % i),
        referrer=referrals.Referrer("P. de Boer", "Huisartsenpraktijk Atolwijk"),
        date=date(2026, 11, 2), reasons=["eenzaamheid"], question="Voelt zich alleen.",
        consent=referrals.Consent(True, True, date(2026, 11, 2)),
    ))
    time.sleep(0.01)  # a busy coach, not a benchmark: leaves the backups a chance at the lock
print("done", flush=True)
"""


def digest(path: Path) -> str:
    """The database's content (not its bytes: an earlier command's WAL may be checkpointed meanwhile)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode("utf-8")).hexdigest()
    finally:
        conn.close()


def test_backup_is_a_private_checked_copy(tmp_path, db_path):
    ref = new_referral(tmp_path)
    target = tmp_path / "usb" / "copy.db"
    target.parent.mkdir()
    result = invoke("backup", target)
    assert result.exit_code == 0, result.output
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT ref FROM referrals").fetchall() == [(ref,)]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    conn.close()
    again = invoke("backup", target)
    assert again.exit_code == 1 and "--force" in again.output
    assert invoke("backup", target, "--force").exit_code == 0
    trail = json.loads(invoke("audit", "--json").stdout)
    assert [row["action"] for row in trail].count("database.backup.manual") == 2


def test_backup_without_path_goes_to_the_private_backup_folder(tmp_path, db_path):
    new_referral(tmp_path)
    result = invoke("backup", "--json")
    made = Path(json.loads(result.stdout)["path"])
    assert made.parent == db_path.parent / "backups"
    assert oct(made.parent.stat().st_mode & 0o777) == "0o700"
    from wor_cli.store import migrations

    version = len(migrations.STEPS)  # the schema version the backup was made at
    assert made.name.startswith("wor-20261123-") and made.name.endswith(f"-v{version}-manual.db")


def test_backup_of_a_missing_database_fails_cleanly(tmp_path):
    named = tmp_path / "typo.db"  # a named database that is not there (the default one is made on first use)
    result = invoke("backup", "--db", named)
    assert result.exit_code == 1
    assert "bestaat niet" in result.stderr
    assert not named.exists()


def test_backups_during_concurrent_writes_are_consistent_and_restore(tmp_path, db_path):
    new_referral(tmp_path)  # makes the database, so the writer and the backups share it
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), "150"], env=env,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    copies = []
    deadline = time.monotonic() + 60
    while writer.poll() is None and time.monotonic() < deadline:
        target = tmp_path / f"during-{len(copies)}.db"
        result = invoke("backup", target)
        assert result.exit_code == 0, result.output
        copies.append(target)
    writer.wait(timeout=60)
    assert writer.returncode == 0
    seen = []
    for copy in copies:
        found = counts(copy)
        assert found["integrity"] == "ok"
        # Every referral has its client, its consent and its audit row: no half step was copied.
        assert found["clients"] == found["referrals"] == found["consents"] == found["created"]
        seen.append(found["referrals"])
    assert any(1 < n < 151 for n in seen), seen  # at least one copy was made mid-stream
    middle = copies[len(copies) // 2]
    result = invoke("restore", middle, "--yes")
    assert result.exit_code == 0, result.output
    restored = counts(db_path)
    assert restored["integrity"] == "ok"
    assert restored["referrals"] == counts(middle)["referrals"]
    assert restored["clients"] == restored["referrals"] == restored["consents"]


def test_restore_of_a_corrupt_file_is_refused_with_nothing_changed(tmp_path, db_path):
    new_referral(tmp_path)
    backup = tmp_path / "copy.db"
    assert invoke("backup", backup).exit_code == 0
    data = bytearray(backup.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over the header of every page but the first
        data[offset:offset + 8] = b"\xff" * 8
    backup.write_bytes(bytes(data))
    new_referral(tmp_path, client__name="Bert Bos")
    before = digest(db_path)
    folder = db_path.parent / "backups"
    listed = sorted(folder.iterdir()) if folder.exists() else []
    result = invoke("restore", backup, "--yes")
    assert result.exit_code == 1
    assert "beschadigd" in result.stderr and "niets veranderd" in result.stderr
    assert "Traceback" not in result.output
    assert digest(db_path) == before
    assert (sorted(folder.iterdir()) if folder.exists() else []) == listed


@pytest.mark.parametrize("kind", ["random", "other-sqlite", "empty"])
def test_restore_refuses_what_is_not_a_wor_database(tmp_path, db_path, kind):
    new_referral(tmp_path)
    before = digest(db_path)
    other = tmp_path / "other.db"
    if kind == "random":
        other.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    elif kind == "other-sqlite":
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE notes (text)")
        conn.commit()
        conn.close()
    else:
        other.write_bytes(b"")
    result = invoke("restore", other, "--yes")
    assert result.exit_code == 1, result.output
    assert digest(db_path) == before


def test_restore_refuses_a_newer_schema(tmp_path, db_path):
    new_referral(tmp_path)
    backup = tmp_path / "copy.db"
    invoke("backup", backup)
    conn = sqlite3.connect(backup)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('wor', 'm099_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    result = invoke("restore", backup, "--yes")
    assert result.exit_code == 1
    assert "nieuwere versie" in result.stderr


def test_restore_without_terminal_needs_yes(tmp_path, db_path):
    new_referral(tmp_path)
    backup = tmp_path / "copy.db"
    invoke("backup", backup)
    result = invoke("restore", backup)
    assert result.exit_code == 2
    assert "--yes" in result.stderr


def test_restore_replaces_keeps_the_old_and_erases_again(tmp_path, db_path):
    first = new_referral(tmp_path)
    second = new_referral(tmp_path, client__name="Bert Bos", client__phone="06 99887766")
    backup = tmp_path / "copy.db"
    invoke("backup", backup)
    assert invoke("forget", second, "--confirm", second).exit_code == 0
    third = new_referral(tmp_path, client__name="Carla Smit")
    result = invoke("restore", backup, "--yes")
    assert result.exit_code == 0, result.output
    assert second in result.stdout  # erased again
    listed = json.loads(invoke("list", "--status", "all", "--json").stdout)
    assert [e["ref"] for e in listed] == [first]  # Carla came after the backup; Bert stays erased
    kept = [p for p in (db_path.parent / "backups").iterdir() if p.name.endswith("-before-restore.db")]
    assert len(kept) == 1
    conn = sqlite3.connect(kept[0])
    assert conn.execute("SELECT count(*) FROM referrals WHERE ref = ?", (third,)).fetchone()[0] == 1
    conn.close()
    shown = invoke("show", second)
    assert shown.exit_code == 1 and "gewist" in shown.stderr
    assert new_referral(tmp_path, client__name="Dirk de Vries") == "R26-0004"  # numbers are never reused
    actions = [row["action"] for row in json.loads(invoke("audit", "--json").stdout)]
    assert "database.restore" in actions


def test_restore_onto_a_new_computer(tmp_path, db_path):
    ref = new_referral(tmp_path)
    backup = tmp_path / "copy.db"
    invoke("backup", backup)
    elsewhere = tmp_path / "new-laptop" / "wor.db"
    result = invoke("restore", backup, "--yes", "--db", elsewhere)
    assert result.exit_code == 0, result.output
    assert oct(elsewhere.stat().st_mode & 0o777) == "0o600"
    assert json.loads(invoke("show", ref, "--json", "--db", elsewhere).stdout)["ref"] == ref


def test_a_backup_is_made_before_a_migration(tmp_path, db_path, monkeypatch):
    ref = new_referral(tmp_path)
    from wor_cli.store import migrations

    def m002_test_column(db):
        db.execute("ALTER TABLE clients ADD COLUMN nickname TEXT")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, m002_test_column])
    result = invoke("list", "--json")
    assert result.exit_code == 0, result.output
    before = len(migrations.STEPS) - 1  # the version the database had before the test's own migration
    made = list((db_path.parent / "backups").glob(f"wor-*-v{before}-migrate.db"))
    assert len(made) == 1
    assert oct(made[0].stat().st_mode & 0o777) == "0o600"
    conn = sqlite3.connect(made[0])
    columns = [row[1] for row in conn.execute("PRAGMA table_info(clients)")]
    assert "nickname" not in columns and conn.execute("SELECT ref FROM referrals").fetchall() == [(ref,)]
    conn.close()
    invoke("list")  # nothing pending any more: no second backup
    assert len(list((db_path.parent / "backups").glob("*.db"))) == 1


def test_automatic_backups_are_limited_in_number_and_age(tmp_path, db_path):
    from wor_cli.privacy import backup

    new_referral(tmp_path)
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    for day in range(1, 15):  # two weeks of backups, from 1 to 14 November
        (folder / f"wor-202611{day:02d}-120000-v1-migrate.db").write_bytes(b"x")
    (folder / "wor-20260901-120000-v1-manual.db").write_bytes(b"x")  # older than 30 days
    (folder / "notes.txt").write_text("not ours")
    gone = backup.prune(db_path)
    left = sorted(p.name for p in folder.iterdir())
    assert len(gone) == 5
    assert "notes.txt" in left
    assert [n for n in left if n.endswith(".db")] == [f"wor-202611{d:02d}-120000-v1-migrate.db" for d in range(5, 15)]
