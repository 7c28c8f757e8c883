"""`llmcat fetch`: every configured provider's live list, concurrently, into snapshots.

Nothing is lost: a provider that fails, answers an empty list or drops more than `max_loss` of
its models keeps its previous snapshot, and the others still finish.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from generator.catalog import load_catalog
from generator.errors import BuildError, FetchError
from generator.models import Provider
from generator.providers import adapter_for
from generator.providers.http import ProviderError, RetryPolicy, Session
from generator.providers.records import RemoteModel
from generator.snapshots import (
    Snapshot,
    load_snapshot,
    save_snapshot,
    snapshot_path,
    update_snapshot,
)

Progress = Callable[[str, str], None]
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class FetchOptions:
    """How hard to try and what to accept."""

    allow_removals: bool = False
    max_loss: float = 0.2
    timeout: float = 30.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    today: dt.date | None = None


@dataclass(frozen=True)
class ProviderResult:
    """The outcome for one provider: `updated`, `unchanged`, `skipped` or `failed`."""

    provider: str
    status: str
    models: int = 0
    added: int = 0
    removed: int = 0
    detail: str = ""
    error: ProviderError | None = None
    attempts: int = 0


def fetch_catalog(
    catalog_dir: Path,
    only: list[str] | None = None,
    options: FetchOptions | None = None,
    env: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> list[ProviderResult]:
    """Fetch the providers named in `only` (all configured ones by default), in parallel."""
    options = options or FetchOptions()
    env = os.environ if env is None else env
    catalog = load_catalog(catalog_dir)
    providers = _select(catalog.providers, only)
    fetched_dir = catalog_dir / "fetched"
    today = options.today or fetch_date(env)

    def one(provider: Provider) -> ProviderResult:
        path = snapshot_path(fetched_dir, provider.id)
        try:
            old = load_snapshot(path) if path.is_file() else None
        except BuildError as exc:
            return ProviderResult(provider.id, "failed", detail=exc.message)
        skip = None if only else _local_only(provider, env)
        if skip is not None:
            kept = len(old.models) if old else 0
            return ProviderResult(provider.id, "skipped", kept, detail=skip)
        result = _fetch_one(provider, old, fetched_dir, options, env, today)
        if progress is not None:
            progress(provider.id, result.status)
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(16, len(providers)))) as pool:
        return list(pool.map(one, providers))


def fetch_date(env: Mapping[str, str]) -> dt.date:
    """Today in UTC, or the day of `SOURCE_DATE_EPOCH` when it is set (reproducible runs)."""
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def env_name(provider_id: str, suffix: str) -> str:
    """`<PROVIDER_ID>_<SUFFIX>` with `-` as `_`: `GEMINI_BASE_URL`, `AMAZON_BEDROCK_BASE_URL`."""
    return f"{provider_id.upper().replace('-', '_')}_{suffix}"


def _local_only(provider: Provider, env: Mapping[str, str]) -> str | None:
    """Why a keyless server on this machine (Ollama, vLLM...) is left out of a fetch-all run."""
    api = provider.api
    assert api is not None
    host = urlsplit(api.base_url).hostname or ""
    override = env_name(provider.id, "BASE_URL")
    if api.key_required or env.get(override) or host not in _LOOPBACK:
        return None
    return f"local server: name it, or set {override}"


def _select(providers: list[Provider], only: list[str] | None) -> list[Provider]:
    configured = [p for p in providers if p.api is not None]
    if not only:
        return configured
    known = {p.id: p for p in providers}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise FetchError(
            f"unknown provider {', '.join(unknown)}: pick from {', '.join(sorted(known))}"
        )
    bare = [name for name in only if known[name].api is None]
    if bare:
        raise FetchError(
            f"{', '.join(bare)} has no `api:` section in its catalog file, so it cannot be fetched"
        )
    return [known[name] for name in dict.fromkeys(only)]


def _fetch_one(
    provider: Provider,
    old: Snapshot | None,
    fetched_dir: Path,
    options: FetchOptions,
    env: Mapping[str, str],
    today: dt.date,
) -> ProviderResult:
    api = provider.api
    assert api is not None
    key = next((env[name] for name in api.key_env if env.get(name)), None)
    kept = len(old.models) if old else 0
    if key is None and api.key_required:
        names = " or ".join(api.key_env) or "a key"
        return ProviderResult(provider.id, "skipped", kept, detail=f"no {names} set")
    base_url = env.get(env_name(provider.id, "BASE_URL")) or api.base_url
    adapter = adapter_for(api.adapter)
    headers = {"User-Agent": "llmcat", "Accept": "application/json", **adapter.auth_headers(key)}
    with httpx.Client(
        headers=headers, timeout=options.timeout, follow_redirects=False, trust_env=False
    ) as client:
        session = Session(
            provider.id, client, base_url, options.retry, dict(api.params), (key,) if key else ()
        )
        try:
            models = adapter.fetch_models(session)
        except ProviderError as exc:
            return _failed(provider.id, kept, exc, session.attempts)
        guard = _guard(session, models, old, options)
        if guard is not None:
            return _failed(provider.id, kept, guard, session.attempts)
    change = update_snapshot(old, provider.id, api.adapter, models, today)
    if change.changed:
        save_snapshot(fetched_dir, change.snapshot)
    return ProviderResult(
        provider.id,
        "updated" if change.changed else "unchanged",
        len(change.snapshot.models),
        len(change.added),
        len(change.removed),
        attempts=session.attempts,
    )


def _guard(
    session: Session, models: list[RemoteModel], old: Snapshot | None, options: FetchOptions
) -> ProviderError | None:
    """Why this list must not replace the snapshot, or None if it may."""
    if not models:
        return session.error(session.last_url, "empty list; the previous snapshot is kept")
    if old is None or options.allow_removals or not old.models:
        return None
    ids = {m.id for m in models}
    lost = [m.id for m in old.models if m.id not in ids]
    if len(lost) / len(old.models) > options.max_loss:
        return session.error(
            session.last_url,
            f"{len(lost)} of {len(old.models)} models would be removed "
            f"(more than {options.max_loss:.0%}); rerun with --allow-removals if that is real",
        )
    return None


def _failed(provider: str, kept: int, error: ProviderError, attempts: int) -> ProviderResult:
    return ProviderResult(
        provider, "failed", kept, detail=str(error), error=error, attempts=attempts
    )


def summary_table(results: list[ProviderResult]) -> str:
    """A plain-text table: provider, models, added, removed, status (with the reason)."""
    rows = [("provider", "models", "added", "removed", "status")]
    for r in results:
        status = r.status
        if r.status == "skipped":
            status += f" ({r.detail})"
        elif r.status == "failed":
            status += f" ({r.error.status or r.error.reason})" if r.error else " (bad snapshot)"
        rows.append((r.provider, str(r.models), str(r.added), str(r.removed), status))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[4]
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def failure_error(results: list[ProviderResult]) -> FetchError | None:
    """One error naming every failed provider, or None when none failed."""
    failed = [r.provider for r in results if r.status == "failed"]
    if not failed:
        return None
    return FetchError(
        f"{len(failed)} of {len(results)} providers failed ({', '.join(failed)}); "
        "their previous snapshots are kept"
    )
