"""wor export-client: everything held about one client, for the client."""

from __future__ import annotations

import json
import stat

from tests.helpers import contact, invoke, new_referral
from tests.privacy_helpers import SECRET_NOTE


def _client(tmp_path) -> str:
    ref = new_referral(tmp_path)
    result = contact(tmp_path, ref, {
        "contact": {"date": "2026-11-09", "mode": "face-to-face", "notes": SECRET_NOTE},
        "measures": {"ons4": [6, 5, 4, 7]},
        "activities": [{"id": "wandelgroep-hollandse-hout", "status": "started"}],
    })
    assert result.exit_code == 0, result.output
    return ref


def test_export_holds_everything_and_is_private(tmp_path, db_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ref = _client(tmp_path)
    other = new_referral(tmp_path, client__name="Bert Bos")
    invoke("config", "set", "organisation.name", "Welzijn Lelystad-Zuid")
    invoke("show", ref)
    result = invoke("export-client", ref.lower())
    assert result.exit_code == 0, result.output
    path = tmp_path / f"wor-export-{ref}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "wor-client-export" and data["ref"] == ref
    record = data["record"]
    assert record["client"]["name"] == "Anna de Wit" and record["client"]["phone"] == "06 12345678"
    assert record["contacts"][0]["notes"] == SECRET_NOTE
    assert record["measures"][0]["scores"]["satisfied"] == 6
    assert record["activities"][0]["id"] == "wandelgroep-hollandse-hout"
    assert {"referral.create", "contact.1", "referral.show"} <= {row["action"] for row in data["audit"]}
    assert data["holder"]["organisation"]["name"] == "Welzijn Lelystad-Zuid"
    assert "Bert Bos" not in path.read_text(encoding="utf-8") and other not in path.read_text(encoding="utf-8")
    # The same content laid out for reading: titled sections a document writer can lay out.
    sections = {s["id"]: s for s in data["sections"]}
    assert list(sections)[:4] == ["about", "holder", "client", "referral"]
    assert "Welzijn Lelystad-Zuid" in sections["about"]["paragraphs"][0]
    assert "BSN" in sections["about"]["paragraphs"][1]
    assert {"label": "Naam", "value": "Anna de Wit"} in sections["client"]["fields"]
    assert SECRET_NOTE in sections["contacts"]["table"]["rows"][0]
    assert sections["letters"]["paragraphs"] == ["Niets vastgelegd."]
    assert any("verwijzing bekeken" in row for row in sections["audit"]["table"]["rows"])
    trail = json.loads(invoke("audit", ref, "--json").stdout)
    assert trail[-1]["action"] == "client.export"


def test_export_never_overwrites_without_force(tmp_path, db_path):
    ref = new_referral(tmp_path)
    out = tmp_path / "export.json"
    out.write_text("iets anders")
    result = invoke("export-client", ref, "--out", out)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text() == "iets anders"
    assert invoke("export-client", ref, "--out", out, "--force").exit_code == 0
    assert json.loads(out.read_text())["ref"] == ref
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_to_stdout_and_in_english(tmp_path, db_path):
    ref = new_referral(tmp_path)
    result = invoke("export-client", ref, "--out", "-", "--lang", "en")
    data = json.loads(result.stdout)
    assert data["sections"][0]["title"] == f"What is recorded about you ({ref})"


def test_export_only_offers_json_for_now(tmp_path, db_path):
    ref = new_referral(tmp_path)
    result = invoke("export-client", ref, "--format", "pdf")
    assert result.exit_code == 2 and "json" in result.stderr


def test_export_of_an_unknown_reference(db_path):
    result = invoke("export-client", "R26-0042")
    assert result.exit_code == 1
