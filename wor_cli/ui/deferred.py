"""Two of rich's modules that `typer.rich_utils` imports but a help screen never uses.

`typer.rich_utils` imports `rich.markdown` (for `markup_mode="markdown"`, which wor
does not use) and `rich.traceback` (for Typer's pretty tracebacks, which wor does not
show: every error is a message). Both bring pygments and markdown-it: about 40 ms of a
`wor --help` that otherwise takes about 120 ms. So, just before `typer.rich_utils` runs,
each gets a stand-in whose classes load the real module when first used; asking the
stand-in for anything else loads it too. Whoever needs them gets the real thing, later.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

# module -> the classes `typer.rich_utils` takes from it (used only in annotations and calls)
DEFERRED = {"rich.markdown": ("Markdown",), "rich.traceback": ("Traceback",)}


def _real(name: str) -> types.ModuleType:
    module = sys.modules.get(name)
    if module is None or getattr(module, "__deferred__", False):
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    return module


def _stand_in(name: str, classes: tuple[str, ...]) -> types.ModuleType:
    stand_in = types.ModuleType(name)
    stand_in.__deferred__ = True  # type: ignore[attr-defined]

    def load_on_use(attribute: str) -> Any:
        if attribute.startswith("__"):  # the import system asks for __path__, __spec__, ...
            raise AttributeError(attribute)
        return getattr(_real(name), attribute)

    stand_in.__getattr__ = load_on_use  # type: ignore[method-assign]
    for class_name in classes:

        class Deferred:
            """Builds the real class's object; its class methods are the real ones."""

            def __new__(cls, *args: Any, **kwargs: Any) -> Any:
                return getattr(_real(name), cls.__name__)(*args, **kwargs)

            def __init_subclass__(cls, **kwargs: Any) -> None:
                raise TypeError(f"{name}.{cls.__name__} is deferred: import {name} first")

        Deferred.__name__ = Deferred.__qualname__ = class_name
        for method in ("from_exception", "extract"):  # Traceback's constructors
            setattr(Deferred, method, classmethod(lambda cls, *a, _m=method, **k: getattr(getattr(_real(name), cls.__name__), _m)(*a, **k)))
        setattr(stand_in, class_name, Deferred)
    return stand_in


def install() -> None:
    """Stand-ins for the modules not loaded yet (a test process may have the real ones)."""
    for name, classes in DEFERRED.items():
        if name not in sys.modules:
            sys.modules[name] = _stand_in(name, classes)
