"""The options several commands share, defined once: the period, the output file, --force.

`report` and `export minimal-dataset` count the same referrals (by referral date,
--from/--to), and every command that writes a file follows one output-file rule
(cli.md): the same words in every help screen, the same checks behind them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from wor_cli.errors import BadInput
from wor_cli.i18n import t

if TYPE_CHECKING:
    from wor_cli.reports.periods import Period

FromOption = Annotated[
    Optional[str], typer.Option("--from", help=t("help.period.from"), metavar="DATE", show_default=False)
]
ToOption = Annotated[Optional[str], typer.Option("--to", help=t("help.period.to"), metavar="DATE", show_default=False)]
ForceOption = Annotated[bool, typer.Option("--force", help=t("help.output.force"))]


def out_option(help_key: str) -> Any:
    """--out PATH with the command's own words for where it writes by default."""
    return typer.Option("--out", help=t(help_key), metavar="PATH", show_default=False)


def format_option(help_key: str, formats: tuple[str, ...]) -> Any:
    return typer.Option("--format", help=t(help_key), metavar="|".join(formats))


def parse_day(option: str, value: Optional[str]) -> Optional[date]:
    """--from/--to as typed (2026-01-01, 1-1-2026, vandaag), or a clear exit 2."""
    if value is None:
        return None
    from wor_cli import i18n, validation

    try:
        return validation.parse_date(value)
    except validation.Invalid as e:
        raise BadInput("report.bad_date", option=option, value=i18n.excerpt(value), reason=t(e.key, **e.params)) from None


def period(start: Optional[str], end: Optional[str]) -> Period:
    """The period of --from/--to (this calendar year up to today when left out)."""
    from wor_cli.reports import periods

    return periods.period(parse_day("--from", start), parse_day("--to", end))


def save(out: str | None, content: Any, default_name: str, force: bool, inputs: tuple[Path, ...] = ()) -> Path:
    """Write a report or export privately (0600) and whole, by the output-file rule (cli.md).

    `content` is the text or bytes, or a function that fills the private file it is given
    (the minimal dataset, written a row at a time).
    """
    from wor_cli.commands._shared import db_path
    from wor_cli.privacy.output import write_output

    return write_output(out, content, default_name=default_name, database=db_path(), force=force, inputs=inputs)
