"""The by-hand benchmark scripts refuse bad arguments before they start any work, and count
what they measure right."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bench_build import read_tree

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _run(
    script: str, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("script", "args", "env", "message"),
    [
        ("bench_build.py", ["10x"], {}, "'10x' is not a size"),
        ("bench_build.py", ["0"], {}, "'0' is not a size"),
        ("bench_build.py", ["real"], {"BENCH_WARM_MB": "-1"}, "BENCH_WARM_MB='-1'"),
        ("bench_build.py", ["real"], {"BENCH_REPEAT": "two"}, "BENCH_REPEAT='two'"),
        ("synth.py", [], {}, "required: folder"),
        ("synth.py", ["out", "0"], {}, "at least 1 model"),
        ("bench_memory.py", ["-5"], {}, "at least 1 megabyte"),
        ("bench_fetch.py", ["--runs", "0"], {}, "at least 1 run"),
        ("bench_fetch.py", ["--latency", "-0.1"], {}, "'-0.1': give the latency: a finite"),
        ("bench_fetch.py", ["--latency", "nan"], {}, "'nan': give the latency: a finite"),
        ("bench_fetch.py", ["--latency", "inf"], {}, "'inf': give the latency: a finite"),
    ],
)
def test_bad_arguments_fail_before_any_work(
    tmp_path: Path, script: str, args: list[str], env: dict[str, str], message: str
) -> None:
    result = _run(script, *args, cwd=tmp_path, env={**env, "BENCH_DIR": str(tmp_path)})
    assert result.returncode in (1, 2), result.stderr
    assert message in result.stderr
    assert result.stdout == ""  # nothing measured, not even the machine line
    assert list(tmp_path.iterdir()) == []  # no catalog, no temporary folder


@pytest.mark.parametrize(
    "script", ["bench_build.py", "bench_site.py", "bench_memory.py", "bench_fetch.py", "synth.py"]
)
def test_help_describes_the_script_and_runs_nothing(tmp_path: Path, script: str) -> None:
    result = _run(script, "--help", cwd=tmp_path, env={"BENCH_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ")
    assert list(tmp_path.iterdir()) == []


def test_read_tree_counts_what_was_written_once_per_inode(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a").write_bytes(b"123")
    (tmp_path / "same bytes, own inode").write_bytes(b"123")
    os.link(tmp_path / "a", tmp_path / "b")
    os.link(tmp_path / "a", tmp_path / "sub" / "c")
    files, wrote_files, wrote_bytes = read_tree(tmp_path)
    assert [rel for rel, _ in files] == ["a", "b", "same bytes, own inode", "sub/c"]
    assert (wrote_files, wrote_bytes) == (2, 6)
