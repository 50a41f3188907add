"""`wor match`: words a coach types, filters, `why`, `--client`, and the output."""

from __future__ import annotations

import json

import pytest

from tests.helpers import CATALOGUE, contact, invoke, new_referral
from wor_cli.matching import edit_distance


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("catalogue-cache")


@pytest.fixture(autouse=True)
def one_index_for_the_module(shared_cache, monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests only read the bundled catalogue: one index (a temporary cache, never the
    coach's) serves them all, instead of building it and its word list again per test."""
    monkeypatch.setenv("WOR_CACHE_DIR", str(shared_cache))


def match(*args: str) -> list[dict]:
    result = invoke("match", *args, "--json", "--catalogue", CATALOGUE)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(*args: str, limit: int = 5) -> list[str]:
    return [r["id"] for r in match(*args, "--limit", str(limit))]


def test_the_json_shape():
    results = match("wandelen", "--limit", "3")
    assert len(results) == 3
    for key in ("id", "name", "score", "themes", "why", "distance_km"):
        assert key in results[0]
    assert results[0]["distance_km"] is None
    assert results[0]["score"] >= results[1]["score"] >= results[2]["score"]
    assert all(isinstance(w, str) for w in results[0]["why"])


@pytest.mark.parametrize(
    ("query", "expected", "why"),
    [
        ("wandelen", "wandelgroep-hollandse-hout", "wandelen"),
        ("lopen", "wandelgroep-hollandse-hout", "lopen"),  # the catalogue's own keyword
        ("geldzorgen", "geldmaatje-lelystad", "geldzorgen"),  # the thesaurus: schulden, schuldhulp
        ("eenzaamheid", "belmaatje-lelystad", "eenzaamheid"),  # stemmed to the same as "eenzaam"
        ("wandlen", "wandelgroep-hollandse-hout", "wandlen → wandelen"),  # a typo
        ("schuldhlp", "geldmaatje-lelystad", "schuldhlp → schuldhulp"),
        ("walking group", "wandelgroep-hollandse-hout", "walking group → "),  # English
        ("debt", "geldmaatje-lelystad", "debt → "),
        ("breien", "handwerkcafe-draad-en-praat", "breien"),
    ],
)
def test_coaches_words_find_the_catalogues_words(query, expected, why):
    results = match(query, "--limit", "5")
    found = [r["id"] for r in results]
    assert expected in found, found
    reasons = next(r["why"] for r in results if r["id"] == expected)
    assert any(reason.startswith(why) for reason in reasons), reasons


def test_a_short_client_description_finds_what_fits_each_part():
    found = ids("weduwe, eenzaam, vroeger veel gebreid", limit=5)
    assert "handwerkcafe-draad-en-praat" in found  # knitting
    assert "koffie-voor-wie-alleen-verder-gaat" in found  # widows
    results = match("weduwe, eenzaam, vroeger veel gebreid", "--limit", "10")
    knitting = next(r for r in results if r["id"] == "handwerkcafe-draad-en-praat")
    assert any("gebreid" in w for w in knitting["why"])


def test_a_match_in_the_name_beats_one_in_the_description():
    results = match("koor", "--limit", "10")
    first = results[0]
    assert "koor" in first["name"].lower()


def test_typo_distance():
    assert edit_distance("wandlen", "wandelen", 2) == 1
    assert edit_distance("schuldhlp", "schuldhulp", 2) == 1
    assert edit_distance("lopne", "lopen", 1) == 1  # two letters swapped count once
    assert edit_distance("yoga", "koor", 1) == 2  # capped above the limit


def test_words_it_does_not_know_find_nothing_rather_than_anything():
    assert match("xqzwv") == []


def test_no_words_but_filters_lists_what_passes():
    results = match("--theme", "rouw", "--limit", "50")
    assert results and all("rouw" in r["themes"] for r in results)


def test_filters_say_why_they_matched():
    results = match("koffie", "--free", "--day", "dinsdag", "--near", "8232", "--km", "3", "--limit", "3")
    assert results
    for r in results:
        assert "gratis" in r["why"] and "op dinsdag" in r["why"]
        assert r["distance_km"] is None or r["distance_km"] <= 3
        assert any("km van 8232" in w or w == "online" for w in r["why"])


def test_online_activities_pass_a_distance_filter_and_say_so():
    results = match("rouw", "--near", "8243", "--km", "0.5", "--limit", "20")
    online = [r for r in results if r["online"]]
    assert online and all("online" in r["why"] and r["distance_km"] is None for r in online)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--theme", "sport"], "Onbekend thema"),
        (["--day", "someday"], "Onbekende dag"),
        (["--km", "3"], "--near"),
        (["--near", "1234"], "onbekend"),
        (["--near", "abc"], "geen postcode"),
        (["--accessible", "lift"], "Onbekende voorziening"),
        (["--language", "dutch"], "taalcode"),
        (["--limit", "0"], "--limit"),
        (["--max-cost", "-1"], "negatief"),
        (["--max-age-fit", "130"], "leeftijd"),
    ],
)
def test_bad_options_are_bad_usage(args, words):
    result = invoke("match", "koffie", *args, "--catalogue", CATALOGUE)
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.output


def test_a_postcode_table_gives_distance_for_areas_without_activities(tmp_path):
    table = tmp_path / "pc4.csv"
    table.write_text("pc4;lat;lon\n8251;52.50;5.60\n8232;52.5195;5.4720\n", encoding="utf-8")
    loaded = invoke("catalogue", "postcodes", table)
    assert loaded.exit_code == 0 and "2 postcodegebieden" in loaded.stdout
    results = match("koffie", "--near", "8251", "--km", "15", "--limit", "3")
    assert results and all(r["distance_km"] is not None or r["online"] for r in results)


def test_a_bad_postcode_table_names_the_line(tmp_path):
    table = tmp_path / "pc4.csv"
    table.write_text("pc4,lat,lon\n8251,52.50,5.60\n82x1,52.5,5.4\n", encoding="utf-8")
    result = invoke("catalogue", "postcodes", table)
    assert result.exit_code == 2 and "pc4.csv:3" in result.stderr


def test_client_builds_the_search_from_the_referral(tmp_path):
    ref = new_referral(tmp_path, referral__reasons=["rouw"], client__postcode="8232 JH")
    contact(tmp_path, ref, {"contact": {"date": "2026-11-09", "mode": "phone", "what_matters": "wandelen in de natuur"}})
    results = match("--client", ref, "--limit", "5")
    assert results
    for r in results:
        assert r["distance_km"] is None or r["distance_km"] <= 5  # the default radius
    assert any("past bij rouw en verlies" in w for r in results for w in r["why"])
    assert any(r["id"] == "rouwwandeling-zuigerplasbos" for r in results)


def test_client_age_excludes_activities_for_others(tmp_path):
    young = new_referral(tmp_path, client__birth_year=2004, client__postcode=None)
    older = new_referral(tmp_path, client__birth_year=1948, client__postcode=None)
    for_young = match("--client", young, "--limit", "30")
    assert for_young  # the check below holds for an empty list too: it must have something to check
    for r in for_young:
        elig = r["eligibility"] or {}
        assert elig.get("min_age") is None or elig["min_age"] <= 22
    # ... and the age does exclude something: what the same search finds for an older client.
    only_older = {r["id"] for r in match("--client", older, "--limit", "30") if ((r["eligibility"] or {}).get("min_age") or 0) > 22}
    assert only_older and not only_older & {r["id"] for r in for_young}


def test_client_by_part_of_the_name_as_show_and_edit_take_it(tmp_path):
    ref = new_referral(tmp_path, client__name="Gerrit Molenaar", referral__reasons=["rouw"])
    by_ref = match("--client", ref, "--limit", "5")
    assert by_ref and match("--client", "molenaar", "--limit", "5") == by_ref
    nobody = invoke("match", "--client", "Zwanet", "--catalogue", CATALOGUE)
    assert nobody.exit_code == 1 and "Zwanet" in nobody.stderr and "Traceback" not in nobody.output


def test_why_names_the_language_in_words_not_as_a_code():
    results = match("wandelen", "--language", "nl", "--limit", "3")
    assert results and all("taal: Nederlands" in r["why"] for r in results)
    english = json.loads(invoke("--lang", "en", "match", "wandelen", "--language", "nl", "--limit", "1", "--json",
                                "--catalogue", CATALOGUE).stdout)
    assert "language: Dutch" in english[0]["why"]


def test_words_that_reach_nothing_leave_the_filters_to_decide():
    """With transport arranged asked for, "kan niet zelf reizen"'s words reached nothing and the
    coach got nothing, though the catalogue has activities with transport."""
    filtered = match("xqzzyvlorp", "--accessible", "transport-available", "--limit", "30")
    assert filtered and all("vervoer mogelijk" in r["why"] for r in filtered)
    assert all("transport-available" in r["accessibility"] for r in filtered)
    assert match("xqzzyvlorp", "--limit", "5") == []  # no filter: nothing to go on, nothing shown


def test_few_found_by_the_words_is_filled_up_by_what_the_filters_admit():
    """"fotografie" with --free found four free activities; a coach who set a filter sees a
    first screen of what passes it, after what the words found, never before it."""
    words_only = match("fotografie", "--free", "--limit", "30")
    filled = match("fotografie", "--free", "--limit", "8")
    assert len(filled) == 8 and all(r["cost"]["amount"] == 0 for r in filled)
    by_words = [r for r in filled if any(w != "gratis" for w in r["why"])]
    assert 1 <= len(by_words) < 5 and filled[: len(by_words)] == by_words
    assert [r["id"] for r in words_only[:8]] == [r["id"] for r in filled]  # the limit cuts, it does not reorder
    assert len(match("fotografie", "--limit", "30")) > len(by_words)  # no filter: nothing filled up


def test_unknown_client_is_exit_1():
    result = invoke("match", "--client", "R26-0404", "--catalogue", CATALOGUE)
    assert result.exit_code == 1


def test_the_table_fits_80_columns_and_names_cost_and_place():
    result = invoke("match", "koffie", "--near", "8232", "--km", "2", "--catalogue", CATALOGUE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "km" in result.stdout and ("gratis" in result.stdout or "€" in result.stdout)


def test_linking_activities_to_a_referral(tmp_path):
    from wor_cli import contacts, referrals
    from wor_cli.store import open_store
    from tests.helpers import TODAY  # noqa: F401  (today is fixed by the fixture)

    ref = new_referral(tmp_path)
    store = open_store(tmp_path / "home" / "data" / "wor.db")
    contacts.link(store, ref, [("wandelgroep-hollandse-hout", "Wandelgroep Hollandse Hout", ["bewegen"])])
    record = referrals.record(store, ref)
    assert [(a["id"], a["status"]) for a in record["activities"]] == [("wandelgroep-hollandse-hout", "suggested")]


# --- who the client is, compounds, typos, phrases (issue 11) ---------------------------------


@pytest.mark.parametrize(
    ("words", "age", "gender", "languages"),
    [
        ("weduwnaar 81", 81, "m", []),
        ("vrouw 38, eenzaam", 38, "f", []),
        ("sinds 3 jaar weduwe, 79 jaar", 79, "f", []),  # "3 jaar" is how long, not how old
        ("Poolse man 50", 50, "m", ["pl"]),
        ("man overleden, wil wandelen", None, "f", []),  # the partner died: the client is the widow
        ("meisje 17", 17, "f", []),
        ("geboren 1948", 78, None, []),
        ("2 kinderen, 5 weken ziek", None, None, []),
        ("meisje 9, vader plotseling overleden", 9, "f", []),  # a child's age is under 10 too
        ("jongen van 8, opa overleden", 8, "m", []),
        ("moeder van 3, weinig geld", None, "f", []),  # not after a word for a child: a count
    ],
)
def test_who_the_client_is_is_read_from_the_words(words, age, gender, languages):
    from wor_cli import text
    from wor_cli.matching.person import read_person

    person = read_person(text.words(words), set(), 2026)
    assert (person.age, person.gender, person.languages) == (age, gender, languages)


def test_person_words_are_evidence_shown_in_why_not_words_to_find():
    results = match("Poolse man 50, geen werk", "--limit", "5")
    assert any("in het Pools" in w for r in results for w in r["why"])
    assert not any(w in ("man", "50") for r in results for w in r["why"])  # never matched as words
    # An activity for men comes before one for women for a man, and the reverse.
    for_men = ids("man 70, eenzaam", limit=30)
    for_women = ids("vrouw 70, eenzaam", limit=30)
    assert for_men.index("mannenkamer-de-meerpaal") < for_women.index("mannenkamer-de-meerpaal")


def test_an_unknown_compound_is_split_into_known_parts():
    results = match("wandelvrienden", "--limit", "3")
    assert results and "wandelvrienden → wandel + vrienden" in results[0]["why"][0]
    # Both parts count: walking comes in the first three (a buddy to go out with may come first).
    assert any("bewegen" in result["themes"] for result in results)


def test_a_diminutive_is_its_base_word_and_a_common_word_is_not_split():
    results = match("wandelclubje", "--limit", "3")
    assert results and "wandelclubje → wandelclub" in results[0]["why"][0]
    assert all("bewegen" in r["themes"] for r in results)
    # "buitenland" is a word of its own, not "buit + land".
    assert not any("+" in w for r in match("buitenland", "--limit", "5") for w in r["why"])


def test_a_real_dutch_word_the_catalogue_lacks_is_not_corrected_into_another():
    # "kool" (cabbage) is one letter from "koor" (choir) but a word of its own.
    assert not any("kool → " in w for r in match("kool", "--limit", "5") for w in r["why"])
    # A typo of a word only the thesaurus knows is corrected.
    results = match("eenzaamheit", "--limit", "3")
    assert results and results[0]["why"][0].startswith("eenzaamheit → eenzaamheid")


def test_a_phrase_is_found_with_small_words_in_between():
    # Found as the thesaurus's "heeft nergens zin in", and named in `why` as the coach typed it.
    results = match("heeft nergens meer zin in", "--limit", "3")
    assert results and results[0]["why"][0].startswith("heeft nergens meer zin in ≈")


def test_a_phrase_is_named_as_typed_not_as_the_thesaurus_writes_it():
    # The thesaurus has "mist haar werk" and "mist zijn werk"; pronouns do not count in finding
    # a phrase, so either may be found, but a coach writing about a man reads "zijn".
    whys = [w for r in match("mist zijn werk", "--limit", "5") for w in r["why"]]
    assert any(w.startswith("mist zijn werk") for w in whys)
    assert not any("haar" in w for w in whys)


def test_an_english_question_about_a_newcomer_reaches_international_groups():
    results = match("new to the country, lonely", "--limit", "5")
    international = {"internationale-vrouwengroep", "taal-en-meedoen-statushouders", "online-taalcafe"}
    assert international & {r["id"] for r in results}
    assert any("new to the country → " in w for r in results for w in r["why"])


def test_a_common_word_or_a_place_does_not_outweigh_what_an_activity_is():
    # "samen", "doet", "thuis" are everyday Dutch; the walking groups stay on top.
    first = ids("wandelen, doet het liefst samen, zit veel thuis", limit=3)
    assert any(i.startswith(("wandelgroep", "ommetje")) for i in first)


def test_a_day_as_coaches_write_it():
    def ids(*day):
        result = invoke("match", "koffie", *(f for d in day for f in ("--day", d)), "--json", "--limit", "20")
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)]

    saturday = ids("saturday")
    assert saturday and ids("za") == saturday and ids("zaterdag") == saturday and ids("Sat") == saturday
    assert ids("di", "do") == ids("tuesday", "thursday") != saturday


def test_a_word_reaches_the_themes_of_its_own_matches_in_this_catalogue():
    # "toneel" is not in the thesaurus: the themes of the activities that mention it are
    # learned from the catalogue, and an activity in those themes without the word says so.
    results = match("toneel", "--limit", "10")
    by_theme = [r for r in results if any(w.startswith("toneel → ") for w in r["why"])]
    assert by_theme
    for r in by_theme:
        assert "toneel" not in (r["name"] + r["description"]).lower()
        assert "toneel" not in r["why"]


def test_a_theme_asked_for_shows_once_in_why():
    results = match("wandelen", "--theme", "bewegen", "--limit", "5")
    assert results
    for r in results:
        assert r["why"].count("thema bewegen") == 1, r["why"]


def test_an_everyday_word_names_no_learned_theme_in_why():
    # "geleden" and "moeilijk" weigh little (everyday Dutch): their matches' themes still
    # count a little, but `why` does not say "geleden → thema rouw".
    from tests.ranking import SETS

    result = invoke("match", "man twee jaar geleden overleden, zij heeft het moeilijk", "--json", "--limit", "10",
                    "--catalogue", SETS["blind-d"][0])
    assert result.exit_code == 0, result.output
    why = [w for r in json.loads(result.stdout) for w in r["why"]]
    assert why and not [w for w in why if w.startswith(("geleden → ", "moeilijk → "))]
