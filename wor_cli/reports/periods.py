"""The period a report covers, and the one before it to compare with."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from wor_cli import clock
from wor_cli.errors import BadInput


class Period(NamedTuple):
    """The referral dates a report covers, both ends included."""

    start: date
    end: date


def period(start: date | None = None, end: date | None = None) -> Period:
    """The chosen period; by default this calendar year up to today (a funder's year)."""
    end = end or clock.today()
    start = start or date(end.year, 1, 1)
    if start > end:
        raise BadInput("report.bad_period", start=start.isoformat(), end=end.isoformat())
    return Period(start, end)


def whole_months(chosen: Period) -> int | None:
    """How many calendar months the period is, when it is exactly whole months; else None."""
    if chosen.start.day != 1 or (chosen.end != date.max and (chosen.end + timedelta(days=1)).day != 1):
        return None
    return (chosen.end.year - chosen.start.year) * 12 + chosen.end.month - chosen.start.month + 1


def months_back(day: date, months: int) -> date:
    """The first of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1) if index >= 12 else date.min


def previous(chosen: Period) -> Period:
    """The period of equal length just before `chosen`.

    Whole months stay whole months (a year before a year, a quarter before a
    quarter: what a funder compares), otherwise the same number of days.
    """
    months = whole_months(chosen)
    if months is not None:
        return Period(months_back(chosen.start, months), _days_back(chosen.start, 1))
    length = (chosen.end - chosen.start).days + 1
    return Period(_days_back(chosen.start, length), _days_back(chosen.start, 1))


def _days_back(day: date, days: int) -> date:
    """`days` before `day`, or the calendar's first day: `--from 0001-01-01` means "from the start"."""
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min
