"""The catalogue index: built once, refreshed per changed file, never in the referrals database."""

from __future__ import annotations

import os
import shutil
import sqlite3

from tests.helpers import CATALOGUE, invoke
from wor_cli import catalogue
from wor_cli.catalogue import index as index_module
from wor_cli.catalogue import index_file


def copy_catalogue(tmp_path):
    folder = tmp_path / "cat"
    shutil.copytree(CATALOGUE, folder)
    return folder


def test_an_unchanged_catalogue_is_not_read_again(tmp_path):
    folder = copy_catalogue(tmp_path)
    first = catalogue.open_index(folder, refresh=False)
    assert first.refresh() == len(list(folder.glob("*.yaml")))
    again = catalogue.open_index(folder, refresh=False)
    assert again.refresh() == 0
    assert again.count() == first.count() >= 80


def test_only_the_changed_file_is_read_again(tmp_path):
    folder = copy_catalogue(tmp_path)
    index = catalogue.open_index(folder)
    before = index.count()
    path = folder / "bewegen.yaml"
    text = path.read_text(encoding="utf-8").replace("Wandelgroep Hollandse Hout", "Wandelclub Hollandse Hout")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert index.refresh() == 1
    assert index.count() == before
    assert index.get("wandelgroep-hollandse-hout")["name"] == "Wandelclub Hollandse Hout"
    assert "wandelgroep-hollandse-hout" in [r["id"] for r in _json(invoke("match", "wandelclub", "--json", "--catalogue", folder))]


def test_removed_and_added_files(tmp_path):
    folder = copy_catalogue(tmp_path)
    index = catalogue.open_index(folder)
    gone = index.get("wandelgroep-hollandse-hout")
    assert gone is not None
    (folder / "bewegen.yaml").rename(folder / "sub.yaml.bak")
    index.refresh()
    assert index.get("wandelgroep-hollandse-hout") is None
    (folder / "nieuw").mkdir()
    (folder / "sub.yaml.bak").rename(folder / "nieuw" / "bewegen.yml")
    index.refresh()
    assert index.get("wandelgroep-hollandse-hout") == gone


def test_a_stale_or_broken_cache_is_rebuilt(tmp_path):
    folder = copy_catalogue(tmp_path)
    index = catalogue.open_index(folder)
    path = index_module.index_path(folder)
    index.conn.execute("UPDATE meta SET value = 'old' WHERE key = 'format'")
    index.conn.close()
    assert catalogue.open_index(folder).count() >= 80
    for suffix in ("-wal", "-shm"):
        (path.parent / (path.name + suffix)).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    assert catalogue.open_index(folder).count() >= 80


def test_the_index_lives_in_the_cache_not_in_the_referrals_database(tmp_path, isolated, db_path):
    invoke("match", "koffie", "--json")
    assert index_module.index_path(CATALOGUE).is_relative_to(isolated / "cache")
    assert not db_path.exists() or "activities" not in {
        r[0] for r in sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master")
    }


def test_many_files_are_parsed_in_parallel_with_the_same_result(tmp_path, monkeypatch):
    folder = copy_catalogue(tmp_path)
    serial = catalogue.open_index(folder)
    expected = sorted(r[0] for r in serial.conn.execute("SELECT data FROM details"))
    serial.conn.close()
    index_module.index_path(folder).unlink()
    monkeypatch.setattr(index_module, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(index_file, "FORMAT", "test-parallel")
    parallel = catalogue.open_index(folder)
    assert sorted(r[0] for r in parallel.conn.execute("SELECT data FROM details")) == expected


def _json(result):
    import json

    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
