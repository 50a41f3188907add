"""rich renderings of one referral (the caseload is ui/caseload_view.py).

Everything a coach typed is escaped before it is printed: a note containing
"[red]" is text, not markup.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from wor_cli.i18n import language, plural, short_date, t


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def referral_panel(record: dict[str, Any], story: str | None = None) -> Group:
    """One referral whole: who, why, consent, contacts, measures, activities, letters."""
    client, referrer, referral, consent = record["client"], record["referrer"], record["referral"], record["consent"]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    languages = ", ".join(client["languages"])
    facts.add_row(t("show.client"), _e(f"{client['name']} ({client['birth_year']})"))
    for label, value in (
        ("show.postcode", client["postcode"]), ("show.phone", client["phone"]),
        ("show.email", client["email"]), ("show.languages", languages),
    ):
        if value:
            facts.add_row(t(label), _e(value))
    gp = f"{referrer['name']}, {referrer['practice']}" + (f" (AGB {referrer['agb']})" if referrer["agb"] else "")
    facts.add_row(t("show.referrer"), _e(gp))
    facts.add_row(t("show.referral_date"), short_date(referral["date"]))
    facts.add_row(t("show.reasons"), ", ".join(t(f"reason.{r}") for r in referral["reasons"]))
    facts.add_row(t("show.question"), _e(referral["question"]))
    if referral.get("gp_visits_before") is not None:
        facts.add_row(t("show.gp_visits_before"), str(referral["gp_visits_before"]))
    facts.add_row(
        t("show.consent"),
        t("show.consent_value", date=short_date(consent["date"]),
          gp=t("yes") if consent["gp_feedback"] else t("no")),
    )
    facts.add_row(t("show.status"), t(f"status.{record['status']}"))
    if record.get("next_appointment"):
        day, _, time = record["next_appointment"].partition(" ")
        facts.add_row(t("show.next_appointment"), short_date(day) + (f" {time}" if time else ""))
    elif record["next_due"]:
        facts.add_row(t("show.next_due"), short_date(record["next_due"]))
    if record.get("draft"):
        draft = record["draft"]
        step = t(f"show.draft_step.{draft['step']}")
        facts.add_row(t("show.draft"), "[yellow]" + t(plural("show.draft_value", draft["answers"]), step=step, count=draft["answers"]) + "[/]")
    if record.get("corrected"):
        facts.add_row(t("show.corrected"), short_date(record["corrected"][:10]))
    if record["close"]:
        close = record["close"]
        facts.add_row(t("show.closed"), f"{short_date(close['date'])}: {t('outcome.' + close['outcome'])}")
        if close["summary"]:
            facts.add_row(t("show.summary"), _e(close["summary"]))
        if story:  # as reports show it: anonymised
            facts.add_row(t("show.story"), _e(story))
        if close.get("dropout_reason"):
            facts.add_row(t("show.dropout_reason"), t(f"dropout.{close['dropout_reason']}"))
        if close.get("referred_to"):
            facts.add_row(t("show.referred_to"), _e(close["referred_to"]))
    followup = record.get("followup")
    if followup:
        facts.add_row(t("show.followup"), t("show.followup_value", date=short_date(followup["date"]),
                                            answer=t(f"followup.answer.{followup['still_taking_part']}")))
        for key in ("satisfaction", "gp_visits_after"):
            if followup[key] is not None:
                facts.add_row(t(f"show.{key}"), str(followup[key]))
        for taken in followup["measures"]:
            facts.add_row(taken["instrument"], ", ".join(f"{k} {v}" for k, v in taken["scores"].items()))
    parts: list[Any] = [Panel(facts, title=f"[bold]{record['ref']}[/]", title_align="left")]
    if record["contacts"]:
        parts.append(_contacts(record["contacts"]))
    if record["measures"]:
        parts.append(_measures(record["measures"]))
        parts.append(_changes(record["changes"]))
    if record["activities"]:
        parts.append(_activities(record["activities"]))
    if record["letters"]:
        parts.append(_letters(record["letters"]))
    return Group(*parts)


def _contacts(contacts: list[dict[str, Any]]) -> Table:
    table = Table(title=t("show.contacts"), title_justify="left", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column(t("show.date"), no_wrap=True)
    table.add_column(t("show.mode"))
    table.add_column(t("show.conversation"))
    for c in contacts:
        lines = []
        for key in ("what_matters", "notes", "next_steps"):
            if c[key]:
                lines.append(f"[bold]{t('show.' + key)}:[/] {_e(c[key])}")
        if c["barriers"]:
            lines.append(f"[bold]{t('show.barriers')}:[/] " + ", ".join(t(f"barrier.{b}") for b in c["barriers"]))
        mode = t(f"mode.{c['mode']}") + (f", {c['minutes']} min" if c["minutes"] else "")
        table.add_row(str(c["number"]), short_date(c["date"]), mode, "\n".join(lines))
    return table


def _measures(measures: list[dict[str, Any]]) -> Table:
    from wor_cli import instruments

    table = Table(title=t("show.measures"), title_justify="left")
    table.add_column(t("show.instrument"))
    table.add_column(t("show.date"), no_wrap=True)
    table.add_column(t("show.scores"))
    for m in measures:
        try:
            instrument = instruments.instruments()[m["instrument"]]
            name = instrument.label(language())
        except KeyError:
            instrument, name = None, m["instrument"]
        scores = []
        for score_id, value in m["scores"].items():
            band = ""
            if instrument is not None:
                band = instrument.score_by_id(score_id).band(value, language())
            label = instrument.score_by_id(score_id).label(language()) if instrument else score_id
            scores.append(f"{label} {value}" + (f" ({band})" if band else ""))
        table.add_row(name, short_date(m["date"]), ", ".join(scores))
    return table


_VERDICTS = {"same": "measure.change.same", "better": "measure.change.better", "worse": "measure.change.worse"}


def _changes(changes: list[dict[str, Any]]) -> Table:
    """Per score: the baseline, the last measurement and what changed, read in the right direction."""
    from wor_cli import instruments

    lang = language()
    table = Table(title=t("measure.change.title"), title_justify="left")
    table.add_column(t("show.instrument"))
    table.add_column(t("measure.change.score"))
    table.add_column(t("measure.change.start"))
    table.add_column(t("measure.change.end"))
    table.add_column(t("measure.change.change"))
    known = instruments.instruments()
    for row in changes:
        instrument = known.get(row["instrument"])
        score = instrument.score_by_id(row["score"]) if instrument else None

        def shown(value: Any) -> str:
            band = score.band(value, lang) if score is not None else ""
            return f"{value}" + (f" ({band})" if band else "")

        if row["end"] is None:
            end, change = f"[dim]{t('measure.change.no_end')}[/]", ""
        else:
            end = shown(row["end"])
            verdict = "same" if row["change"] == 0 else ("better" if row["improved"] else "worse")
            colour = {"same": "", "better": "green", "worse": "red"}[verdict]
            text = f"{row['change']:+g} ({t(_VERDICTS[verdict])})"
            change = f"[{colour}]{text}[/]" if colour else text
        table.add_row(
            instrument.label(lang) if instrument else _e(row["instrument"]),
            score.label(lang) if score else _e(row["score"]),
            shown(row["start"]), end, change,
        )
    return table


def _activities(activities: list[dict[str, Any]]) -> Table:
    table = Table(title=t("show.activities"), title_justify="left")
    table.add_column(t("show.activity"))
    table.add_column(t("show.status"))
    table.add_column(t("show.since"), no_wrap=True)
    for a in activities:
        table.add_row(_e(a["name"]), t(f"status.{a['status']}"), short_date(a["updated"]))
    return table


def _letters(letters: list[dict[str, Any]]) -> Table:
    table = Table(title=t("show.letters"), title_justify="left")
    table.add_column(t("show.kind"))
    table.add_column(t("show.date"), no_wrap=True)
    table.add_column(t("show.format"))
    for letter in letters:
        table.add_row(t(f"letter.kind.{letter['kind']}"), short_date(letter["date"]), letter["format"])
    return table
