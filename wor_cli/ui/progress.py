"""A progress bar on stderr for the first build of a big catalogue index, at a terminal only."""

from __future__ import annotations

import sys
from typing import Any

from wor_cli.i18n import t


class IndexProgress:
    """Draws `catalogue.index.Progress` with rich; files read out of files to read."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def start(self, files: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from wor_cli.ui.console import err

        self._bar = Progress(
            TextColumn(t("catalogue.indexing")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err(), transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("index", total=files)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def index_progress() -> IndexProgress | None:
    """A progress bar when stderr is a terminal; None when it is piped or redirected."""
    return IndexProgress() if sys.stderr.isatty() else None
