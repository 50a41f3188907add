"""The outcome instruments: scoring checked item by item against the published rules.

De Jong Gierveld 6-item scale (De Jong Gierveld & Van Tilburg 2006; the scoring
used by the GGD and CBS monitors): emotional items 1, 4, 6 score 1 for "ja" or
"min of meer"; social items 2, 3, 5 score 1 for "nee" or "min of meer"; total
0-1 not lonely, 2-4 moderately, 5-6 severely lonely. ONS4: each item its own
0-10 score, bands of the ONS (anxiety: lower is better).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers import contact, invoke, new_referral
from wor_cli import instruments
from wor_cli.errors import BadInput
from wor_cli.validation import Invalid

EMOTIONAL, SOCIAL = (0, 3, 5), (1, 2, 4)  # item positions, 0-based


def djg6():
    return instruments.instruments()["djg6"]


@pytest.mark.parametrize("position", range(6))
@pytest.mark.parametrize("answer", ["ja", "min of meer", "nee"])
def test_each_djg6_item_scores_as_published(position, answer):
    points = djg6().items[position].points[answer]
    if answer == "min of meer":
        expected = 1  # "more or less" counts as lonely on every item
    elif position in EMOTIONAL:
        expected = 1 if answer == "ja" else 0
    else:
        expected = 1 if answer == "nee" else 0
    assert points == expected


@pytest.mark.parametrize(
    "answers, emotional, social, total, band",
    [
        # the worked example of the brief: E = ja + mom + nee = 2, S = nee + nee + nee = 3
        (["ja", "nee", "nee", "min of meer", "nee", "nee"], 2, 3, 5, "ernstig eenzaam"),
        (["nee", "ja", "ja", "nee", "ja", "nee"], 0, 0, 0, "niet eenzaam"),  # no loneliness at all
        (["min of meer"] * 6, 3, 3, 6, "ernstig eenzaam"),  # the maximum
        (["ja"] * 6, 3, 0, 3, "matig eenzaam"),  # agrees with everything: only the emotional items count
        (["nee"] * 6, 0, 3, 3, "matig eenzaam"),  # denies everything: only the social items count
        (["ja", "ja", "ja", "nee", "ja", "nee"], 1, 0, 1, "niet eenzaam"),  # boundary: 1 is not lonely
        (["ja", "ja", "ja", "ja", "ja", "nee"], 2, 0, 2, "matig eenzaam"),  # boundary: 2 is moderately
        (["ja", "min of meer", "ja", "ja", "ja", "nee"], 2, 1, 3, "matig eenzaam"),
        (["ja", "nee", "ja", "ja", "ja", "ja"], 3, 1, 4, "matig eenzaam"),  # boundary: 4 is still moderate
        (["ja", "nee", "nee", "ja", "ja", "nee"], 2, 2, 4, "matig eenzaam"),
        (["ja", "nee", "min of meer", "ja", "ja", "ja"], 3, 2, 5, "ernstig eenzaam"),  # boundary: 5 is severe
    ],
)
def test_djg6_worked_examples(answers, emotional, social, total, band):
    instrument = djg6()
    scores = instrument.score(instrument.check_answers(answers))
    assert scores == {"total": total, "emotional": emotional, "social": social}
    assert instrument.score_by_id("total").band(total, "nl") == band


@pytest.mark.parametrize("value, band", [(0, "niet eenzaam"), (1, "enigszins eenzaam"), (2, "enigszins eenzaam"),
                                         (3, "sterk eenzaam")])
def test_djg6_subscale_bands(value, band):
    for score in ("emotional", "social"):
        assert djg6().score_by_id(score).band(value, "nl") == band


def test_djg6_definition_matches_the_contract():
    instrument = djg6()
    assert instrument.options == ("ja", "min of meer", "nee")
    assert [i.text["nl"] for i in instrument.items] == [
        "Ik ervaar een leegte om me heen.",
        "Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen.",
        "Er zijn veel mensen op wie ik volledig kan vertrouwen.",
        "Ik mis mensen om me heen.",
        "Er zijn voldoende mensen met wie ik me nauw verbonden voel.",
        "Ik voel me vaak in de steek gelaten.",
    ]
    assert all(i.text["en"] for i in instrument.items)
    assert {s.id: (s.low, s.high, s.better) for s in instrument.scores} == {
        "total": (0, 6, "lower"), "emotional": (0, 3, "lower"), "social": (0, 3, "lower"),
    }
    assert instrument.score_by_id("total").band(5, "en") == "severely lonely"
    assert instrument.option_label("min of meer", "en") == "more or less"
    assert instrument.option_label("min of meer", "nl") == "min of meer"


def test_djg6_answers_are_checked():
    instrument = djg6()
    assert instrument.check_answers(["Ja", " nee", "MIN OF MEER", "ja", "nee", "ja"])[2] == "min of meer"
    with pytest.raises(Invalid) as found:
        instrument.check_answers(["ja", "soms", "nee", "ja", "nee", "ja"])
    assert found.value.key == "measure.choice_item" and found.value.params["number"] == 2
    with pytest.raises(Invalid):
        instrument.check_answers(["ja"] * 5)


@pytest.mark.parametrize(
    "answers, expected",
    [
        ([6, 5, 4, 7], {"satisfied": "gemiddeld", "worthwhile": "gemiddeld", "happy": "laag", "anxious": "hoog"}),
        ([0, 10, 7, 1], {"satisfied": "laag", "worthwhile": "zeer hoog", "happy": "hoog", "anxious": "zeer laag"}),
        ([9, 8, 5, 3], {"satisfied": "zeer hoog", "worthwhile": "hoog", "happy": "gemiddeld", "anxious": "laag"}),
        ([4, 7, 6, 5], {"satisfied": "laag", "worthwhile": "hoog", "happy": "gemiddeld", "anxious": "gemiddeld"}),
        ([5, 6, 8, 6], {"satisfied": "gemiddeld", "worthwhile": "gemiddeld", "happy": "hoog", "anxious": "hoog"}),
    ],
)
def test_ons4_worked_examples(answers, expected):
    ons4 = instruments.instruments()["ons4"]
    scores = ons4.score(answers)
    assert scores == dict(zip(("satisfied", "worthwhile", "happy", "anxious"), answers))
    assert {k: ons4.score_by_id(k).band(v, "nl") for k, v in scores.items()} == expected


def test_changes_read_each_direction():
    taken = [
        {"instrument": "djg6", "date": "2026-01-05", "scores": {"total": 5, "emotional": 2, "social": 3}},
        {"instrument": "ons4", "date": "2026-01-05", "scores": {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7}},
        {"instrument": "djg6", "date": "2026-03-30", "scores": {"total": 2, "emotional": 2, "social": 0}},
        {"instrument": "ons4", "date": "2026-03-30", "scores": {"satisfied": 3, "worthwhile": 5, "happy": 6, "anxious": 4}},
    ]
    found = {(c["instrument"], c["score"]): (c["change"], c["improved"]) for c in instruments.changes(taken)}
    assert found[("djg6", "total")] == (-3, True)  # less lonely is better
    assert found[("djg6", "emotional")] == (0, False)
    assert found[("ons4", "satisfied")] == (-1, False)
    assert found[("ons4", "anxious")] == (-3, True)  # less anxious is better
    assert found[("ons4", "happy")] == (3, True)


def test_the_contact_guide_takes_both_questionnaires_at_start_and_close():
    from wor_cli.contacts import load_guide

    guide = load_guide()
    assert guide.stage_for(1).measures == ("ons4", "djg6")
    assert guide.closing_measures == ("ons4", "djg6")


def test_the_interactive_flow_offers_the_answers_in_the_coach_language():
    from wor_cli.intake import flows
    from wor_cli.intake.questions import Question

    for lang, middle in (("nl", "min of meer"), ("en", "more or less")):
        questions = []
        flow = flows._measure("djg6", lang)
        item = next(flow)
        try:
            while True:
                if isinstance(item, Question):
                    questions.append(item)
                    item = flow.send(item.choices[1].value)
                else:
                    item = flow.send(None)
        except StopIteration as stop:
            answers = stop.value
        assert len(questions) == 6 and all(q.kind == "select" for q in questions)
        assert [c.label for c in questions[0].choices][1] == middle
        assert answers == ["min of meer"] * 6  # what is stored is always the Dutch option


# --- an organisation's own instruments --------------------------------------------------

OWN = """\
id: wemwbs7
name: {nl: Welbevinden kort (SWEMWBS), en: Short well-being (SWEMWBS)}
answers: {type: scale, min: 1, max: 5}
items:
  - {id: optimistic, text: {nl: Ik voel me optimistisch over de toekomst., en: I've been feeling optimistic.}}
  - {id: useful, text: {nl: Ik voel me nuttig., en: I've been feeling useful.}}
scores:
  - id: total
    items: all
    better: higher
    name: {nl: totaal, en: total}
    bands:
      - {max: 5, nl: laag, en: low}
      - {max: 10, nl: hoog, en: high}
"""


def _use_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "vragenlijsten"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert invoke("config", "set", "instruments_dir", str(folder)).exit_code == 0
    instruments.instruments.cache_clear()
    return folder


def test_an_organisation_adds_its_own_instrument(tmp_path):
    _use_folder(tmp_path, {"swemwbs.yaml": OWN})
    known = instruments.instruments()
    assert set(known) == {"ons4", "djg6", "wemwbs7"}
    assert known["wemwbs7"].score([4, 5]) == {"total": 9}
    assert known["wemwbs7"].score_by_id("total").label("en") == "total"


def test_a_changed_file_is_read_again_despite_the_cache(tmp_path):
    folder = _use_folder(tmp_path, {"swemwbs.yaml": OWN})
    assert instruments.instruments()["wemwbs7"].label("nl") == "Welbevinden kort (SWEMWBS)"
    path = folder / "swemwbs.yaml"
    path.write_text(OWN.replace("Welbevinden kort", "Korte welbevindenlijst"), encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    instruments.instruments.cache_clear()
    assert instruments.instruments()["wemwbs7"].label("nl") == "Korte welbevindenlijst (SWEMWBS)"


@pytest.mark.parametrize(
    "broken, line, words",
    [
        (OWN.replace("better: higher", "better: sideways"), 10, "better"),
        (OWN.replace("items: all", "items: [optimistic, hopeful]"), 9, "hopeful"),
        (OWN.replace("answers: {type: scale, min: 1, max: 5}", "answers: {type: scale, min: 1, max: 5"), None, ""),
        (OWN.replace("  - {id: useful, text: {nl: Ik voel me nuttig., en: I've been feeling useful.}}\n",
                     "  - {id: useful}\n"), 6, "text"),
    ],
)
def test_a_broken_organisation_file_is_an_error_naming_file_and_line(tmp_path, broken, line, words):
    _use_folder(tmp_path, {"swemwbs.yaml": broken})
    with pytest.raises(BadInput) as found:
        instruments.instruments()
    message = found.value.message()
    assert "swemwbs.yaml" in message
    if line:
        assert f"swemwbs.yaml:{line}" in message
    assert words in message
    # and a command says so in one clear message, exit 2
    ref = new_referral(tmp_path)
    result = contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone"}, "measures": {"ons4": [5, 5, 5, 5]}})
    assert result.exit_code == 2 and "swemwbs.yaml" in result.output


def test_a_missing_organisation_folder_is_named(tmp_path):
    assert invoke("config", "set", "instruments_dir", str(tmp_path / "nergens")).exit_code == 0
    instruments.instruments.cache_clear()
    with pytest.raises(BadInput) as found:
        instruments.instruments()
    assert "nergens" in found.value.message()
