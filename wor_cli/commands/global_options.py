"""The global options (`--db`, `--catalogue`, `--lang`, `--key-file`), defined once as Typer options.

The root callback takes them before a command (cli.py); `_shared.command` adds them to every
command (`GLOBAL_PARAMS`) and `_shared.group_options` to a command group, so they may be typed
after it too (cli.md). Their help, panel and placeholders come from the message catalogues.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, Optional

import typer

from wor_cli import i18n
from wor_cli.i18n import t


def _lang_option(value: Optional[str]) -> Optional[str]:
    if value is not None and value not in i18n.LANGUAGES:
        raise typer.BadParameter(t("config.bad_lang", value=value, allowed=", ".join(i18n.LANGUAGES)))
    return value


DbOption = Annotated[
    Optional[Path],
    typer.Option(
        "--db", help=t("help.opt.db"), rich_help_panel=t("help.panel.global"), metavar="FILE", show_default=False,
    ),
]
CatalogueOption = Annotated[
    Optional[Path],
    typer.Option(
        "--catalogue", help=t("help.opt.catalogue"), rich_help_panel=t("help.panel.global"), metavar="DIR",
        show_default=False,
    ),
]
KeyFileOption = Annotated[
    Optional[Path],
    typer.Option(
        "--key-file", help=t("help.opt.key_file"), rich_help_panel=t("help.panel.global"),
        metavar="PATH", show_default=False,
    ),
]
LangOption = Annotated[
    Optional[str],
    typer.Option(
        "--lang", help=t("help.opt.lang"), rich_help_panel=t("help.panel.global"),
        callback=_lang_option, metavar="nl|en", show_default=False,
    ),
]

GLOBAL_PARAMS = [
    inspect.Parameter("wor_db", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=DbOption),
    inspect.Parameter("wor_catalogue", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=CatalogueOption),
    inspect.Parameter("wor_lang", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=LangOption),
    inspect.Parameter("wor_key_file", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=KeyFileOption),
]
