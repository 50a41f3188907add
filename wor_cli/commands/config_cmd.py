"""`wor config`: show and change the coach's settings."""


from typing import Annotated

import typer

from wor_cli.commands._shared import command, print_json
from wor_cli.i18n import t

app = typer.Typer(help=t("help.config"), no_args_is_help=True)


@app.command("show", help=t("help.config.show"))
@command
def show(as_json: Annotated[bool, typer.Option("--json", help=t("help.json"))] = False) -> None:
    from wor_cli import config

    settings = config.load()
    values = {key: settings.get(key, config.DEFAULTS.get(key)) for key in config.KEYS}
    if as_json:
        print_json({"file": str(config.config_path()), "settings": values})
        return
    from rich.markup import escape
    from rich.table import Table

    from wor_cli.ui import console

    table = Table(title=t("config.title", path=escape(str(config.config_path()))), title_justify="left")
    table.add_column(t("config.col.key"), no_wrap=True)
    table.add_column(t("config.col.value"))
    table.add_column(t("config.col.meaning"))
    for key, value in values.items():
        shown = escape(str(value)) if value is not None else f"[dim]{t('config.not_set')}[/]"
        table.add_row(key, shown, t(config.KEYS[key].help))
    console.out().print(table)


@app.command("set", help=t("help.config.set"))
@command
def set_(
    key: Annotated[str, typer.Argument(help=t("help.config.key"), show_default=False)],
    value: Annotated[str, typer.Argument(help=t("help.config.value"), show_default=False)],
) -> None:
    from wor_cli import config
    from wor_cli.ui import console

    stored = config.set_value(key, value)
    console.success(t("config.saved", key=key, value=stored))


@app.command("unset", help=t("help.config.unset"))
@command
def unset(key: Annotated[str, typer.Argument(help=t("help.config.key"), show_default=False)]) -> None:
    from wor_cli import config
    from wor_cli.ui import console

    if config.unset(key):
        console.success(t("config.removed", key=key))
    else:
        console.info(t("config.was_not_set", key=key))
