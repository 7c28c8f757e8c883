"""Benchmark `llmcat build` on synthetic catalogs, against the disk's write floor.

Run by hand (not a test):  python benchmarks/bench_build.py real 1000 10000 20000

For each size it generates a catalog (benchmarks/synth.py; `real` is the repository's own
catalog, with its git history), builds it in a fresh process into a fresh folder, and reports
wall time, CPU time, peak memory (the largest RSS of the build process and its workers), files
and bytes of the site, and how many of them the build wrote (the same bytes under several paths
are written once, and hard-linked). It then measures the floor: writing the same files with the
same bytes (and the same folders; every file written) in a plain Python loop on the same disk,
in the same run. Builds and floors alternate (`BENCH_REPEAT` rounds, default 2, with a `sync`
before each; build first, then floor first) and the best of each is kept, so background
writeback hurts both alike; within a round the sizes take turns, so a slow stretch of the
machine falls on every size. The ratio build / floor is meant to compare across machines, but it
moves when the kernel's speed does (the floor is almost all system time, the build mostly
Python; benchmarks/README.md, runs 61 to 71). The last lines give how each size scales against
the one before it (wall, CPU and floor). The first line names what of the machine moves the
results most: cores, memory, the file system and its mount options, a VM's free page reporting.

Before each build, floor and rebuild, the benchmark writes to `BENCH_WARM_MB` megabytes of fresh
memory (default 2560; 0 turns it off) and frees them, so every step starts with memory ready.
Where all memory costs the same, that only takes time between steps. On a VM that gives its free
memory back to the host (free page reporting, as here), memory the guest freed lately is still
backed, and a page of it costs a seventh of one the host must supply again (`bench_memory.py`).
Without warming, the steps differ: nothing is deleted, so each step uses up what the steps before
it freed, and whichever size runs first gets the ready memory. On 2026-12-04, with no warming,
20,000 models took 1.88x to 2.80x as long as 10,000 with the sizes given in increasing order
(runs 28 to 33 and 38), and 1.64x with them in decreasing order (run 34).

`generator/` is compiled to bytecode first, as `pip install` leaves it (with
PYTHONDONTWRITEBYTECODE set, every build would compile it again).

Nothing is deleted until everything is measured: each build and floor writes a folder of its
own, rebuilds (which delete the site they replace) come last, and the temporary folder goes at
the end. On ext4 without a journal (this machine's disk), the kernel skips inodes deleted in the
last 60 seconds (300 while their inode table block is unwritten) when it makes a file, looking
each one up: right after a large tree is deleted, writing the next one costs several times the
CPU (80,000 files: 8.3 to 13.0 s instead of 2.0 s; `perf` puts two thirds of the samples in
`recently_deleted`). So run it when no large tree was deleted on that disk in the last five
minutes, and wait as long between two runs.
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from bench_memory import touch
from scriptargs import parser, whole
from synth import write_catalog

from generator.write import replaced_trees

EPOCH = "1763683200"
ROOT = Path(__file__).resolve().parent.parent


# Starts one build and reports on it. The build is started from this small process, not from
# the benchmark's: Linux gives a new program the peak memory of the process it replaced (the
# forked copy), so a build started from a benchmark holding a site's bytes would report those.
_LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({
    "status": os.waitstatus_to_exitcode(status),
    "wall": time.perf_counter() - start,
    "cpu": usage.ru_utime + usage.ru_stime,
    "rss_kb": usage.ru_maxrss,
}))
"""


def ready(warm_mb: int) -> None:
    """Before a step: write out what earlier steps left dirty, then write to `warm_mb` megabytes
    of fresh memory and free them (see the module's docstring)."""
    os.sync()
    if warm_mb:
        touch(warm_mb)


def build_once(catalog: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one `llmcat build` in a child process.

    CPU and peak memory are the build's own and those of the workers it waited for (`wait4`).
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    build = [sys.executable, "-m", "generator", "build", "--catalog", str(catalog)]
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *build, "--out", str(out)],
        env=env,
        check=True,
        stdout=subprocess.PIPE,  # the report; the build's errors go to this terminal
        text=True,
    )
    report = json.loads(launched.stdout)
    if report["status"]:
        raise SystemExit(f"the build of {catalog} failed with exit status {report['status']}")
    return report["wall"], report["cpu"], report["rss_kb"] / 1024


def read_tree(root: Path) -> tuple[list[tuple[str, bytes]], int, int]:
    """The files under `root` as (relative path, bytes), sorted, and how many files and bytes
    the build wrote: it writes a body found under several paths once and hard-links the rest, so
    that is one file per inode (the floor writes every file)."""
    files, sizes = [], {}
    for path in sorted(root.rglob("*")):
        info = path.stat()  # one stat a path: its type and its inode
        if stat.S_ISREG(info.st_mode):
            data = path.read_bytes()
            files.append((path.relative_to(root).as_posix(), data))
            sizes[info.st_ino] = len(data)
    return files, len(sizes), sum(sizes.values())


def write_floor(files: list[tuple[str, bytes]], target: Path) -> float:
    """Seconds to write `files` under `target` in a plain loop (folders made once each), with
    the same raw `os.open`/`os.write` calls the build uses, so the floor is no slower than it."""
    start = time.perf_counter()
    made: set[str] = set()
    for rel, data in files:
        path = os.path.join(target, rel)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        os.write(fd, data)
        os.close(fd)
    return time.perf_counter() - start


class Written(NamedTuple):
    """A size's site: its files and bytes, and the files and bytes the build wrote (one per
    inode: the others are hard links)."""

    files: int
    bytes: int
    wrote_files: int
    wrote_bytes: int


def catalog_for(size: str, work: Path) -> Path:
    """The catalog a size builds: the repository's own, or the synthetic one `measure` writes."""
    return ROOT / "catalog" if size == "real" else work / f"catalog-{size}"


def measure(sizes: list[str], work: Path, repeat: int, warm_mb: int) -> list[dict[str, float]]:
    """Best of `repeat` fresh builds and of `repeat` floors for each size, on the same disk.

    The sizes take turns within each round (every size once, then again), so a slow stretch of
    the machine falls on all of them alike and the ratios between sizes hold. Nothing is deleted
    until every size is measured (see `main`): each build and floor writes a folder of its own.
    """
    for size in sizes:
        if size != "real":
            write_catalog(catalog_for(size, work), int(size))
    builds: dict[str, list[tuple[float, float, float]]] = {size: [] for size in sizes}
    floors: dict[str, list[float]] = {size: [] for size in sizes}
    written: dict[str, Written] = {}
    for turn in range(repeat):
        for size in sizes:
            # The floor writes the first build's files (read again each time: holding every
            # size's bytes would grow this process by a gigabyte, and this VM's kernel slows as
            # memory fills); after that, the floor goes first every other turn, so neither always
            # writes onto the disk the other has just filled.
            steps = ["build", "floor"] if turn % 2 == 0 else ["floor", "build"]
            for step in steps:
                if step == "build":
                    out = work / f"site-{size}-{turn}"
                    ready(warm_mb)
                    builds[size].append(build_once(catalog_for(size, work), out))
                else:
                    files, wrote_files, wrote_bytes = read_tree(work / f"site-{size}-0")
                    site_bytes = sum(len(d) for _, d in files)
                    written[size] = Written(len(files), site_bytes, wrote_files, wrote_bytes)
                    ready(warm_mb)  # after reading, so the floor writes into warmed memory
                    floors[size].append(write_floor(files, work / f"floor-{size}-{turn}"))
                    del files
    return [_result(size, work, builds[size], floors[size], written[size]) for size in sizes]


def _result(
    size: str,
    work: Path,
    builds: list[tuple[float, float, float]],
    floors: list[float],
    written: Written,
) -> dict[str, float]:
    wall, cpu, _ = min(builds)
    floor = min(floors)
    if size == "real":
        count = len(json.loads((work / "site-real-0" / "catalog.json").read_bytes())["models"])
    else:
        count = int(size)
    return {
        "models": count,
        "wall": wall,
        "cpu": cpu,
        "rss_mb": max(b[2] for b in builds),
        "files": written.files,
        "mb": written.bytes / 1e6,
        "wrote_files": written.wrote_files,
        "wrote_mb": written.wrote_bytes / 1e6,
        "floor": floor,
        "ratio": wall / floor,
    }


def rebuild(size: str, work: Path, warm_mb: int) -> float:
    """Wall seconds of a build over the size's first site. Returns only when the tree it
    replaced is gone (a background process deletes it), so the next measurement runs alone."""
    ready(warm_mb)
    site = work / f"site-{size}-0"
    wall, _, _ = build_once(catalog_for(size, work), site)
    while replaced_trees(site):  # the build deletes the old tree in the background
        time.sleep(0.1)
    return wall


def machine(work: Path) -> str:
    """The facts of this machine that move the results: cores, memory, the benchmark's file
    system and its mount options, and the free page reporting of a VM's balloon device (memory
    the guest frees goes back to the host, and touching it again costs a fault there too)."""
    mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    here = [m for m in mounts if work.resolve().is_relative_to(m[1])]
    _, point, kind, options = max(here, key=lambda m: len(m[1]))[:4]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    facts = [f"{os.cpu_count()} CPUs", f"{memory:.0f} GiB", f"{kind} at {point} ({options})"]
    reporting = Path("/sys/module/page_reporting/parameters")
    order_file = reporting / "page_reporting_order"
    if order_file.exists():
        order = order_file.read_text().strip()
        waiting = reporting / "max_waiting_mib"  # not in every kernel
        held = f" (max_waiting_mib {waiting.read_text().strip()})" if waiting.exists() else ""
        facts.append(f"free page reporting from order {order}{held}")
    return "machine: " + ", ".join(facts)


def _size(text: str) -> str:
    if text == "real" or whole(text, 1):
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is not a size: give `real` or a number of models")


def _env_int(name: str, default: int, least: int) -> int:
    text = os.environ.get(name, str(default))
    if not whole(text, least):
        sys.exit(f"{name}={text!r}: give a whole number, at least {least} (default {default})")
    return int(text)


def main() -> None:
    line = parser(__doc__)
    line.add_argument(
        "sizes",
        nargs="*",
        type=_size,
        default=["real", "1000", "10000", "20000"],
        help="`real` (the repository's catalog) or a number of models (default: real 1000 10000 "
        "20000)",
    )
    sizes = line.parse_args().sizes
    repeat = _env_int("BENCH_REPEAT", 2, 1)
    warm_mb = _env_int("BENCH_WARM_MB", 2560, 0)
    compileall.compile_dir(ROOT / "generator", quiet=1)
    header = "models | wall s | CPU s | peak MB | files | MB | floor s | wall/floor | rebuild s"
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        print(machine(work))
        warmed = f"writing to {warm_mb} MB of fresh memory" if warm_mb else "no warming"
        print(f"before each step: sync, {warmed} (BENCH_WARM_MB={warm_mb})\n")
        print(f"| {header} |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |", flush=True)
        results = measure(sizes, work, repeat, warm_mb)
        # Rebuilds last: each deletes the tree it replaces (see the module's docstring).
        for size, r in zip(sizes, results, strict=True):
            label = f"{r['models']:,}" + (" (real)" if size == "real" else "")
            print(
                f"| {label} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss_mb']:.0f} | "
                f"{r['files']:,} | {r['mb']:.1f} | {r['floor']:.2f} | {r['ratio']:.2f} | "
                f"{rebuild(size, work, warm_mb):.2f} |",
                flush=True,
            )
    print()
    for r in results:
        print(
            f"{r['models']:,} models: the build wrote {r['wrote_files']:,} of the {r['files']:,} "
            f"files, {r['wrote_mb']:.1f} of the {r['mb']:.1f} MB; the others are hard links to "
            "a file with the same bytes (the floor writes every file)"
        )
    for small, large in itertools.pairwise(r for r in results if r["models"] >= 1000):
        print(
            f"{large['models']:,} against {small['models']:,} models: "
            f"wall {large['wall'] / small['wall']:.2f}x, CPU {large['cpu'] / small['cpu']:.2f}x, "
            f"floor {large['floor'] / small['floor']:.2f}x"
        )


if __name__ == "__main__":
    main()
