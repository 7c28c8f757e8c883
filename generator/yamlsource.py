"""Read YAML, and find the line of any value when a problem needs to say `file:LINE`.

Parsing is the hot path of a large build, so lines are worked out only when asked for: the data
comes from one pass of the C parser, and a second pass over the node tree (`_walk`) runs only for
a file that has a problem to report, or whose mappings repeat a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, noting whether any mapping repeated a key (YAML keeps the last)."""

    repeated_keys = False

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep)
        if len(mapping) != len(node.value):
            self.repeated_keys = True
        return mapping


@dataclass
class Located:
    """Parsed YAML data; the 1-based line of each key path and repeated keys, on demand."""

    data: Any
    text: str = ""
    offset: int = 0
    repeated_keys: bool = False
    _lines: dict[Path, int] | None = field(default=None, repr=False)
    _duplicates: list[tuple[Path, int]] = field(default_factory=list, repr=False)

    @property
    def lines(self) -> dict[Path, int]:
        if self._lines is None:
            self._lines = {}
            node = yaml.compose(self.text, Loader=_Base)
            if node is not None:
                _walk(node, (), self)
        return self._lines

    @property
    def duplicates(self) -> list[tuple[Path, int]]:
        """`(key path, line)` of every key a mapping repeats."""
        if self.repeated_keys:
            _ = self.lines
        return self._duplicates

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        lines = self.lines
        for end in range(len(path), -1, -1):
            line = lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1 + self.offset


class YamlSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str, offset: int = 0) -> Located:
    """Parse one YAML document; raise YamlSyntaxError with a line on bad syntax.

    `offset` is added to every line, for YAML that starts below line 1 of its file.
    """
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line + offset, f"YAML syntax: {reason}") from None
    finally:
        loader.dispose()
    return Located(data, text, offset, loader.repeated_keys)


def _walk(node: yaml.Node, path: Path, out: Located) -> None:
    lines = out._lines
    assert lines is not None
    lines.setdefault(path, node.start_mark.line + 1 + out.offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1 + out.offset
            if key in seen:
                out._duplicates.append(((*path, key), line))
            seen.add(key)
            lines[(*path, key)] = line
            _walk(value_node, (*path, key), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), out)
