"""Work spread over forked processes: parsing, and the pool that renders and writes the site.

Each test runs in a child process: pools fork, which is best done from a process without
threads (pytest's may have some).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

from synth import write_catalog  # the benchmarks' catalog generator

from generator.parallel import apart


def _run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_build_that_fails_after_parsing_in_processes_leaves_none_running(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "catalog", 300)
    provider = next((catalog / "providers").glob("*.yaml"))
    text = provider.read_text(encoding="utf-8")
    provider.write_text(text.replace("context_window:", "context_windw:", 1), encoding="utf-8")
    out = _run(f"""
        import multiprocessing, os
        from pathlib import Path
        os.environ["LLMCAT_PROCESSES"] = "2"
        from generator.build import Settings, build
        from generator.errors import CatalogError

        settings = Settings(Path({str(catalog)!r}), Path({str(tmp_path / "site")!r}))
        try:
            build(settings)
        except CatalogError as exc:
            print(exc.problems[0].split(": ", 1)[1], multiprocessing.active_children())
    """)
    assert out.startswith("models[0].context_windw: unknown key")
    assert out.endswith(" []")  # no process left running
    assert not (tmp_path / "site").exists()


def test_map_in_processes_yields_in_order_and_closing_early_stops_the_workers() -> None:
    out = _run("""
        import multiprocessing, os, time
        from generator.parallel import map_in_processes

        def work(n):
            time.sleep(0.05 * (5 - n))  # the later items finish first
            return n * 10, os.getpid()

        results = map_in_processes(work, range(5), 2)
        done = list(results)
        print([n for n, _ in done], len({pid for _, pid in done} - {os.getpid()}))
        results = map_in_processes(work, range(5), 2)
        first = next(results)[0]
        running = len(multiprocessing.active_children())
        results.close()  # as when validating a file raises: the pool must not linger
        print(first, running, multiprocessing.active_children())
        print([n for n, _ in map_in_processes(work, range(3), 1)])
    """)
    assert out.splitlines() == ["[0, 10, 20, 30, 40] 2", "0 2 []", "[0, 10, 20]"]


def test_map_in_processes_starts_the_work_before_it_is_asked_for(tmp_path: Path) -> None:
    # `llmcat build` starts parsing, then imports the rest of the build: the workers must be
    # parsing meanwhile, not wait for the first result to be asked for. Each item leaves a mark
    # when its work runs; the marks must all be there before anything is asked.
    out = _run(f"""
        import os, time
        from generator.parallel import map_in_processes

        def work(n):
            open(os.path.join({str(tmp_path)!r}, str(n)), "w").close()
            return n * 10

        with map_in_processes(work, range(4), 2) as results:
            deadline = time.monotonic() + 30
            while len(os.listdir({str(tmp_path)!r})) < 4 and time.monotonic() < deadline:
                time.sleep(0.01)
            marks = len(os.listdir({str(tmp_path)!r}))
            print(marks, list(results))
    """)
    assert out == "4 [0, 10, 20, 30]"


def test_the_command_line_imports_neither_schema_nor_templates_before_parsing() -> None:
    # What lets the workers parse while the build imports: the command line and the parsing
    # itself import no pydantic, no Jinja and no catalog schema.
    out = _run("""
        import sys
        import generator.cli, generator.reading

        heavy = ("pydantic", "jinja2", "generator.models", "generator.build", "generator.catalog")
        print([name for name in heavy if name in sys.modules])
    """)
    assert out == "[]"


def test_apart_deals_every_chunk_once_from_separate_runs() -> None:
    assert apart(7, 2) == [0, 4, 1, 5, 2, 6, 3]
    assert apart(10, 3) == [0, 4, 8, 1, 5, 9, 2, 6, 3, 7]
    assert apart(3, 1) == [0, 1, 2] and apart(0, 2) == []
    for count in range(40):
        for ways in range(1, 5):
            order = apart(count, ways)
            assert sorted(order) == list(range(count))
            size = -(-count // ways)
            runs = [i // size for i in order]  # the run each chunk comes from
            if ways > 1 and count % ways == 0:  # the next chunk is always from another run
                assert all(a != b for a, b in itertools.pairwise(runs))


def test_pool_writer_returns_paths_in_chunk_order(tmp_path: Path) -> None:
    out = _run(f"""
        import os, time
        from generator.parallel import Chunks, PoolWriter
        from generator.write import Target

        def work(start, end):
            return [(f"{{i:02}}/{{os.getpid()}}", str(i)) for i in range(start, end)]

        def whole():  # busy until the other worker has written every chunk
            deadline = time.monotonic() + 60
            while len(os.listdir({str(tmp_path)!r})) < 8 and time.monotonic() < deadline:
                time.sleep(0.01)
            return [(f"whole/{{os.getpid()}}", "w")]

        chunks = Chunks(work, [(i, i + 1) for i in range(8)])
        writer = PoolWriter([Chunks.whole(whole), chunks], 2)
        writer.start(Target({str(tmp_path)!r}))
        try:
            print(" ".join(rel.split("/")[0] for rel in writer.finish()))
        finally:
            writer.close()
    """)
    # Sent as whole, 0, 4, 1, 5, 2, 6, 3, 7 (each to the first free worker): given back in the
    # order of the jobs, then of their chunks.
    assert out == "whole 00 01 02 03 04 05 06 07"
    # The job given first went first, to one worker; the other wrote all the chunks meanwhile.
    whole_pid = next((tmp_path / "whole").iterdir()).name
    chunk_pids = {p.name for p in tmp_path.glob("0*/*")}
    assert len(chunk_pids) == 1 and whole_pid not in chunk_pids
    assert sorted(p.parent.name for p in tmp_path.glob("0*/*")) == [f"{i:02}" for i in range(8)]


def test_process_writer_works_beside_its_parent_and_raises_what_went_wrong(tmp_path: Path) -> None:
    out = _run(f"""
        import multiprocessing, os, time
        from pathlib import Path
        from generator.errors import BuildError
        from generator.parallel import ProcessWriter
        from generator.write import Target

        root = Path({str(tmp_path)!r})

        def files(mode):
            def produce():
                deadline = time.monotonic() + 10  # the parent says go once start() returns
                while not (root / "go").exists() and time.monotonic() < deadline:
                    time.sleep(0.01)
                yield "a/first", "on time" if (root / "go").exists() else "late"
                if mode == "fail":
                    raise RuntimeError("early part broke")
                if mode == "die":
                    os._exit(3)
                while mode == "endless":
                    time.sleep(0.05)
                yield "b/second", str(os.getpid())
            return produce

        for mode in ("ok", "fail", "die", "endless"):
            (root / "go").unlink(missing_ok=True)
            (root / mode).mkdir()
            writer = ProcessWriter(files(mode))
            writer.start(Target(str(root / mode)))
            (root / "go").touch()
            try:
                if mode == "endless":  # stopped unfinished, as when the build fails meanwhile
                    while not (root / mode / "a" / "first").exists():
                        time.sleep(0.01)
                    print(mode, "stopped")
                else:
                    print(mode, writer.finish())
            except (BuildError, RuntimeError) as exc:
                print(mode, type(exc).__name__, exc)
                if mode == "fail":  # where in the child it was raised, for a bug report
                    print("note", "in produce" in exc.__notes__[0], exc.__notes__[0].split(":")[0])
            finally:
                writer.close()
        print(os.getpid(), multiprocessing.active_children())
    """)
    *lines, last = out.splitlines()
    assert lines == [
        "ok ['a/first', 'b/second']",
        "fail RuntimeError early part broke",
        "note True Raised in the worker process, at",
        "die BuildError a worker process ended without writing its files",
        "endless stopped",
    ]
    parent, children = last.split(" ", 1)
    assert children == "[]"  # none left running, the endless one included
    assert (tmp_path / "ok" / "a" / "first").read_text() == "on time"  # not run by start()
    assert (tmp_path / "ok" / "b" / "second").read_text() != parent  # in another process
    assert not (tmp_path / "endless" / "b").exists()
