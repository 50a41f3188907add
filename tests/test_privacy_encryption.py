"""Encryption at rest: unreadable without the key, every command the same with it."""

from __future__ import annotations

import json
import sqlite3
import stat

import pytest

from tests.helpers import contact, invoke, new_referral
from tests.privacy_helpers import SECRET_NOTE, closed_referral, counts, occurs
from tests.prompts import CTRL_C, answering

pytest.importorskip("sqlcipher3", reason="encryption is an optional extra (wor-cli[encryption])")

PASSPHRASE = "paarse olifant fietst naar Zwolle"


@pytest.fixture
def key_file(tmp_path):
    path = tmp_path / "wor.key"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory):
    """A database with two clients (one closed long ago), converted with `wor encrypt`: made once
    (the key derivation makes every step slow), its data folder copied for each test."""
    from tests.helpers import TODAY

    folder = tmp_path_factory.mktemp("encrypted")
    key = folder / "wor.key"
    key.write_text(PASSPHRASE + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WOR_HOME", str(folder / "home"))  # never the user's own folders
        patch.setenv("WOR_TODAY", TODAY)
        ref = new_referral(folder)
        result = contact(folder, ref, {"contact": {"date": "2026-11-09", "mode": "phone", "notes": SECRET_NOTE}})
        assert result.exit_code == 0
        old = closed_referral(folder, "2023-05-01", name="Oud Geval", phone="06 11111111")
        converted = invoke("encrypt", "--key-file", key)
        assert converted.exit_code == 0, converted.output
    from wor_cli.commands._shared import reset_globals

    reset_globals()  # the key of this run is not the next test's
    return folder / "home" / "data", {"ref": ref, "old": old}


@pytest.fixture
def encrypted(encrypted_template, db_path):
    import shutil

    data, refs = encrypted_template
    shutil.copytree(data, db_path.parent)
    return refs


def test_encrypt_makes_the_file_and_its_backups_unreadable(encrypted, db_path, key_file):
    assert db_path.read_bytes()[:16] != b"SQLite format 3\x00"
    for text in ("Anna de Wit", "06 12345678", SECRET_NOTE):
        assert not occurs(db_path, text), text
    backups = list((db_path.parent / "backups").glob("*-encrypt.db"))
    assert len(backups) == 1
    assert not occurs(backups[0], "Anna de Wit")
    assert counts(backups[0], PASSPHRASE)["referrals"] == 2  # the way back, with the key
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db_path).execute("SELECT * FROM clients").fetchall()


def test_without_the_key_it_fails_cleanly(encrypted, tmp_path):
    result = invoke("list")
    assert result.exit_code == 1
    assert "versleuteld" in result.stderr and "--key-file" in result.stderr
    assert "Traceback" not in result.output
    wrong = tmp_path / "wrong.key"
    wrong.write_text("dit is niet het goede wachtwoord\n")
    result = invoke("show", encrypted["ref"], "--key-file", wrong)
    assert result.exit_code == 1
    assert "past niet" in result.stderr and "Traceback" not in result.output
    assert "Anna" not in result.output


def test_at_a_terminal_the_key_is_asked_hidden_and_a_new_one_twice(tmp_path, db_path):
    from wor_cli.commands._shared import reset_globals

    new_referral(tmp_path)
    with answering({"encrypt.new_key": PASSPHRASE, "encrypt.new_key_again": PASSPHRASE + "!"}):  # a typo
        result = invoke("encrypt")
    assert result.exit_code == 2 and db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    with answering({"encrypt.new_key": PASSPHRASE, "encrypt.new_key_again": PASSPHRASE}) as asked:
        assert invoke("encrypt").exit_code == 0
    assert [asked.question(k).kind for k in asked.keys] == ["password", "password"]
    reset_globals()  # a new run: the key is asked again
    with answering({"encrypt.key": PASSPHRASE}):
        result = invoke("list")
    assert result.exit_code == 0 and "Anna de Wit" in result.stdout
    reset_globals()
    with answering({"encrypt.key": CTRL_C}):
        result = invoke("list")
    assert result.exit_code == 130 and "Traceback" not in result.output


def test_every_command_works_the_same_with_the_key(encrypted, tmp_path, db_path, key_file, monkeypatch):
    monkeypatch.setenv("WOR_KEY_FILE", str(key_file))
    ref, old = encrypted["ref"], encrypted["old"]
    new = new_referral(tmp_path, client__name="Bert Bos", client__phone="06 99887766")
    assert contact(tmp_path, new, {"contact": {"date": "2026-11-20", "mode": "video"}}).exit_code == 0
    listed = json.loads(invoke("list", "--json").stdout)
    assert [e["ref"] for e in listed] == [ref, new]
    shown = json.loads(invoke("show", ref, "--json").stdout)
    assert shown["client"]["name"] == "Anna de Wit" and shown["contacts"][0]["notes"] == SECRET_NOTE
    assert invoke("match", "--client", ref, "--json", "--limit", "3").exit_code == 0
    assert invoke("edit", "bert", "--set", "client.birth_year=1950").exit_code == 0  # found by name, corrected
    assert json.loads(invoke("show", new, "--json").stdout)["client"]["birth_year"] == 1950
    assert any(item["ref"] == new for item in json.loads(invoke("agenda", "--json").stdout))
    out = tmp_path / "export.json"
    assert invoke("export-client", ref, "--out", out).exit_code == 0
    assert json.loads(out.read_text())["record"]["client"]["name"] == "Anna de Wit"
    trail = json.loads(invoke("audit", ref, "--json").stdout)
    assert {"referral.show", "referral.match", "client.export"} <= {row["action"] for row in trail}
    copy = tmp_path / "copy.db"
    assert invoke("backup", copy).exit_code == 0
    assert not occurs(copy, "Anna de Wit") and counts(copy, PASSPHRASE)["referrals"] == 3
    checks = {c["name"]: c for c in json.loads(invoke("doctor", "--json").stdout)}
    assert checks["database"]["status"] == "ok" and checks["integrity"]["status"] == "ok"
    assert checks["backups"]["status"] == "ok"  # the automatic backups were encrypted too
    assert [r["ref"] for r in json.loads(invoke("purge", "--dry-run", "--json").stdout)["due"]] == [old]
    assert invoke("purge", "--yes").exit_code == 0
    assert invoke("forget", new, "--confirm", new).exit_code == 0
    assert not occurs(db_path, "Bert Bos")
    restored = invoke("restore", copy, "--yes")
    assert restored.exit_code == 0, restored.output
    assert sorted(restored.stdout.split("wist: ")[-1].strip(" .\n").split(", ")) == sorted([old, new])
    assert [e["ref"] for e in json.loads(invoke("list", "--status", "all", "--json").stdout)] == [ref]
    assert db_path.read_bytes()[:16] != b"SQLite format 3\x00"


def test_a_new_database_made_with_a_key_is_encrypted_from_the_start(tmp_path, db_path, key_file, monkeypatch):
    monkeypatch.setenv("WOR_KEY_FILE", str(key_file))
    ref = new_referral(tmp_path)
    assert db_path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert not occurs(db_path, "Anna de Wit")
    assert json.loads(invoke("show", ref, "--json").stdout)["client"]["name"] == "Anna de Wit"


def test_a_key_for_a_plain_database_is_pointed_out(tmp_path, db_path, key_file):
    new_referral(tmp_path)
    result = invoke("list", "--key-file", key_file)
    assert result.exit_code == 0
    assert "niet versleuteld" in result.stderr and "wor encrypt" in result.stderr


@pytest.mark.parametrize("content, message", [
    ("kort\n", "te kort"),
    ("\n", "geen wachtwoord"),
])
def test_encrypt_refuses_a_weak_or_empty_key(tmp_path, db_path, content, message):
    new_referral(tmp_path)
    weak = tmp_path / "weak.key"
    weak.write_text(content)
    result = invoke("encrypt", "--key-file", weak)
    assert result.exit_code == 2
    assert message in result.stderr
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_encrypt_needs_a_key_file_without_a_terminal(tmp_path, db_path):
    new_referral(tmp_path)
    result = invoke("encrypt")
    assert result.exit_code == 2 and "--key-file" in result.stderr


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM referrals").fetchall()
print("ready", flush=True)
sys.stdin.read()
"""


def test_encrypt_refuses_while_another_wor_has_the_database_open(tmp_path, db_path, key_file):
    """Another process (a wor intake left open), since locks only separate processes."""
    import subprocess
    import sys

    new_referral(tmp_path)
    other = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "ready"
        result = invoke("encrypt", "--key-file", key_file)
    finally:
        other.communicate("", timeout=30)
    assert result.exit_code == 1 and "ander wor-venster" in result.stderr
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert json.loads(invoke("list", "--json").stdout)[0]["client"] == "Anna de Wit"


def test_encrypting_twice_is_refused(encrypted, key_file):
    result = invoke("encrypt", "--key-file", key_file)
    assert result.exit_code == 1 and "al versleuteld" in result.stderr


def test_the_key_is_never_a_plain_option():
    result = invoke("list", "--key", "geheim")
    assert result.exit_code == 2
