"""`llmcat build`: deterministic bytes, and an old site that survives a failed or killed build."""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from synth import write_catalog  # the benchmarks' catalog generator

from generator.build import Settings, build
from generator.cli import cli
from generator.errors import BuildError, CatalogError
from generator.write import write_site


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_twice_gives_identical_trees(
    runner: CliRunner, catalog_dir: Path, tmp_path: Path
) -> None:
    for name in ("one", "two"):
        result = runner.invoke(
            cli,
            ["build", "--catalog", str(catalog_dir), "--out", str(tmp_path / name)],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert len(one) > 40
    assert one == two


def test_build_reports_counts(runner: CliRunner, catalog_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = runner.invoke(cli, ["build", "--catalog", str(catalog_dir), "--out", str(out)])
    files = len(_tree(out))
    assert (
        result.output.splitlines()[0] == f"Built 7 models from 3 providers: {files} files in {out}"
    )


def test_build_with_broken_catalog_leaves_old_site(
    runner: CliRunner, catalog_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    runner.invoke(cli, ["build", "--catalog", str(catalog_dir), "--out", str(out)])
    before = _tree(out)
    path = catalog_dir / "providers/openai.yaml"
    path.write_text(path.read_text().replace("input: 30", "input: -30"))
    result = runner.invoke(cli, ["build", "--catalog", str(catalog_dir), "--out", str(out)])
    assert result.exit_code == 1
    assert "must be >= 0 (got -30)" in result.output
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "site"]


def _failing(after: int) -> Iterator[tuple[str, bytes]]:
    for index in range(after):
        yield f"new/{index}.txt", b"new"
    raise BuildError("boom halfway")


def test_write_failing_halfway_leaves_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"old"), ("a/b.json", b"{}")], out)
    before = _tree(out)
    with pytest.raises(BuildError, match="boom halfway"):
        write_site(_failing(50), out)
    assert _tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_write_rejects_duplicate_and_escaping_paths(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="same path"):
        write_site([("a.html", b"1"), ("a.html", b"2")], tmp_path / "s")
    with pytest.raises(BuildError, match="outside the site"):
        write_site([("../x.html", b"1")], tmp_path / "s")
    assert not (tmp_path / "s").exists()


def test_build_killed_midway_leaves_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"old site"), ("v1/models/index.html", b"{}")], out)
    before = _tree(out)
    marker = tmp_path / "started"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from generator.write import write_site

        def files():
            for index in range(200):
                yield f"page/{{index}}.html", b"new" * 100
            Path({str(marker)!r}).write_text("writing")
            while True:
                time.sleep(1)
                yield "never", b""

        write_site(files(), Path({str(out)!r}))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the writer never started"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert _tree(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-new-")]
    assert len(leftovers) == 1  # the half-written tree, never swapped in


def test_build_strict_fails_on_warnings(
    runner: CliRunner, catalog_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from generator import merge

    original = merge.merge_catalog

    def warn_then_merge(*args: object, **kwargs: object) -> object:
        logging.getLogger("generator.merge").warning("a suspicious entry")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.build.merge_catalog", warn_then_merge)
    out = tmp_path / "site"
    ok = runner.invoke(cli, ["build", "--catalog", str(catalog_dir), "--out", str(out)])
    assert ok.exit_code == 0
    before = _tree(out)
    strict = runner.invoke(
        cli, ["build", "--strict", "--catalog", str(catalog_dir), "--out", str(out)]
    )
    assert strict.exit_code == 1
    assert "1 warnings with --strict" in strict.output
    assert _tree(out) == before


def test_build_without_catalog_folder_says_so(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", "--catalog", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "no such folder; is --catalog right?" in result.output
    assert "Traceback" not in result.output


def _run_build(
    catalog: Path, out: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`llmcat build` in a child process, run from `out`'s folder (as a user runs it)."""
    command = [sys.executable, "-m", "generator", "build", "--catalog", str(catalog)]
    return subprocess.run(
        [*command, "--out", str(out), *args],
        capture_output=True,
        text=True,
        cwd=out.parent,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        ([], 0, "Built 7 models from 3 providers: {files} files in {out}\n", ""),
        (["--strict"], 0, "Built 7 models from 3 providers: {files} files in {out}\n", ""),
        (["--catalog", "nope"], 1, "", "nope/providers: no such folder; is --catalog right?"),
        (["--no-such-option"], 2, "", "Error: No such option"),
    ],
)
def test_command_exits_with_its_code_and_all_its_output(
    catalog_dir: Path, tmp_path: Path, args: list[str], code: int, stdout: str, stderr: str
) -> None:
    # `llmcat` leaves without the interpreter's teardown: what it printed into a pipe must
    # still arrive, and the exit code must be click's.
    out = tmp_path / "site"
    done = _run_build(catalog_dir, out, *args)
    files = len(_tree(out)) if out.exists() else 0
    assert (done.returncode, done.stdout) == (code, stdout.format(files=files, out=out))
    assert stderr in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("collecting", [True, False])
def test_build_leaves_garbage_collection_as_it_found_it(
    catalog_dir: Path, tmp_path: Path, collecting: bool
) -> None:
    # Collection is paused while the catalog loads; a build that fails there must restore it.
    broken = tmp_path / "broken"
    shutil.copytree(catalog_dir, broken)
    (broken / "providers" / "acme.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    enabled = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        build(Settings(catalog_dir=catalog_dir, out_dir=tmp_path / "site"))
        assert (gc.isenabled(), gc.get_freeze_count()) == (collecting, 0)
        with pytest.raises(CatalogError):
            build(Settings(catalog_dir=broken, out_dir=tmp_path / "site"))
        assert (gc.isenabled(), gc.get_freeze_count()) == (collecting, 0)
    finally:
        (gc.enable if enabled else gc.disable)()


def _build_in_child(catalog: Path, out: Path, processes: str) -> None:
    _run_build(catalog, out, env={"LLMCAT_PROCESSES": processes}).check_returncode()


def test_parallel_rendering_gives_the_same_bytes(catalog_dir: Path, tmp_path: Path) -> None:
    # A small catalog: the pool's two workers write the API and the pages all the same.
    _build_in_child(catalog_dir, tmp_path / "one", "1")
    _build_in_child(catalog_dir, tmp_path / "two", "2")
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert len(list((tmp_path / "two" / "models").rglob("index.html"))) == 7


def test_a_file_workers_cannot_parse_fails_the_build_and_keeps_the_old_site(
    catalog_dir: Path, tmp_path: Path
) -> None:
    # With "2", the command starts the parsing workers before it imports the build.
    out = tmp_path / "site"
    _build_in_child(catalog_dir, out, "2")
    before = _tree(out)
    (catalog_dir / "providers" / "acme.yaml").write_text("id: acme\nname: [Acme\n")
    done = _run_build(catalog_dir, out, env={"LLMCAT_PROCESSES": "2"})
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "catalog/providers/acme.yaml:3: YAML syntax: did not find expected ',' or ']'",
        "Error: 1 problem in catalog",
    ]
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog", "site"]


def test_parallel_rendering_of_a_large_catalog_gives_the_same_bytes(tmp_path: Path) -> None:
    # 1,000 models: provider files are parsed by workers.
    catalog = write_catalog(tmp_path / "catalog", 1000)
    _build_in_child(catalog, tmp_path / "one", "1")
    _build_in_child(catalog, tmp_path / "two", "2")
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert len(list((tmp_path / "two" / "models").rglob("index.html"))) == 1000
    for name in ("one", "two"):  # an item under each of its ids, a page under both its cursors:
        files = _inodes(tmp_path / name)  # hard links, in this process and in the workers
        assert len(files) - len(set(files.values())) > len(files) // 4
    inodes = _inodes(tmp_path / "two")
    _build_in_child(catalog, tmp_path / "two", "2")  # the same bytes: every file linked, by
    assert _inodes(tmp_path / "two") == inodes  # the parent and by the pool's workers


def test_rebuild_keeps_unchanged_files_and_their_times(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("same.json", b"{}"), ("grows.json", b"[1]"), ("a/b.html", b"<p>")], out)
    first = {p: (out / p).stat() for p in ("same.json", "grows.json", "a/b.html")}
    time.sleep(0.02)  # a rewritten file would get a later modification time
    write_site(
        [("same.json", b"{}"), ("grows.json", b"[1,2]"), ("a/b.html", b"<p>"), ("new", b"x")], out
    )
    for kept in ("same.json", "a/b.html"):  # the same inode: linked, not written again
        now = (out / kept).stat()
        assert (now.st_ino, now.st_mtime_ns) == (first[kept].st_ino, first[kept].st_mtime_ns)
    assert (out / "grows.json").read_bytes() == b"[1,2]"
    assert (out / "grows.json").stat().st_ino != first["grows.json"].st_ino
    assert (out / "new").read_bytes() == b"x"


def test_one_body_under_several_paths_is_one_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    body, other = b'{"id": "m"}', b'{"id": "n"}'
    write_site([("v1/models/m", body), ("v1/models/alias", body), ("p/m", body), ("n", other)], out)
    inode = {rel: (out / rel).stat().st_ino for rel in ("v1/models/m", "v1/models/alias", "p/m")}
    assert len(set(inode.values())) == 1  # hard links: one inode, its bytes written once
    assert all((out / rel).read_bytes() == body for rel in inode)
    assert (out / "n").stat().st_ino != inode["p/m"]
    assert (out / "n").read_bytes() == other


def test_a_changed_copy_is_not_linked_to_an_unchanged_file(tmp_path: Path) -> None:
    # `b` now has the bytes of `a`, which is unchanged and keeps its old time; `b` must get a
    # time of its own, or nginx would give it the `ETag` and `Last-Modified` of old bytes.
    out = tmp_path / "site"
    write_site([("a", b"1"), ("b", b"22"), ("c", b"3")], out)
    first = {p: (out / p).stat() for p in ("a", "b", "c")}
    time.sleep(0.02)
    one, three = b"1", b"3"
    write_site([("a", one), ("b", one), ("c", three), ("d", three)], out)
    a, b = (out / "a").stat(), (out / "b").stat()
    assert (a.st_ino, a.st_mtime_ns) == (first["a"].st_ino, first["a"].st_mtime_ns)
    assert b.st_ino != a.st_ino and b.st_mtime_ns > first["b"].st_mtime_ns
    assert (out / "b").read_bytes() == b"1"
    # `d` is new: written, not linked to `c`, which kept its old time
    assert (out / "c").stat().st_ino == first["c"].st_ino
    assert (out / "d").stat().st_ino != first["c"].st_ino
    assert (out / "d").read_bytes() == b"3"


def test_a_failed_rebuild_leaves_linked_files_as_they_were(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("same.json", b"{}"), ("other", b"1")], out)

    def files() -> Iterator[tuple[str, bytes]]:
        yield "same.json", b"{}"  # linked from the old site into the new tree
        raise RuntimeError("render broke")

    with pytest.raises(RuntimeError):
        write_site(files(), out)
    assert _tree(out) == {"same.json": _sha(b"{}"), "other": _sha(b"1")}
    assert (out / "same.json").stat().st_nlink == 1  # the new tree and its link are gone


def test_rebuild_removes_the_replaced_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site([("index.html", b"first")], out)
    write_site([("index.html", b"second")], out)
    assert (out / "index.html").read_bytes() == b"second"
    deadline = time.monotonic() + 20
    while any(p.name.startswith(".site-old-") for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline, "the replaced site was never deleted"
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_pages_written_by_workers_count_and_fail_like_any_other(tmp_path: Path) -> None:
    # Run in a child: the pool forks, which is best done from a process without threads.
    out = tmp_path / "site"
    write_site([("index.html", b"old site")], out)
    before = _tree(out)
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from generator.errors import BuildError, CatalogError
        from generator.parallel import Chunks, PoolWriter, ProcessWriter, map_ordered
        from generator.write import write_site

        def work(start, end):
            if sys.argv[1] == "fail" and start >= 6:
                raise RuntimeError("worker broke")
            clash = sys.argv[1] == "clash"
            names = {{i: "index.html" if clash and i == 3 else f"p/{{i}}.html" for i in range(10)}}
            return [(names[i], "page %d" % i) for i in range(start, end)]

        def api():
            if sys.argv[1] == "api-fail":
                raise RuntimeError("api broke")
            yield "v1/x", b"{{}}"
            if sys.argv[1] == "folder-clash":
                yield "v1/x/y", b"{{}}"

        def early():
            if sys.argv[1] == "early-fail":
                raise RuntimeError("early part broke")
            yield "p/5.html" if sys.argv[1] == "early-clash" else "early.json", b"{{}}"

        pages = map_ordered(work, 10, 2)  # Chunks, for two workers
        writer = PoolWriter([Chunks.whole(api), pages], pages.processes)
        try:
            files = [ProcessWriter(early), writer, ("index.html", b"new")]
            print(write_site(files, Path({str(out)!r})))
        except (BuildError, RuntimeError) as exc:
            print("error:", exc)
    """)

    def run(mode: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, mode], capture_output=True, text=True, timeout=60
        )
        return done.stdout.strip()

    assert run("fail") == "error: worker broke"
    assert _tree(out) == before
    assert (
        run("clash") == "error: two pages want the same path 'index.html': this is a bug in llmcat"
    )
    assert _tree(out) == before
    assert run("api-fail") == "error: api broke"
    assert _tree(out) == before
    assert run("folder-clash") == (
        "error: 'v1/x/y' is wanted both as a file and as a folder: this is a bug in llmcat"
    )
    assert _tree(out) == before
    assert run("early-fail") == "error: early part broke"
    assert _tree(out) == before
    assert run("early-clash") == (
        "error: two pages want the same path 'p/5.html': this is a bug in llmcat"
    )
    assert _tree(out) == before
    # index.html, ten pages from the workers, one from the API job, one from the early process
    assert run("ok") == "13"
    assert (out / "p" / "9.html").read_text() == "page 9"
    assert (out / "index.html").read_bytes() == b"new"
