"""Spread CPU-bound parsing and rendering over processes (fork), keeping the output order.

Rendering pages is pure Python and holds the GIL, so threads do not help; forked workers
inherit the prepared data (no pickling of the catalog) and send back only the rendered text.
The pool is started before the writer starts its threads, and only for large catalogs or when
`LLMCAT_PROCESSES` asks for it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

AUTO_MIN_ITEMS = 1000
_CHUNK = 100
_state: dict[str, Any] = {}


def processes_for(count: int) -> int:
    """How many worker processes to render `count` pages with (1 means in this process)."""
    asked = os.environ.get("LLMCAT_PROCESSES")
    if asked:
        return max(1, int(asked))
    if count < AUTO_MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 4)


def map_in_processes(func: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """`[func(x) for x in items]`, on forked worker processes when `processes` > 1."""
    if processes <= 1 or len(items) <= 1:
        return [func(x) for x in items]
    with multiprocessing.get_context("fork").Pool(min(processes, len(items))) as pool:
        return pool.map(func, items, chunksize=1)


def map_ordered(
    work: Callable[[int, int], list[tuple[str, str]]], count: int, processes: int
) -> Iterator[tuple[str, str]]:
    """Yield `work(start, end)` results for chunks of range(count), in order.

    With more than one process the pool is forked now, eagerly, so the caller can start it
    before any thread exists; the returned iterator yields as chunks finish.
    """
    size = max(1, min(_CHUNK, -(-count // (processes * 4))))
    bounds = [(start, min(start + size, count)) for start in range(0, count, size)]
    if processes <= 1 or len(bounds) <= 1:
        return (page for start, end in bounds for page in work(start, end))
    _state["work"] = work
    pool = multiprocessing.get_context("fork").Pool(processes)
    return _drain(pool, bounds)


def _drain(pool: Any, bounds: list[tuple[int, int]]) -> Iterator[tuple[str, str]]:
    try:
        for chunk in pool.imap(_run, bounds):
            yield from chunk
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _state.clear()


def _run(bounds: tuple[int, int]) -> list[tuple[str, str]]:
    result: list[tuple[str, str]] = _state["work"](*bounds)
    return result
