"""Issue 10, classes 3 and 5: databases and paths that are not what they seem.

Damaged files, a newer wor's database, someone else's SQLite file, devices and folders
given as the database, a missing folder, a full disk, and the plaintext copy a killed
restore leaves. Every run is measured (tests/hostile.py); nothing refused changes a byte
of what is in the database.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.helpers import NEW_REFERRAL, invoke, new_referral, write_yaml
from tests.hostile import assert_clean, dump, run_measured

# POSIX only: FIFOs, symlinks, fork, and `resource` for measuring.
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX (mkfifo, fork, resource)")


def a_database(tmp_path: Path, db_path: Path) -> str:
    ref = new_referral(tmp_path)
    assert invoke("backup").exit_code == 0  # so that doctor has a newest backup to name
    return ref


def test_damaged_databases_are_named_with_the_restore_command(tmp_path, db_path):
    ref = a_database(tmp_path, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    whole = db_path.read_bytes()
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(whole[: len(whole) // 2])
    garbled = tmp_path / "garbled.db"
    page = 4096
    garbled.write_bytes(whole[: page * 2] + b"\xa5" * page * 3 + whole[page * 5:])
    header = tmp_path / "header.db"
    header.write_bytes(b"SQLite format 3\0" + b"\xff" * 200 + whole[216:])
    for damaged in (truncated, garbled, header):
        shutil.copy(damaged, db_path.parent / damaged.name)
    cases, preludes = [], {}
    for damaged in (truncated, garbled, header):
        where = db_path.parent / damaged.name
        for argv in (["list"], ["show", ref], ["report", "--format", "json"], ["doctor", "--json"],
                     ["intake", "--new", "--answers", write_yaml(tmp_path / "n.yaml", NEW_REFERRAL), "--no-input"]):
            cases.append([*argv, "--db", where])
    results = run_measured(cases, tmp_path, preludes=preludes)
    for result in results:
        assert_clean(result, "wor restore", "beschadigd", "kan niet worden geopend", "doctor", "geen wor-database")
        assert result.code in (1, 2), result
    doctors = [r for r in results if r.argv[0] == "doctor"]
    assert all("wor restore" in r.output for r in doctors), doctors
    assert all(str(db_path.parent / "backups") in r.output for r in doctors), doctors
    for damaged in (truncated, garbled, header):
        assert (db_path.parent / damaged.name).read_bytes() == damaged.read_bytes()  # not touched


def test_a_newer_wors_database_is_read_with_a_warning_and_never_written(tmp_path, db_path):
    ref = a_database(tmp_path, db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('wor', 'm099_from_the_future', '2027-01-01')")
    conn.commit()
    conn.close()
    before = dump(db_path)
    answers = write_yaml(tmp_path / "new.yaml", NEW_REFERRAL)
    contact = write_yaml(tmp_path / "c.yaml", {"contact": {"date": "2026-11-20", "mode": "phone"}})
    results = run_measured([["list"], ["show", ref, "--json"], ["report", "--format", "json"],
                            ["intake", "--new", "--answers", answers, "--no-input"],
                            ["intake", ref, "--answers", contact, "--no-input"],
                            ["forget", ref, "--confirm", ref], ["purge", "--yes"], ["doctor"]], tmp_path)
    for result in results:
        assert_clean(result, "nieuwere")
    reads, writes, doctor = results[:3], results[3:7], results[7]
    assert all(r.code == 0 and "nieuwere versie" in r.stderr for r in reads), reads
    assert json.loads(reads[1].stdout)["ref"] == ref
    assert all(r.code == 1 and "nieuwere versie" in r.stderr for r in writes), writes
    assert doctor.code == 1
    assert dump(db_path) == before


def test_someone_elses_sqlite_file_is_refused_an_empty_file_becomes_a_database(tmp_path, db_path):
    other = tmp_path / "adresboek.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Piet')")
    conn.commit()
    conn.close()
    before = dump(other)
    empty = tmp_path / "leeg.db"
    empty.touch()
    answers = write_yaml(tmp_path / "new.yaml", NEW_REFERRAL)
    results = run_measured([["list", "--db", other], ["intake", "--new", "--answers", answers, "--no-input",
                                                       "--db", other], ["doctor", "--db", other],
                            ["intake", "--new", "--answers", answers, "--no-input", "--db", empty]], tmp_path)
    for result in results[:3]:
        assert_clean(result, "ander programma")
        assert result.code == 1, result
    assert dump(other) == before  # no wor tables were added
    assert results[3].code == 0, results[3]
    assert invoke("list", "--db", empty).exit_code == 0


def test_paths_that_cannot_be_a_database(tmp_path, db_path):
    a_database(tmp_path, db_path)
    missing = tmp_path / "bestaat" / "niet" / "wor.db"
    folder = tmp_path / "een-map"
    folder.mkdir()
    commands = (["list"], ["show", "R26-0001"], ["report"], ["export", "minimal-dataset"], ["audit"],
                ["letter", "R26-0001"], ["backup"], ["purge", "--dry-run"], ["export-client", "R26-0001"])
    cases = [[*argv, "--db", where] for where in (missing, "/dev/null", folder) for argv in commands]
    results = run_measured(cases, tmp_path)
    for result in results:
        assert_clean(result, "bestaat niet", "geen gewoon bestand", "is een map")
        assert result.code == 1, result
    assert not (tmp_path / "bestaat").exists()  # nothing created, not even the folder
    assert list(folder.iterdir()) == []
    catalogue = run_measured([["catalogue", "check", tmp_path / "geen-catalogus"]], tmp_path)[0]
    assert_clean(catalogue, "geen-catalogus")
    assert catalogue.code == 2


# Test-side: the database may grow no further, as on a full disk (SQLite then says
# "database or disk is full", exactly as when the disk itself is full).
FULL_DISK = """
import sqlite3
from wor_cli.store import connection
real = connection.connect
def full(*args, **kwargs):
    conn = real(*args, **kwargs)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    return conn
connection.connect = full
import wor_cli.store as store
store.connect = full
"""


READ_ONLY = FULL_DISK.replace('conn.execute(f"PRAGMA max_page_count = {pages}")', 'conn.execute("PRAGMA query_only = ON")')


def test_a_read_only_database_is_said_plainly(tmp_path, db_path):
    """As root (CI) chmod cannot make a file read-only, so SQLite is told to refuse writes instead."""
    ref = a_database(tmp_path, db_path)
    before = dump(db_path)
    answers = write_yaml(tmp_path / "new.yaml", NEW_REFERRAL)
    cases = [["intake", "--new", "--answers", answers, "--no-input"], ["forget", ref, "--confirm", ref]]
    results = run_measured(cases, tmp_path, preludes={0: READ_ONLY, 1: READ_ONLY})
    for result in results:
        assert_clean(result, "alleen-lezen")
        assert result.code == 1, result
    assert dump(db_path) == before


def test_key_files_that_are_not_small_regular_files(tmp_path, db_path):
    a_database(tmp_path, db_path)
    fifo = tmp_path / "sleutel.fifo"
    os.mkfifo(fifo)
    huge = tmp_path / "groot.key"
    huge.write_bytes(b"x" * (5 * 1024 * 1024))
    binary = tmp_path / "binair.key"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 10)
    cases = [["list"]] + [["list", "--key-file", key] for key in ("/dev/zero", fifo, huge, binary, tmp_path,
                                                                   tmp_path / "weg.key")]
    results = run_measured(cases, tmp_path)
    for result in results[1:]:
        assert_clean(result, "sleutelbestand")
        assert result.code == 2, result


def test_a_full_disk_is_said_plainly_and_loses_nothing(tmp_path, db_path):
    ref = a_database(tmp_path, db_path)
    before = dump(db_path)
    big = dict(NEW_REFERRAL, referral={**NEW_REFERRAL["referral"], "question": "lang verhaal " * 300})
    answers = write_yaml(tmp_path / "new.yaml", big)
    notes = write_yaml(tmp_path / "c.yaml", {"contact": {"date": "2026-11-20", "mode": "phone",
                                                         "notes": "x" * 3900, "what_matters": "y" * 3900,
                                                         "next_steps": "z" * 3900}})
    cases = [["intake", "--new", "--answers", answers, "--no-input"] for _ in range(3)]
    cases.append(["intake", ref, "--answers", notes, "--no-input"])
    results = run_measured(cases, tmp_path, preludes={i: FULL_DISK for i in range(len(cases))})
    for result in results:
        assert_clean(result, "schijf is vol")
        assert result.code == 1 and "niets verloren" in result.stderr, result
    assert dump(db_path) == before
    assert invoke("show", ref).exit_code == 0  # and the database is fine afterwards


def test_the_copy_a_killed_restore_left_is_reported_then_wiped(tmp_path, db_path):
    a_database(tmp_path, db_path)
    leftover = db_path.parent / ".wor.db.restore-999999999-abcd.tmp"
    shutil.copy(db_path, leftover)
    wal = Path(str(leftover) + "-wal")
    wal.write_bytes(b"x")
    alive = db_path.parent / f".wor.db.restore-{__import__('os').getpid()}-live.tmp"  # a restore still running
    alive.write_bytes(b"busy")
    results = run_measured([["doctor", "--json"], ["list"], ["doctor", "--json"]], tmp_path)
    first = {c["name"]: c for c in json.loads(results[0].stdout)}
    assert first["leftovers"]["status"] == "warn" and leftover.name in first["leftovers"]["message"]
    assert not leftover.exists() and not wal.exists()  # wiped by `wor list`
    assert alive.exists()
    assert "leftovers" not in {c["name"] for c in json.loads(results[2].stdout)}
