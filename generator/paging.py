"""Anthropic-style `limit` / `after_id` / `before_id` on `/v1/models`, as prebuilt pages.

A static host cannot slice a list per request, and a page per (cursor, limit) pair is 1000 x N
files. So pages have the sizes in `routes.PAGE_SIZES` (a request's `limit` picks the largest
not above it), and are cut on that size's boundaries: page k holds items k*size to
(k+1)*size - 1. The cursors a client gets back (`last_id`, `first_id`) always sit on a boundary
of the same size, so every page it follows is prebuilt; any other cursor is a 400. Each page is a
few lines of nginx SSI that include the items' own files, so all pages of all sizes together
take about 2.3 small files per model, not copies of the items.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator, Sequence

from generator import routes
from generator.jsonout import dump_json

LIST_PATH = "/v1/models"


def cursor(model_id: str) -> str:
    """A model id as SDKs send it in a query string (encodeURIComponent)."""
    return urllib.parse.quote(model_id, safe="~")


def export_pages(ids: Sequence[str]) -> Iterator[tuple[str, bytes]]:
    """Yield the page files of `/v1/models` for the item ids in list order."""
    yield routes.query_empty_file(LIST_PATH)
    count = len(ids)
    # Every id is a cursor and an include of several pages: build each string once.
    cursors = [cursor(i) for i in ids]
    includes = [routes.ssi_include(f"{LIST_PATH}/{i}") for i in ids]
    for size, _ in routes.PAGE_SIZES:
        limit = str(size)
        yield routes.query_file(LIST_PATH, limit=limit), _page(ids, includes, 0, size, size < count)
        if size < count:  # back to the first page: nothing before it
            key = routes.query_file(LIST_PATH, limit=limit, before_id=cursors[size])
            yield key, _page(ids, includes, 0, size, False)
        for start in range(size, count, size):
            more = start + size < count
            page = _page(ids, includes, start, size, more)
            yield routes.query_file(LIST_PATH, limit=limit, after_id=cursors[start - 1]), page
            if more:  # the same page answers the cursor after it, going back
                key = routes.query_file(LIST_PATH, limit=limit, before_id=cursors[start + size])
                yield key, page


def _page(
    ids: Sequence[str], includes: Sequence[str], start: int, size: int, has_more: bool
) -> bytes:
    chosen = ids[start : start + size]
    meta = dump_json(
        {
            "object": "list",
            "first_id": chosen[0] if chosen else None,
            "last_id": chosen[-1] if chosen else None,
            "has_more": has_more,
        }
    )
    body = ",\n".join(includes[start : start + size])
    return b'{\n  "data": [\n' + body.encode() + b"\n  ],\n" + meta[2:]
