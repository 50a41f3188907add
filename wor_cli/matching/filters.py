"""Filters: strict, in SQL where possible, distance checked after."""

from __future__ import annotations

from typing import Any

from wor_cli.catalogue.index import CatalogueIndex
from wor_cli.catalogue.postcodes import distance_km
from wor_cli.matching.query import Query
from wor_cli.vocabulary import DAYS


NO_FILTERS = "1"  # the WHERE of a search the coach did not narrow


def filter_sql(query: Query) -> tuple[str, list[Any]]:
    """Filters on the activities table `a`, as SQL with parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def any_of(column: str, values: list[str]) -> None:
        clauses.append("(" + " OR ".join(f"a.{column} LIKE ?" for _ in values) + ")")
        params.extend(f"%|{v}|%" for v in values)

    if query.themes:
        any_of("themes", query.themes)
    if query.languages:
        any_of("langs", query.languages)
    for value in query.accessible:
        clauses.append("a.access LIKE ?")
        params.append(f"%|{value}|%")
    if query.days:
        mask = sum(1 << DAYS.index(day) for day in query.days)
        clauses.append("(a.days & ?) != 0")
        params.append(mask)
    if query.free:
        clauses.append("a.cost = 0")
    if query.max_cost is not None:
        clauses.append("a.cost IS NOT NULL AND a.cost <= ?")
        params.append(query.max_cost)
    if query.max_age_fit is not None:
        clauses.append("(a.min_age IS NULL OR a.min_age <= ?) AND (a.max_age IS NULL OR a.max_age >= ?)")
        params += [query.max_age_fit, query.max_age_fit]
    if query.near is not None and query.km is not None:
        # A generous box first (cheap, in SQL); the exact distance is checked after.
        lat, lon = query.near
        dlat = query.km / 110.0
        dlon = query.km / 60.0  # at 52° north one degree of longitude is ~68 km
        clauses.append(
            "(a.online = 1 OR (a.lat BETWEEN ? AND ? AND a.lon BETWEEN ? AND ?) OR (a.lat IS NULL AND a.pc4 IS NOT NULL))"
        )
        params += [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
    return (" AND ".join(clauses) or NO_FILTERS), params


def distance_of(
    index: CatalogueIndex, query: Query, online: bool, lat: float | None, lon: float | None, pc4: str | None,
    centres: dict[str, tuple[float, float] | None],
) -> float | None:
    """Km from the query's centre to the activity's coordinates, or to the centre of its
    own postcode area when it has only a postcode (`centres` remembers each area's centre
    for one search). None when not searching near a place, online, or nowhere known."""
    if query.near is None or online:
        return None
    if lat is not None:
        return distance_km(query.near, (lat, lon))
    if pc4:
        if pc4 not in centres:
            centres[pc4] = area_centre(index, pc4)
        if centres[pc4] is not None:
            return distance_km(query.near, centres[pc4])
    return None


def area_centre(index: CatalogueIndex, area: str) -> tuple[float, float] | None:
    """The organisation's table first, then the catalogue's own entries."""
    from wor_cli.catalogue.postcodes import table_centre

    return table_centre(area) or index.pc4_centre(area)
