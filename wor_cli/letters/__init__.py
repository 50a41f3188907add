"""Letters: keeping the GP informed, and the client's own activity handout.

A GP keeps a patient in mind when the coach reports back: that the referral
arrived (`ontvangst`), how it goes (`tussen`) and how it ended (`eind`). The
client leaves a conversation with a `recept`: the activities, with when,
where, cost and whom to call.

Making a letter: the referral record (`referrals.record`) and the sender's
settings become a template context (`context.build`), a Jinja template turns
it into letter markup (`templates.render`), the markup becomes blocks
(`documents.parse`) and the blocks become md, txt, html, pdf or docx
(`documents.render`). Keeping it: the letter is recorded (kind, date, format,
SHA-256 of the content) with its audit row, and its file written privately,
in one step (`keep`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wor_cli import audit, clock, documents, i18n, referrals
from wor_cli.errors import BadInput, Refused
from wor_cli.i18n import t

if TYPE_CHECKING:
    from wor_cli.store import Store

KINDS = ("ontvangst", "tussen", "eind", "recept")
GP_KINDS = ("ontvangst", "tussen", "eind")
FORMATS = documents.FORMATS
PREVIEW_FORMAT = "md"  # the default, for reading on screen: does not count as having sent a letter


@dataclass(frozen=True)
class Letter:
    ref: str
    kind: str
    fmt: str
    content: bytes
    chosen: bool  # the kind was chosen as the one due, not asked for
    missing: tuple[tuple[str, ...], ...] = ()  # settings a draft was made without (see sender)

    @property
    def filename(self) -> str:
        """The default file name: R26-0001-eind.pdf."""
        return f"{self.ref}-{self.kind}.{self.fmt}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# --- which letter, and whether it may be made ------------------------------------------------


def due_kind(record: dict[str, Any]) -> str:
    """The GP letter due for a referral in its present state.

    Closed: the final report. Otherwise the acknowledgement, until there has
    been a contact and an acknowledgement was made to send (a look at it on
    screen, as Markdown, does not count); then the interim report.
    """
    if record["status"] == "closed":
        return "eind"
    sent = any(
        letter["kind"] == "ontvangst" and letter["format"] != PREVIEW_FORMAT for letter in record["letters"]
    )
    if not record["contacts"] or not sent:
        return "ontvangst"
    return "tussen"


def check_allowed(record: dict[str, Any], kind: str) -> None:
    """Refuse a letter the client did not agree to, or one with nothing true to say yet."""
    ref = record["ref"]
    if kind in GP_KINDS and not record["consent"]["gp_feedback"]:
        raise Refused("letter.no_gp_consent", ref=ref)
    if not record["consent"]["processing"]:
        raise Refused("consent.no_processing")
    if kind == "eind" and record["status"] != "closed":
        raise Refused("letter.eind_not_closed", ref=ref)
    if kind == "tussen" and not record["contacts"]:
        raise Refused("letter.tussen_no_contacts", ref=ref)
    if kind == "recept":
        from wor_cli.letters.context import CURRENT

        if not any(a["status"] in CURRENT for a in record["activities"]):
            raise Refused("letter.recept_no_activities", ref=ref)


# --- making ------------------------------------------------------------------------------------


def make(
    store: Store,
    ref: str,
    *,
    kind: str | None = None,
    fmt: str = "md",
    settings: dict[str, Any] | None = None,
    catalogue: Path | None = None,
    templates_dir: Path | None = None,
    draft: bool = False,
) -> Letter:
    """Render one letter; nothing is recorded or written yet (see `keep`).

    A `draft` (a look on screen) may lack sender settings: markers stand in
    their place and `Letter.missing` says which; such a letter is not kept.
    """
    from wor_cli.letters import context, sender, templates

    if kind is not None and kind not in KINDS:
        raise BadInput("letter.bad_kind", value=kind, allowed=", ".join(KINDS))
    if fmt not in FORMATS:
        raise BadInput("letter.bad_format", value=fmt, allowed=", ".join(FORMATS))
    settings = settings or {}
    folder = template_folder(templates_dir, settings)
    record = referrals.record(store, ref)
    chosen = kind is None
    kind = kind or due_kind(record)
    check_allowed(record, kind)
    writer = sender.details(settings, kind, draft=draft)
    missing = tuple(sender.missing_settings(settings, kind))
    lookup = _catalogue_lookup(catalogue) if kind == "recept" and catalogue else None
    values = context.build(record, kind, writer, clock.today(), lookup)
    name = templates.name_of(kind, i18n.language())
    markup = templates.render(name, values, folder)
    try:
        blocks = documents.parse(markup)
    except BadInput as e:
        raise BadInput("letter.template.markup", name=name, problem=e.message()) from None
    kind_label = t(f"letter.kind.{kind}")
    document = documents.Document(
        blocks,
        title=t("letter.title", kind=kind_label, ref=record["ref"]),
        author=writer["coach"]["name"],
        lang=i18n.language(),
        large=kind == "recept",
        footer=(t("letter.footer.recept", organisation=writer["organisation"]["name"]) if kind == "recept"
                else t("letter.footer.gp", ref=record["ref"], kind=kind_label)),
    )
    return Letter(record["ref"], kind, fmt, documents.render(document, fmt), chosen, missing)


def template_folder(option: Path | None, settings: dict[str, Any]) -> Path | None:
    """The organisation's template folder: --templates DIR, else the setting templates_dir."""
    from wor_cli import config

    chosen = option or (config.get("templates_dir", settings) if "templates_dir" in settings else None)
    if not chosen:
        return None
    folder = Path(chosen).expanduser()
    if not folder.is_dir():
        raise BadInput("letter.templates_missing", path=str(folder))
    return folder


def _catalogue_lookup(folder: Path):
    """Find an activity by id in the catalogue, opening its index only when first asked."""
    from wor_cli import catalogue

    opened: dict[str, Any] = {}

    def lookup(activity_id: str) -> dict[str, Any] | None:
        if "index" not in opened:
            opened["index"] = catalogue.open_index(folder)
        return opened["index"].get(activity_id)

    return lookup


# --- keeping -----------------------------------------------------------------------------------


def keep(
    store: Store, letter: Letter, out: str | Path | None = None, *, to_file: bool = False, force: bool = False,
    database: Path | None = None,
) -> Path | None:
    """Record the letter made (and, with `to_file`, write its file) as one step; returns the file.

    The file goes where cli.md's output rule says (`out` a file or a folder;
    None: its own name in this folder), written inside the transaction that
    records it: if writing is refused or fails nothing is recorded, and if
    recording fails the new file is removed.
    """
    from wor_cli.privacy.output import write_output

    written: Path | None = None
    try:
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO letters (referral_id, kind, date, format, sha256, created) "
                "SELECT id, ?, ?, ?, ?, ? FROM referrals WHERE ref = ?",
                (letter.kind, clock.today().isoformat(), letter.fmt, letter.sha256, clock.now(), letter.ref),
            )
            audit.record(conn, f"letter.{letter.kind}", letter.ref)
            if to_file:
                written = write_output(
                    out, letter.content, default_name=letter.filename, database=database or store.path,
                    force=force, exists_key="letter.exists",
                )
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return written
