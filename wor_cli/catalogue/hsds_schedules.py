"""An HSDS service's schedules to the catalogue's slots: iCalendar RRULE parts (freq, interval,
byday, count) to a day, a frequency and times; what the catalogue cannot hold is skipped."""

from __future__ import annotations

import re
from typing import Any

from wor_cli.catalogue import forms
from wor_cli.catalogue.hsds_fields import FieldReader, child_path

SCHEDULE_FIELDS = frozenset({"id", "service_id", "location_id", "service_at_location_id", "freq", "interval",
                             "byday", "opens_at", "closes_at", "count"})
_BYDAY = re.compile(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)")
_RRULE_DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday",
               "SA": "saturday", "SU": "sunday"}


class ScheduleReader(FieldReader):
    """The schedules of a service and of its links to locations, each schedule id read once."""

    def schedules(self, s: dict, path: str, links: list[tuple[str, dict]]) -> list[dict[str, Any]]:
        found: list[tuple[str, dict]] = list(self.objects(s, "schedules", path))
        for where, link in links:
            found += self.objects(link, "schedules", where)
        seen_ids: set[str] = set()
        slots: list[dict[str, Any]] = []
        for where, schedule in found:
            schedule_id = schedule.get("id")
            if isinstance(schedule_id, str) and schedule_id in seen_ids:
                continue
            if isinstance(schedule_id, str):
                seen_ids.add(schedule_id)
            for slot in self.schedule(schedule, where):
                if slot not in slots:
                    slots.append(slot)
        return slots

    def schedule(self, schedule: dict, where: str) -> list[dict[str, Any]]:
        self.leftovers(schedule, where, SCHEDULE_FIELDS)
        byday = self.text(schedule, "byday", where)
        if not byday:
            self.imported.skip(where, "interchange.skip_schedule_without_day")
            return []
        freq = (self.text(schedule, "freq", where) or "WEEKLY").upper()
        interval = schedule.get("interval")
        count = schedule.get("count")
        ordinal = False
        days: list[str] = []
        for part in byday.replace(" ", "").upper().split(","):
            match = _BYDAY.fullmatch(part)
            if not match:
                self.imported.skip(child_path(where, "byday"), "interchange.skip_byday", value=part)
                continue
            ordinal = ordinal or bool(match.group(1))
            days.append(_RRULE_DAYS[match.group(2)])
        if count not in (None, "") and str(count).strip() not in ("1", "1.0"):
            self.imported.skip(child_path(where, "count"), "interchange.skip_field")
        if str(count).strip() in ("1", "1.0"):
            frequency = "once"
        elif freq == "MONTHLY" or ordinal:
            frequency = "monthly"
        elif freq == "WEEKLY" and str(interval or 1).strip() in ("1", "1.0"):
            frequency = "weekly"
        elif freq == "WEEKLY" and str(interval).strip() in ("2", "2.0"):
            frequency = "biweekly"
        else:
            self.imported.skip(where, "interchange.skip_frequency", freq=freq, interval=str(interval))
            return []
        times: dict[str, str] = {}
        for key, ours in (("opens_at", "start"), ("closes_at", "end")):
            value = self.text(schedule, key, where)
            if value:
                parsed = self.parse(where, key, forms.clock_time, value)
                if parsed:
                    times[ours] = parsed
        if "start" in times and "end" in times and times["start"] >= times["end"]:
            self.imported.skip(child_path(where, "closes_at"), "interchange.skip_times_reversed")
            times = {}
        return [{"day": day, **times, "frequency": frequency} for day in dict.fromkeys(days)]
