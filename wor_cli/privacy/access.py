"""Right of access and portability (AVG art. 15 and 20): everything held about one client.

`export(...)` gathers it in two forms in one document:
- `record`, `drafts` and `audit`: the data itself, machine-readable (the
  `wor show --json` shape), so it can be taken elsewhere;
- `sections`: the same, laid out for the client to read, in the chosen
  language: a title per section, then paragraphs, label/value fields or a
  table. A document writer (PDF) lays these out without knowing what they
  mean; the JSON export carries them too.
Nothing here writes files or prints; the command does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock, referrals
from wor_cli.i18n import plural, short_date, t

if TYPE_CHECKING:
    from wor_cli.store import Store

FORMAT = "wor-client-export"
VERSION = 1


def export(store: Store, ref: str, settings: dict[str, Any], retention_years: int) -> dict[str, Any]:
    """Everything held about the client of `ref`, for them to read and to take along."""
    from wor_cli import caseload

    record = referrals.record(store, ref)
    trail = audit.trail(store, record["ref"])
    unfinished = _drafts(store, record["ref"])
    holder = {
        "organisation": {k: settings.get(f"organisation.{k}") for k in ("name", "address", "phone", "email")},
        "coach": {k: settings.get(f"coach.{k}") for k in ("name", "phone", "email")},
    }
    purge = caseload.purge_on((record.get("close") or {}).get("date"), retention_years)
    return {
        "format": FORMAT,
        "version": VERSION,
        "made": clock.now(),
        "ref": record["ref"],
        "holder": holder,
        "retention": {"years_after_closing": retention_years, "erase_on": purge},
        "record": record,
        "drafts": unfinished,
        "audit": trail,
        "sections": sections(record, unfinished, trail, holder, retention_years, purge),
    }


def _drafts(store: Store, ref: str) -> list[dict[str, Any]]:
    """Answers typed for a step that was not finished yet: held, so shown."""
    import json

    rows = store.rows(
        "SELECT d.step, d.answers, d.updated FROM drafts d JOIN referrals r ON r.id = d.referral_id "
        "WHERE r.ref = ? ORDER BY d.id",
        (ref,),
    )
    return [{"step": r["step"], "updated": r["updated"], "answers": json.loads(r["answers"])} for r in rows]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _label(key: str, fallback: str) -> str:
    """A translated label, or the stored word when there is no translation for it."""
    text = t(key)
    return fallback if text == key else text


def sections(
    record: dict[str, Any], unfinished: list[dict[str, Any]], trail: list[dict[str, Any]],
    holder: dict[str, Any], retention_years: int, purge: str | None,
) -> list[dict[str, Any]]:
    """The export laid out for reading: a list of sections, each with a title and content."""
    organisation = holder["organisation"]["name"] or t("privacy.export.your_organisation")
    client, referrer, referral = record["client"], record["referrer"], record["referral"]
    found: list[dict[str, Any]] = [
        {
            "id": "about",
            "title": t("privacy.export.title", ref=record["ref"]),
            "paragraphs": [
                t("privacy.export.intro", organisation=organisation, date=short_date(clock.today())),
                t("privacy.export.purpose"),
                t("privacy.export.retention_closed", date=short_date(purge))
                if purge else t("privacy.export.retention_open",
                                 years=t(plural("count.years", retention_years), count=retention_years)),
                t("privacy.export.rights"),
                *([t("privacy.export.corrected", date=short_date(record["corrected"][:10]))]
                  if record.get("corrected") else []),
            ],
        },
        {
            "id": "holder",
            "title": t("privacy.export.holder"),
            "fields": _fields(
                (t("privacy.export.organisation"), organisation),
                *[(t(f"privacy.export.org_{k}"), holder["organisation"][k]) for k in ("address", "phone", "email")],
                (t("privacy.export.coach"), holder["coach"]["name"]),
                (t("privacy.export.coach_contact"),
                 ", ".join(v for v in (holder["coach"]["phone"], holder["coach"]["email"]) if v)),
            ),
        },
        {
            "id": "client",
            "title": t("privacy.export.you"),
            "fields": _fields(
                (t("privacy.export.name"), client["name"]),
                (t("privacy.export.birth_year"), client["birth_year"]),
                (t("show.postcode"), client["postcode"]),
                (t("show.phone"), client["phone"]),
                (t("show.email"), client["email"]),
                (t("show.languages"), client["languages"]),
                (t("show.salutation"), client.get("salutation")),
            ),
        },
        {
            "id": "referral",
            "title": t("privacy.export.referral"),
            "fields": _fields(
                (t("show.referrer"), ", ".join(
                    v for v in (referrer["name"], referrer["practice"], referrer.get("address")) if v)),
                (t("show.referral_date"), short_date(referral["date"])),
                (t("show.reasons"), [_label(f"reason.{r}", r) for r in referral["reasons"]]),
                (t("show.question"), referral["question"]),
                (t("privacy.export.consent_recording"), record["consent"]["processing"]),
                (t("privacy.export.consent_gp"), record["consent"]["gp_feedback"]),
                (t("privacy.export.consent_date"), short_date(record["consent"]["date"])),
                (t("show.status"), _label(f"status.{record['status']}", record["status"])),
                *(
                    [
                        (t("show.closed"), short_date(record["close"]["date"])),
                        (t("privacy.export.outcome"),
                         _label(f"outcome.{record['close']['outcome']}", record["close"]["outcome"] or "")),
                        (t("show.summary"), record["close"]["summary"]),
                        (t("show.story"), record["close"].get("story")),
                        (t("show.dropout_reason"), _label(f"dropout.{record['close'].get('dropout_reason')}", "")),
                        (t("show.referred_to"), record["close"].get("referred_to")),
                    ]
                    if record["close"] else []
                ),
                *(
                    [
                        (t("show.followup"), short_date(record["followup"]["date"])),
                        (t("q.still_taking_part"), _label(f"followup.answer.{record['followup']['still_taking_part']}", "")),
                        (t("show.satisfaction"), record["followup"]["satisfaction"]),
                        (t("show.gp_visits_after"), record["followup"]["gp_visits_after"]),
                    ]
                    if record.get("followup") else []
                ),
                (t("show.gp_visits_before"), referral.get("gp_visits_before")),
            ),
        },
    ]
    found.append(_table(
        "contacts", t("show.contacts"),
        ["#", t("show.date"), t("show.mode"), t("show.what_matters"), t("show.notes"), t("show.next_steps"),
         t("show.note_for_gp")],
        [[c["number"], short_date(c["date"]), _label(f"mode.{c['mode']}", c["mode"]),
          _text(c["what_matters"]), _text(c["notes"]), _text(c["next_steps"]), _text(c.get("note_for_gp"))]
         for c in record["contacts"]],
    ))
    found.append(_table(
        "measures", t("show.measures"),
        [t("show.instrument"), t("show.date"), t("privacy.export.answers"), t("show.scores")],
        [[m["instrument"], short_date(m["date"]), _text(m["answers"]),
          ", ".join(f"{_label('score.' + k, k)} {v}" for k, v in m["scores"].items())] for m in record["measures"]],
    ))
    found.append(_table(
        "activities", t("show.activities"),
        [t("show.activity"), t("show.status"), t("show.since")],
        [[a["name"], _label(f"status.{a['status']}", a["status"]), short_date(a["updated"])]
         for a in record["activities"]],
    ))
    found.append(_table(
        "letters", t("show.letters"),
        [t("show.kind"), t("show.date"), t("show.format")],
        [[_label(f"letter.kind.{x['kind']}", x["kind"]), short_date(x["date"]), x["format"]]
         for x in record["letters"]],
    ))
    if unfinished:
        found.append(_table(
            "drafts", t("privacy.export.drafts"),
            [t("privacy.export.question"), t("privacy.export.answer")],
            [[key, _text(value)] for d in unfinished for key, value in d["answers"].items()],
        ))
    found.append(_table(
        "audit", t("privacy.export.audit"),
        [t("audit.col.at"), t("audit.col.user"), t("audit.col.action")],
        [[row["at"].replace("T", " ").rstrip("Z"), row["user"], action_label(row["action"])] for row in trail],
    ))
    return found


def _fields(*pairs: tuple[str, Any]) -> list[dict[str, str]]:
    return [{"label": label, "value": _text(value)} for label, value in pairs if _text(value)]


def _table(section_id: str, title: str, columns: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    section: dict[str, Any] = {"id": section_id, "title": title}
    if rows:
        section["table"] = {"columns": columns, "rows": [[_text(cell) for cell in row] for row in rows]}
    else:
        section["paragraphs"] = [t("privacy.export.none")]
    return section


def action_label(action: str) -> str:
    """An audit action in words: "contact.3" -> "gesprek 3 vastgelegd"; unknown ones as stored."""
    direct = _label(f"audit.action.{action}", "")
    if direct:
        return direct
    head, _, tail = action.rpartition(".")
    if head == "contact" and tail.isdigit():
        return t("audit.action.contact", number=tail)
    if head == "letter":
        return t("audit.action.letter", kind=_label(f"letter.kind.{tail}", tail))
    if head == "database.backup":
        return t("audit.action.database.backup", reason=_label(f"backup.reason.{tail}", tail))
    return _label(f"audit.action.{action}", action)


def document(exported: dict[str, Any]) -> Any:
    """The export's sections as a printable document (for `--format pdf`).

    Fields become "label: value" lines with the label in bold; a table becomes
    a list with one item per row, its first cell in bold and the others as
    "column: value" lines, because the block model has no tables and a list
    reads well on a phone screen too.
    """
    from wor_cli.documents import Bullets, Document, Heading, Paragraph, Run

    blocks: list[Any] = []
    for number, section in enumerate(exported["sections"]):
        blocks.append(Heading(1 if number == 0 else 2, ((Run(section["title"]),),)))
        for text in section.get("paragraphs", []):
            blocks.append(Paragraph(((Run(text),),)))
        if section.get("fields"):
            blocks.append(Paragraph(tuple((Run(f"{f['label']}: ", bold=True), Run(f["value"])) for f in section["fields"])))
        if section.get("table"):
            columns = section["table"]["columns"]
            items = []
            for row in section["table"]["rows"]:
                first = ((Run(f"{columns[0]} {row[0]}" if columns[0] == "#" else row[0], bold=True),),)
                rest = tuple((Run(f"{column}: "), Run(cell)) for column, cell in zip(columns[1:], row[1:]) if cell)
                items.append(first + rest)
            blocks.append(Bullets(tuple(items)))
    holder = exported["holder"]["organisation"]["name"] or ""
    return Document(
        blocks=blocks, title=exported["sections"][0]["title"], author=holder,
        footer=t("privacy.export.footer", ref=exported["ref"]),
    )
