"""Property test: whatever the words and filters, a result never violates a filter.

Each result is checked against the activity's own data with code written
independently of the search (plain Python over the JSON), so a bug in the SQL
filters cannot hide behind the same bug in the check.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import CATALOGUE
from wor_cli import catalogue, matching
from wor_cli.catalogue.postcodes import pc4
from wor_cli.vocabulary import ACCESSIBILITY, DAYS, THEMES

WORDS = ["", "wandelen", "koffie", "eenzaam", "schulden", "rouw", "breien", "walking", "tuin", "taal",
         "weduwe eenzaam gebreid", "wandlen", "yoga", "samen eten", "vrijwilliger", "slechthorend",
         "komt de deur niet uit"]
AREAS = ["8232", "8224", "8243", "8219", "8225", "8231"]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return catalogue.open_index(CATALOGUE)


def haversine(a, b):
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


filters = st.fixed_dictionaries(
    {
        "text": st.sampled_from(WORDS),
        "themes": st.lists(st.sampled_from(THEMES), max_size=2, unique=True),
        "days": st.lists(st.sampled_from(DAYS), max_size=2, unique=True),
        "free": st.booleans(),
        "max_cost": st.one_of(st.none(), st.sampled_from([0, 1, 2.5, 5, 30])),
        "accessible": st.lists(st.sampled_from(ACCESSIBILITY), max_size=2, unique=True),
        "max_age_fit": st.one_of(st.none(), st.integers(min_value=14, max_value=95)),
        "languages": st.lists(st.sampled_from(["nl", "en", "ar", "tr", "pl"]), max_size=2, unique=True),
        "near": st.one_of(st.none(), st.sampled_from(AREAS)),
        "km": st.sampled_from([0.5, 1, 2, 5]),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=filters)
def test_no_result_ever_violates_a_filter(index, f):
    query = matching.Query(
        text=f["text"], themes=f["themes"], days=f["days"], free=f["free"], max_cost=f["max_cost"],
        accessible=f["accessible"], max_age_fit=f["max_age_fit"], languages=f["languages"], limit=200,
    )
    centre = None
    if f["near"]:
        centre = matching.area_centre(index, pc4(f["near"]))
        query.near, query.near_label, query.km = centre, f["near"], f["km"]
    for result in matching.search(index, query):
        a = result.activity
        if f["themes"]:
            assert set(a["themes"]) & set(f["themes"])
        if f["days"]:
            assert {slot["day"] for slot in a["schedule"]} & set(f["days"])
        if f["free"]:
            assert a["cost"] is not None and a["cost"]["amount"] == 0
        if f["max_cost"] is not None:
            assert a["cost"] is not None and a["cost"]["amount"] <= f["max_cost"]
        for value in f["accessible"]:
            assert value in a["accessibility"]
        if f["max_age_fit"] is not None and a["eligibility"]:
            low, high = a["eligibility"]["min_age"], a["eligibility"]["max_age"]
            assert (low is None or low <= f["max_age_fit"]) and (high is None or f["max_age_fit"] <= high)
        if f["languages"]:
            assert set(a["languages"]) & set(f["languages"])
        if centre is not None and not a["online"]:
            location = a["location"] or {}
            assert location.get("lat") is not None or location.get("postcode")
            if location.get("lat") is not None:
                assert haversine(centre, (location["lat"], location["lon"])) <= f["km"] + 1e-9
            assert result.distance_km is not None and result.distance_km <= f["km"] + 1e-9


def test_filters_do_let_activities_through(index):
    """The property above must not hold merely because nothing is ever found."""
    assert matching.search(index, matching.Query(text="koffie", free=True, days=["tuesday"], limit=50))
    near = matching.Query(text="", limit=200, km=2)
    near.near = matching.area_centre(index, "8232")
    found = matching.search(index, near)
    assert any(not r.activity["online"] for r in found) and any(r.activity["online"] for r in found)
