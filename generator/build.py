"""`llmcat build`: load, validate, merge, render, export, then write the site atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.catalog import load_catalog
from generator.changes import render_changes
from generator.clock import build_date
from generator.crosscheck import REPORT_FILE, load_report
from generator.crosscheck_report import publish_report
from generator.errors import BuildError
from generator.export import ApiParts, Part, export_parts, query_routes
from generator.history import read_history
from generator.hostconfig import host_files
from generator.items import clear_items
from generator.merge import merge_catalog
from generator.models import Catalog, Entry
from generator.parallel import Chunks, PoolWriter, ProcessWriter, processes_for
from generator.reading import Parsing
from generator.render import DATA_PATH, TEMPLATES, make_env, render_site, static_files
from generator.snapshots import load_snapshots
from generator.write import File, Item, write_site

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    catalog_dir: Path = Path("catalog")
    out_dir: Path = Path("site")
    templates: Path = TEMPLATES


@dataclass(frozen=True)
class BuildResult:
    models: int
    providers: int
    files: int


def build(
    settings: Settings,
    *,
    strict: bool = False,
    warnings: Any = None,
    release: bool = True,
    parsing: Parsing | None = None,
) -> BuildResult:
    """Build the whole site from local files only; the old site stays until the new one is done.

    With `strict`, any warning logged while building fails the build before anything is written.
    With `release=False`, the models' items stay cached until the next build: for a process
    that exits right after without freeing its objects (the command line), since freeing them
    one by one costs time and gives back memory nobody will use. `parsing`: the catalog's
    provider files, if the caller started parsing them already (`generator.reading`).
    """
    before = warnings.count if warnings is not None else 0
    clear_items()
    try:
        return _build(settings, strict=strict, warnings=warnings, before=before, parsing=parsing)
    finally:
        if release:
            clear_items()
        gc.unfreeze()


def _build(
    settings: Settings, *, strict: bool, warnings: Any, before: int, parsing: Parsing | None
) -> BuildResult:
    with _loading():
        catalog = load_catalog(settings.catalog_dir, parsing)
        today = build_date(settings.catalog_dir, catalog)
        entries = merge_catalog(catalog, load_snapshots(settings.catalog_dir / "fetched"))
        env = make_env(settings.templates)
        report = load_report(settings.catalog_dir / REPORT_FILE)
        env.globals["crosscheck_published"] = report is not None
        history = read_history(settings.catalog_dir)
        api = export_parts(entries, catalog.providers, today=today)
    page_context = {"today": today.isoformat(), "data_path": f"/{DATA_PATH}"}
    files: Iterator[Item] = itertools.chain(
        _api_and_pages(entries, catalog, env, today, api),
        static_files(settings.templates),
        host_files(query_routes(catalog.providers), [p.id for p in catalog.providers]),
        publish_report(report, env, {e.global_id for e in entries}, today),
        render_changes(history, entries, env, today, page_context),
    )
    if strict and warnings is not None:
        files = _fail_on_warnings(files, warnings, before)
    count = write_site(files, settings.out_dir)
    log.debug(
        "built %d models from %d providers into %s",
        len(entries),
        len(catalog.providers),
        settings.out_dir,
    )
    return BuildResult(models=len(entries), providers=len(catalog.providers), files=count)


def _api_and_pages(
    entries: list[Entry], catalog: Catalog, env: jinja2.Environment, today: dt.date, api: ApiParts
) -> Iterator[Item]:
    """The JSON API and the pages, made as `write_site` asks for them.

    With worker processes, the pages of `/v1/models` and the OpenAPI contract, which need no
    model item, go to a process forked as soon as the new tree exists: it writes them on the core
    that sat idle while this process made the items and the pages' shared data, before the pool
    could fork (see `_pooled`). That part is about as long as the wait, so it ends about when the
    pool starts. Giving it the other shapes too (twice the work) kept three processes busy on
    two cores for longer: on the disk, a run took 0.3 s more CPU at 10,000 models and no less
    time than before (benchmarks/README.md, runs 83 and 84). On tmpfs, alternating builds: 10,000
    models in a median of 2.57 s against 2.70 s (four each), 20,000 in 5.13 s against 5.47 s
    (three each).
    """
    processes = processes_for(len(entries))  # one decision, for this process and the pool
    if processes > 1:
        yield ProcessWriter(api.early)
    else:
        yield from api.early()
    with _loading():
        model_pages, pages = render_site(
            entries, catalog.providers, env, today=today, guides=catalog.guides, processes=processes
        )
    yield from _pooled(api.rest, model_pages, pages)


@contextlib.contextmanager
def _loading() -> Iterator[None]:
    """No garbage collection while loading and preparing, then what they made is frozen: it
    stays, so collections need not walk it, and forked workers share its pages.

    Loading makes millions of objects and almost no cycles: at 10,000 models the collections it
    triggered took about 0.4 s of CPU and freed nothing the build would miss. The same holds for
    the models' items, made next: with collections on, each full one walked every item made so
    far, so making them cost 1.4x as much at 10,000 models (0.26 s against 0.19 s) and 1.6x at
    20,000 (0.58 s against 0.37 s), growing faster than the catalog.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if collecting:
            gc.enable()


def _pooled(
    parts: list[Part], model_pages: Iterator[File] | Chunks, pages: Iterator[File]
) -> Iterable[Item]:
    """The JSON API's parts that need the items, the site's other pages, then the model pages.
    When the model pages come as `Chunks`, one pool of worker processes renders and writes all of
    them: it is forked now, and this process only writes the few small files left (static files,
    host configs, the report, the changes pages) while it waits.

    One pool, not one for the pages and a process for each half of the API: five processes on
    two cores left the largest half running alone at the end on disk, and more processes writing
    at once cost more system time on ext4 (10,000 models on disk, twelve alternating builds
    each: median 4.70 and 4.77 s against 5.10 and 5.16 s). The other pages are the pool's too,
    not this process's: rendered here after the fork, they made three busy processes on two
    cores, and this one touched every model again, copying the memory pages it shared with the
    workers (10,000 models on tmpfs, eight alternating builds each: median 4.72 and 5.37 s
    against 5.45 and 6.04 s).
    """
    if isinstance(model_pages, Chunks):
        jobs = [*map(Chunks.whole, parts), Chunks.whole(lambda: pages), model_pages]
        return [PoolWriter(jobs, model_pages.processes)]
    return itertools.chain(
        itertools.chain.from_iterable(part() for part in parts), pages, model_pages
    )


def _fail_on_warnings(files: Iterator[Item], warnings: Any, before: int) -> Iterator[Item]:
    yield from files
    if warnings.count > before:
        raise BuildError(
            f"{warnings.count - before} warnings with --strict: fix them, or drop --strict"
        )
