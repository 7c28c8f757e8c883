"""Spread CPU-bound parsing and rendering over processes (fork), keeping the output order.

Rendering pages is pure Python and holds the GIL, so threads do not help; forked workers
inherit the prepared data (no pickling of the catalog). Parsed files come back to the parent;
the JSON API and the pages are rendered and written by the workers themselves into the build's
new tree (one process forked early for what needs no model item, then one pool), while the
parent writes the few small files left.
Workers are forked only for large catalogs, or when `LLMCAT_PROCESSES` asks for them.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.pool import Pool
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from generator.errors import BuildError
from generator.write import File, Target, write_files

T = TypeVar("T")
R = TypeVar("R")

# From this many models, a pool. The whole command on tmpfs, eight alternating builds each,
# median: one process and two are even at 250 and 350 synthetic models (0.49 and 0.50 s, 0.56
# and 0.57 s); two win at 500 (0.58 s against 0.63 s).
AUTO_MIN_PAGES = 250
_CHUNK = 100
Work = Callable[[int, int], Iterable[File]]  # (start, end) -> files
_works: list[Work] = []  # in a PoolWriter's worker: what each job's parts are for


def processes_for(count: int, minimum: int = AUTO_MIN_PAGES) -> int:
    """How many worker processes to spread `count` items over (1 means in this process).

    Below `minimum` items, forking saves nothing.
    """
    asked = os.environ.get("LLMCAT_PROCESSES")
    if asked:
        return max(1, int(asked))
    if count < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 4)


def _fork_pool(
    processes: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> Pool:
    """A pool of forked workers: they inherit this process's data instead of pickling it (the
    `initializer` and its arguments too)."""
    return multiprocessing.get_context("fork").Pool(processes, initializer, initargs)


def map_in_processes(
    func: Callable[[T], R],
    items: Sequence[T],
    processes: int,
    initializer: Callable[[], object] | None = None,
) -> Mapped[T, R]:
    """`func(x) for x in items`, in order; with `processes` > 1, on forked worker processes that
    start at once, before anything is asked of them (see `Mapped`)."""
    return Mapped(func, items, processes, initializer)


class Mapped(Iterator[R], Generic[T, R]):
    """Results of `map_in_processes` for its `items`, each as soon as it and those before it are
    done, so the caller works on it meanwhile. Close it (or leave its `with` block) to stop the
    workers when the caller stops early; they stop by themselves after the last result."""

    def __init__(
        self,
        func: Callable[[T], R],
        items: Sequence[T],
        processes: int,
        initializer: Callable[[], object] | None = None,
    ) -> None:
        self.items = items
        self._pool: Pool | None = None
        if processes <= 1 or len(items) <= 1:
            self._results: Iterator[R] = map(func, items)
        else:
            self._pool = _fork_pool(min(processes, len(items)), initializer)
            self._results = self._pool.imap(func, items, chunksize=1)

    def __next__(self) -> R:
        try:
            return next(self._results)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Mapped[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def map_ordered(work: Work, count: int, processes: int) -> Iterator[File] | Chunks:
    """`work(start, end)` for chunks of range(count): its pages, in order, in this process;
    or, with more than one process, the chunks, for a `PoolWriter`'s workers to write.
    """
    size = max(1, min(_CHUNK, -(-count // (processes * 4))))
    bounds = [(start, min(start + size, count)) for start in range(0, count, size)]
    if processes <= 1 or len(bounds) <= 1:
        return (page for start, end in bounds for page in work(start, end))
    return Chunks(work, bounds, processes)


@dataclass(frozen=True)
class Chunks:
    """Files to write in parts: `work(start, end)` for each of `bounds`, meant for `processes`
    workers."""

    work: Work
    bounds: list[tuple[int, int]]
    processes: int = 1

    @classmethod
    def whole(cls, produce: Callable[[], Iterable[File]]) -> Chunks:
        """`produce()`'s files as one part: a large part of the site that needs only data ready
        before the fork (a half of the JSON API, or the pages other than the model pages)."""
        return cls(lambda _start, _end: produce(), [(0, 1)])


class PoolWriter:
    """Files rendered and written by forked workers into the build's new tree (a `Deferred`).

    The workers take the parts of every `Chunks` in the order given, each as soon as it is free:
    give the largest parts first, and the small ones after them even out the end.
    """

    def __init__(self, jobs: Sequence[Chunks], processes: int) -> None:
        self._tasks = [
            (job, *job_bounds[i])
            for job, job_bounds in enumerate(c.bounds for c in jobs)
            for i in apart(len(job_bounds), processes)
        ]
        self._pool = _fork_pool(processes, _keep_work, ([c.work for c in jobs],))
        self._result: Any = None

    def start(self, target: Target) -> None:
        """Send every part to the workers, with where to write."""
        tasks = [(*task, target) for task in self._tasks]
        self._result = self._pool.map_async(_write_run, tasks, 1)

    def finish(self) -> list[str]:
        """Wait for the workers; the relative paths they wrote, in the order of the parts."""
        done: list[list[str]] = self._result.get()
        self._pool.close()
        written = dict(zip(self._tasks, done, strict=True))
        return [rel for task in sorted(self._tasks) for rel in written[task]]

    def close(self) -> None:
        """Stop the workers (after `finish`, they have nothing left to do)."""
        self._pool.terminate()
        self._pool.join()


class ProcessWriter:
    """`produce()`'s files, rendered and written by one forked process into the build's new tree
    (a `Deferred`): forked when the tree is known (`start`), so it works while this process goes
    on to make what the other workers need.

    A plain process, not a pool: a pool keeps threads in this process, and the pool forked after
    it should fork from a process without threads.
    """

    def __init__(self, produce: Callable[[], Iterable[File]]) -> None:
        self._produce = produce
        self._process: BaseProcess | None = None
        self._results: Connection | None = None

    def start(self, target: Target) -> None:
        """Fork the process, and give it where to write."""
        context = multiprocessing.get_context("fork")
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_write_alone, args=(self._produce, target, sender), daemon=True
        )
        self._process.start()
        sender.close()  # the child's end: if the child dies, reading ends (EOFError)

    def finish(self) -> list[str]:
        """Wait for the process; the relative paths it wrote. Its error is raised here."""
        assert self._results is not None, "finish() before start()"
        try:
            done, result = self._results.recv()
        except EOFError:
            raise BuildError("a worker process ended without writing its files") from None
        if not done:
            raise result
        written: list[str] = result
        return written

    def close(self) -> None:
        """Stop the process (after `finish`, it has ended already)."""
        if self._process is not None:
            self._process.terminate()  # nothing if it has ended
            self._process.join()
            self._process = None
        if self._results is not None:
            self._results.close()
            self._results = None


def _write_alone(produce: Callable[[], Iterable[File]], target: Target, sender: Connection) -> None:
    """In a `ProcessWriter`'s process: write, then send back the paths, or the error."""
    try:
        result: tuple[bool, Any] = (True, write_files(produce(), target))
    except Exception as exc:  # raised again in the parent, like a pool worker's
        where = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
        exc.add_note(f"Raised in the worker process, at:\n{where}")
        result = (False, exc)
    try:
        sender.send(result)
    except Exception as exc:  # an error that cannot be pickled: send what it says
        sender.send((False, BuildError(f"a worker process failed: {result[1]!r} ({exc})")))


def apart(count: int, ways: int) -> list[int]:
    """`range(count)` cut into `ways` runs and dealt one from each run in turn: 0..6 in two ways
    is 0, 4, 1, 5, 2, 6, 3. Workers taking chunks in this order work on distant parts of the
    site, not in the same folders at once: on ext4, writers sharing a folder cost more system
    time (10,000 models on a slow disk: 7.1 s of it against 7.7 s, and 7.50 s wall against 7.88 s,
    median of eight alternating builds; on tmpfs the same 4.08 s)."""
    size = max(1, -(-count // max(1, ways)))
    runs = [range(start, min(start + size, count)) for start in range(0, count, size)]
    return [i for turn in itertools.zip_longest(*runs) for i in turn if i is not None]


def _keep_work(works: list[Work]) -> None:
    """In a new worker: the work its pool's parts are for (set in the worker only, so pools
    alive at once each keep their own)."""
    global _works
    _works = works


def _write_run(task: tuple[int, int, int, Target]) -> list[str]:
    job, start, end, target = task
    return write_files(_works[job](start, end), target)
