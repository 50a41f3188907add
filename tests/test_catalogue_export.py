"""`wor catalogue export`: HSDS 3.0 valid against the schemas, and back again field for field."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from tests.helpers import CATALOGUE, invoke

SCHEMAS = Path(__file__).resolve().parent / "data" / "hsds-3.0" / "schema"


def _strict(node):
    """No property the schema does not name, as the specification's own example check does."""
    if isinstance(node, dict):
        node = {key: _strict(value) for key, value in node.items()}
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


@cache
def service_validator():
    import jsonschema
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    schemas = {p.name: _strict(json.loads(p.read_text(encoding="utf-8")))
               for p in SCHEMAS.glob("*.json") if p.name != "openapi.json"}
    # The schemas point at each other by file name ("phone.json"): resolve those here, never online.
    registry = Registry().with_resources((name, DRAFT202012.create_resource(s)) for name, s in schemas.items())
    return jsonschema.Draft202012Validator(schemas["service.json"], registry=registry,
                                           format_checker=jsonschema.FormatChecker())


def schema_errors(services: list[dict]) -> list[str]:
    validator = service_validator()
    return [f"[{i}] {list(e.absolute_path)}: {e.message}" for i, s in enumerate(services)
            for e in validator.iter_errors(s)]


def normal_forms(folder: Path) -> dict[str, dict]:
    from wor_cli.catalogue.interchange import activities

    return {a["id"]: a for a in activities(folder)}


def test_the_validator_catches_what_is_not_hsds() -> None:
    good = json.loads((SCHEMAS.parent / "examples" / "service_full.json").read_text(encoding="utf-8"))
    assert schema_errors([good]) == []
    bad = {**good, "id": "not-a-uuid", "colour": "blue", "status": "open"}
    found = " ".join(schema_errors([bad]))
    assert "uuid" in found and "colour" in found and "status" in found


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("export") / "hsds.json"
    result = invoke("catalogue", "export", CATALOGUE, "--format", "hsds", "--out", out)
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_bundled_catalogue_exports_as_valid_hsds(exported: list[dict]) -> None:
    assert len(exported) == len(normal_forms(CATALOGUE))
    assert schema_errors(exported) == []
    walk = next(s for s in exported if s["name"] == "Wandelgroep Hollandse Hout")
    assert walk["assured_date"] == "2026-10-06"
    assert {a["taxonomy_term"]["code"] for a in walk["attributes"] if a["taxonomy_term"]["taxonomy"] == "wor-themes"} \
        == {"bewegen", "natuur", "ontmoeten"}
    assert walk["schedules"][0]["byday"] == "TU" and walk["schedules"][0]["opens_at"] == "10:00"


def test_export_and_import_again_keeps_every_activity_field_for_field(tmp_path: Path, exported) -> None:
    source = tmp_path / "hsds.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "terug", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == []
    assert normal_forms(tmp_path / "terug") == normal_forms(CATALOGUE)
    check = invoke("catalogue", "check", tmp_path / "terug")
    assert check.exit_code == 0


def test_the_same_catalogue_exports_to_the_same_bytes(tmp_path: Path) -> None:
    for name in ("een.json", "twee.json"):
        assert invoke("catalogue", "export", CATALOGUE, "--out", tmp_path / name).exit_code == 0
    assert (tmp_path / "een.json").read_bytes() == (tmp_path / "twee.json").read_bytes()


def test_spreadsheet_export_reads_back_field_for_field(tmp_path: Path) -> None:
    out = tmp_path / "kaart.csv"
    assert invoke("catalogue", "export", CATALOGUE, "--format", "csv", "--out", out).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid;name;organization;description;themes")
    result = invoke("catalogue", "import", out, "--out", tmp_path / "terug", "--json")
    assert result.exit_code == 0, result.output
    assert normal_forms(tmp_path / "terug") == normal_forms(CATALOGUE)


def test_the_sample_spreadsheet_is_the_bundled_catalogue_and_no_activity_file(tmp_path: Path) -> None:
    from wor_cli.catalogue.interchange import export
    from wor_cli.catalogue.loader import scan

    sample = CATALOGUE / "voorbeeld.csv"
    content, _ = export(CATALOGUE, "csv")
    assert sample.read_bytes() == content, "make it again: wor catalogue export catalogue --format csv --out ..."
    assert "voorbeeld.csv" not in scan(CATALOGUE)
    assert json.loads(invoke("catalogue", "check", CATALOGUE, "--json").stdout)["errors"] == []


def test_export_to_the_screen_and_refusals(tmp_path: Path) -> None:
    result = invoke("catalogue", "export", CATALOGUE)
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["status"] == "active"
    out = tmp_path / "hsds.json"
    out.write_text("van iemand anders")
    result = invoke("catalogue", "export", CATALOGUE, "--out", out)
    assert result.exit_code == 1 and out.read_text() == "van iemand anders"
    assert invoke("catalogue", "export", CATALOGUE, "--out", out, "--force").exit_code == 0
    assert json.loads(out.read_text())
    assert invoke("catalogue", "export", CATALOGUE, "--format", "pdf").exit_code == 2


def test_a_catalogue_with_errors_is_not_exported_with_holes(tmp_path: Path) -> None:
    (tmp_path / "kapot.yaml").write_text("- id: a\n  name: A\n  description: x\n  themes: [blauw]\n")
    result = invoke("catalogue", "export", tmp_path, "--out", tmp_path / "uit.json")
    assert result.exit_code == 2 and "heeft 1 fout;" in result.output  # one error, said as one
    assert not (tmp_path / "uit.json").exists()


def test_export_keeps_the_output_file_rule(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "uit"
    result = invoke("catalogue", "export", CATALOGUE, "--out", f"{folder}/")
    assert result.exit_code == 0, result.output
    assert (folder / "wor-catalogus-hsds.json").is_file()
    result = invoke("catalogue", "export", CATALOGUE, "--format", "csv", "--out", folder)
    assert result.exit_code == 0 and (folder / "wor-catalogus.csv").is_file()
    assert invoke("catalogue", "export", CATALOGUE, "--out", "/dev/null", "--force").exit_code != 0
    invoke("list")  # makes the database
    assert db_path.exists()
    result = invoke("catalogue", "export", CATALOGUE, "--out", db_path, "--force")
    assert result.exit_code != 0 and "database" in result.output
    assert db_path.read_bytes().startswith(b"SQLite format 3")


def test_an_export_given_twice_is_refused_rather_than_doubling_ids(tmp_path: Path, exported) -> None:
    source = tmp_path / "dubbel.json"
    source.write_text(json.dumps(exported[:2] + exported[:1]), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "uit")
    assert result.exit_code == 2 and "dubbel.json: [2].attributes: " in result.output
    assert not (tmp_path / "uit").exists()
