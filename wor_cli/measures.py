"""Outcome measures: questionnaires defined as data, answered and scored.

Each instrument is a YAML file in `wor_cli/data/instruments/`: its items in
Dutch and English, the answer scale (a number range, or a list of answer
words with points per item), the scores it yields, which direction is better,
and the bands that interpret a score. Code here only reads and applies them, so
adding an instrument is adding a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wor_cli.errors import BadInput
from wor_cli.validation import Invalid

INSTRUMENTS_DIR = Path(__file__).parent / "data" / "instruments"


@dataclass(frozen=True)
class Band:
    max: int
    labels: dict[str, str]


@dataclass(frozen=True)
class Score:
    id: str
    items: tuple[str, ...]
    better: str  # "higher" or "lower"
    bands: tuple[Band, ...]
    low: int
    high: int

    def band(self, value: float, lang: str) -> str:
        for band in self.bands:
            if value <= band.max:
                return band.labels.get(lang) or band.labels["nl"]
        return ""


@dataclass(frozen=True)
class Item:
    id: str
    text: dict[str, str]
    points: dict[str, int] | None  # for answer words; None on a number scale


@dataclass(frozen=True)
class Instrument:
    id: str
    name: dict[str, str]
    intro: dict[str, str]
    kind: str  # "scale" or "choice"
    low: int
    high: int
    options: tuple[str, ...]
    items: tuple[Item, ...]
    scores: tuple[Score, ...]

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name["nl"]

    def check_item(self, index: int, value: Any) -> int | str:
        """One answer, as typed or as read from YAML; raises Invalid."""
        if self.kind == "scale":
            if isinstance(value, str) and value.strip().isdigit():
                value = int(value.strip())
            if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
                raise Invalid("measure.scale", low=self.low, high=self.high)
            return value
        if not isinstance(value, str) or value.strip().lower() not in self.options:
            raise Invalid("measure.choice", allowed=" | ".join(self.options))
        return value.strip().lower()

    def check_answers(self, answers: Any) -> list[int | str]:
        if not isinstance(answers, list):
            raise Invalid("measure.not_list", count=len(self.items))
        if len(answers) != len(self.items):
            raise Invalid("measure.count", count=len(self.items), given=len(answers))
        checked = []
        for index, value in enumerate(answers):
            try:
                checked.append(self.check_item(index, value))
            except Invalid as e:
                raise Invalid(f"{e.key}_item", number=index + 1, **e.params) from None
        return checked

    def points(self, answers: list[int | str]) -> dict[str, int]:
        result = {}
        for item, answer in zip(self.items, answers):
            result[item.id] = item.points[answer] if item.points is not None else int(answer)
        return result

    def score(self, answers: list[int | str]) -> dict[str, int]:
        """The instrument's named scores for one complete set of answers."""
        points = self.points(answers)
        return {score.id: sum(points[item] for item in score.items) for score in self.scores}

    def score_by_id(self, score_id: str) -> Score:
        return next(score for score in self.scores if score.id == score_id)


def _parse(data: dict[str, Any], source: str) -> Instrument:
    try:
        answers = data["answers"]
        kind = answers["type"]
        items = tuple(
            Item(
                id=item["id"],
                text=dict(item["text"]),
                points={str(k): int(v) for k, v in item["points"].items()} if kind == "choice" else None,
            )
            for item in data["items"]
        )
        ids = [item.id for item in items]
        scores = []
        for score in data["scores"]:
            members = tuple(ids if score["items"] == "all" else score["items"])
            unknown = set(members) - set(ids)
            if unknown:
                raise KeyError(f"unknown items {sorted(unknown)}")
            if kind == "scale":
                low, high = answers["min"] * len(members), answers["max"] * len(members)
            else:
                low = sum(min(i.points.values()) for i in items if i.id in members)  # type: ignore[union-attr]
                high = sum(max(i.points.values()) for i in items if i.id in members)  # type: ignore[union-attr]
            scores.append(
                Score(
                    id=score["id"],
                    items=members,
                    better=score["better"],
                    bands=tuple(
                        Band(max=band["max"], labels={k: v for k, v in band.items() if k != "max"})
                        for band in score.get("bands", [])
                    ),
                    low=low,
                    high=high,
                )
            )
        return Instrument(
            id=data["id"],
            name=dict(data["name"]),
            intro=dict(data.get("intro", {})),
            kind=kind,
            low=answers.get("min", 0),
            high=answers.get("max", 0),
            options=tuple(str(o) for o in answers.get("options", ())),
            items=items,
            scores=tuple(scores),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise BadInput("measure.bad_definition", file=source, reason=str(e)) from None


@cache
def instruments() -> dict[str, Instrument]:
    """Every instrument shipped with the package, by id."""
    from wor_cli import yamlfile

    found: dict[str, Instrument] = {}
    for path in sorted(INSTRUMENTS_DIR.glob("*.yaml")):
        instrument = _parse(yamlfile.load_fast(path.read_bytes()), str(path))
        found[instrument.id] = instrument
    return found


def get(instrument_id: str) -> Instrument:
    try:
        return instruments()[instrument_id]
    except KeyError:
        raise Invalid("measure.unknown", value=instrument_id, allowed=", ".join(instruments())) from None


def changes(taken: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per instrument and score: the first measurement, the last, and the change.

    `taken` is the `measures` list of a referral record (oldest first). The
    baseline is the first time an instrument was taken, the end the last
    time, if it was taken again. `improved` reads the instrument's direction
    (for ONS4 "anxious", lower is better).
    """
    by_instrument: dict[str, list[dict[str, Any]]] = {}
    for measure in taken:
        by_instrument.setdefault(measure["instrument"], []).append(measure)
    result = []
    for instrument_id, series in by_instrument.items():
        instrument = instruments().get(instrument_id)
        start, end = series[0], series[-1] if len(series) > 1 else None
        for score_id, start_value in start["scores"].items():
            end_value = end["scores"].get(score_id) if end else None
            better = instrument.score_by_id(score_id).better if instrument else "higher"
            change = None if end_value is None else end_value - start_value
            result.append(
                {
                    "instrument": instrument_id,
                    "score": score_id,
                    "start": start_value,
                    "start_date": start["date"],
                    "end": end_value,
                    "end_date": end["date"] if end else None,
                    "change": change,
                    "better": better,
                    "improved": None if change is None else (change > 0 if better == "higher" else change < 0),
                }
            )
    return result
