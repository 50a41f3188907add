"""The one place that knows what day it is.

Everything that asks "today" or "now" asks here, so tests (and a coach's
demonstration) can fix the date with `WOR_TODAY=2026-11-23`. Timestamps for the
audit trail are UTC, to the second: precise enough to follow what happened,
and free of the laptop's time zone.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def today() -> date:
    fixed = os.environ.get("WOR_TODAY")
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def now() -> str:
    """An ISO timestamp in UTC, e.g. 2026-11-23T09:41:07Z (on the fixed day, if set)."""
    moment = datetime.now(timezone.utc).replace(microsecond=0)
    fixed = os.environ.get("WOR_TODAY")
    if fixed:
        day = date.fromisoformat(fixed)
        moment = moment.replace(year=day.year, month=day.month, day=day.day)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
