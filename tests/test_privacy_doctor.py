"""wor doctor: each check a line with what to do; exit 1 only when one fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import invoke, new_referral


def checks(*args: str) -> tuple[int, dict]:
    result = invoke("doctor", "--json", *args)
    found = json.loads(result.stdout)
    for check in found:
        assert set(check) == {"name", "status", "message", "advice"}
        assert check["status"] in ("ok", "warn", "fail")
        if check["status"] != "ok":
            assert check["advice"], check  # every problem says what to do
    return result.exit_code, {c["name"]: c for c in found}


def test_a_healthy_database(tmp_path, db_path):
    new_referral(tmp_path)
    code, found = checks()
    assert code == 0
    for name in ("permissions", "location", "integrity", "migrations", "retention"):
        assert found[name]["status"] == "ok", found[name]
    # Issue 10: not encrypted and no backup yet are warnings, each with the command to run.
    assert found["database"]["status"] == "warn" and "wor encrypt --key-file" in found["database"]["advice"]
    assert found["backups"]["status"] == "warn" and "wor backup " in found["backups"]["advice"]
    assert invoke("backup").exit_code == 0
    assert checks()[1]["backups"]["status"] == "ok"
    assert found["catalogue"]["status"] == "warn"  # the example catalogue has entries not verified for a year
    assert "niet zijn nagekeken" in found["catalogue"]["message"]


def test_no_database_yet(db_path):
    code, found = checks()
    assert code == 0
    assert found["database"]["status"] == "warn" and "wor intake --new" in found["database"]["advice"]
    assert not db_path.exists()  # doctor never creates or changes anything


def test_loose_permissions_are_pointed_out(tmp_path, db_path):
    new_referral(tmp_path)
    db_path.chmod(0o644)
    code, found = checks()
    assert code == 0
    assert found["permissions"]["status"] == "warn"
    assert f"chmod 600 '{db_path}'" in found["permissions"]["advice"]


def test_a_damaged_database_fails(tmp_path, db_path):
    new_referral(tmp_path)
    invoke("list")  # let the WAL be folded into the file
    import gc

    gc.collect()
    data = bytearray(db_path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 8] = b"\xff" * 8
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    code, found = checks()
    assert code == 1
    broken = found.get("integrity") or found["database"]
    assert broken["status"] == "fail" and "wor restore" in broken["advice"]


def test_pending_migrations_are_reported_not_applied(tmp_path, db_path, monkeypatch):
    new_referral(tmp_path)
    from wor_cli.store import migrations

    def m002_test(db):
        db.execute("CREATE TABLE later (x)")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, m002_test])
    code, found = checks()
    assert found["migrations"]["status"] == "warn"
    assert not (db_path.parent / "backups").exists()  # nothing was migrated, so no backup either


@pytest.mark.parametrize("path, service", [
    ("/home/sanne/OneDrive - Welzijn Lelystad/wor/wor.db", "OneDrive - Welzijn Lelystad"),
    ("/Users/sanne/Library/Mobile Documents/com~apple~CloudDocs/wor.db", "Mobile Documents"),
    ("C:/Users/sanne/Dropbox/wor.db", "Dropbox"),
    ("/home/sanne/Google Drive/wor.db", "Google Drive"),
    ("/home/sanne/.local/share/wor/wor.db", None),
    ("/home/sanne/dropboxes-of-letters/wor.db", None),
])
def test_sync_folders_are_recognised(path, service):
    from wor_cli.privacy.health import sync_service

    assert sync_service(Path(path)) == service


def test_network_mounts_are_recognised(tmp_path):
    from wor_cli.privacy.health import network_file_system

    mounts = (
        "/dev/sda1 / ext4 rw 0 0\n"
        f"//server/share {tmp_path}/share cifs rw 0 0\n"
        f"server:/export {tmp_path}/share/local nfs4 rw 0 0\n"
        f"/dev/sdb1 {tmp_path}/share/local/disk ext4 rw 0 0\n"
    )
    assert network_file_system(tmp_path / "share" / "wor.db", mounts) == "cifs"
    assert network_file_system(tmp_path / "share" / "local" / "wor.db", mounts) == "nfs4"
    assert network_file_system(tmp_path / "share" / "local" / "disk" / "wor.db", mounts) is None
    assert network_file_system(tmp_path / "elsewhere.db", mounts) is None


def test_a_database_in_a_sync_folder_is_a_warning(tmp_path):
    synced = tmp_path / "Dropbox" / "wor.db"
    new_referral(tmp_path)
    result = invoke("backup", "--json")
    assert result.exit_code == 0
    invoke("restore", json.loads(result.stdout)["path"], "--yes", "--db", synced)
    code, found = checks("--db", str(synced))
    assert found["location"]["status"] == "warn" and "Dropbox" in found["location"]["message"]


def test_old_automatic_backups_are_a_warning(tmp_path, db_path):
    new_referral(tmp_path)
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    old = folder / "wor-20260901-120000-v1-manual.db"
    old.write_bytes(b"SQLite format 3\x00")
    old.chmod(0o600)
    code, found = checks()
    assert found["backups"]["status"] == "warn" and "wor purge" in found["backups"]["advice"]
    invoke("purge", "--yes")
    assert not old.exists()


def test_doctor_in_english(tmp_path, db_path):
    new_referral(tmp_path)
    result = invoke("doctor", "--lang", "en")
    assert result.exit_code == 0
    assert "The database is sound." in result.stdout
