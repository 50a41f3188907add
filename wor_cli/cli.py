"""The root `wor` app: global options, and the commands registered on it.

Start-up speed matters (a coach types `wor match` mid-conversation), so this
module and the command modules import only typer and our own light modules;
everything heavy (sqlite-utils, questionary, Jinja2, YAML, PDF) is imported
inside the command that needs it. The language is settled before the app is
built, because the help texts are looked up while it is built.
"""


import os
import sys
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from wor_cli import __version__, i18n
from wor_cli.i18n import t


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

        from wor_cli import config

        return config.get("lang", settings()) or i18n.DEFAULT_LANGUAGE
    except Exception:  # noqa: BLE001 - a broken config file is reported by the command itself
        return i18n.DEFAULT_LANGUAGE


def _version(value: bool) -> None:
    if value:
        print(f"wor {__version__}")
        raise typer.Exit()


def _completion(ctx: Any, param: Any, value: bool) -> None:
    """--show-completion / --install-completion: for the shell wor runs in."""
    if not value or ctx.resilient_parsing:
        return
    from wor_cli.ui import completion, console

    shell = completion.current_shell()
    if shell is None:
        console.error(t("completion.unknown_shell", shells=", ".join(completion.SHELLS)))
        raise typer.Exit(2)
    if param.name == "show_completion":
        print(completion.script(shell))
    else:
        path = completion.install(shell)
        console.info(t("completion.installed", shell=shell, path=str(path)))
    raise typer.Exit()


# Every command, in the order the help lists them:
# name -> (module in wor_cli.commands, its command function or sub-app, help key, panel key).
# A command's module is imported, and its options built, only when it runs:
# `wor --help` lists names and help texts from this table alone.
COMMANDS: dict[str, tuple[str, str, str, str]] = {
    "intake": ("intake", "intake", "help.intake", "help.panel.work"),
    "list": ("caseload", "list_", "help.list", "help.panel.work"),
    "show": ("caseload", "show", "help.show", "help.panel.work"),
    "edit": ("edit", "edit", "help.edit", "help.panel.work"),
    "agenda": ("agenda", "agenda", "help.agenda", "help.panel.work"),
    "letter": ("letter", "letter", "help.letter", "help.panel.work"),
    "card": ("card", "card", "help.card", "help.panel.work"),
    "match": ("match", "match", "help.match", "help.panel.catalogue"),
    "catalogue": ("catalogue_cmd", "app", "help.catalogue", "help.panel.catalogue"),
    "report": ("report", "report", "help.report", "help.panel.figures"),
    "export": ("export_cmd", "app", "help.export", "help.panel.figures"),
    "config": ("config_cmd", "app", "help.config", "help.panel.settings"),
    "backup": ("backup", "backup", "help.backup", "help.panel.privacy"),
    "restore": ("backup", "restore", "help.restore", "help.panel.privacy"),
    "export-client": ("export_client", "export_client", "help.export_client", "help.panel.privacy"),
    "forget": ("forget", "forget", "help.forget", "help.panel.privacy"),
    "purge": ("forget", "purge", "help.purge", "help.panel.privacy"),
    "doctor": ("doctor", "doctor", "help.doctor", "help.panel.privacy"),
    "audit": ("doctor", "audit", "help.audit", "help.panel.privacy"),
    "encrypt": ("encrypt", "encrypt", "help.encrypt", "help.panel.privacy"),
}


def _summary(name: str) -> TyperCommand:
    """A command as the help lists it: name, help text and panel; it never runs."""
    _, _, help_key, panel_key = COMMANDS[name]
    return TyperCommand(name, help=t(help_key), rich_help_panel=t(panel_key))


def _build(name: str) -> Any:
    """The real command: its module imported, its options turned into click parameters."""
    import importlib

    import typer.main

    module, attribute, help_key, panel_key = COMMANDS[name]
    target = getattr(importlib.import_module(f"wor_cli.commands.{module}"), attribute)
    holder = typer.Typer(rich_markup_mode="rich", add_completion=False, pretty_exceptions_enable=False)
    holder.callback()(lambda: None)  # a group, so a single command keeps its name
    if isinstance(target, typer.Typer):
        from wor_cli.commands._shared import group_options

        holder.add_typer(target, name=name, help=t(help_key), rich_help_panel=t(panel_key), callback=group_options)
    else:
        holder.command(name, help=t(help_key), rich_help_panel=t(panel_key))(target)
    from wor_cli.ui.click_texts import localise

    return localise(typer.main.get_command(holder).commands[name])


class LazyGroup(TyperGroup):
    """The root group: lists every command, builds only the one that runs.

    Building all nineteen commands (their options, the global options each
    also accepts) took about a tenth of `wor --help`'s time, and of every
    `wor match`.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = {name: _summary(name) for name in COMMANDS}  # for the help, and "did you mean"
        self.options_metavar = t("click.options_metavar")
        self.subcommand_metavar = t("click.subcommand_metavar")
        self._built: dict[str, Any] = {}
        self._resolving = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self._built:
            return self._built[cmd_name]
        # Built while resolving what runs, and for the shell's completion (resilient parsing).
        if (self._resolving or ctx.resilient_parsing) and cmd_name in COMMANDS:
            self._built[cmd_name] = _build(cmd_name)
            return self._built[cmd_name]
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        self._resolving = True
        try:
            return super().resolve_command(ctx, args)
        finally:
            self._resolving = False


def build_app() -> typer.Typer:
    from wor_cli.commands._shared import reset_globals, set_globals
    from wor_cli.commands.global_options import CatalogueOption, DbOption, KeyFileOption, LangOption

    reset_globals()

    app = typer.Typer(
        name="wor",
        cls=LazyGroup,
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
        install_completion: Annotated[
            bool,
            typer.Option(
                "--install-completion", callback=_completion, is_eager=True, expose_value=False,
                help=t("help.opt.install_completion"), show_default=False,
            ),
        ] = False,
        show_completion: Annotated[
            bool,
            typer.Option(
                "--show-completion", callback=_completion, is_eager=True, expose_value=False,
                help=t("help.opt.show_completion"), show_default=False,
            ),
        ] = False,
    ) -> None:
        set_globals(db, catalogue, lang, key_file)

    return app


def prepare(argv: list[str]) -> None:
    """Settle the language and put Typer's own words in it, before the app is built."""
    from wor_cli.ui import click_texts, completion

    i18n.set_language(_early_language(argv))
    click_texts.install()
    if completion.requested():
        completion.prepare()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    prepare(argv)
    build_app()(args=argv, prog_name="wor")


if __name__ == "__main__":  # pragma: no cover
    main()
