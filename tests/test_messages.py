"""Message catalogues: every key in both languages, every key used in the code present."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

from tests.helpers import invoke, new_referral

LOCALES = Path(__file__).resolve().parent.parent / "wor_cli" / "locales"
CODE = Path(__file__).resolve().parent.parent / "wor_cli"


def catalogue(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def test_dutch_and_english_have_the_same_keys():
    nl, en = catalogue("nl"), catalogue("en")
    assert sorted(set(nl) ^ set(en)) == []


def test_both_languages_use_the_same_placeholders():
    nl, en = catalogue("nl"), catalogue("en")
    fields = lambda text: sorted({f for _, f, _, _ in string.Formatter().parse(text) if f})  # noqa: E731
    assert [k for k in nl if fields(nl[k]) != fields(en[k])] == []


LITERAL_KEY = re.compile(r"""(?:\bt|Invalid|BadInput|NotFound|Refused|StorageError|Problem\([^,]*,)\(\s*["']([a-z_]+\.[a-z0-9_.-]+)["']""")


def test_every_literal_key_in_the_code_exists():
    known = set(catalogue("nl"))
    used = set()
    for path in CODE.rglob("*.py"):
        used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    assert used, "the pattern should find the keys"
    assert sorted(used - known) == []


def test_english_with_lang_option_and_environment(tmp_path, monkeypatch):
    ref = new_referral(tmp_path)
    assert "Referred by" in invoke("show", ref, "--lang", "en").stdout
    assert "Verwezen door" in invoke("show", ref).stdout
    monkeypatch.setenv("WOR_LANG", "en")
    assert "Referred by" in invoke("show", ref).stdout
    assert "Verwezen door" in invoke("--lang", "nl", "show", ref).stdout


def test_language_from_the_config_file(tmp_path):
    ref = new_referral(tmp_path)
    assert invoke("config", "set", "lang", "en").exit_code == 0
    assert "Referred by" in invoke("show", ref).stdout


def test_an_unknown_language_is_bad_usage():
    result = invoke("list", "--lang", "fr")
    assert result.exit_code == 2
