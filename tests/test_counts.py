"""The grammar of counts: "1 gesprek", "3 gesprekken", in Dutch and in English (issue 15).

A text with a number before a noun is chosen with `i18n.plural`: KEY for none or
several, KEY.one for exactly one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import contact, invoke, new_referral, write_yaml
from wor_cli import i18n
from wor_cli.i18n import plural, t

CODE = Path(__file__).resolve().parent.parent / "wor_cli"
LOCALES = CODE / "locales"
PLURAL_KEY = re.compile(r"""plural\(\s*f?["']([a-z_]+\.[a-z0-9_.{}-]+)["']""")
# The hedges this replaced: "gesprek(ken)", "reservekopie(ën)", "brief/brieven", "referral(s)", "activit(y/ies)"
HEDGE = re.compile(r"\w\((en|n|s|ën|pen|ken|y/ies)\)|brief/brieven")


def catalogue(lang: str) -> dict[str, str]:
    return json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8"))


def test_one_and_several_are_chosen_by_the_count():
    assert plural("match.linked", 1) == "match.linked.one"
    assert [plural("match.linked", n) for n in (0, 2, 11)] == ["match.linked"] * 3
    assert t(plural("match.linked", 1), count=1, ref="R26-0001") == "1 activiteit gekoppeld aan R26-0001 (voorgesteld)."
    assert t(plural("match.linked", 3), count=3, ref="R26-0001") == "3 activiteiten gekoppeld aan R26-0001 (voorgesteld)."
    i18n.set_language("en")
    assert t(plural("match.linked", 1), count=1, ref="R26-0001") == "1 activity linked to R26-0001 (suggested)."
    assert t(plural("count.times", 1), count=1) == "1 time" and t(plural("count.times", 0), count=0) == "0 times"


def test_every_counted_text_has_both_forms_in_both_languages():
    used = set()
    for path in CODE.rglob("*.py"):
        used |= set(PLURAL_KEY.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 40, "the pattern should find the counted texts"
    for lang in ("nl", "en"):
        known = catalogue(lang)
        for key in used:
            pattern = re.compile(re.escape(key).replace(r"\{table\}", r"[a-z_]+") + r"$")
            forms = [k for k in known if pattern.match(k)]
            assert forms, (lang, key)
            for form in forms:
                assert form + ".one" in known, (lang, form)
        for key in known:
            if key.endswith(".one"):
                assert key[: -len(".one")] in known, (lang, key)


def test_no_text_hedges_its_plural_any_more():
    for lang in ("nl", "en"):
        assert [k for k, v in catalogue(lang).items() if HEDGE.search(v)] == []


def test_the_agenda_counts_its_items_and_days(tmp_path):
    new_referral(tmp_path, referral__date="2026-11-20", consent__date="2026-11-20")
    assert invoke("agenda", "--days", "1").stdout.startswith("Niets gepland of nodig in de komende 1 dag.")
    assert invoke("agenda", "--days", "30").stdout.startswith("Agenda: 1 punt, tot 30 dagen vooruit")
    new_referral(tmp_path, referral__date="2026-11-21", consent__date="2026-11-21")
    assert invoke("agenda", "--days", "30").stdout.startswith("Agenda: 2 punten, tot 30 dagen vooruit")
    assert invoke("agenda", "--days", "1", "--lang", "en").stdout.startswith("Nothing planned or due in the next 1 day.")
    assert invoke("agenda", "--days", "30", "--lang", "en").stdout.startswith("Agenda: 2 items, up to 30 days ahead")


@pytest.mark.parametrize("lang, one, several", [
    ("nl", "deze verwijzing heeft 1 gesprek.", "deze verwijzing heeft 2 gesprekken."),
    ("en", "this referral has 1 conversation.", "this referral has 2 conversations."),
])
def test_a_correction_names_how_many_conversations_there_are(tmp_path, lang, one, several):
    ref = new_referral(tmp_path)
    contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"}})
    result = invoke("edit", ref, "--contact", "7", "--set", "contact.minutes=30", "--lang", lang)
    assert result.exit_code == 2 and one in result.stderr
    contact(tmp_path, ref, {"contact": {"date": "2026-11-16", "mode": "phone"}})
    assert several in invoke("edit", ref, "--contact", "7", "--set", "contact.minutes=30", "--lang", lang).stderr


def test_an_answers_file_with_several_problems_counts_them(tmp_path):
    path = write_yaml(tmp_path / "bad.yaml", {"client": {"name": "", "birth_year": "oud"},
                                             "referrer": {"name": "P. de Boer", "practice": "Atol"},
                                             "referral": {"date": "2026-11-02", "reasons": ["eenzaamheid"],
                                                          "question": "Eenzaam"},
                                             "consent": {"processing": True, "gp_feedback": True, "date": "2026-11-02"}})
    result = invoke("intake", "--new", "--answers", path, "--no-input")
    assert result.exit_code == 2 and re.search(r"Er klopt iets niet \(\d+ punten\):", result.stderr)
    assert t(plural("errors.invalid_input", 1), count=1) == "Er klopt iets niet (1 punt):"
