"""Shared fixtures: a copy of the fixture catalog, a CLI runner, a built site and a server."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import Settings, build
from generator.serve import make_server

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXED_EPOCH = "1763683200"  # 2025-11-21, so fixture builds do not depend on git or the clock


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.setenv("LLMCAT_QUIET_SERVER", "1")


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/catalog."""
    target = tmp_path / "catalog"
    shutil.copytree(FIXTURES / "catalog", target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog built once for the whole session (read-only for tests)."""
    out = tmp_path_factory.mktemp("built") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
        build(Settings(catalog_dir=FIXTURES / "catalog", out_dir=out))
    return out


def serve_in_thread(site: Path) -> Iterator[str]:
    """Run `llmcat serve`'s server on a free port; yield its base URL."""
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL of `llmcat serve` on the built fixture site."""
    yield from serve_in_thread(built_site)


def git(repo: Path, *args: str, day: int = 0) -> str:
    """Run git in `repo` with a fixed identity and clock (`day` days after FIXED_EPOCH)."""
    stamp = f"@{int(FIXED_EPOCH) + day * 86400} +0000"
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def git_catalog(tmp_path: Path) -> Path:
    """The fixture catalog committed as `catalog/` in a fresh git repository on `main`."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "catalog", repo / "catalog")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Fixture catalog")
    return repo / "catalog"


def site_file(site: Path, path: str) -> Path:
    """The file that answers URL `path`, found as hosts find it: `$uri`, then `$uri/index.html`."""
    target = site / path.strip("/")
    return target if target.is_file() else target / "index.html"
