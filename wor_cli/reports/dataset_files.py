"""Reading one minimal-dataset file for the organisation's report (reports/dataset.py).

Every row is checked before anything is counted; a problem names the file,
the line, the row and the field (exit 2). A file is read whole but never
beyond `MAX_FILE_BYTES`, and NaN, Infinity, huge numbers and deep nesting are
refused. The rows of wor's own exports are checked in one quick pass; only a
file that fails it is checked field by field, to name what is wrong.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from wor_cli.errors import BadInput
from wor_cli.reports import demographics
from wor_cli import clock
from wor_cli.validation import EARLIEST_YEAR, untyped_character
from wor_cli.vocabulary import OUTCOMES, STILL_TAKING_PART

MAX_FILE_BYTES = 256 * 1024 * 1024  # about 200,000 referrals per file
STATUSES = ("new", "active", "closed")
# What in a file's text may become a character nobody types (validation.untyped_character) once
# parsed: a control, direction override or lone surrogate, raw or as a JSON escape. Only a file
# with one is checked field by field for them (wor's own exports have none), so the one-pass
# check of every row stays as quick as it was.
_MAYBE_UNTYPED = re.compile(r"\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|202[a-eA-E]|206[6-9]|[dD][89a-fA-F])"
                            "|[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _refuse(constant: str) -> Any:
    raise ValueError(constant)


def read(path: Path) -> list[dict[str, Any]]:
    """The rows of one file, each checked; BadInput naming the file, line, row and field."""
    name = str(path)
    try:
        if not path.is_file():
            raise BadInput("dataset.not_a_file", path=name)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadInput("dataset.too_big", path=name, limit=MAX_FILE_BYTES // (1024 * 1024))
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise BadInput("dataset.unreadable", path=name, reason=e.strerror or str(e)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise BadInput("dataset.too_big", path=name, limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BadInput("dataset.not_utf8", path=name, line=raw[: e.start].count(b"\n") + 1) from None
    try:
        data = json.loads(text, parse_constant=_refuse)
    except json.JSONDecodeError as e:
        raise BadInput("dataset.not_json", path=name, line=e.lineno, reason=e.msg) from None
    except RecursionError:
        raise BadInput("dataset.too_deep", path=name) from None
    except ValueError as e:  # NaN/Infinity, a 5000-digit number
        raise BadInput("dataset.not_json", path=name, line=1, reason=str(e)[:80]) from None
    if not isinstance(data, list):
        raise BadInput("dataset.not_list", path=name)
    try:
        rows = data  # as exports write them: every field there and right, checked in one pass
        suspect = _MAYBE_UNTYPED.search(text) is not None  # then every row field by field as well
        real = referral_months()
        if suspect or not all(type(row) is dict and _FIELD_SET <= row.keys() and _plain(row, real) for row in data):
            rows = [_checked(row, name, number, suspect) for number, row in enumerate(data, 1)]
        _scores(rows, name)
    except BadInput as problem:  # name the line too, for the coordinator who opens the file
        problem.params["line"] = _line_of(text, problem.params["row"])
        raise
    return rows


def _line_of(text: str, number: int) -> int:
    """The line on which the `number`-th row of the file starts.

    Only for a message: the json module gives no positions, so the rows
    before it are read again, one at a time.
    """
    decoder, space = json.JSONDecoder(), json.decoder.WHITESPACE
    index = space.match(text, text.index("[") + 1).end()
    for _ in range(number - 1):
        _, index = decoder.raw_decode(text, index)
        index = space.match(text, space.match(text, index).end() + 1).end()  # past the comma
    return text.count("\n", 0, index) + 1


def _whole(low: int, high: int):
    def check(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    return check


def _one_of(values: tuple[str, ...] | list[str], *, optional: bool = True):
    def check(value: Any) -> bool:
        return (optional and value is None) or value in values
    return check


def _optional(check):
    return lambda value: value is None or check(value)


def _text(limit: int):
    return lambda value: isinstance(value, str) and 0 < len(value) <= limit and not untyped_character(value)


@lru_cache(maxsize=4)
def _months_until(year: int, month: int) -> frozenset[str]:
    return frozenset(f"{y}-{m:02d}" for y in range(EARLIEST_YEAR, year + 1) for m in range(1, 13) if (y, m) <= (year, month))


def referral_months() -> frozenset[str]:
    """Every month a referral can be in, "2000-01" to this month: the rule for typed dates
    (validation.past_date: not before the year 2000, not in the future), by the month."""
    today = clock.today()
    return _months_until(today.year, today.month)


def _month(value: Any) -> bool:
    return type(value) is str and value in referral_months()


def _texts(value: Any) -> bool:
    if type(value) is not list or len(value) > 100:
        return False
    for item in value:  # a loop, not all(...): most lists hold one to three words
        if type(item) is not str or len(item) > 200 or untyped_character(item):
            return False
    return True


def _score(value: Any) -> bool:
    return value is None or (type(value) in (int, float) and -1e6 < value < 1e6)


# What each field may hold; a field absent from an older export counts as empty.
FIELDS = {
    "id": _text(64),
    "referral_month": _month,
    "age_band": _one_of(demographics.AGE_BAND_LABELS, optional=False),
    "gender": _one_of(demographics.GENDERS),
    "area": _optional(lambda v: v in (demographics.OTHER_AREA, demographics.NO_AREA)
                      or (isinstance(v, str) and len(v) == 4 and v.isdigit())),
    "practice": _text(500),
    "reasons": _texts,
    "status": _one_of(STATUSES, optional=False),
    "days_to_first_contact": _optional(_whole(-100_000, 100_000)),
    "contacts": _whole(0, 10_000),
    "closed_month": _optional(_month),
    "outcome": _one_of(OUTCOMES),
    "dropout_reason": _optional(_text(100)),
    "activities_suggested": _optional(_whole(0, 10_000)),
    "activities_taken_up": _optional(_whole(0, 10_000)),
    "themes_taken_up": _optional(_texts),
    "activities_taken_up_ids": _optional(_texts),
    "gp_visits_before": _optional(_whole(0, 99)),
    "gp_visits_after": _optional(_whole(0, 99)),
    "followup_still_taking_part": _one_of(STILL_TAKING_PART),
    "followup_satisfaction": _optional(_whole(1, 10)),
}
_AGES, _STATUSES, _OUTCOMES = frozenset(demographics.AGE_BAND_LABELS), frozenset(STATUSES), frozenset(OUTCOMES)
_GENDERS, _ANSWERS = frozenset(demographics.GENDERS), frozenset(STILL_TAKING_PART)


def _small(value: Any, high: int) -> bool:
    return value is None or (type(value) is int and 0 <= value <= high)


def _plain(row: dict[str, Any], real: frozenset[str]) -> bool:
    """The checks of FIELDS for a row as exports write them, in one expression (ten times quicker).

    `real` is referral_months(), asked once per file. A list or object where a word belongs
    cannot be looked up in a set (TypeError): that row is not plain, and is checked field by field.
    """
    try:
        return _plain_or_raise(row, real)
    except TypeError:
        return False


def _plain_or_raise(row: dict[str, Any], real: frozenset[str]) -> bool:
    area, wait = row["area"], row["days_to_first_contact"]
    return (
        type(row["id"]) is str and 0 < len(row["id"]) <= 64
        and row["referral_month"] in real and row["age_band"] in _AGES and row["status"] in _STATUSES
        and (row["gender"] is None or row["gender"] in _GENDERS)
        and (area is None or area in ("other", "unknown") or (type(area) is str and len(area) == 4 and area.isdigit()))
        and type(row["practice"]) is str and 0 < len(row["practice"]) <= 500
        and _texts(row["reasons"])
        and (wait is None or (type(wait) is int and -100_000 <= wait <= 100_000))
        and type(row["contacts"]) is int and 0 <= row["contacts"] <= 10_000
        and (row["closed_month"] is None or row["closed_month"] in real)
        and (row["outcome"] is None or row["outcome"] in _OUTCOMES)
        and (row["dropout_reason"] is None or (type(row["dropout_reason"]) is str and len(row["dropout_reason"]) <= 100))
        and _small(row["activities_suggested"], 10_000) and _small(row["activities_taken_up"], 10_000)
        and (row["themes_taken_up"] is None or _texts(row["themes_taken_up"]))
        and (row["activities_taken_up_ids"] is None or _texts(row["activities_taken_up_ids"]))
        and _small(row["gp_visits_before"], 99) and _small(row["gp_visits_after"], 99)
        and (row["followup_still_taking_part"] is None or row["followup_still_taking_part"] in _ANSWERS)
        and (row["followup_satisfaction"] is None or (type(row["followup_satisfaction"]) is int
                                                      and 1 <= row["followup_satisfaction"] <= 10))
    )


_FIELD_SET = frozenset(FIELDS)
REQUIRED = ("id", "referral_month", "age_band", "practice", "reasons", "status", "contacts")


def _checked(row: Any, path: str, number: int, suspect: bool = False) -> dict[str, Any]:
    if type(row) is not dict:
        raise BadInput("dataset.bad_row", path=path, row=number)
    if not _FIELD_SET <= row.keys():  # an older export: the fields it lacks are empty
        for field in FIELDS:
            row.setdefault(field, None)
    if suspect or not _plain(row, referral_months()):  # then find the field that is wrong, to name it
        for field in REQUIRED:
            if row[field] is None:
                raise BadInput("dataset.missing_field", path=path, row=number, field=field)
        for field, check in FIELDS.items():
            if not check(row[field]):
                shown = str(row[field])[:40]
                if untyped_character(shown):  # quoted back as escapes, never sent to the terminal as they are
                    shown = shown.encode("unicode_escape").decode("ascii")
                raise BadInput("dataset.bad_field", path=path, row=number, field=field, value=shown)
    return row


_NUMBERS = frozenset((int, float, type(None)))


def _scores(rows: list[dict[str, Any]], path: str) -> None:
    """Check each row's score pairs; `row["scores"]` is then its layout (`_layout`), shared by
    the rows of a file: ((instrument, score), start key, end key).

    The rows of one export share their keys, so the score columns are first checked
    all at once, at C speed (the types present, the smallest and largest number); a
    row at a time only when that finds something, to name the row and field.
    """
    first = list(rows[0]) if rows else None
    uniform = first is not None and all(list(row) == first for row in rows)  # same keys, same order
    layout = _layout(rows[0]) if uniform else None
    present = [key for _, start, end in layout or () for key in (start, end) if key in first]
    if uniform and present:
        columns = map(itemgetter(*present), rows)  # a value per row for one key, a tuple for several
        values = list(chain.from_iterable(columns)) if len(present) > 1 else list(columns)
        numbers = [value for value in values if value is not None]
        if set(map(type, values)) <= _NUMBERS and (not numbers or (-1e6 < min(numbers) and max(numbers) < 1e6)):
            for row in rows:
                row["scores"] = layout  # one list for the whole file: nothing per row
            return
    for number, row in enumerate(rows, 1):
        row["scores"] = _layout(row)
        for _, start_key, end_key in row["scores"]:
            start, end = row[start_key], row.get(end_key)
            if start is None:
                continue
            if not (_score(start) and _score(end)):
                field = start_key if not _score(start) else end_key
                raise BadInput("dataset.bad_field", path=path, row=number, field=field, value=str(row[field])[:40])


_LAYOUTS: dict[tuple[str, ...], list[tuple[tuple[str, str], str, str]]] = {}


def _layout(row: dict[str, Any]) -> list[tuple[tuple[str, str], str, str]]:
    """The row's scores as ((instrument, score), start key, end key); worked out once per set of keys.

    Every row of one export has the same keys in the same order, so this is
    a dictionary look-up for all rows but the first.
    """
    keys = tuple(row)
    found = _LAYOUTS.get(keys)
    if found is None:
        found = []
        for key in keys:
            if key.endswith(".start") and key.count(".") == 2:
                instrument, score, _ = key.split(".")
                found.append(((instrument, score), key, f"{instrument}.{score}.end"))
        if len(_LAYOUTS) < 1000:  # bounded, whatever a file holds
            _LAYOUTS[keys] = found
    return found
