"""`llmcat fetch` and `llmcat build --fetch` end to end, and the snapshot rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_providers import (
    FAMILIES,
    KEY,
    WRONG_KEY,
    FakeProvider,
    Sleeps,
    assert_no_canary,
    make_catalog,
    options,
    run,
)

import generator.fetch
from generator.cli import cli
from generator.fetch import fetch_catalog
from generator.providers.records import RemoteModel
from generator.snapshots import load_snapshots, save_snapshot, update_snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def trio() -> Iterator[dict[str, FakeProvider]]:
    """Fake OpenAI, Anthropic and Gemini servers."""
    servers = {name: FakeProvider(FAMILIES[name]) for name in ("openai", "anthropic", "gemini")}
    yield servers
    for server in servers.values():
        server.stop()
        assert not server.problems, server.problems


@pytest.fixture
def no_waits(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    """The CLI's retries record their waits instead of sleeping."""
    sleeps = Sleeps()
    patched = functools.partial(options, sleeps)
    monkeypatch.setattr(generator.fetch, "FetchOptions", lambda **kw: patched(**kw))
    return sleeps


def test_an_unchanged_list_leaves_the_snapshot_byte_for_byte(tmp_path: Path) -> None:
    server = FakeProvider(FAMILIES["openai"])
    try:
        catalog = make_catalog(tmp_path, {"p": (FAMILIES["openai"], server.base_url)})
        assert run(catalog, Sleeps()).status == "updated"
        path = catalog / "fetched" / "p.json"
        before, stamp = path.read_bytes(), path.stat().st_mtime_ns
        later = {"today": dt.date(2026, 3, 1)}
        result = fetch_catalog(catalog, None, options(Sleeps(), **later), env={"TEST_API_KEY": KEY})
        assert [(r.status, r.added, r.removed) for r in result] == [("unchanged", 0, 0)]
        assert path.read_bytes() == before and path.stat().st_mtime_ns == stamp
    finally:
        server.stop()
    assert before.endswith(b"}\n") and json.loads(before)["changed"] == "2025-11-21"


def _remote(model_id: str, **facts: Any) -> RemoteModel:
    return RemoteModel(id=model_id, **facts)


def test_snapshot_keeps_first_seen_and_records_departures() -> None:
    day1, day2, day3 = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
    first = update_snapshot(None, "p", "openai", [_remote("b"), _remote("a")], day1)
    assert first.changed and first.added == ["a", "b"]
    assert [(m.id, m.first_seen) for m in first.snapshot.models] == [("a", day1), ("b", day1)]
    second = update_snapshot(
        first.snapshot, "p", "openai", [_remote("a", context_window=8192), _remote("c")], day2
    )
    snap = second.snapshot
    assert (second.added, second.removed, snap.changed) == (["c"], ["b"], day2)
    assert [(m.id, m.first_seen, m.context_window) for m in snap.models] == [
        ("a", day1, 8192),
        ("c", day2, None),
    ]
    assert [(g.id, g.first_seen, g.last_seen, g.missing_since) for g in snap.removed] == [
        ("b", day1, day1, day2)
    ]
    models = [_remote("a", context_window=8192), _remote("b"), _remote("c")]
    back = update_snapshot(snap, "p", "openai", models, day3)
    assert back.snapshot.removed == [] and back.added == ["b"]
    assert [m.first_seen for m in back.snapshot.models] == [day1, day3, day2]


def test_fetch_without_a_key_skips_the_provider_and_keeps_its_snapshot(
    tmp_path: Path, runner: CliRunner
) -> None:
    catalog = make_catalog(tmp_path, {"p": (FAMILIES["openai"], "http://127.0.0.1:9/v1")})
    change = update_snapshot(None, "p", "openai", [_remote("a")], dt.date(2026, 1, 1))
    save_snapshot(catalog / "fetched", change.snapshot)
    kept = (catalog / "fetched" / "p.json").read_bytes()
    result = runner.invoke(cli, ["fetch", "--catalog", str(catalog)], env={"TEST_API_KEY": ""})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "provider  models  added  removed  status",
        "p         1       0      0        skipped (no TEST_API_KEY set)",
    ]
    assert (catalog / "fetched" / "p.json").read_bytes() == kept


def test_a_broken_snapshot_fails_only_its_provider(tmp_path: Path, runner: CliRunner) -> None:
    catalog = make_catalog(tmp_path, {"p": (FAMILIES["openai"], "http://127.0.0.1:9/v1")})
    (catalog / "fetched").mkdir()
    (catalog / "fetched" / "p.json").write_text("{not json\n")
    result = runner.invoke(cli, ["fetch", "--catalog", str(catalog)], env={"TEST_API_KEY": KEY})
    assert result.exit_code == 1
    assert "p         0       0      0        failed (bad snapshot)" in result.output
    assert "p.json: not a valid snapshot" in result.output
    assert (catalog / "fetched" / "p.json").read_text() == "{not json\n"


def test_fetch_names_unknown_providers(catalog_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["fetch", "nope", "--catalog", str(catalog_dir)])
    assert result.exit_code == 1
    assert "Error: unknown provider nope: pick from amazon-bedrock, anthropic, openai" in (
        result.output
    )
    bare = runner.invoke(cli, ["fetch", "amazon-bedrock", "--catalog", str(catalog_dir)])
    assert bare.exit_code == 1 and "has no `api:` section" in bare.output


def test_fetch_finishes_the_others_and_reports_each_failure(
    tmp_path: Path, runner: CliRunner, no_waits: Sleeps, trio: dict[str, FakeProvider]
) -> None:
    catalog = make_catalog(
        tmp_path,
        {
            "good": (FAMILIES["anthropic"], trio["anthropic"].base_url),
            "down": (FAMILIES["openai"], trio["openai"].base_url),
            "locked": (FAMILIES["gemini"], trio["gemini"].base_url),
        },
    )
    trio["openai"].play("500")
    (catalog / "providers" / "locked.yaml").write_text(
        (catalog / "providers" / "locked.yaml").read_text().replace("TEST_API_KEY", "LOCKED_KEY")
    )
    env = {"TEST_API_KEY": KEY, "LOCKED_KEY": WRONG_KEY}
    result = runner.invoke(cli, ["--verbose", "fetch", "--catalog", str(catalog)], env=env)
    assert result.exit_code == 1
    lines = [
        line for line in result.output.splitlines() if not line.startswith(("DEBUG:", "INFO:"))
    ]
    assert lines[:4] == [
        "provider  models  added  removed  status",
        "down      0       0      0        failed (500)",
        "good      5       5      0        updated",
        "locked    0       0      0        failed (400)",
    ]
    down = trio["openai"].base_url
    assert f"failed: down: GET {down}/models: HTTP 500: " in result.output
    assert f"failed: locked: GET {trio['gemini'].base_url}/models?pageSize=1000: HTTP 400: " in (
        result.output
    )
    assert "API key not valid" in result.output
    assert lines[-1] == (
        "Error: 2 of 3 providers failed (down, locked); their previous snapshots are kept"
    )
    assert no_waits.waits == [1.0, 2.0]
    assert sorted(p.name for p in (catalog / "fetched").iterdir()) == ["good.json"]
    assert_no_canary(catalog, result.output)


def test_build_fetch_publishes_live_only_models(
    catalog_dir: Path,
    tmp_path: Path,
    runner: CliRunner,
    no_waits: Sleeps,
    trio: dict[str, FakeProvider],
) -> None:
    shutil.copy(FIXTURES / "fetch" / "gemini.yaml", catalog_dir / "providers" / "gemini.yaml")
    env = {
        "OPENAI_API_KEY": KEY,
        "ANTHROPIC_API_KEY": KEY,
        "GEMINI_API_KEY": KEY,
        "OPENAI_BASE_URL": trio["openai"].base_url,
        "ANTHROPIC_BASE_URL": trio["anthropic"].base_url,
        "GEMINI_BASE_URL": trio["gemini"].base_url,
    }
    out = tmp_path / "site"
    args = ["build", "--fetch", "--catalog", str(catalog_dir), "--out", str(out)]
    result = runner.invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(load_snapshots(catalog_dir / "fetched")) == ["anthropic", "gemini", "openai"]
    listing = json.loads((out / "v1/models/index.html").read_text())
    items = {item["id"]: item for item in listing["data"]}
    for live_only in (
        "openai/gpt-4.1-mini",
        "anthropic/claude-opus-4-6",
        "gemini/gemini-2.5-flash",
    ):
        assert items[live_only]["curated"] is False and items[live_only]["listed"] is True
    opus = items["anthropic/claude-opus-4-6"]
    assert (opus["display_name"], opus["created_at"], opus["max_tokens"]) == (
        "Claude Opus 4.6",
        "2026-02-04T00:00:00Z",
        128000,
    )
    assert opus["origins"]["max_output_tokens"] == "api"
    assert items["gemini/gemini-embedding-001"]["kind"] == "embedding"
    assert not (out / "v1/models/gpt-4.1-mini").exists()  # uncurated: no bare id
    assert (out / "v1/models/openai/gpt-4.1-mini").is_file()
    assert (out / "v1/models/gpt-4o").is_file()  # curated: bare id as before
    flagged = items["gemini/gemini-1.5-flash"]
    assert (flagged["curated"], flagged["listed"], flagged["last_seen"]) == (True, False, None)
    assert items["gemini/gemini-2.5-pro"]["listed"] is True
    assert items["gemini/gemini-2.5-pro"]["origins"]["context_window"] == "api"
    assert items["openai/gpt-4o"]["listed"] is True and items["openai/gpt-4"]["listed"] is False
    assert items["amazon-bedrock/meta"]["listed"] is None  # no api: never fetched
    site_text = "".join(p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())
    assert_no_canary(catalog_dir, result.output, site_text)


def test_a_local_server_is_fetched_only_when_named_or_pointed_at(
    tmp_path: Path, runner: CliRunner
) -> None:
    catalog = tmp_path / "catalog"
    (catalog / "providers").mkdir(parents=True)
    (catalog / "providers" / "ollama.yaml").write_text(
        "id: ollama\nname: Ollama\nwebsite: https://ollama.com\n"
        "api:\n  adapter: ollama\n  base_url: http://localhost:9\n  key_required: false\n"
    )
    result = runner.invoke(cli, ["fetch", "--catalog", str(catalog)], env={"OLLAMA_BASE_URL": ""})
    assert result.exit_code == 0, result.output
    assert "skipped (local server: name it, or set OLLAMA_BASE_URL)" in result.output
    server = FakeProvider(dataclasses.replace(FAMILIES["ollama"], auth=("Authorization", None)))
    try:
        env = {"OLLAMA_BASE_URL": server.base_url}
        pointed = runner.invoke(cli, ["fetch", "--catalog", str(catalog)], env=env)
        named = runner.invoke(cli, ["fetch", "ollama", "--catalog", str(catalog)], env=env)
    finally:
        server.stop()
    assert pointed.exit_code == 0, pointed.output
    assert "ollama    3       3      0        updated" in pointed.output
    assert named.exit_code == 0 and "ollama    3       0      0        unchanged" in named.output
    assert [h.get("Authorization") for _, h in server.requests] == [None, None]  # no key, none sent
