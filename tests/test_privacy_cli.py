"""The privacy commands as a coach meets them: help, the audit trail, and start-up cost."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT, invoke, new_referral


def test_help_lists_the_privacy_commands_in_their_own_panel():
    result = invoke("--help")
    assert "Privacy en onderhoud" in result.stdout
    for name in ("backup", "restore", "export-client", "forget", "purge", "doctor", "audit", "encrypt"):
        assert name in result.stdout
    assert "--key-file" in invoke("backup", "--help").stdout  # a global option, after the command too


def test_audit_shows_who_did_what_when(tmp_path, db_path):
    ref = new_referral(tmp_path)
    other = new_referral(tmp_path, client__name="Bert Bos")
    invoke("show", ref)
    rows = json.loads(invoke("audit", ref.lower(), "--json").stdout)
    assert [row["action"] for row in rows] == ["referral.create", "referral.show"]
    assert {row["ref"] for row in rows} == {ref}
    assert set(rows[0]) == {"at", "user", "action", "ref", "detail"}  # detail: the keys an edit changed
    assert {row["detail"] for row in rows} == {None}
    table = invoke("audit").stdout
    assert "verwijzing vastgelegd" in table and "verwijzing bekeken" in table and other in table
    assert "Anna" not in table
    english = invoke("audit", ref, "--lang", "en").stdout
    assert "referral viewed" in english


def test_audit_times_in_the_computers_own_time_as_a_dutch_reader_writes_them(tmp_path, db_path, monkeypatch):
    """Shown bare in UTC, every row was an hour or two off for a privacy officer in the Netherlands."""
    import time
    from datetime import datetime
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    try:
        ref = new_referral(tmp_path)
        stored = json.loads(invoke("audit", ref, "--json").stdout)[0]["at"]  # --json keeps UTC
        assert stored.endswith("Z")
        local = datetime.fromisoformat(stored.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Amsterdam"))
        assert local.strftime("%d-%m-%Y %H:%M:%S") in invoke("audit", ref).stdout
        assert local.strftime("%Y-%m-%d %H:%M:%S") in invoke("audit", ref, "--lang", "en").stdout
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_audit_of_an_empty_database(db_path, tmp_path):
    new_referral(tmp_path)
    result = invoke("audit", "R26-0099")
    assert result.exit_code == 0 and "leeg" in result.stdout


def test_importing_the_cli_stays_light():
    code = (
        "import sys, wor_cli.cli as c; c.build_app(); "
        "heavy = {'sqlite_utils', 'questionary', 'yaml', 'jinja2', 'sqlcipher3', 'prompt_toolkit', 'sqlite3'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]"


def test_export_client_as_a_pdf_the_client_can_read(tmp_path, monkeypatch):
    from pypdf import PdfReader

    from tests.helpers import contact, invoke, new_referral

    ref = new_referral(tmp_path)
    contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone", "notes": "Mist haar man."},
                            "measures": {"ons4": [4, 5, 3, 7]}})
    monkeypatch.chdir(tmp_path)
    result = invoke("export-client", ref, "--format", "pdf")
    assert result.exit_code == 0, result.output
    path = tmp_path / f"wor-export-{ref}.pdf"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    for expected in ("Anna de Wit", "1948", "P. de Boer", "Mist haar man.", ref):
        assert expected in text, expected
    again = invoke("export-client", ref, "--format", "pdf")
    assert again.exit_code == 1 and "--force" in again.stderr
    assert invoke("export-client", ref, "--format", "docx").exit_code == 2
