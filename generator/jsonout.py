"""Deterministic JSON bytes: sorted keys, two-space indent, trailing newline, HTML-safe."""

from __future__ import annotations

from typing import Any

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
