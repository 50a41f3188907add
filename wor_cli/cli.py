"""The root `wor` app: global options, and the commands registered on it.

Start-up speed matters (a coach types `wor match` mid-conversation), so this
module and the command modules import only typer and our own light modules;
everything heavy (sqlite-utils, questionary, Jinja2, YAML, PDF) is imported
inside the command that needs it. The language is settled before the app is
built, because the help texts are looked up while it is built.
"""


import os
import sys
from typing import Annotated, Optional

import typer

from wor_cli import __version__, i18n


def _early_language(argv: list[str]) -> str:
    """--lang (anywhere) > WOR_LANG > config file `lang` > nl."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    if os.environ.get("WOR_LANG"):
        return os.environ["WOR_LANG"]
    try:
        from wor_cli.commands._shared import settings

        return settings().get("lang") or i18n.DEFAULT_LANGUAGE
    except Exception:  # noqa: BLE001 - a broken config file is reported by the command itself
        return i18n.DEFAULT_LANGUAGE


def _version(value: bool) -> None:
    if value:
        print(f"wor {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    from wor_cli.commands import (
        caseload, catalogue_cmd, config_cmd, export_cmd, intake, letter, match, privacy, report,
    )
    from wor_cli.commands._shared import (
        CatalogueOption, DbOption, KeyFileOption, LangOption, reset_globals, set_globals,
    )
    from wor_cli.i18n import t

    reset_globals()

    app = typer.Typer(
        name="wor",
        help=t("help.app"),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        db: DbOption = None,
        catalogue: CatalogueOption = None,
        lang: LangOption = None,
        key_file: KeyFileOption = None,
        version: Annotated[
            Optional[bool],
            typer.Option("--version", callback=_version, is_eager=True, help=t("help.opt.version")),
        ] = None,
    ) -> None:
        set_globals(db, catalogue, lang, key_file)

    work = t("help.panel.work")
    app.command("intake", help=t("help.intake"), rich_help_panel=work)(intake.intake)
    app.command("list", help=t("help.list"), rich_help_panel=work)(caseload.list_)
    app.command("show", help=t("help.show"), rich_help_panel=work)(caseload.show)
    app.command("letter", help=t("help.letter"), rich_help_panel=work)(letter.letter)
    activities = t("help.panel.catalogue")
    app.command("match", help=t("help.match"), rich_help_panel=activities)(match.match)
    app.add_typer(catalogue_cmd.app, name="catalogue", help=t("help.catalogue"), rich_help_panel=activities)
    figures = t("help.panel.figures")
    app.command("report", help=t("help.report"), rich_help_panel=figures)(report.report)
    app.add_typer(export_cmd.app, name="export", help=t("help.export"), rich_help_panel=figures)
    app.add_typer(config_cmd.app, name="config", help=t("help.config"), rich_help_panel=t("help.panel.settings"))
    care = t("help.panel.privacy")
    for name, function in (
        ("backup", privacy.backup), ("restore", privacy.restore), ("export-client", privacy.export_client),
        ("forget", privacy.forget), ("purge", privacy.purge), ("doctor", privacy.doctor),
        ("audit", privacy.audit), ("encrypt", privacy.encrypt),
    ):
        app.command(name, help=t(f"help.{name.replace('-', '_')}"), rich_help_panel=care)(function)
    return app


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    i18n.set_language(_early_language(argv))
    build_app()(args=argv, prog_name="wor")


if __name__ == "__main__":  # pragma: no cover
    main()
