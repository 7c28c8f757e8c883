"""Deterministic JSON bytes: sorted keys, two-space indent, trailing newline, HTML-safe."""

from __future__ import annotations

from typing import Any, NamedTuple

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def dump_json(data: Any) -> bytes:
    """Serialize `data` the one way llmcat writes JSON.

    orjson writes the same bytes as `json.dumps(sort_keys=True, indent=2)` about ten times
    faster (the standard library drops to pure Python when `indent` is set). `<`, `>` and `&`
    only ever occur inside JSON strings, so escaping them keeps the document identical for a
    JSON parser while a host that serves it as HTML cannot run a payload.
    """
    raw = orjson.dumps(data, option=_OPTIONS)
    return raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class Dumped(NamedTuple):
    """One value serialized once, for its own file and as a list element in other files.

    The API publishes each item in its own file and again in several lists (the full list,
    filtered lists, catalog.json); serializing it once and splicing the bytes in is most of what
    makes the export fast.
    """

    body: bytes
    """The value's own file, exactly as `dump_json(value)`."""
    element: orjson.Fragment
    """The value as an element of a list two levels down: `{"key": [element, ...]}`.

    Put into the data of a `dump_json` call, it gives the same bytes as the value itself would.
    """


# An element of `{"key": [...]}` is indented two levels: each line after its first gets four
# more spaces. A newline byte only ever occurs as indentation (strings escape it as `\n`).
_NESTED_NEWLINE = b"\n" + b" " * 4


def dump_once(data: Any) -> Dumped:
    """Serialize `data` for its own file and for lists that include it (see `Dumped`)."""
    body = dump_json(data)
    return Dumped(body, orjson.Fragment(body[:-1].replace(b"\n", _NESTED_NEWLINE)))
