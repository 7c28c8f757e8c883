"""Write the site atomically: into a temporary sibling folder, then swap it in whole."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.errors import BuildError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_site(files: Iterable[tuple[str, bytes]], out_dir: Path) -> int:
    """Write every `(relative path, bytes)` into `out_dir`, replacing it only on success.

    Returns the number of files written. If anything fails, or the process is killed, the
    previous `out_dir` is left as it was.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        count = _write_all(files, tmp)
        tmp.chmod(0o755)
        _swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def _write_all(files: Iterable[tuple[str, bytes]], root: Path) -> int:
    seen: set[str] = set()
    made: set[Path] = set()
    for rel, data in files:
        _check_rel(rel)
        if rel in seen:
            raise BuildError(f"two pages want the same path {rel!r}: this is a bug in llmcat")
        seen.add(rel)
        target = root / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
    return len(seen)


def _check_rel(rel: str) -> None:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise BuildError(f"refusing to write outside the site: {rel!r}")


def _swap_in(new: Path, out_dir: Path) -> None:
    """Put `new` at `out_dir`; the old tree is replaced in one atomic step where Linux allows."""
    if not out_dir.exists():
        os.replace(new, out_dir)
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise BuildError(f"{out_dir} exists and is not a folder: move it away or pick --out")
    if _exchange(new, out_dir):
        shutil.rmtree(new)  # `new` now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    os.replace(out_dir, old / "site")
    os.replace(new, out_dir)
    shutil.rmtree(old)


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
