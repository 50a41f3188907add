"""Shell completion: `wor --install-completion` and `wor --show-completion`.

Typer's own completion options are off (`add_completion=False`) because building
them imports its completion machinery on every start and their help is English;
these two options reuse Typer's scripts and installers, imported only when asked.
The shells are Typer's: bash, zsh, fish and PowerShell.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROG = "wor"
COMPLETE_VAR = "_WOR_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def requested() -> bool:
    """Is the shell asking us to complete a word (rather than running a command)?"""
    return bool(os.environ.get(COMPLETE_VAR))


def prepare() -> None:
    """Register Typer's completion classes, so the shell's request is answered."""
    from typer._completion_classes import completion_init

    completion_init()


def current_shell() -> str | None:
    """The shell wor runs in: detected (shellingham), else $SHELL, else PowerShell on Windows."""
    from typer._completion_shared import _get_shell_name

    try:
        name = _get_shell_name()
    except Exception:  # noqa: BLE001 - detection can fail in odd environments; fall back below
        name = None
    if not name and os.environ.get("SHELL"):
        name = Path(os.environ["SHELL"]).name
    if not name and sys.platform == "win32":
        name = "powershell"
    return name if name in SHELLS else None


def script(shell: str) -> str:
    """The completion script for `shell`, to put in its start-up file."""
    from typer._completion_shared import get_completion_script

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)


def install(shell: str) -> Path:
    """Install completion for `shell`; returns the file it was written to."""
    from typer._completion_shared import install as typer_install

    _, path = typer_install(shell=shell, prog_name=PROG, complete_var=COMPLETE_VAR)
    return path
