"""Read YAML, and find the line of any value when a problem needs to say `file:LINE`.

Parsing is the hot path of a large build, so lines are worked out only when asked for: the data
comes from one pass of the C parser, and a second pass over the node tree (`_walk`) runs only for
a file that has a problem to report, or whose mappings repeat a key.

That one pass builds the data straight from libyaml's events (`_from_events`), with PyYAML's own
resolver and constructors for plain scalars, each distinct one resolved once: about three times
faster than PyYAML's node-then-object construction, with the same result. Anything unusual (tags,
anchors, merge keys, several documents, a list as a key) goes through PyYAML's safe loader itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

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
    try:
        try:
            data, repeated = _from_events(text)
        except _Unusual:
            data, repeated = _safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line + offset, f"YAML syntax: {reason}") from None
    return Located(data, text, offset, repeated)


def _safe_load(text: str) -> tuple[Any, bool]:
    loader = _Loader(text)
    try:
        return loader.get_single_data(), loader.repeated_keys
    finally:
        loader.dispose()


class _Unusual(Exception):
    """YAML the event reader leaves to PyYAML's loader."""


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp", "str")
}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_plain: dict[str, Any] = {}  # plain scalar text -> its value; all of them are immutable


def _plain_value(text: str) -> Any:
    """What PyYAML's safe loader makes of an untagged plain scalar."""
    if text in _plain:
        return _plain[text]
    tag = _RESOLVER.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag not in _PLAIN_TAGS:
        raise _Unusual
    value = SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
    if len(_plain) > 100_000:
        _plain.clear()
    _plain[text] = value
    return value


def _from_events(text: str) -> tuple[Any, bool]:
    """One document's data from libyaml's events; `_Unusual` for what PyYAML must construct."""
    loader = _Base(text)
    get: Callable[[], Any] = loader.get_event
    repeated = False
    try:
        get()  # StreamStartEvent
        if isinstance(get(), ev.StreamEndEvent):
            return None, False
        root: Any = None
        # Open containers: [container, pending key or _NO_KEY (mappings), keys seen].
        stack: list[list[Any]] = []
        while True:
            event = get()
            kind = type(event)
            if kind is ev.ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value: Any = _plain_value(event.value) if event.implicit[0] else event.value
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value = {} if kind is ev.MappingStartEvent else []
            elif kind is ev.MappingEndEvent:
                mapping, _, keys = stack.pop()
                repeated = repeated or keys != len(mapping)
                continue
            elif kind is ev.SequenceEndEvent:
                stack.pop()
                continue
            elif kind is ev.DocumentEndEvent:
                break
            else:  # an alias
                raise _Unusual
            if not stack:
                root = value
            else:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    container.append(value)
                elif top[1] is _NO_KEY:
                    if type(value) is dict or type(value) is list:
                        raise _Unusual  # PyYAML says why a collection cannot be a key
                    top[1] = value
                else:
                    container[top[1]] = value
                    top[1] = _NO_KEY
                    top[2] += 1
            if kind is not ev.ScalarEvent:
                stack.append([value, _NO_KEY, 0])
        if not isinstance(get(), ev.StreamEndEvent):
            raise _Unusual  # several documents: PyYAML's loader reports it
        return root, repeated
    finally:
        loader.dispose()


_NO_KEY = object()


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
