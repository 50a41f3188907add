"""The layers, read from the source: the domain never reaches up, and no import loops.

Every `import` in every module counts, also those inside functions (they are there to
keep start-up fast, not to hide a loop). Arrows: cli -> commands -> ui -> domain -> store.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wor_cli"
TERMINAL = ("typer", "click", "rich", "questionary", "prompt_toolkit")
UPPER = ("wor_cli.cli", "wor_cli.commands", "wor_cli.ui", "wor_cli.__main__")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """What a module imports: wor_cli modules by full name, others by their top-level package."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                # `from wor_cli.reports import figures` imports the module wor_cli.reports.figures
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {n if n.startswith("wor_cli") else n.split(".")[0] for n in found}


GRAPH = {name: {n for n in imports_of(name) if n in MODULES and n != name} for name in MODULES}


def is_upper(name: str) -> bool:
    return any(name == u or name.startswith(u + ".") for u in UPPER)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not is_upper(n)))
def test_the_domain_never_imports_the_terminal_or_the_layers_above(name):
    wrong = sorted(n for n in imports_of(name) if n.split(".")[0] in TERMINAL or is_upper(n))
    assert not wrong, f"{name} imports {', '.join(wrong)}"


def test_the_terminal_layer_never_imports_commands():
    wrong = {n: sorted(m for m in GRAPH[n] if m.startswith("wor_cli.commands")) for n in MODULES if n.startswith("wor_cli.ui")}
    assert not any(wrong.values()), wrong


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_not_even_inside_functions():
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_loop():
    # a -> b -> c -> a, and d on its own: the test above would pass on a finder that finds nothing
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
