"""`wor catalogue`: check a catalogue folder, load a postcode table, import, export, keep it fresh."""

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import catalogue_dir, command, print_json
from wor_cli.errors import ExitCode
from wor_cli.i18n import plural, short_date, t

app = typer.Typer(help=t("help.catalogue"), no_args_is_help=True)


def finding_text(found: dict[str, Any]) -> str:
    """`FILE:LINE: message`, the form editors and coordinators can jump to."""
    where = f"{found['file']}:{found['line']}" if found.get("line") else found["file"]
    return f"{where}: {_message(found)}"


# Warnings whose `date` is a checked, valid `verified` date: shown as the coach writes dates.
_VERIFIED_DATE = frozenset({"catalogue.stale", "catalogue.future_verified"})


def _message(found: dict[str, Any]) -> str:
    params = found["params"]
    if found["key"] in _VERIFIED_DATE:
        params = {**params, "date": short_date(params["date"])}
    return t(found["key"], **params)


@app.command("check", help=t("help.catalogue.check"))
@command
def check(
    folder: Annotated[Optional[Path], typer.Argument(help=t("help.catalogue.dir"), show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    from wor_cli import catalogue
    from wor_cli.ui import console
    from wor_cli.ui.progress import index_progress

    result = catalogue.check(folder or catalogue_dir(), progress=index_progress())
    if as_json:
        print_json(
            {
                "activities": result["activities"],
                "errors": [_plain(f) for f in result["errors"]],
                "warnings": [_plain(f) for f in result["warnings"]],
            }
        )
    else:
        for found in result["errors"]:
            console.error(finding_text(found))
        for found in result["warnings"]:
            console.warn(finding_text(found))
        errors, warnings = len(result["errors"]), len(result["warnings"])
        summary = t("catalogue.summary", activities=t(plural("count.activities", result["activities"]),
                                                       count=result["activities"]),
                    errors=t(plural("count.errors", errors), count=errors),
                    warnings=t(plural("count.warnings", warnings), count=warnings))
        (console.error if result["errors"] else console.success)(summary)
    if result["errors"]:
        raise typer.Exit(int(ExitCode.BAD_INPUT))


def _plain(found: dict[str, Any]) -> dict[str, Any]:
    return {"file": found["file"], "line": found["line"], "message": _message(found)}


@app.command("postcodes", help=t("help.catalogue.postcodes"))
@command
def postcodes(file: Annotated[Path, typer.Argument(help=t("help.catalogue.postcodes_file"), show_default=False)]) -> None:
    from wor_cli.catalogue import postcodes as table
    from wor_cli.ui import console

    rows = table.read_table(file)
    saved = table.save_table(rows)
    console.success(t(plural("catalogue.postcodes_saved", len(rows)), count=len(rows), path=str(saved)))


# --- interchange: import, export, keeping it fresh ---------------------------------------------

SHOWN_SKIPPED = 40  # on screen; --json lists every one


@app.command("import", help=t("help.catalogue.import"))
@command
def import_(
    source: Annotated[Path, typer.Argument(help=t("help.catalogue.import_source"), show_default=False)],
    out: Annotated[Path, typer.Option("--out", help=t("help.catalogue.import_out"), show_default=False)],
    kind: Annotated[Optional[str], typer.Option("--format", help=t("help.catalogue.import_format"),
                                                metavar="hsds|csv|xlsx", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.catalogue.import_force"))] = False,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    from wor_cli.catalogue import interchange
    from wor_cli.ui import console

    from wor_cli.commands._shared import db_path
    from wor_cli.config import bundled_catalogue
    from wor_cli.errors import Refused
    from wor_cli.inputs import real_path

    if real_path(out) == bundled_catalogue().resolve():  # inside wor itself: the next update would undo it
        raise Refused("interchange.import_bundled")
    result = interchange.import_source(source, out, kind=kind, force=force, database=db_path())
    if as_json:
        print_json(result)
        return
    written = len(result["files"])
    console.success(t("interchange.imported", source=source.name, out=str(out),
                      activities=t(plural("count.activities", result["activities"]), count=result["activities"]),
                      files=t(plural("count.files", written), count=written)))
    skipped = result["skipped"]
    if skipped:
        console.warn(t("interchange.skipped_header", count=sum(s["count"] for s in skipped)))
        for item in skipped[:SHOWN_SKIPPED]:
            key = "interchange.skipped_count" if item["count"] > 1 else "interchange.skipped_line"
            console.warn(t(key, **item))
        if len(skipped) > SHOWN_SKIPPED:
            console.warn(t("interchange.more_with_json", count=len(skipped) - SHOWN_SKIPPED))
    if result["unmapped_terms"]:
        console.warn(t("interchange.unmapped_header"))
        for item in result["unmapped_terms"][:SHOWN_SKIPPED]:
            console.warn(t(plural("interchange.unmapped_line", item["count"]), **item))
    console.info(t("interchange.check_hint", out=str(out)))


@app.command("export", help=t("help.catalogue.export"))
@command
def export(
    folder: Annotated[Optional[Path], typer.Argument(help=t("help.catalogue.dir"), show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", help=t("help.catalogue.export_format"), metavar="hsds|csv")] = "hsds",
    # text, not a Path: "DIR/" must keep its slash (cli.md "Output files")
    out: Annotated[Optional[str], typer.Option("--out", help=t("help.catalogue.export_out"), metavar="PATH",
                                               show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.catalogue.force"))] = False,
) -> None:
    import sys

    from wor_cli.catalogue import interchange
    from wor_cli.ui import console

    root = folder or catalogue_dir()
    content, count = interchange.export(root, fmt)
    if out is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from wor_cli.commands._shared import db_path
    from wor_cli.privacy.output import write_output

    from wor_cli.catalogue.loader import scan

    # The catalogue's own files are what is exported: never written over, not even with --force.
    sources = tuple(root / relpath for relpath in scan(root) if not relpath.endswith("/"))
    written = write_output(out, content, default_name=interchange.DEFAULT_NAMES[fmt], database=db_path(),
                           force=force, inputs=sources)
    console.success(t(plural("interchange.exported", count), activities=count, path=str(written)))


@app.command("stale", help=t("help.catalogue.stale"))
@command
def stale(
    months: Annotated[int, typer.Option("--months", help=t("help.catalogue.stale_months"), metavar="N")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    from wor_cli.catalogue import freshness, open_index
    from wor_cli.errors import BadInput
    from wor_cli.ui import console

    if not 1 <= months <= 120:
        raise BadInput("interchange.bad_months", value=months)
    index = open_index(catalogue_dir())
    groups = freshness.stale(index, months)
    if as_json:
        print_json(groups)
        return
    total = sum(len(g["activities"]) for g in groups)
    # "All 0 activities checked" for a catalogue whose every file has errors was too reassuring.
    errors = len(index.errors())
    if errors:
        console.warn(t("interchange.stale_with_errors", errors=t(plural("count.errors", errors), count=errors)))
    if not groups:
        activities = index.count()
        if not activities:
            console.warn(t("interchange.stale_empty", folder=str(catalogue_dir())))
            return
        console.success(t(plural("interchange.stale_none", activities), activities=activities,
                          months=t(plural("interchange.last_months", months), count=months)))
        return
    for group in groups:
        name = group["organization"] or t("interchange.stale_no_organization")
        contact = group["contact"]
        if contact:
            whom = " ".join(filter(None, (contact.get("name"), contact.get("phone"), contact.get("email"))))
            console.info(t("interchange.stale_group", organization=name, count=len(group["activities"]), contact=whom))
        else:
            console.info(t("interchange.stale_group_no_contact", organization=name, count=len(group["activities"])))
        for item in group["activities"]:
            # The coach's way of writing a date (20-11-2026), as everywhere on screen; --json keeps ISO.
            when = short_date(item["verified"]) if item["verified"] else t("interchange.stale_never")
            console.info(t("interchange.stale_item", id=item["id"], name=item["name"], when=when,
                           file=item["file"], line=item["line"]))
    console.warn(t(plural("interchange.stale_summary", total), count=total))


@app.command("verify", help=t("help.catalogue.verify"))
@command
def verify(
    activity_id: Annotated[str, typer.Argument(metavar="ID", help=t("help.catalogue.verify_id"), show_default=False)],
    day: Annotated[Optional[str], typer.Option("--date", help=t("help.catalogue.verify_date"), metavar="DATE",
                                               show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False,
) -> None:
    from wor_cli import clock
    from wor_cli.catalogue import freshness, open_index
    from wor_cli.ui import console

    from wor_cli.config import bundled_catalogue
    from wor_cli.errors import Refused
    from wor_cli.inputs import real_path

    when = freshness.parse_day(day) if day is not None else clock.today()
    folder = catalogue_dir()
    if real_path(folder) == bundled_catalogue().resolve():
        # The example shipped with wor: checking it means nothing, and an update would undo it.
        raise Refused("interchange.verify_bundled")
    done = freshness.verify(open_index(folder), activity_id, when)
    if as_json:
        print_json(done)
    else:
        console.success(t("interchange.verified", id=done["id"], date=short_date(done["verified"]), file=done["file"],
                          line=done["line"]))
