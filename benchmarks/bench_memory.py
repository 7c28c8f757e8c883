"""How long this machine takes to give a process fresh memory, 256 MB at a time.

Run by hand (not a test):  python benchmarks/bench_memory.py 3072

It maps the given number of megabytes of anonymous memory and writes one byte in each 4 KiB
page, printing the milliseconds each 256 MB took. On bare metal every block costs about the
same. In a VM whose free memory goes back to the host (free page reporting), the first blocks
come from memory the guest freed lately and the host still backs, and the later ones cost a
host fault a page: on this project's machine 99 to 117 ms a block for the first 1 to 1.75 GB,
then 727 to 852 ms. A build that needs more fresh memory than that (page cache for the files it
writes, and its processes' own) pays the higher price for the rest, which is why the
20,000-model build costs more than twice the 10,000-model one here (see benchmarks/README.md).
"""

from __future__ import annotations

import mmap
import sys
import time

PAGE = 4096
BLOCK = 256 << 20


def touch(megabytes: int) -> list[float]:
    """Seconds to write one byte in each page of each 256 MB block of fresh memory."""
    memory = mmap.mmap(-1, megabytes << 20)
    times = []
    start = time.perf_counter()
    for offset in range(0, megabytes << 20, PAGE):
        memory[offset] = 1
        if (offset + PAGE) % BLOCK == 0:
            now = time.perf_counter()
            times.append(now - start)
            start = now
    memory.close()
    return times


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
    times = touch(megabytes)
    print(f"{megabytes} MB of fresh memory, ms per 256 MB block:")
    print(" ".join(f"{t * 1000:.0f}" for t in times))


if __name__ == "__main__":
    main()
