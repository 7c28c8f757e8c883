"""How long this machine takes to give a process fresh memory, 256 MB at a time.

Run by hand (not a test):  python benchmarks/bench_memory.py 3072

It maps the given number of megabytes of anonymous memory and writes one byte in each page,
printing the milliseconds each 256 MB took. On bare metal every block costs about the same. In a
VM whose free memory goes back to the host (free page reporting), the first blocks come from
memory the guest freed lately and the host still backs, and the later ones cost a host fault a
page: on this project's machine 95 to 117 ms a block for the first 1 to 1.75 GB, then 727 to 859
ms. A build that needs more fresh memory than that (page cache for the files it writes, and its
processes' own) pays the higher price for the rest; whichever step of a benchmark runs first gets
the cheap memory, which is why `bench_build.py` writes to and frees 2.5 GB before each step (see
benchmarks/README.md).
"""

from __future__ import annotations

import mmap
import time

from scriptargs import at_least, parser

BLOCK = 256 << 20


def touch(megabytes: int) -> list[float]:
    """Seconds to write one byte in each page of each 256 MB block of fresh memory (the last
    block shorter when `megabytes` is not a multiple of 256)."""
    size = megabytes << 20
    memory = mmap.mmap(-1, size)
    times = []
    for block in range(0, size, BLOCK):
        start = time.perf_counter()
        for offset in range(block, min(block + BLOCK, size), mmap.PAGESIZE):
            memory[offset] = 1
        times.append(time.perf_counter() - start)
    memory.close()
    return times


def main() -> None:
    line = parser(__doc__)
    line.add_argument(
        "megabytes", type=at_least(1, "megabyte"), nargs="?", default=2048, help="default 2048"
    )
    megabytes = line.parse_args().megabytes
    times = touch(megabytes)
    print(f"{megabytes} MB of fresh memory, ms per 256 MB block:")
    print(" ".join(f"{t * 1000:.0f}" for t in times))


if __name__ == "__main__":
    main()
