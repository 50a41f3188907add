"""What the release-2 attack (tests/test_hostile_release2.py) left open, each closed at the mechanism."""

from __future__ import annotations

import pytest

from tests.helpers import invoke, new_referral
from tests.hostile import dump


def _number_options() -> list[tuple[str, ...]]:
    """Every number option of every command, as (command words..., option): found, not listed."""
    from typer._click.types import FloatParamType, IntParamType

    from wor_cli import cli

    found: list[tuple[str, ...]] = []

    def walk(command, words: tuple[str, ...]) -> None:
        for param in command.params:
            if isinstance(param.type, (IntParamType, FloatParamType)):
                found.append((*words, param.opts[0]))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*words, name))

    for name in cli.COMMANDS:
        walk(cli._build(name), (name,))
    return found


NUMBER_OPTIONS = _number_options()


def said(result) -> str:
    """What stderr says, the error box's borders and line breaks taken out (it wraps at 80 columns)."""
    return " ".join(result.stderr.replace("│", " ").split())


def test_the_number_options_are_found():
    assert ("agenda", "--days") in NUMBER_OPTIONS and ("catalogue", "stale", "--months") in NUMBER_OPTIONS
    assert ("report", "--stories") in NUMBER_OPTIONS  # an IntRange too
    assert ("match", "--max-cost") in NUMBER_OPTIONS and ("match", "--km") in NUMBER_OPTIONS  # float() reads "１２" too


@pytest.mark.parametrize("words", NUMBER_OPTIONS, ids=" ".join)
@pytest.mark.parametrize("typed", ["１４", "٢", "1４"])
def test_a_number_option_takes_the_digits_0_to_9_only(db_path, words, typed):
    """Click's int() read "１４" as 14: `agenda --days １４` ran, where a typed date refuses the same digits."""
    *command, option = words
    before = dump(db_path) if db_path.exists() else None
    result = invoke(*command, option, typed)  # the option first: Click checks it before a missing REF
    assert result.exit_code == 2, result.output
    assert option in said(result) and "gewone cijfers 0-9" in said(result), result.stderr
    assert "Traceback" not in result.output
    assert (dump(db_path) if db_path.exists() else None) == before


@pytest.mark.parametrize("key", ["retention_years", "match.default_km"])
def test_a_number_setting_takes_the_digits_0_to_9_only(key):
    from wor_cli import config

    result = invoke("config", "set", key, "２")
    assert result.exit_code == 2 and result.stderr.startswith(f"{key}: schrijf het getal met gewone cijfers"), result.stderr
    assert not config.config_path().exists()
    assert invoke("config", "set", key, "2").exit_code == 0


def test_a_number_option_still_takes_plain_digits_in_english_too():
    assert invoke("agenda", "--days", "14").exit_code == 0
    result = invoke("agenda", "--days", "１４", "--lang", "en")
    assert result.exit_code == 2 and "ordinary digits 0-9" in said(result) and "--days" in result.stderr


DATASET_ROW = {"id": "a", "referral_month": "2026-02", "age_band": "75-84", "practice": "P", "reasons": ["rouw"],
               "status": "new", "contacts": 0}


@pytest.mark.parametrize("field, month", [("referral_month", "0000-01"), ("referral_month", "1999-12"),
                                          ("referral_month", "2026-12"), ("referral_month", "9999-01"),
                                          ("closed_month", "0001-05"), ("referral_month", ["2026-02"]),
                                          ("age_band", ["75-84"]), ("status", {"new": 1})])
def test_a_dataset_month_is_one_a_referral_can_be_in(tmp_path, field, month):
    """`report --dataset` took "0000-01" (four digits and a month); a list where a word belongs ended in the catch-all."""
    import json

    bad = tmp_path / "ander.json"
    bad.write_text(json.dumps([dict(DATASET_ROW, **{field: month})]))
    result = invoke("report", "--dataset", bad, "--format", "json")
    assert result.exit_code == 2, result.output
    assert f"ander.json:1: verwijzing 1: het veld '{field}'" in said(result), result.stderr
    good = tmp_path / "goed.json"
    for fine in ("2000-01", "2026-11"):  # the first month of the rule for dates, and this month (today is 2026-11-23)
        good.write_text(json.dumps([dict(DATASET_ROW, referral_month=fine)]))
        assert invoke("report", "--dataset", good, "--format", "json").exit_code == 0


CATALOGUE_TEXT = "- id: wandelen\n  name: Wandelen\n  description: Wandelen.\n  themes: [bewegen]\n  verified: 2025-01-01\n"


def _json_of(result):
    """The output as a strict parser reads it: bytes that must be UTF-8, then JSON."""
    import json

    return json.loads(result.stdout_bytes.decode("utf-8"))


def test_json_output_is_utf_8_whatever_the_paths_are_named(tmp_path, monkeypatch):
    """A catalogue folder named in bytes that are not UTF-8 (an old Windows stick) reached stdout as those bytes."""
    import os

    folder = os.fsdecode(os.fsencode(str(tmp_path)) + b"/catalogus\xff")
    os.mkdir(folder)
    with open(os.path.join(folder, "a.yaml"), "w") as f:
        f.write(CATALOGUE_TEXT)
    result = invoke("catalogue", "verify", "wandelen", "--json", "--catalogue", folder)
    assert result.exit_code == 0, result.output
    assert _json_of(result)["file"].endswith("catalogus\ufffd/a.yaml")
    home = os.fsdecode(os.fsencode(str(tmp_path)) + b"/thuis\xfe")
    monkeypatch.setenv("WOR_HOME", home)
    result = invoke("config", "show", "--json")
    assert result.exit_code == 0, result.output
    assert "thuis\ufffd" in _json_of(result)["file"]


# Each refusal of the letter sandbox, and the words its reason has in Dutch and in English.
REFUSALS = {
    "{{ 'a' * 10**9 }}": ("herhaalde tekst of lijst", "repeated text or list"),
    "{{ 2 ** (2 ** 40) }}": ("macht die te groot", "power too large"),
    "{{ '%999999999s'|format('x') }}": ("opmaakbreedte", "format width"),
    "{{ 'x'|center(1000000000) }}": ("het getal 1000000000 is te groot", "the number 1000000000 is too large"),
    "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}":
        ("te lang wordt voor een brief", "grows too long for a letter"),
    "{% for i in range(100000000) %}{% endfor %}": ("het getal 100000000 is te groot", "the number 100000000 is too large"),
    "{{ ''.__class__.__mro__ }}": ("'__class__' is afgeschermd", "'__class__' is shielded"),
}
ENGLISH_REASONS = ("too large for a letter", "too long for a letter", "is unsafe", "Range too big", "OverflowError")


@pytest.mark.parametrize("body", REFUSALS, ids=range(len(REFUSALS)))
def test_the_sandbox_says_why_in_the_coach_s_language(tmp_path, db_path, body):
    """The sandbox's reasons were English inside the Dutch message ("dit mag niet in een sjabloon (a power too large ...)")."""
    from tests.test_hostile_templates import HEAD, SETTINGS, TAIL

    for key, value in SETTINGS.items():
        assert invoke("config", "set", key, value).exit_code == 0
    ref = new_referral(tmp_path)
    folder = tmp_path / "sjablonen"
    for lang in ("nl", "en"):
        (folder / lang).mkdir(parents=True)
        (folder / lang / "ontvangst.html.j2").write_text(HEAD.replace("nl/", f"{lang}/") + body + TAIL, encoding="utf-8")
    before = dump(db_path)
    dutch, english = REFUSALS[body]
    result = invoke("letter", ref, "--kind", "ontvangst", "--format", "txt", "--templates", folder)
    assert result.exit_code == 2, result.output
    assert "ontvangst.html.j2, regel 1: dit mag niet in een sjabloon" in said(result), result.stderr
    assert dutch in said(result) and not any(words in said(result) for words in ENGLISH_REASONS), result.stderr
    result = invoke("letter", ref, "--kind", "ontvangst", "--format", "txt", "--templates", folder, "--lang", "en")
    assert result.exit_code == 2 and english in said(result), result.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize("cell", ["2026-11-02 10:00", "2026-11-02T10:00", "2026-11-02t10:00:00Z",
                                  "2026-11-02T10:00:00.5+01:00"])
def test_a_verified_cell_with_a_time_keeps_its_date_with_a_space_or_a_t(tmp_path, cell):
    """"2026-11-02 10:00" kept its date and "2026-11-02T10:00" was refused: the text is folded to lower case first."""
    from tests.test_hostile_release2 import sheet_csv

    source = tmp_path / "kaart.csv"
    source.write_text(sheet_csv(("verified", cell)), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "uit")
    assert result.exit_code == 0, result.output
    written = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "uit").glob("*.yaml"))
    assert "verified: 2026-11-02" in written, written


@pytest.mark.parametrize("cell", ["2026-11-02 banaan", "2026-11-02Tx", "2026-11-02T25"])
def test_a_verified_cell_with_something_else_after_the_date_is_named(tmp_path, cell):
    from tests.test_hostile_release2 import sheet_csv

    source = tmp_path / "kaart.csv"
    source.write_text(sheet_csv(("verified", cell)), encoding="utf-8")
    result = invoke("catalogue", "import", source, "--out", tmp_path / "uit")
    assert result.exit_code == 2 and "kaart.csv:2" in said(result) and "verified" in said(result), result.output
    assert not (tmp_path / "uit").exists()


def test_a_backup_of_a_database_in_a_folder_named_in_bytes_that_are_not_utf_8(tmp_path, monkeypatch):
    """`PRAGMA database_list` could not decode its own file column: `wor backup` ended in "Er ging iets mis"."""
    import os

    home = os.fsdecode(os.fsencode(str(tmp_path)) + b"/thuis\xfe")
    monkeypatch.setenv("WOR_HOME", home)
    new_referral(tmp_path)
    result = invoke("backup", "--json")
    assert result.exit_code == 0, result.output
    made = _json_of(result)["path"]
    assert "thuis\ufffd" in made
    assert [name for name in os.listdir(os.path.join(home, "data", "backups")) if name.endswith(".db")]


@pytest.mark.parametrize("limit", ["99999999999999999999999999", "100001", "0"])
def test_match_limit_is_bounded(limit):
    """`match --limit` with 26 digits reached SQLite as an integer it cannot hold: "Er ging iets mis"."""
    result = invoke("match", "--limit", limit, "wandelen")
    assert result.exit_code == 2 and "--limit moet een heel getal van 1 tot 100000 zijn" in said(result), result.output
    assert invoke("match", "--limit", "100000", "wandelen", "--json").exit_code == 0


def test_encrypting_a_database_in_a_folder_named_in_bytes_that_are_not_utf_8(tmp_path, monkeypatch):
    """ATTACH took the path as SQL text, which a name in bytes that are not UTF-8 cannot be: the catch-all."""
    import os

    pytest.importorskip("sqlcipher3", reason="encryption is an optional extra (wor-cli[encryption])")
    key = tmp_path / "wor.key"
    key.write_text("paarse olifant fietst naar Zwolle\n", encoding="utf-8")
    key.chmod(0o600)
    home = os.fsdecode(os.fsencode(str(tmp_path)) + b"/thuis\xfe")
    monkeypatch.setenv("WOR_HOME", home)
    ref = new_referral(tmp_path)
    result = invoke("encrypt", "--key-file", key)
    assert result.exit_code == 0, result.output
    with open(os.path.join(home, "data", "wor.db"), "rb") as f:
        assert not f.read(16).startswith(b"SQLite format 3")
    shown = invoke("show", ref, "--json", "--key-file", key)
    assert shown.exit_code == 0 and _json_of(shown)["client"]["name"] == "Anna de Wit", shown.output


@pytest.mark.parametrize("written, words", [("99999999999", "te groot (hoogstens 100)"), ('"abc"', "geen heel getal"),
                                            ("0", "groter dan 0"), ('"２"', "gewone cijfers")])
def test_a_retention_period_is_checked_when_read_as_when_set(written, words):
    """`retention_years` of 99999999999 (set, or written by hand) ended `wor doctor` in the catch-all, "abc" too."""
    from wor_cli import config

    result = invoke("config", "set", "retention_years", written.strip('"'))
    assert result.exit_code == 2 and words in said(result), result.output
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"retention_years = {written}\n", encoding="utf-8")
    for command in (["doctor"], ["purge", "--dry-run"]):
        result = invoke(*command)
        assert result.exit_code == 2, result.output
        assert f"{path.name} klopt niet: retention_years: " in said(result) and words in said(result), result.output
    path.write_text("retention_years = 100\n", encoding="utf-8")
    assert invoke("purge", "--dry-run").exit_code == 0


@pytest.mark.parametrize("written, command, words", [
    ('match.default_km = "abc"', ["match", "wandelen", "--near", "8232"], "match.default_km: 'abc' is geen getal"),
    ("[match]\ndefault_km = -3", ["match", "wandelen", "--near", "8232"], "match.default_km: '-3' moet groter dan 0"),
    ("catalogue = 5", ["match", "wandelen"], "De catalogus 5 is geen map"),
    ('[letter]\nsalutation = ["x"]', ["config", "show"], None),
])
def test_a_setting_written_by_hand_is_checked_as_config_set_checks_it(written, command, words):
    """A settings file edited by hand: "abc" as a distance, or a number as the catalogue, ended in "Er ging iets mis"."""
    from wor_cli import config

    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(written + "\n", encoding="utf-8")
    result = invoke(*command)
    assert "Er ging iets mis" not in result.output and "Traceback" not in result.output, result.output
    if words is not None:
        assert result.exit_code == 2 and words in said(result), result.output
    assert invoke("config", "set", "match.default_km", "3").exit_code == 0  # the coach can still put it right


def test_reading_the_settings_at_start_does_not_import_the_validators(tmp_path):
    """config.get checks each setting it reads; for the plain text settings are, without ~15 ms of imports."""
    import json
    import os
    import subprocess
    import sys

    from tests.helpers import ROOT

    home = tmp_path / "thuis"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text('lang = "nl"\ncatalogue = "/tmp/catalogus"\n[coach]\nname = "Sanne"\n')
    probe = ("from wor_cli import cli\ntry:\n    cli.main(['list', '--help'])\nexcept SystemExit:\n    pass\n"
             "from wor_cli import config\nassert config.get('coach.name') == 'Sanne'\n"
             "import sys, json\nprint(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "WOR_HOME": str(home)}).stdout
    assert "wor_cli.validation" not in json.loads(out.splitlines()[-1])
