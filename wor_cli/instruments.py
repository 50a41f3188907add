"""Outcome measures: questionnaires defined as data, answered and scored.

Each instrument is a YAML file in `wor_cli/data/instruments/`: its items in
Dutch and English, the answer scale (a number range, or a list of answer
words with points per item), the scores it yields, which direction is better,
and the bands that interpret a score. Code here only reads and applies them, so
adding an instrument is adding a file.

An organisation can add its own: `wor config set instruments_dir DIR` makes
every `*.yaml` in DIR load after the package's (a file with the id of a
packaged instrument replaces it). A broken file is an error naming the file
and, where it can, the line.

Definitions are kept, once checked, as JSON in the user cache folder, keyed by
each file's size and modification time: read-only commands (`show`, `report`)
then need neither PyYAML nor the parsing, which is most of their start-up.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wor_cli.errors import BadInput
from wor_cli.i18n import plural
from wor_cli.validation import Invalid

INSTRUMENTS_DIR = Path(__file__).parent / "data" / "instruments"
CACHE_FORMAT = "1"  # bump when the definition format changes: the cache is rebuilt


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
    name: dict[str, str] | None = None  # optional in the file; else the message `score.ID`

    def band(self, value: float, lang: str) -> str:
        for band in self.bands:
            if value <= band.max:
                return band.labels.get(lang) or band.labels["nl"]
        return ""

    def label(self, lang: str) -> str:
        """What a coach reads for this score: the file's name, our message, or the id."""
        if self.name:
            return self.name.get(lang) or self.name.get("nl") or self.id
        from wor_cli.i18n import t

        key = f"score.{self.id}"
        text = t(key, lang)
        return self.id if text == key else text


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
    option_labels: dict[str, tuple[str, ...]] | None = None  # per language, in the order of `options`

    def label(self, lang: str) -> str:
        return self.name.get(lang) or self.name["nl"]

    def option_label(self, option: str, lang: str) -> str:
        """An answer word as shown to the coach; the stored answer stays the option itself."""
        labels = (self.option_labels or {}).get(lang)
        return labels[self.options.index(option)] if labels else option

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
            raise Invalid(plural("measure.not_list", len(self.items)), count=len(self.items))
        if len(answers) != len(self.items):
            raise Invalid(plural("measure.count", len(self.items)), count=len(self.items), given=len(answers))
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


class _Where:
    """The part of a definition being read, so an error can name its line."""

    def __init__(self) -> None:
        self.path: list[str | int] = []


def _parse(data: Any, source: str, lines: Any = None) -> Instrument:
    """Check one definition and build the Instrument; BadInput naming file:line if wrong."""
    where = _Where()
    try:
        return _build(data, where)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        line = lines.of(data, where.path) if lines is not None and isinstance(data, dict) else None
        reason = f"{'.'.join(str(p) for p in where.path)}: {e}" if where.path else str(e)
        raise BadInput("measure.bad_definition", file=f"{source}:{line}" if line else source,
                       reason=reason) from None


def _build(data: Any, where: _Where) -> Instrument:
    if not isinstance(data, dict):
        raise TypeError("not a mapping")
    where.path = ["answers"]
    answers = data["answers"]
    kind = answers["type"]
    if kind not in ("scale", "choice"):
        raise ValueError(f"type must be scale or choice, not {kind!r}")
    options = tuple(str(o) for o in answers.get("options", ()))
    if kind == "choice" and not options:
        raise ValueError("a choice instrument needs options")
    option_labels = None
    if "labels" in answers:
        where.path = ["answers", "labels"]
        option_labels = {lang: tuple(str(x) for x in texts) for lang, texts in answers["labels"].items()}
        if any(len(texts) != len(options) for texts in option_labels.values()):
            raise ValueError("give one label per option")
    items = []
    for index, item in enumerate(data["items"]):
        where.path = ["items", index]
        points = None
        if kind == "choice":
            points = {str(k): int(v) for k, v in item["points"].items()}
            if set(points) != set(options):
                raise ValueError(f"points must be given for exactly the options {list(options)}")
        items.append(Item(id=str(item["id"]), text=dict(item["text"]), points=points))
        if "nl" not in item["text"]:
            raise KeyError("nl")
    ids = [item.id for item in items]
    scores = []
    for index, score in enumerate(data["scores"]):
        where.path = ["scores", index, "items"]
        members = tuple(ids if score["items"] == "all" else score["items"])
        unknown = set(members) - set(ids)
        if unknown:
            raise KeyError(f"unknown items {sorted(unknown)}")
        where.path = ["scores", index, "better"]
        if score["better"] not in ("higher", "lower"):
            raise ValueError(f"better must be higher or lower, not {score['better']!r}")
        where.path = ["scores", index]
        if kind == "scale":
            low, high = answers["min"] * len(members), answers["max"] * len(members)
        else:
            low = sum(min(i.points.values()) for i in items if i.id in members)  # type: ignore[union-attr]
            high = sum(max(i.points.values()) for i in items if i.id in members)  # type: ignore[union-attr]
        bands = tuple(
            Band(max=band["max"], labels={k: str(v) for k, v in band.items() if k != "max"})
            for band in score.get("bands", [])
        )
        if any("nl" not in band.labels for band in bands):
            raise KeyError("nl")
        scores.append(
            Score(
                id=str(score["id"]), items=members, better=score["better"], bands=bands,
                low=low, high=high, name=dict(score["name"]) if "name" in score else None,
            )
        )
    where.path = ["name"]
    name = dict(data["name"])
    if "nl" not in name:
        raise KeyError("nl")
    where.path = ["id"]
    return Instrument(
        id=str(data["id"]),
        name=name,
        intro=dict(data.get("intro", {})),
        kind=kind,
        low=answers.get("min", 0),
        high=answers.get("max", 0),
        options=options,
        items=tuple(items),
        scores=tuple(scores),
        option_labels=option_labels,
    )


def _files() -> list[Path]:
    """The packaged definitions, then the organisation's (`instruments_dir`)."""
    from wor_cli import config

    files = sorted(INSTRUMENTS_DIR.glob("*.yaml"))
    own = config.get("instruments_dir")
    if own:
        folder = Path(str(own)).expanduser()
        if not folder.is_dir():
            raise BadInput("measure.instruments_dir_missing", path=str(folder))
        files += sorted(folder.glob("*.yaml"))
    return files


def _definitions(files: list[Path]) -> list[dict[str, Any]]:
    """Every file's definition as plain data: from the cache when no file changed."""
    from wor_cli import config

    stamps = []
    for path in files:
        info = path.stat()
        stamps.append([str(path), info.st_mtime_ns, info.st_size])
    cache_file = config.cache_dir() / "instruments.json"
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
        if cached["format"] == CACHE_FORMAT and cached["files"] == stamps:
            return cached["definitions"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    definitions = [_read(path) for path in files]
    _write_cache(cache_file, {"format": CACHE_FORMAT, "files": stamps, "definitions": definitions})
    return definitions


def _read(path: Path) -> dict[str, Any]:
    """Load and check one file, with line numbers for whatever is wrong in it."""
    from wor_cli import yamlfile

    try:
        data, lines = yamlfile.load(yamlfile.read(path), aliases=True)  # answer scales are shared
    except yamlfile.FileProblem as e:
        raise BadInput("measure.bad_definition", file=str(path), reason=e.reason()) from None
    except yamlfile.YamlProblem as e:
        from wor_cli.i18n import t

        where = f"{path}:{e.line}" if e.line else str(path)
        raise BadInput("measure.bad_definition", file=where, reason=t(e.key)) from None
    _parse(data, str(path), lines)
    return data


def _write_cache(path: Path, content: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs the next run some time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(content, ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


@cache
def instruments() -> dict[str, Instrument]:
    """Every instrument, by id: the package's, then the organisation's own."""
    files = _files()
    found: dict[str, Instrument] = {}
    for path, data in zip(files, _definitions(files)):
        instrument = _parse(data, str(path))
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
