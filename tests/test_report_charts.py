"""The HTML report's charts: SVG written by hand, checked against numbers worked out by hand."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from wor_cli.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    return ET.fromstring(svg)  # well-formed XML, or this raises


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_ticks_are_round_steps_from_zero():
    assert charts._ticks(11_500) == [0, 2000, 4000, 6000, 8000, 10_000]
    assert charts._ticks(10) == [0, 2, 4, 6, 8, 10]
    assert charts._ticks(6) == [0, 1, 2, 3, 4, 5, 6]
    assert charts._ticks(100) == [0, 20, 40, 60, 80, 100]
    assert charts._ticks(2.3) == [0, 0.5, 1, 1.5, 2] and charts._ticks(2.3, whole=True) == [0, 1, 2]
    assert charts._ticks(0) == [0] and charts._ticks(float("nan")) == [0] and charts._ticks(float("inf")) == [0]


def test_bars_are_as_long_as_their_numbers():
    root = parsed(charts.bars([("verwezen", 100), ("gestart", 50), ("niemand", 0)], xlabel="aantal",
                              shown=str, title="Van verwijzing tot afsluiting"))
    assert root.find(f"{SVG}title").text == "Van verwijzing tot afsluiting"
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert len(widths) == 2  # a bar of 0 is not drawn
    assert abs(widths[0] - 2 * widths[1]) < 0.2
    # the axis runs to 115% of the largest bar: 720 px wide, 90 px right margin, labels 20 px from the bars
    left = max(len("verwezen"), len("gestart"), len("niemand")) * 0.6 * 14 + 20
    assert abs(widths[0] - (720 - 90 - max(60, left)) / 1.15) < 0.2
    words = texts(root)
    assert words[:3] == ["verwezen", "100", "gestart"] and "aantal" in words and "0" in words


def test_outcome_arrows_are_coloured_by_the_good_direction():
    rows = [
        {"instrument": "Eenzaamheid", "score": "totaal", "direction": "lager is beter", "n": 12, "start_value": 4.0,
         "end_value": 2.0, "high": 6, "better": "lower"},
        {"instrument": "Welbevinden", "score": "tevreden", "direction": "hoger is beter", "n": 12,
         "start_value": 6.0, "end_value": 4.0, "high": 10, "better": "higher"},
        {"instrument": "Welbevinden", "score": "zinvol", "direction": "hoger is beter", "n": 0,
         "start_value": None, "end_value": None, "high": 10, "better": "higher"},
    ]
    root = parsed(charts.outcomes(rows, title="Gemiddelde score", start_label="begin", end_label="eind",
                                  xlabel="gemiddelde score"))
    heads = [polygon.get("fill") for polygon in root.iter(f"{SVG}polygon")]
    assert heads == [charts.GREEN, charts.RED]  # loneliness down is good, satisfaction down is not
    words = texts(root)
    assert not any("zinvol" in w for w in words)  # no pairs: left out
    assert {"Eenzaamheid", "Welbevinden", "begin", "eind", "n=12"} <= set(words)
    assert any(w.startswith("totaal") and "lager is beter" in w for w in words)


def test_shares_add_up_and_label_only_parts_wide_enough():
    root = parsed(charts.shares([("deze periode", [50, 30, 17, 3])], ["ja", "anders", "gestopt", "nooit"],
                                charts.FOLLOWUP_COLOURS, xlabel="deel (%)"))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")][:4]
    assert abs(widths[0] / sum(widths) - 0.5) < 0.002 and abs(widths[3] / sum(widths) - 0.03) < 0.002
    words = texts(root)
    assert "50%" in words and "17%" in words and "3%" not in words  # under 6% there is no room for a label
    assert {"ja", "anders", "gestopt", "nooit", "deel (%)"} <= set(words)


def test_before_and_after_bars_stand_on_one_axis():
    root = parsed(charts.before_after([("deze periode", 4.0, 2.0)], before_label="Ervoor", after_label="Erna",
                                      ylabel="bezoeken", shown=lambda v: f"{v:.1f}"))
    bars = [rect for rect in root.iter(f"{SVG}rect") if float(rect.get("width")) > 16]  # not the legend swatches
    heights = [float(rect.get("height")) for rect in bars]
    assert len(heights) == 2 and abs(heights[0] - 2 * heights[1]) < 0.2
    bottoms = {round(float(rect.get("y")) + float(rect.get("height")), 1) for rect in bars}
    assert len(bottoms) == 1
    assert {"4.0", "2.0", "Ervoor", "Erna", "bezoeken", "deze periode"} <= set(texts(root))


def test_labels_are_text_never_markup_and_the_same_figures_give_the_same_svg():
    rows = [("Praktijk <b>&</b> \"Zn\"", 3)]
    svg = charts.bars(rows, xlabel="x < y", title="<script>")
    assert "<b>" not in svg and "<script>" not in svg
    assert "Praktijk <b>&</b> \"Zn\"" in texts(parsed(svg))
    assert charts.bars(rows, xlabel="x < y", title="<script>") == svg
    assert not re.search(r"(?i)href|url\(|<image|<script", svg)


def test_a_chart_of_nothing_or_of_one_still_draws():
    for rows in ([("verwezen", 0)], [("verwezen", 1)], []):
        root = parsed(charts.bars(rows, xlabel="aantal", shown=str))
        assert "aantal" in texts(root)
        assert not any("," in w or "." in w for w in texts(root))  # whole ticks for counts
    assert parsed(charts.shares([("deze periode", [0, 0, 0, 0])], ["a", "b", "c", "d"], charts.FOLLOWUP_COLOURS,
                                xlabel="%")).find(f"{SVG}rect") is not None  # the legend, no bar of nothing
