"""HTTP for adapters: one session per provider, with retries, page caps and secret-free errors."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from generator.errors import FetchError
from generator.providers.records import RemoteModel, entries, http_date_seconds

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
MAX_PAGES = 100
EXCERPT = 200


class ProviderError(FetchError):
    """One provider's list could not be read: where, what status, and what the body said."""

    def __init__(
        self, provider: str, url: str, reason: str, *, status: int | None = None, body: str = ""
    ) -> None:
        self.provider, self.url, self.status, self.reason = provider, url, status, reason
        self.excerpt = " ".join(body.split())[:EXCERPT]
        what = f"HTTP {status}" if status is not None else reason
        message = f"{provider}: GET {url}: {what}"
        if self.excerpt:
            message += f": {self.excerpt}"
        super().__init__(message)


class MalformedError(Exception):
    """An answer whose shape is not the one the adapter expects; becomes a ProviderError."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retries on 408/409/429/5xx and network errors; waits honour `retry-after(-ms)`, capped."""

    retries: int = 2
    backoff: tuple[float, ...] = (1.0, 2.0)
    cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep

    def wait(self, attempt: int, response: httpx.Response | None) -> float:
        """Seconds to wait before retry number `attempt` (0-based)."""
        hinted = _retry_after(response.headers) if response is not None else None
        default = self.backoff[min(attempt, len(self.backoff) - 1)] if self.backoff else 0.0
        chosen = default if hinted is None else hinted
        return max(0.0, min(chosen, self.cap))


def _retry_after(headers: httpx.Headers) -> float | None:
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        return http_date_seconds(value, dt.datetime.now(dt.UTC))


@dataclass
class Session:
    """GETs JSON from one provider with its auth headers; every failure is a ProviderError."""

    provider: str
    client: httpx.Client
    base_url: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    params: Mapping[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    attempts: int = 0
    last_url: str = ""

    def url(self, path: str) -> str:
        """The absolute URL of `path` under the base URL (or `path` itself if absolute)."""
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def get_json(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        """The decoded JSON body of GET `path`, after retries."""
        merged = {**self.params, **(params or {})}
        request = self.client.build_request("GET", self.url(path), params=merged)
        shown = self.last_url = self.redact(str(request.url))
        attempt = 0
        while True:
            self.attempts += 1
            response, error = self._send(request, shown)
            retryable = response.status_code in RETRY_STATUSES if response is not None else True
            if not retryable or attempt >= self.retry.retries:
                break
            delay = self.retry.wait(attempt, response)
            log.debug("%s: retrying in %.2fs", self.provider, delay)
            self.retry.sleep(delay)
            attempt += 1
        if error is not None:
            raise error
        assert response is not None
        return self._decode(response, shown)

    def _send(
        self, request: httpx.Request, shown: str
    ) -> tuple[httpx.Response | None, ProviderError | None]:
        try:
            response = self.client.send(request)
            response.read()
        except httpx.TimeoutException:
            return None, self.error(shown, "timed out")
        except httpx.HTTPError as exc:
            return None, self.error(shown, f"request failed: {type(exc).__name__}")
        if response.status_code >= 400 or response.status_code in RETRY_STATUSES:
            reason = response.reason_phrase or "error"
            return response, self.error(
                shown, reason, status=response.status_code, body=_body(response)
            )
        return response, None

    def _decode(self, response: httpx.Response, shown: str) -> Any:
        if response.status_code != 200:
            raise self.error(
                shown, "unexpected status", status=response.status_code, body=_body(response)
            )
        try:
            return json.loads(response.content)
        except (ValueError, UnicodeDecodeError) as exc:
            raise self.error(
                shown, f"malformed or truncated JSON ({exc})", body=_body(response)
            ) from None

    def error(
        self, url: str, reason: str, *, status: int | None = None, body: str = ""
    ) -> ProviderError:
        """A ProviderError with every secret removed from its parts."""
        return ProviderError(
            self.provider,
            self.redact(url),
            self.redact(reason),
            status=status,
            body=self.redact(body),
        )

    def redact(self, value: str) -> str:
        """`value` with every secret replaced by `***`."""
        for secret in self.secrets:
            if secret:
                value = value.replace(secret, "***")
        return value

    def malformed(self, path: str, problem: str) -> ProviderError:
        """A ProviderError for an answer with the wrong shape."""
        return self.error(self.url(path), f"malformed answer: {problem}")


def _body(response: httpx.Response) -> str:
    # Generous, so that a key echoed anywhere near the start is redacted whole before the cut.
    return response.content[:65536].decode("utf-8", "replace")


def paginate(
    session: Session,
    path: str,
    first: Mapping[str, str],
    next_params: Callable[[Any], Mapping[str, str] | None],
    items: Callable[[Any], Iterable[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Every item over all pages, in order; stops on a repeated cursor or after MAX_PAGES."""
    collected: list[dict[str, Any]] = []
    params: Mapping[str, str] | None = dict(first)
    seen: set[tuple[tuple[str, str], ...]] = set()
    while params is not None:
        key = tuple(sorted(params.items()))
        if key in seen or len(seen) >= MAX_PAGES:
            raise session.malformed(path, f"pagination does not end (page {len(seen) + 1})")
        seen.add(key)
        body = session.get_json(path, params)
        try:
            collected += items(body)
            follow = next_params(body)
        except MalformedError as exc:
            raise session.malformed(path, str(exc)) from None
        params = {**first, **follow} if follow else None
    return collected


def body_object(body: Any, key: str) -> Any:
    """`body[key]`, insisting that `body` is an object that has it."""
    if not isinstance(body, dict):
        raise MalformedError(f"expected a JSON object with {key!r}, got {type(body).__name__}")
    if key not in body:
        raise MalformedError(f"no {key!r} in the answer (keys: {', '.join(sorted(body)[:8])})")
    return body[key]


def list_models(
    session: Session,
    path: str,
    parse: Callable[[dict[str, Any]], RemoteModel | None],
    *,
    key: str | None,
    first: Mapping[str, str] | None = None,
    next_page: Callable[[Any], Mapping[str, str] | None] = lambda _: None,
) -> list[RemoteModel]:
    """Read every page of a list whose models sit at `key` (None: the body is the list)."""

    def items(body: Any) -> list[dict[str, Any]]:
        return entries(body if key is None else body_object(body, key), key or "the answer")

    raw = paginate(session, path, first or {}, next_page, items)
    return [model for model in map(parse, raw) if model is not None]
