"""The letter templates' sandbox, with limits: what a template may read, how much it may write, how long.

Jinja's `SandboxedEnvironment` keeps a template out of Python, but not out of
the machine's memory and time: `{{ 'a' * 10**9 }}`, `x|center(10**9)`, a
format width of a billion, `lipsum(n=...)` or two nested loops of a hundred
thousand each would run for minutes and write a letter of a gigabyte (issue
10). Here:
- operators and calls that build big values are checked first: repeating a
  text or list, powers, widths and counts given to filters and methods, format
  widths; `lipsum` is gone;
- the letter is written in pieces and stopped at MAX_OUTPUT characters;
- a watchdog stops rendering after MAX_SECONDS, even in a loop that writes
  nothing (it interrupts the main thread the way Ctrl-C does, which works on
  Windows too);
- templates are read only from inside their folder: a symlink (or anything
  else) that resolves outside it is refused, as is a file that is not a small
  regular file, or not UTF-8.
All of these end as `TemplateLimit`, which `templates.render` turns into a
message naming the template.
"""

from __future__ import annotations

import _thread
import os
import re
import signal
import stat
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, TemplateNotFound
from jinja2.compiler import CodeGenerator
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from wor_cli.errors import Keyed

MAX_OUTPUT = 1_000_000  # characters of letter markup; a long final report is about 20,000
MAX_SECONDS = 3.0  # a letter renders in well under 0.1 s
MAX_TEMPLATE_BYTES = 256 * 1024
MAX_COUNT = 10_000  # the largest width, count or repetition a template may ask for
MAX_EXPONENT = 64
_WIDE_FORMAT = re.compile(r"[:%][^}\s]*?\d{5,}")


class TemplateLimit(Keyed, Exception):
    """A template went beyond a limit; `key` and `params` make the message."""


class Refused(Keyed, SecurityError):
    """A value the sandbox will not build; `key` and `params` are the reason, from the message catalogues."""


# Jinja's own refusals are English sentences: read back into the catalogue's words.
_JINJA_UNSAFE = re.compile(r"access to attribute '(?P<name>[^']{1,80})' of '[^']*' object is unsafe\.")
_JINJA_CALL = re.compile(r".* is not safely callable", re.DOTALL)


def reason(error: BaseException) -> str | None:
    """Why the sandbox refused, in the current language; None when `error` is not the sandbox's."""
    from wor_cli.i18n import t

    if isinstance(error, Refused):
        return t(error.key, **error.params)
    if not isinstance(error, SecurityError):
        return None  # Jinja's range limit (100,000) is never reached: MAX_COUNT refuses range(10**5) first
    text = str(error)
    if found := _JINJA_UNSAFE.fullmatch(text):
        return t("letter.sandbox.attribute", name=found["name"])
    if _JINJA_CALL.fullmatch(text):
        return t("letter.sandbox.call")
    return t("letter.sandbox.other")


def _sized(value: Any) -> bool:
    return isinstance(value, (str, list, tuple, bytes))


def _check_count(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_COUNT:
        raise Refused("letter.sandbox.number", value=value if value.bit_length() < 64 else "…")


def _check_size(value: Any) -> Any:
    """`value`, unless it is a text or list longer than a whole letter may be."""
    if _sized(value) and len(value) > MAX_OUTPUT:
        raise Refused("letter.sandbox.too_long")
    return value


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code, with `~` (which no environment hook sees) joined through `bounded_concat`.

    Doubling a text with `~` in a loop (`{% set ns.x = ns.x ~ ns.x %}`) took 1.6 GB in
    the three seconds before the watchdog fired.
    """

    def visit_Concat(self, node: Any, frame: Any) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with the operators, filters and methods that can build big values checked."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    code_generator_class = _BoundedCodeGenerator

    @staticmethod
    def bounded_concat(join: Callable[[Iterable[Any]], str], values: tuple[Any, ...]) -> str:
        if sum(len(v) for v in values if isinstance(v, str)) > MAX_OUTPUT:
            raise Refused("letter.sandbox.too_long")
        return _check_size(join(values))

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)
        for name, function in list(self.filters.items()):
            self.filters[name] = _bounded_filter(function)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*" and (_sized(left) or _sized(right)):
            times, sized = (right, left) if _sized(left) else (left, right)
            if isinstance(times, int) and len(sized) * max(times, 0) > MAX_OUTPUT:
                raise Refused("letter.sandbox.repeat")
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise Refused("letter.sandbox.power")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise Refused("letter.sandbox.width")
        if operator == "+" and _sized(left) and _sized(right) and len(left) + len(right) > MAX_OUTPUT:
            raise Refused("letter.sandbox.too_long")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        for value in (*args, *kwargs.values()):
            _check_count(value)
        return _check_size(super().call(__context, __obj, *args, **kwargs))  # "x".join(...), s.replace(...)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FORMAT.search(value.__self__):
            raise Refused("letter.sandbox.width")
        return wrapped


def _bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses a width or count beyond MAX_COUNT (center, indent, truncate, format, ...)."""

    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # the context (if passed) and the value itself

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for value in (*args[skip:], *kwargs.values()):
            _check_count(value)
            if isinstance(value, str) and _WIDE_FORMAT.search(value):
                raise Refused("letter.sandbox.width")
        if args and isinstance(args[0], str) and function.__name__ == "do_format" and _WIDE_FORMAT.search(args[0]):
            raise Refused("letter.sandbox.width")
        return _check_size(function(*args, **kwargs))  # join, replace, ... may build what no argument shows

    for attribute in ("jinja_pass_arg", "__name__", "__doc__"):  # Jinja reads how to pass the context
        if hasattr(function, attribute):
            setattr(bounded, attribute, getattr(function, attribute))
    return bounded


class ContainedLoader(BaseLoader):
    """Templates from one folder, never from outside it (symlinks resolved), small regular UTF-8 files only."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.root = os.path.realpath(folder)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = split_template_path(template)  # refuses ".." itself
        path = os.path.join(self.folder, *parts)
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        real = os.path.realpath(path)
        if os.path.commonpath([self.root, real]) != self.root:
            raise TemplateLimit("letter.template.outside", file=path, folder=str(self.folder))
        try:
            found = os.stat(real)
        except OSError:
            raise TemplateNotFound(template) from None
        if not stat.S_ISREG(found.st_mode):
            raise TemplateLimit("letter.template.not_file", file=path)
        if found.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateLimit("letter.template.too_big", file=path, most=f"{MAX_TEMPLATE_BYTES // 1024} KB")
        with open(real, "rb") as f:
            raw = f.read(MAX_TEMPLATE_BYTES + 1)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise TemplateLimit("letter.template.encoding", file=path, line=raw[: e.start].count(b"\n") + 1) from None
        mtime = found.st_mtime
        return source, real, lambda: os.path.exists(real) and os.path.getmtime(real) == mtime


def render_bounded(pieces: Iterable[str], name: str) -> str:
    """Join a template's output pieces, stopping at MAX_OUTPUT characters or MAX_SECONDS."""
    ignored = _heed_interrupts()
    try:
        return _render_watched(pieces, name)
    finally:
        if ignored is not None:
            signal.signal(signal.SIGINT, ignored)


def _render_watched(pieces: Iterable[str], name: str) -> str:
    fired = threading.Event()

    def stop() -> None:
        fired.set()
        _thread.interrupt_main()

    watchdog = threading.Timer(MAX_SECONDS, stop)
    watchdog.daemon = True
    out: list[str] = []
    size = 0
    try:
        watchdog.start()
        for piece in pieces:
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateLimit("letter.template.too_long", file=name, most=MAX_OUTPUT)
            out.append(piece)
        watchdog.cancel()
    except KeyboardInterrupt:
        watchdog.cancel()
        if fired.is_set():
            raise TemplateLimit("letter.template.too_slow", file=name, seconds=int(MAX_SECONDS)) from None
        raise
    finally:
        watchdog.cancel()
    if fired.is_set():  # fired just after the last piece: the interrupt may still be on its way
        try:
            threading.Event().wait(0.05)
        except KeyboardInterrupt:
            pass
    return "".join(out)


def _heed_interrupts() -> Any:
    """Make the watchdog's interrupt arrive; returns the SIGINT handling to put back, or None.

    `interrupt_main` does nothing while SIGINT is ignored or left to the system, and a process
    started in the background (`nohup wor letter ... &`, a scheduled task) has it ignored: there
    a template's endless loop ran on. For the few moments of rendering, Python's own handler is
    installed (only the main thread may do so; elsewhere the watchdog cannot interrupt anyway)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    current = signal.getsignal(signal.SIGINT)
    if current in (signal.SIG_IGN, signal.SIG_DFL, None):
        signal.signal(signal.SIGINT, signal.default_int_handler)
        return current
    return None
