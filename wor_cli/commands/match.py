"""`wor match`: find activities in the catalogue that fit a client."""

from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import at_terminal, catalogue_dir, command, open_store, print_json, reference, settings
from wor_cli.errors import BadInput
from wor_cli.i18n import plural, t

MAX_LIMIT = 100_000  # more than any catalogue holds: every activity that fits

@command
def match(
    words: Annotated[Optional[list[str]], typer.Argument(help=t("help.match.query"), show_default=False)] = None,
    client: Annotated[Optional[str], typer.Option("--client", help=t("help.match.client"), metavar="REF")] = None,
    theme: Annotated[Optional[list[str]], typer.Option("--theme", help=t("help.match.theme"), metavar="T")] = None,
    day: Annotated[Optional[list[str]], typer.Option("--day", help=t("help.match.day"), metavar="D")] = None,
    free: Annotated[bool, typer.Option("--free", help=t("help.match.free"))] = False,
    max_cost: Annotated[Optional[float], typer.Option("--max-cost", help=t("help.match.max_cost"), metavar="EUR")] = None,
    near: Annotated[Optional[str], typer.Option("--near", help=t("help.match.near"), metavar="POSTCODE")] = None,
    km: Annotated[Optional[float], typer.Option("--km", help=t("help.match.km"), metavar="N")] = None,
    accessible: Annotated[
        Optional[list[str]], typer.Option("--accessible", help=t("help.match.accessible"), metavar="VALUE")
    ] = None,
    max_age_fit: Annotated[
        Optional[int], typer.Option("--max-age-fit", help=t("help.match.max_age_fit"), metavar="AGE")
    ] = None,
    language: Annotated[Optional[list[str]], typer.Option("--language", help=t("help.match.language"), metavar="L")] = None,
    limit: Annotated[int, typer.Option("--limit", help=t("help.match.limit"), metavar="N")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    """Search the catalogue by words, themes, day, cost, distance and more."""
    from wor_cli import catalogue, matching
    from wor_cli.ui.progress import index_progress

    index = catalogue.open_index(catalogue_dir(), progress=index_progress())
    refuse_if_invalid(index)
    query = matching.Query(text=" ".join(words or []), limit=limit)
    _apply_filters(query, index, theme, day, free, max_cost, near, km, accessible, max_age_fit, language)
    record = None
    if client:
        record = _apply_client(query, index, client, explicit_near=near is not None,
                               explicit_age=max_age_fit is not None, explicit_language=bool(language))
    results = matching.search(index, query)
    if as_json:
        print_json([r.as_json() for r in results])
        return
    from wor_cli.ui import console, match_view

    if not results:
        console.info(t("match.nothing"))
        return
    console.out().print(match_view.results_table(results, query, index.count()))
    if record is not None and at_terminal():
        _offer_links(record, results)


def refuse_if_invalid(index: Any) -> None:
    """An invalid catalogue is refused with every error, as `catalogue check` shows them."""
    errors = index.errors()
    if errors:
        from pathlib import Path

        from wor_cli.commands.catalogue_cmd import finding_text
        from wor_cli.ui import console

        for found in errors:
            console.error(finding_text({**found, "file": str(Path(index.root) / found["file"])}))
        raise BadInput(plural("match.invalid_catalogue", len(errors)), count=len(errors))


def _apply_filters(query: Any, index: Any, theme, day, free, max_cost, near, km, accessible, max_age_fit, language) -> None:
    from wor_cli.catalogue import postcodes
    from wor_cli.vocabulary import ACCESSIBILITY, DAY_WORDS, LANGUAGE_CODES, THEMES

    if not 1 <= query.limit <= MAX_LIMIT:  # a 26-digit limit reached SQLite as an integer it cannot hold
        raise BadInput("match.bad_limit", value=query.limit, most=MAX_LIMIT)
    for value in theme or []:
        if value not in THEMES:
            raise BadInput("match.bad_theme", value=value, allowed=", ".join(THEMES))
    query.themes = list(dict.fromkeys(theme or []))
    days = []
    for value in day or []:
        parsed = DAY_WORDS.get(value.strip().lower().rstrip("."))  # "za", "zaterdag", "sat"
        if parsed is None:
            raise BadInput("match.bad_day", value=value)
        days.append(parsed)
    query.days = list(dict.fromkeys(days))
    query.free = free
    import math

    if max_cost is not None and (not math.isfinite(max_cost) or max_cost < 0):
        raise BadInput("match.bad_cost", value=max_cost)
    if km is not None and (not math.isfinite(km) or km <= 0):
        raise BadInput("match.bad_km", value=km)
    query.max_cost = max_cost
    for value in accessible or []:
        if value not in ACCESSIBILITY:
            raise BadInput("match.bad_accessible", value=value, allowed=", ".join(ACCESSIBILITY))
    query.accessible = list(dict.fromkeys(accessible or []))
    if max_age_fit is not None and not 0 <= max_age_fit <= 120:
        raise BadInput("match.bad_age", value=max_age_fit)
    query.max_age_fit = max_age_fit
    for value in language or []:
        if value not in LANGUAGE_CODES:
            raise BadInput("match.bad_language", value=value)
    query.languages = list(dict.fromkeys(language or []))
    if km is not None and near is None:
        raise BadInput("match.km_needs_near")
    if near is not None:
        area = postcodes.pc4(near)
        from wor_cli.matching import area_centre

        centre = area_centre(index, area)
        if centre is None:
            raise BadInput("match.unknown_postcode", value=near)
        query.near, query.near_label = centre, area
        query.km = km if km is not None else _default_km()


def _default_km() -> float:
    from wor_cli import config

    return float(config.get("match.default_km", settings()))


def _apply_client(query: Any, index: Any, ref: str, *, explicit_near: bool, explicit_age: bool,
                  explicit_language: bool) -> dict[str, Any]:
    """Fill in what the referral tells: words, preferred themes, age, place, languages."""
    from wor_cli import audit, clock, matching, referrals
    from wor_cli.ui import console

    store = open_store()
    record = referrals.record(store, reference(store, ref))  # a name, as `show` and `edit` take it
    audit.record_read(store, "referral.match", record["ref"])
    unknown_area = matching.for_referral(
        query, index, record, default_km=_default_km(), this_year=clock.today().year,
        keep_near=explicit_near, keep_age=explicit_age, keep_languages=explicit_language,
    )
    if unknown_area:
        console.warn(t("match.client_postcode_unknown", postcode=unknown_area))
    return record


def _offer_links(record: dict[str, Any], results: list) -> None:
    """At a terminal: tick the activities to suggest to the client."""
    from wor_cli import contacts
    from wor_cli.intake.questions import Choice, Question
    from wor_cli.ui import console
    from wor_cli.ui.prompter import prompter

    linked = {a["id"] for a in record["activities"]}
    choices = tuple(Choice(r.id, r.name) for r in results if r.id not in linked)
    if not choices:
        return
    picked = prompter().ask(
        Question("match.link", "checkbox", t("match.link_question", ref=record["ref"]), choices=choices)
    )
    chosen = [r for r in results if r.id in (picked or [])]
    if chosen:
        contacts.link(open_store(), record["ref"], [(r.id, r.name, r.themes) for r in chosen])
        console.success(t(plural("match.linked", len(chosen)), count=len(chosen), ref=record["ref"]))
