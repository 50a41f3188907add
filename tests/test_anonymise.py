"""The anonymiser: what identifies someone goes, what tells the story stays."""

from __future__ import annotations

import pytest

from wor_cli.reports.anonymise import KINDS, Anonymiser, name_parts

MARKERS = {kind: f"[{kind}]" for kind in KINDS}
KNOWN = ["Anna de Wit", "Johannes Bakker", "Wil Smit", "P. de Boer", "Huisartsenpraktijk Atolwijk"]


def clean(text: str, **private) -> str:
    return Anonymiser(MARKERS, names=KNOWN).clean(text, **private)


@pytest.mark.parametrize(
    "text, gone, kept",
    [
        ("Mevrouw De Wit (82 jaar) woont aan de Kerkstraat 12, 8232 JH Lelystad.",
         ["Wit", "82", "Kerkstraat", "12", "8232", "JH", "Lelystad"], ["Mevrouw", "woont aan"]),
        ("Bel haar op 06-12345678 of 0320 22 45 60, of mail anna.dewit@example.org.",
         ["12345678", "0320", "45 60", "anna", "example"], ["Bel haar op", "of mail"]),
        ("Haar buurman Henk gaat mee naar Koffieochtend De Zuiderwagen.",
         ["Henk", "Zuiderwagen", "Koffieochtend"], ["Haar buurman", "gaat mee naar"]),
        ("Geboren in 1948; de 78-jarige is sinds 3 maart 2026 weduwe.",
         ["1948", "78", "3 maart", "2026"], ["Geboren in", "weduwe"]),
        ("Jan van der Berg van Humanitas is haar maatje.", ["Jan", "Berg", "Humanitas"], ["is haar maatje"]),
        ("Op 12-03-2026 en op 2026-04-02 gesproken.", ["12-03", "2026", "04-02"], ["Op", "gesproken"]),
        ("Zie www.samenlelystad.example of https://x.example/a.", ["samenlelystad", "x.example"], ["Zie"]),
        ("Ze woont in de Zuiderzeewijk, vlak bij het Atolplein.", ["Zuiderzeewijk", "Atolplein"], ["Ze woont in"]),
        ("Via de Voedselbank in Almere kreeg ze hulp.", ["Voedselbank", "Almere"], ["kreeg ze hulp"]),
        ("Wil is begonnen met wandelen.", ["Wil"], ["is begonnen met wandelen"]),  # a name that is also a word
    ],
)
def test_identifying_details_go(text, gone, kept):
    result = clean(text)
    for word in gone:
        assert word not in result, result
    for words in kept:
        assert words in result, result


def test_what_tells_the_story_stays():
    story = (
        "Wandelen gaat goed. Sinds 3 weken gaat ze 2 keer per week naar de inloop. "
        "De cliënt voelt zich minder eenzaam. GGD en Wmo zijn op de hoogte. Na 5 gesprekken afgesloten."
    )
    assert clean(story) == story


def test_the_clients_own_names_go_in_any_case():
    text = "anna de wit voelt zich beter; ANNA is blij. Dokter de boer is tevreden; huisartsenpraktijk atolwijk ook."
    result = clean(text, names=("Anna de Wit", "P. de Boer"), phrases=("Huisartsenpraktijk Atolwijk",))
    assert "anna" not in result.lower() and "wit" not in result.lower()
    assert "boer" not in result.lower() and "atolwijk" not in result.lower()
    assert "voelt zich beter" in result and "is tevreden" in result


def test_markers_read_well():
    assert clean("Anna de Wit-Bakker en Johannes gaan samen.") == "[name] en [name] gaan samen."
    assert clean("Zij woont in Lelystad.") == "Zij woont in [place]."
    assert clean("Dhr. P. de Boer belde.") == "Dhr. [name] belde."


def test_a_name_at_the_start_of_a_sentence_goes_unless_it_is_a_common_word():
    assert clean("Fatima is gestart.").startswith("[name]")  # unknown capitalised word: taken for a name
    assert clean("Lelystad bevalt goed.") == "[place] bevalt goed."
    assert clean("Koken doet ze graag; koken geeft rust.") == "Koken doet ze graag; koken geeft rust."


def test_name_parts_skip_particles_and_initials():
    assert name_parts("P. de Boer", "Anna van der Wit-Jansen") == {"Boer", "Anna", "Wit", "Jansen"}
