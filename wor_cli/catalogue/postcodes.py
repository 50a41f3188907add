"""Where a postcode is, for "within 5 km of the client".

Distance is the straight line from the centre of the client's 4-digit
postcode area (PC4). The centre comes from the organisation's own postcode
table (`wor catalogue postcodes FILE`: a CSV of PC4, latitude, longitude, as
published by CBS/PDOK), and otherwise from the centre of the catalogue's own
activities in that area. A postcode known to neither is an error, not a guess.
"""

from __future__ import annotations

import csv
import math
import re
from functools import cache
from pathlib import Path

from wor_cli.errors import BadInput, InvalidInput, Problem

TABLE_NAME = "postcodes.csv"
_PC4 = re.compile(r"\s*([1-9]\d{3})\s?(?:[A-Za-z]{2})?\s*")
EARTH_KM = 6371.0088


def pc4(postcode: str) -> str:
    """"8232 AB", "8232AB" or "8232" -> "8232"; anything else is bad input."""
    found = _PC4.fullmatch(str(postcode))
    if not found:
        raise BadInput("match.bad_postcode", value=postcode)
    return found.group(1)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine); plenty precise within a town."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def table_path() -> Path:
    from wor_cli.config import data_dir

    return data_dir() / TABLE_NAME


@cache
def _table() -> dict[str, tuple[float, float]]:
    path = table_path()
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {row[0]: (float(row[1]), float(row[2])) for row in csv.reader(f) if row and row[0] != "pc4"}


def table_centre(area: str) -> tuple[float, float] | None:
    return _table().get(area)


MAX_TABLE_BYTES = 32 * 1024 * 1024  # all 4,000 PC4 areas fit in 200 KB; even PC6 fits in this


def read_table(path: Path) -> dict[str, tuple[float, float]]:
    """Read an organisation's PC4 table; every bad row is reported with its line."""
    from wor_cli.inputs import FileProblem, read

    try:
        raw = read(path, MAX_TABLE_BYTES).decode("utf-8-sig")
    except FileProblem as e:
        raise BadInput("postcodes.unreadable", path=str(path), reason=e.reason()) from None
    except UnicodeDecodeError as e:
        raise BadInput("postcodes.unreadable", path=str(path), reason=str(e)[:120]) from None
    delimiter = ";" if raw.count(";") > raw.count(",") else ","
    rows: dict[str, tuple[float, float]] = {}
    problems: list[Problem] = []
    for number, row in enumerate(csv.reader(raw.splitlines(), delimiter=delimiter), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and not row[0].strip().isdigit():
            continue  # a header line
        try:
            if len(row) < 3:
                raise ValueError
            area = pc4(row[0])
            lat, lon = float(row[1].replace(",", ".")), float(row[2].replace(",", "."))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except (ValueError, BadInput):
            problems.append(Problem("", "postcodes.bad_row", {"row": ";".join(row)}, str(path), number))
            continue
        rows[area] = (lat, lon)
    if problems:
        raise InvalidInput(problems)
    if not rows:
        raise BadInput("postcodes.empty", path=str(path))
    return rows


def save_table(rows: dict[str, tuple[float, float]]) -> Path:
    """Keep a copy in the data dir, so moving the original does not break searches."""
    target = table_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["pc4", "lat", "lon"])
        for area in sorted(rows):
            writer.writerow([area, rows[area][0], rows[area][1]])
    tmp.replace(target)
    _table.cache_clear()
    return target
