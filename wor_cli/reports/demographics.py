"""Who is referred, without saying who: age band, gender and area, for reports and the dataset.

One definition, used by `reports` (from the database), `exports` (the
minimal dataset) and `reports.dataset` (the coordinator's combined report):

- age as a band, counted in the year of the referral: the lowest and highest
  bands are wide because few people are in them;
- gender only as the coach recorded it through the salutation of letters
  (`client.salutation`, optional): `mevrouw` -> female, `meneer` -> male,
  otherwise unknown. Nothing is guessed from a name;
- the area as the four digits of the postcode (PC4) only where at least
  `MIN_AREA` referrals share it; smaller groups become "other", so no area
  with a handful of clients can be picked out.
"""

from __future__ import annotations

from collections.abc import Iterable

AGE_BANDS = ((0, 24, "<25"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"), (55, 64, "55-64"),
             (65, 74, "65-74"), (75, 84, "75-84"), (85, 200, "85+"))
AGE_BAND_LABELS = tuple(label for _, _, label in AGE_BANDS)
GENDERS = ("female", "male", "unknown")
SALUTATION_GENDER = {"mevrouw": "female", "meneer": "male"}
MIN_AREA = 5
OTHER_AREA, NO_AREA = "other", "unknown"


def age_band(age: int) -> str:
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), AGE_BAND_LABELS[0])


def age_band_sql(age: str) -> str:
    """`age_band()` as an SQL expression over the SQL expression `age`, so a report groups by band."""
    bands = " ".join(f"WHEN {age} BETWEEN {low} AND {high} THEN '{label}'" for low, high, label in AGE_BANDS)
    return f"CASE {bands} ELSE '{AGE_BAND_LABELS[0]}' END"


def gender(salutation: str | None) -> str:
    return SALUTATION_GENDER.get((salutation or "").strip().lower(), "unknown")


def area_of(postcode: str | None) -> str | None:
    """The four digits of a postcode ("8011 AB" -> "8011"), or None."""
    digits = (postcode or "").strip()[:4]
    return digits if len(digits) == 4 and digits.isdigit() else None


def shown_areas(counts: dict[str | None, int]) -> set[str]:
    """The areas shared by at least MIN_AREA referrals: only these are named."""
    return {area for area, count in counts.items() if area and area not in (OTHER_AREA, NO_AREA)
            and count >= MIN_AREA}


def area_label(area: str | None, shown: set[str]) -> str:
    if not area or area == NO_AREA:
        return NO_AREA
    return area if area in shown else OTHER_AREA


def summary(counted: Iterable[tuple[str, str, str | None, int]]) -> dict[str, dict[str, int]]:
    """`{age_band, gender, area}` counts from (age band, gender, area, count) groups.

    Areas below the threshold are added up under "other" (named areas first,
    largest first), so the counts always add up to the referrals.
    """
    groups = list(counted)
    ages = dict.fromkeys(AGE_BAND_LABELS, 0)
    genders = dict.fromkeys(GENDERS, 0)
    areas: dict[str | None, int] = {}
    for band, sex, area, count in groups:
        ages[band] = ages.get(band, 0) + count
        genders[sex] = genders.get(sex, 0) + count
        areas[area] = areas.get(area, 0) + count
    shown = shown_areas(areas)
    labelled: dict[str, int] = {}
    for area, count in areas.items():
        label = area_label(area, shown)
        labelled[label] = labelled.get(label, 0) + count
    named = sorted(((a, n) for a, n in labelled.items() if a in shown), key=lambda kv: (-kv[1], kv[0]))
    rest = [(a, labelled[a]) for a in (OTHER_AREA, NO_AREA) if labelled.get(a)]
    return {"age_band": ages, "gender": genders, "area": dict(named + rest)}
