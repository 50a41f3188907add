"""`wor export-client`: everything held about one client, for the client."""

from typing import Annotated, Any, Optional

import typer

from wor_cli.commands._shared import command, db_path, open_store, reference, retention_years, settings
from wor_cli.errors import BadInput
from wor_cli.i18n import t


@command
def export_client(
    ref: Annotated[str, typer.Argument(help=t("help.export_client.ref"), show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help=t("help.export_client.format"), metavar="json|pdf")] = "json",
    out: Annotated[Optional[str], typer.Option("--out", help=t("help.export_client.out"), metavar="PATH")] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help.export_client.force"))] = False,
) -> None:
    """Everything held about one client, for the client (right of access)."""
    from wor_cli import audit
    from wor_cli.privacy import access
    from wor_cli.privacy.output import write_output

    if fmt not in ("json", "pdf"):
        raise BadInput("privacy.export.bad_format", value=fmt, allowed="json, pdf")
    store = open_store(create=False)
    try:
        ref = reference(store, ref)
        data = access.export(store, ref, settings(), retention_years())
        content = _export_content(data, fmt)
        if out == "-":
            target = None
        else:
            target = write_output(
                out or None, content, default_name=f"wor-export-{data['ref']}.{fmt}", database=db_path(),
                force=force,
            )
        audit.record_read(store, "client.export", data["ref"])
    finally:
        store.close()
    if target is None:
        import sys

        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from wor_cli.ui import console

    console.success(t("privacy.export.written", ref=data["ref"], path=str(target)))


def _export_content(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "pdf":
        from wor_cli import documents
        from wor_cli.privacy import access

        return documents.render(access.document(data), "pdf")
    import json

    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
