"""The catalog's past, read from git: a catalog at any revision, and the recent changes.

The IO edge for `llmcat diff REV REV` and the `/changes/` pages: it runs `git` and parses the
provider files it reads; comparing them is `generator/diff.py`'s job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml
from pydantic import ValidationError

from generator import models
from generator.catalog import load_catalog
from generator.diff import Diff, diff_catalogs, snapshot_ids
from generator.diffreport import diff_json
from generator.errors import CatalogError, GeneratorError
from generator.models import Catalog, Provider

log = logging.getLogger(__name__)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: history parses many files
HISTORY_LIMIT = 200  # commits of catalog/ read for the change history, newest first


Pair = tuple[str, str]


class GitError(GeneratorError):
    """A git command failed, or a revision does not exist."""


@dataclass(frozen=True)
class Commit:
    """One commit that changed the catalog, and what it changed."""

    sha: str
    date: dt.datetime
    subject: str
    diff: Diff


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"cannot run git in {cwd}: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed in {cwd}: {message[-1] if message else 'error'}")
    return done.stdout


def in_git(catalog_dir: Path) -> bool:
    """True when `catalog_dir` is inside a git work tree with at least one commit."""
    try:
        _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], catalog_dir)
    except GitError:
        return False
    return True


def is_revision(rev: str, catalog_dir: Path) -> bool:
    """True when `rev` names a commit in the repository that holds `catalog_dir`."""
    if rev.startswith("-"):
        return False
    try:
        _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            catalog_dir,
        )
    except GitError:
        return False
    return True


def _tree(rev: str, catalog_dir: Path) -> dict[str, str]:
    """Path (relative to `catalog_dir`) → blob sha of every file under it at `rev`."""
    out = _git(["ls-tree", "-r", "-z", "--end-of-options", rev, "--", "."], catalog_dir)
    files = {}
    for record in out.decode("utf-8", "replace").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob":
            files[path] = sha
    return files


def _blobs(shas: set[str], cwd: Path) -> dict[str, bytes]:
    """The contents of many blobs, read with one `git cat-file --batch`."""
    if not shas:
        return {}
    order = sorted(shas)
    out = _git(["cat-file", "--batch"], cwd, stdin="".join(f"{s}\n" for s in order).encode())
    blobs, pos = {}, 0
    for sha in order:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        blobs[sha] = out[end + 1 : end + 1 + size]
        pos = end + 2 + size
    return blobs


def export_catalog(rev: str, catalog_dir: Path, dest: Path) -> Path:
    """Write the files under `catalog_dir` as they were at `rev` into `dest`; return `dest`."""
    tree = _tree(rev, catalog_dir)
    if not any(path.startswith("providers/") for path in tree):
        raise GitError(f"no catalog at {rev}: {catalog_dir}/providers/ does not exist there")
    blobs = _blobs(set(tree.values()), catalog_dir)
    for path, sha in sorted(tree.items()):
        parts = PurePosixPath(path).parts
        if ".." in parts or path.startswith("/"):
            continue
        target = dest.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[sha])
    return dest


def read_snapshots(catalog_dir: Path) -> dict[str, frozenset[str]]:
    """Provider id → model ids of every `fetched/<provider>.json` (empty when there are none)."""
    found = {}
    for path in sorted((catalog_dir / "fetched").glob("*.json")):
        try:
            found[path.stem] = snapshot_ids(json.loads(path.read_bytes()))
        except (OSError, ValueError) as exc:
            log.warning("%s: cannot read snapshot (%s); comparing it as empty", path, exc)
            found[path.stem] = frozenset()
    return found


def read_history(catalog_dir: Path, limit: int = HISTORY_LIMIT) -> list[Commit] | None:
    """The last `limit` first-parent commits that changed the catalog, newest first.

    None when `catalog_dir` is not in a git repository. Commits without a parent (the first
    one, or the edge of a shallow clone) start the history rather than change it, so they are left
    out; provider files that do not parse at a revision are left out of that commit's diff.
    A commit's diff never changes, so it is cached by its sha: only new commits are parsed.
    """
    if not in_git(catalog_dir):
        return None
    rows = [row for row in _log(catalog_dir, limit) if row[1]]  # row[1]: the parents
    cache = _cache_dir(catalog_dir)
    diffs = {sha: diff for sha, *_ in rows if (diff := _cached_diff(cache, sha)) is not None}
    todo = [row for row in rows if row[0] not in diffs]
    wanted = {sha for *_, changed in todo for pair in changed.values() for sha in pair if sha}
    providers = _parse_providers(_blobs(wanted, catalog_dir), cache)
    for sha, _parents, _ct, _subject, changed in todo:
        old = {path: pair[0] for path, pair in changed.items() if pair[0]}
        new = {path: pair[1] for path, pair in changed.items() if pair[1]}
        diffs[sha] = diff_catalogs(*_catalogs(old, new, providers))
        _cache_diff(cache, sha, diffs[sha])
    return [
        Commit(sha, dt.datetime.fromtimestamp(int(ct), dt.UTC), subject, diffs[sha])
        for sha, _parents, ct, subject, _changed in rows
    ]


_NO_BLOB = "0" * 40


def _log(catalog_dir: Path, limit: int) -> list[tuple[str, str, str, str, dict[str, Pair]]]:
    """`(sha, parents, time, subject, {provider file: (old blob, new blob)})` per commit, from
    one `git log`; a blob is "" where the file does not exist on that side."""
    out = _git(
        [
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            f"-n{limit}",
            "--format=%x01%H%x00%P%x00%ct%x00%s",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--relative",
            "--",
            ".",
        ],
        catalog_dir,
    )
    rows = []
    for record in out.decode("utf-8", "replace").split("\x01")[1:]:
        sha, parents, ct, subject, raw = record.split("\0", 4)
        fields = raw.lstrip("\n").split("\0")
        changed: dict[str, Pair] = {}
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if meta.startswith(":") and _is_provider(path):
                old, new = meta.split()[2:4]
                changed[path] = (old if old != _NO_BLOB else "", new if new != _NO_BLOB else "")
        rows.append((sha, parents, ct, subject, changed))
    return rows


def _is_provider(path: str) -> bool:
    return path.startswith("providers/") and path.endswith(".yaml") and path.count("/") == 1


def _parse_providers(blobs: dict[str, bytes], cache: Path | None) -> dict[str, Provider | None]:
    """Each provider blob parsed, through a cache of parsed blobs when there is one.

    A blob's sha names its content, so a cached parse never goes stale; the cache folder's name
    carries a hash of the schema's code, so a changed schema starts a new one.
    """
    parsed: dict[str, Provider | None] = {}
    for sha, data in blobs.items():
        cached = cache / f"{sha}.json" if cache else None
        if cached is not None and cached.is_file():
            try:
                raw = cached.read_bytes()
                parsed[sha] = None if raw == b"null" else Provider.model_validate_json(raw)
                continue
            except (OSError, ValidationError):
                pass  # unreadable or from another schema: parse again below
        parsed[sha] = _parse_blob(sha, data)
        if cached is not None:
            provider = parsed[sha]
            body = b"null" if provider is None else provider.model_dump_json(by_alias=True).encode()
            with contextlib.suppress(OSError):
                cached.write_bytes(body)
    return parsed


def _parse_blob(sha: str, data: bytes) -> Provider | None:
    try:
        return Provider.model_validate(yaml.load(data, Loader=_LOADER))
    except (yaml.YAMLError, ValidationError, UnicodeDecodeError) as exc:
        log.debug("history: provider blob %s does not parse: %s", sha, exc)
        return None


def _cache_dir(catalog_dir: Path) -> Path | None:
    """`<git dir>/llmcat-cache/<code hash>/`, made if missing; None if it cannot be.

    The hash is of `generator/models.py`, which defines the schema, and `generator/diff.py`,
    which compares: cheaper than generating the JSON Schema, and any change to either starts a
    new cache.
    """
    code = hashlib.sha256()
    for source in ("models.py", "diff.py"):
        code.update(Path(models.__file__).with_name(source).read_bytes())
    try:
        git_dir = _git(["rev-parse", "--git-common-dir"], catalog_dir).decode().strip()
        folder = (catalog_dir / git_dir / "llmcat-cache" / code.hexdigest()[:16]).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    except (GitError, OSError):
        return None
    return folder


def _cached_diff(cache: Path | None, sha: str) -> Diff | None:
    """A commit's diff from the cache; None when missing or unreadable (it is made again)."""
    if cache is None:
        return None
    try:
        return Diff.from_dict(json.loads((cache / f"commit-{sha}.json").read_bytes()))
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _cache_diff(cache: Path | None, sha: str, found: Diff) -> None:
    if cache is not None:
        with contextlib.suppress(OSError):
            (cache / f"commit-{sha}.json").write_text(diff_json(found))


def _catalogs(
    old: dict[str, str], new: dict[str, str], providers: dict[str, Provider | None]
) -> tuple[Catalog, Catalog]:
    """Both sides' changed provider files, keeping only those that parse where they exist."""
    names = {p for p in old.keys() | new.keys() if _is_provider(p)}
    sides: tuple[list[Provider], list[Provider]] = ([], [])
    for name in sorted(names):
        if old.get(name) == new.get(name):
            continue  # the same file on both sides changes nothing
        parsed = [providers.get(tree[name]) if name in tree else None for tree in (old, new)]
        broken = [name in tree and p is None for tree, p in zip((old, new), parsed, strict=True)]
        if any(broken):
            continue
        for side, provider in zip(sides, parsed, strict=True):
            if provider is not None:
                side.append(provider)
    return Catalog(providers=sides[0]), Catalog(providers=sides[1])


@dataclass(frozen=True)
class Side:
    """One side of `llmcat diff`: a loaded catalog, its snapshots, and a label for the report."""

    catalog: Catalog
    snapshots: dict[str, frozenset[str]]
    label: str


def load_side(spec: str, catalog_dir: Path) -> Side:
    """Load `spec`: a catalog folder (or a checkout holding `catalog/`), or a git revision."""
    path = Path(spec)
    for candidate in (path, path / "catalog"):
        if (candidate / "providers").is_dir():
            return Side(load_catalog(candidate), read_snapshots(candidate), spec)
    if not is_revision(spec, catalog_dir):
        raise GitError(
            f"{spec!r} is neither a catalog folder nor a git revision of the repository "
            f"holding {catalog_dir}: give a folder with providers/, or a commit, branch or tag"
        )
    sha = _git(["rev-parse", "--short", "--end-of-options", f"{spec}^{{commit}}"], catalog_dir)
    label = f"{spec} ({sha.decode().strip()})"
    with tempfile.TemporaryDirectory(prefix="llmcat-diff-") as tmp:
        exported = export_catalog(spec, catalog_dir, Path(tmp) / "catalog")
        try:
            catalog = load_catalog(exported)
        except CatalogError as exc:
            raise CatalogError(
                [line.replace(str(exported), f"{spec}:{catalog_dir}") for line in exc.problems]
            ) from None
        return Side(catalog, read_snapshots(exported), label)
