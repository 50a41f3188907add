"""`wor show`: the change since the first measurement, in the right direction per score."""

from __future__ import annotations

import json

from tests.helpers import contact, invoke, new_referral

FIRST = {
    "contact": {"date": "2026-11-09", "mode": "face-to-face"},
    "measures": {"ons4": [4, 5, 3, 7], "djg6": ["ja", "nee", "nee", "min of meer", "nee", "nee"]},
}
CLOSING = {
    "contact": {"date": "2026-11-20", "mode": "phone"},
    "measures": {"ons4": [6, 5, 6, 4], "djg6": ["nee", "ja", "min of meer", "nee", "ja", "nee"]},
    "close": {"outcome": "completed", "summary": "Gaat zelf verder met de koffieochtend.", "shareable": False},
}


def test_show_lists_the_change_per_score(tmp_path):
    ref = new_referral(tmp_path)
    assert contact(tmp_path, ref, FIRST).exit_code == 0
    before = invoke("show", ref)
    assert "Verandering sinds de eerste meting" in before.output
    assert "nog geen" in before.output  # (wrapped in 80 columns) no second measurement yet
    assert contact(tmp_path, ref, CLOSING).exit_code == 0

    shown = invoke("show", ref).output
    assert "5 (ernstig eenzaam)" in shown and "1 (niet eenzaam)" in shown
    assert "-4 (beter)" in shown  # loneliness 5 -> 1: down is better
    assert "-3 (beter)" in shown  # anxious 7 -> 4
    assert "+0 (gelijk)" in shown  # worthwhile 5 -> 5

    english = invoke("show", ref, "--lang", "en").output
    assert "Change since the first measurement" in english and "severely lonely" in english

    record = json.loads(invoke("show", ref, "--json").stdout)
    changes = {(c["instrument"], c["score"]): c for c in record["changes"]}
    assert changes[("djg6", "total")] | {} == {
        "instrument": "djg6", "score": "total", "start": 5, "start_date": "2026-11-09", "end": 1,
        "end_date": "2026-11-20", "change": -4, "better": "lower", "improved": True,
    }
    assert changes[("ons4", "happy")]["improved"] is True and changes[("ons4", "worthwhile")]["change"] == 0
