"""YAML that remembers where everything was, so errors can name the line.

Answers files and catalogue files are written by people. When something is
wrong the message must say `FILE:LINE: field: what`. PyYAML's C parser builds
the node tree quickly; our constructor records, for each mapping and list it
makes, the line of the mapping itself and of each key or item. The record is
kept beside the data (keyed by object identity) so the data stays plain dicts
and lists.

YAML parse errors are turned into plain Dutch (or English) that says what to
do: the traps people fall into are tabs and a colon inside unquoted text.

This is the one YAML loader for files people write (answers files, catalogue
files, instruments), and it keeps a hostile or clumsy file small and quick
(issue 10): `read` takes only a regular file of bounded size (never a FIFO or
/dev/zero), and `load` refuses aliases (`*name`: a 1 KB "billion laughs" file
expands to gigabytes) or, where a file may use them (catalogue files, whose
keepers write a shared location once; instruments), bounds their size as
expanded; it refuses nesting deeper than MAX_DEPTH and numbers longer than
MAX_DIGITS, all before anything is built. Dates and times are left as the
text written, so an impossible date (2026-02-30) reaches the field's own
check, which names the field and the line, instead of failing inside YAML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from wor_cli.inputs import MAX_BYTES, FileProblem, read  # noqa: F401 - read files through yamlfile.read

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
# A date or time stays the text written; the field's check reads it (and can say what is wrong).
_TrackingLoader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)

MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_DIGITS = 40
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class YamlProblem(Exception):
    """The text is not valid YAML; `line` and `key` say where and what (a message key)."""

    def __init__(self, line: int | None, key: str, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.key = key
        self.detail = detail


def load(text: str | bytes, *, aliases: bool = False) -> tuple[Any, Lines]:
    """Parse one YAML document, returning the data and its line record.

    `aliases=True` for the files that may use them on purpose (a catalogue's shared
    location, the answer scales of an instrument): then the size as expanded is
    bounded instead.
    """
    loader = _TrackingLoader(text)
    loader.lines = Lines()
    try:
        node = loader.get_single_node()
        if node is None:
            return None, loader.lines
        _check_shape(node, aliases)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as e:
        raise _explain(e) from None
    except yaml.YAMLError as e:
        raise YamlProblem(None, "yaml.unreadable", str(e)[:200]) from None
    except (ValueError, TypeError, RecursionError) as e:  # a value YAML itself cannot build
        raise YamlProblem(None, "yaml.unreadable", str(e)[:200]) from None
    finally:
        loader.dispose()
    return data, loader.lines


def _check_shape(root: yaml.Node, aliases: bool) -> None:
    """Refuse, before anything is built, what would make loading slow or huge.

    An alias makes the composer hand out one node in several places; seeing
    a node a second time is how an alias shows. Where aliases are allowed,
    the values counted as expanded (each node once per place it is used,
    remembered per node, so a bomb is counted without being expanded) must
    stay under MAX_NODES.
    """
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int, used_at: int) -> int:
        line = node.start_mark.line + 1
        if id(node) in sizes:
            if not aliases:
                raise YamlProblem(used_at, "yaml.alias", "alias")
            return sizes[id(node)]
        if depth > MAX_DEPTH:
            raise YamlProblem(line, "yaml.too_deep", "nested too deeply")
        total = 1
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _NUMBER_TAGS and len(node.value) > MAX_DIGITS:
                raise YamlProblem(line, "yaml.number_too_long", "number too long")
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1, line)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                key_line = key.start_mark.line + 1
                total += size(key, depth + 1, key_line) + size(value, depth + 1, key_line)
        if total > MAX_NODES:
            raise YamlProblem(line, "yaml.too_big", "too many values")
        sizes[id(node)] = total
        return total

    size(root, 1, root.start_mark.line + 1)


def load_fast(text: str | bytes) -> Any:
    """Parse without line tracking, for the files shipped with wor (known to be valid)."""
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
    elif "found undefined alias" in problem:
        key = "yaml.undefined_alias"
    elif "found unexpected end of stream" in problem or "quoted scalar" in context:
        key = "yaml.unclosed_quote"
    else:
        key = "yaml.unreadable"
    return YamlProblem(line, key, f"{error.problem or ''} {error.context or ''}".strip())
