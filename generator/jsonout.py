"""Deterministic JSON bytes: sorted keys, two-space indent, trailing newline, HTML-safe."""

from __future__ import annotations

import json
from typing import Any

# `<`, `>` and `&` only ever occur inside JSON strings, so escaping them everywhere keeps the
# document identical to a JSON parser while a host that serves it as HTML cannot run a payload.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def dump_json(data: Any) -> bytes:
    """Serialize `data` the one way llmcat writes JSON."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
    return (text.translate(_HTML_SAFE) + "\n").encode("utf-8")
