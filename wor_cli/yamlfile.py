"""YAML that remembers where everything was, so errors can name the line.

Answers files and catalogue files are written by people. When something is
wrong the message must say `FILE:LINE: field: what`. PyYAML's C parser builds
the node tree quickly; our constructor records, for each mapping and list it
makes, the line of the mapping itself and of each key or item. The record is
kept beside the data (keyed by object identity) so the data stays plain dicts
and lists.

YAML parse errors are turned into plain Dutch (or English) that says what to
do: the traps people fall into are tabs and a colon inside unquoted text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

try:  # the C parser is many times faster; fall back where it is not built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class Lines:
    """Line numbers (1-based) of the mappings and lists in one loaded document."""

    def __init__(self) -> None:
        self.starts: dict[int, int] = {}  # id(container) -> line where it starts
        self.keys: dict[int, dict[Any, int]] = {}  # id(mapping) -> key -> line
        self.items: dict[int, list[int]] = {}  # id(list) -> line of each item
        self.duplicates: list[tuple[int, str]] = []  # (line, key) of keys given twice

    def start(self, container: Any) -> int | None:
        return self.starts.get(id(container))

    def of(self, root: Any, path: Sequence[str | int]) -> int | None:
        """The line of `path` below `root`, or of the nearest part of it that exists."""
        line = self.starts.get(id(root))
        node = root
        for step in path:
            if isinstance(node, dict) and step in node:
                line = self.keys.get(id(node), {}).get(step, line)
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                item_lines = self.items.get(id(node), [])
                line = item_lines[step] if step < len(item_lines) else line
                node = node[step]
            else:
                break
        return line


class _TrackingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    lines: Lines

    def construct_tracked_map(self, node: yaml.MappingNode):
        data: dict[Any, Any] = {}
        self.lines.starts[id(data)] = node.start_mark.line + 1
        keys: dict[Any, int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in keys:  # PyYAML would silently keep the last one
                    self.lines.duplicates.append((key.start_mark.line + 1, key.value))
                keys[key.value] = key.start_mark.line + 1
        self.lines.keys[id(data)] = keys
        yield data
        data.update(self.construct_mapping(node))

    def construct_tracked_seq(self, node: yaml.SequenceNode):
        data: list[Any] = []
        self.lines.starts[id(data)] = node.start_mark.line + 1
        self.lines.items[id(data)] = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(self.construct_sequence(node))


_TrackingLoader.add_constructor("tag:yaml.org,2002:map", _TrackingLoader.construct_tracked_map)
_TrackingLoader.add_constructor("tag:yaml.org,2002:seq", _TrackingLoader.construct_tracked_seq)


class YamlProblem(Exception):
    """The text is not valid YAML; `line` and `key` say where and what (a message key)."""

    def __init__(self, line: int | None, key: str, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.key = key
        self.detail = detail


def load(text: str | bytes) -> tuple[Any, Lines]:
    """Parse one YAML document, returning the data and its line record."""
    loader = _TrackingLoader(text)
    loader.lines = Lines()
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        raise _explain(e) from None
    except yaml.YAMLError as e:
        raise YamlProblem(None, "yaml.unreadable", str(e)) from None
    finally:
        loader.dispose()
    return data, loader.lines


def load_fast(text: str | bytes) -> Any:
    """Parse without line tracking, for files already known to be valid."""
    return yaml.load(text, Loader=_BaseLoader)


def _explain(error: yaml.MarkedYAMLError) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()
    if "'\\t'" in problem or "tab" in problem:
        key = "yaml.tab"
    elif "mapping values are not allowed" in problem:
        key = "yaml.stray_colon"
    elif "could not find expected ':'" in problem or "simple key" in context:
        key = "yaml.missing_colon"
    elif "found duplicate" in problem:
        key = "yaml.duplicate_key"
    elif "expected <block end>" in problem or "indent" in problem:
        key = "yaml.indentation"
    elif "found unexpected end of stream" in problem or "quoted scalar" in context:
        key = "yaml.unclosed_quote"
    else:
        key = "yaml.unreadable"
    return YamlProblem(line, key, f"{error.problem or ''} {error.context or ''}".strip())
