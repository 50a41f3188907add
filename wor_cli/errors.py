"""One exception per kind of failure, each knowing its exit code (cli.md).

The domain raises these with a message key and parameters, never with finished
text, so the same failure reads well in Dutch and in English. The command layer
prints `message()` to stderr and exits with `exit_code`; nothing else ever
reaches the user, and certainly no traceback.
"""

from __future__ import annotations

from enum import IntEnum

from wor_cli.i18n import plural, t


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # ran, but could not do what was asked
    BAD_INPUT = 2  # bad usage or bad input
    INTERRUPTED = 130  # Ctrl-C, after saving what was answered


class Keyed:
    """Mixed into an exception: a message key and its parameters, worded only where the
    failure is told (a command, a file's FILE:LINE report), in the coach's language."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class WorError(Keyed, Exception):
    """Base class: a failure the coach should read about, in plain words."""

    exit_code: ExitCode = ExitCode.FAILED

    def message(self) -> str:
        return t(self.key, **self.params)

    def __str__(self) -> str:  # readable in test failures and logs
        return self.message()


class NotFound(WorError):
    """A referral, file or record that does not exist (exit 1)."""


class Refused(WorError):
    """Not allowed, for instance for lack of consent (exit 1)."""


class BadInput(WorError):
    """Bad usage or a bad value (exit 2)."""

    exit_code = ExitCode.BAD_INPUT


class StorageError(WorError):
    """The database cannot be opened or written (exit 1)."""


class Problem:
    """One thing wrong in an input file: where, which field, and what."""

    def __init__(
        self, field: str, key: str, params: dict | None = None, file: str | None = None, line: int | None = None
    ) -> None:
        self.field = field  # dotted path, e.g. "client.birth_year" or "activities[2].status"
        self.key = key  # message key
        self.params = params or {}
        self.file = file
        self.line = line

    def __repr__(self) -> str:
        return f"Problem({self.field!r}, {self.key!r}, {self.params!r}, {self.file!r}, {self.line!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and vars(self) == vars(other)

    def text(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        label = f"{self.field}: " if self.field else ""
        return where + label + t(self.key, **self.params)


class InvalidInput(BadInput):
    """An answers file (or a set of answers) with one or more problems (exit 2)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(plural("errors.invalid_input", len(problems)), count=len(problems))
        self.problems = problems

    def message(self) -> str:
        lines = [p.text() for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        return t(plural("errors.invalid_input", len(lines)), count=len(lines)) + "\n" + "\n".join(
            "  " + line for line in lines
        )
