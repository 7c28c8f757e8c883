"""Write the site atomically: into a temporary sibling folder, then swap it in whole.

A file whose bytes are the same as in the site being replaced is hard-linked from it rather than
written again, so it keeps its modification time: nginx's `ETag` and `Last-Modified` (made from
it) stay the same across rebuilds, HTTP caches keep revalidating to 304, and `rsync`-like
deploys send only what changed. A file with the same content object as the one written just
before it (an item under each of its ids) is hard-linked to it: one inode and its bytes, not one
per id (see `_Tree`). Archive the site with `tar --hard-dereference` (as GitHub's
`upload-pages-artifact` does) for a host that refuses links in an upload.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.errors import BuildError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class Target:
    """Where files go: the new tree, and the site it replaces (None on a first build)."""

    root: str
    previous: str | None = None


class Deferred(Protocol):
    """Files that other processes write into the same new tree (see generator/parallel.py)."""

    def start(self, target: Target) -> None:
        """Begin writing into `target`; return at once."""

    def finish(self) -> list[str]:
        """Wait until done; the relative paths written."""

    def close(self) -> None:
        """Stop, whether or not it finished."""


File = tuple[str, str | bytes]  # (relative path, bytes, or text written as UTF-8)
Item = File | Deferred


def write_site(files: Iterable[Item], out_dir: Path) -> int:
    """Write every `(relative path, bytes or text)` into `out_dir`, replacing it only on success.

    A `Deferred` item is started when it is reached and waited for at the end, so other
    processes write their files while this one goes on. Returns the number of files written.
    If anything fails, or the process is killed, the previous `out_dir` is left as it was.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    previous = str(out_dir) if out_dir.is_dir() and not out_dir.is_symlink() else None
    try:
        count = _write_all(files, Target(str(tmp), previous))
        tmp.chmod(0o755)
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def _write_all(files: Iterable[Item], target: Target) -> int:
    """Write each file as soon as it is made, in this thread.

    No writer thread: a thread writing beside the renderer fights it for the GIL, worst around
    the calls that let the GIL go (cmark-gfm and nh3 for every note). In one process (tmpfs, three
    alternating builds each), a thread took 10,000 models 7.17 to 7.51 s against 4.77 to 4.91 s
    inline, the real catalog 0.45 to 0.49 s against 0.32 to 0.34 s; each note took 122 µs to
    render beside it against 17 µs alone. With worker processes, which write their own files,
    no change (benchmarks/README.md, run 55).
    """
    seen: set[str] = set()
    tree = _Tree(target)
    deferred: list[Deferred] = []
    try:
        for item in files:
            if isinstance(item, tuple):
                _claim(item[0], seen)
                tree.write(item)
            else:
                item.start(target)
                deferred.append(item)
        for job in deferred:
            _claim_written(job.finish(), seen)
    finally:
        for job in deferred:
            job.close()
    return len(seen)


def _claim(rel: str, seen: set[str]) -> None:
    _check_rel(rel)
    if rel in seen:
        raise BuildError(f"two pages want the same path {rel!r}: this is a bug in llmcat")
    seen.add(rel)


def _claim_written(rels: list[str], seen: set[str]) -> None:
    """`_claim` for paths another process wrote (and checked): set operations, not a loop."""
    fresh = set(rels)
    if len(fresh) == len(rels) and seen.isdisjoint(fresh):
        seen |= fresh
        return
    for rel in rels:  # there is a path twice: name the first
        _claim(rel, seen)


def write_files(files: Iterable[File], target: Target) -> list[str]:
    """Write `(relative path, bytes or text)` pairs into `target` (a worker's share of a tree)."""
    written, tree = [], _Tree(target)
    for file in files:
        _check_rel(file[0])
        tree.write(file)
        written.append(file[0])
    return written


class _Tree:
    """One process's writing into a new tree: the folders it made, and the last file it wrote
    afresh, to hard-link the next one when the next is the same `bytes` object.

    The API gives one item's body to every id that names it (a model and its aliases, a model by
    its bare and its provider's id) and one page's body to both cursors that reach it. Linking
    those (a third of a 10,000-model site's files) is a directory entry instead of a new inode and
    its bytes. A copy is only linked to a file written in this build, so its modification time
    (nginx's `ETag` and `Last-Modified`) is never an old one taken for new bytes.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self.made: set[str] = set()
        self.last: tuple[str | bytes, str] | None = None

    def write(self, file: File) -> None:
        """Write one file, or hard-link it from the previous site when its bytes are the same,
        or from the file written just before it when that has the same content object."""
        rel, content = file
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.target
        path = os.path.join(target.root, rel)
        parent = os.path.dirname(path)
        try:
            if parent not in self.made:
                os.makedirs(parent, exist_ok=True)
                self.made.add(parent)
            previous = target.previous and os.path.join(target.previous, rel)
            if previous and _same_bytes(previous, data) and _link(previous, path):
                return
            last = self.last
            if last is not None and last[0] is content and _link(last[1], path):
                return
            _write_file(path, data)
            self.last = (content, path)
        except (FileExistsError, IsADirectoryError, NotADirectoryError):
            if os.path.isfile(path):  # another process wrote or linked this path first
                raise BuildError(
                    f"two pages want the same path {rel!r}: this is a bug in llmcat"
                ) from None
            raise BuildError(
                f"{rel!r} is wanted both as a file and as a folder: this is a bug in llmcat"
            ) from None


# Create only, never truncate: a file of the new tree may be a hard link to the previous site's,
# and writing through it would change the site a failed build must leave as it was.
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def _write_file(path: str, data: bytes) -> None:
    """`open(path, "xb").write(data)` without Python's file objects: 40% less CPU per file."""
    fd = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _same_bytes(path: str, data: bytes) -> bool:
    """True when `path` is a regular file (not a link to one) holding exactly `data`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        parts = []
        while block := os.read(fd, len(data) + 1):
            parts.append(block)
        return b"".join(parts) == data
    finally:
        os.close(fd)


def _link(previous: str, path: str) -> bool:
    """Hard-link `previous` at `path`; False where the file system cannot (write it instead)."""
    try:
        os.link(previous, path, follow_symlinks=False)
    except FileExistsError:
        raise  # the path is taken in the new tree: a clash to report, not a reason to write
    except OSError:
        return False
    return True


def _check_rel(rel: str) -> None:
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise BuildError(f"refusing to write outside the site: {rel!r}")


def _swap_in(new: Path, out_dir: Path) -> None:
    """Put `new` at `out_dir`; the old tree is replaced in one atomic step where Linux allows.

    The replaced tree is renamed `.<name>-old-*` and deleted by a background process, so a
    rebuild does not wait for tens of thousands of unlinks; a build sweeps up any left behind.
    """
    if not out_dir.exists():
        os.replace(new, out_dir)
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise BuildError(f"{out_dir} exists and is not a folder: move it away or pick --out")
    old = Path(tempfile.mkdtemp(prefix=_old_prefix(out_dir), dir=out_dir.parent))
    if _exchange(new, out_dir):
        os.replace(new, old / "site")  # `new` now holds the old site
    else:
        os.replace(out_dir, old / "site")
        os.replace(new, out_dir)
    _delete_in_background(out_dir)


def replaced_trees(out_dir: Path) -> list[Path]:
    """The replaced trees beside `out_dir` that are not deleted yet."""
    return sorted(out_dir.parent.glob(f"{_old_prefix(out_dir)}*"))


def _old_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}-old-"


def _delete_in_background(out_dir: Path) -> None:
    """Remove every replaced tree beside `out_dir` in a detached process."""
    stale = replaced_trees(out_dir)
    if not stale:
        return
    # `sh` puts `rm` in the background and returns at once; the orphaned `rm` finishes alone.
    subprocess.run(
        ["sh", "-c", 'rm -rf -- "$@" >/dev/null 2>&1 &', "sh", *map(str, stale)],
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=30,
    )


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux renameat2(RENAME_EXCHANGE); False if unsupported."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
        renameat2.argtypes = [
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_uint,
        ]
        result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        return bool(result == 0)
    return False
