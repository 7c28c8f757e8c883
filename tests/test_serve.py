"""`llmcat serve` and the emitted host configs route the same way."""

from __future__ import annotations

from pathlib import Path

import httpx

from generator import routes


def test_api_paths_are_json_with_cors_and_no_redirect(site_url: str) -> None:
    for path in (
        "/v1/models",
        "/v1/models/",
        "/v1/models/openai%2Fgpt-4o",
        "/providers/openai/v1/models",
        "/catalog.json",
    ):
        response = httpx.get(site_url + path, follow_redirects=False)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "application/json; charset=utf-8", path
        assert response.headers["access-control-allow-origin"] == "*", path
        response.json()


def test_unknown_api_path_gives_json_404(site_url: str) -> None:
    response = httpx.get(f"{site_url}/v1/models/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json()["error"]["code"] == "model_not_found"


def test_pages_are_html_without_redirect(site_url: str) -> None:
    response = httpx.get(f"{site_url}/providers/openai", follow_redirects=False)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-security-policy" in response.headers
    missing = httpx.get(f"{site_url}/no/such/page")
    assert missing.status_code == 404
    assert "Not found" in missing.text


def test_preflight_is_answered(site_url: str) -> None:
    response = httpx.options(f"{site_url}/v1/models")
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"


def test_path_traversal_is_refused(site_url: str) -> None:
    response = httpx.get(f"{site_url}/v1/models/..%2F..%2F..%2Fetc%2Fpasswd")
    assert response.status_code == 404


def test_routing_table_classifies_paths() -> None:
    assert routes.is_json_path("/v1/models")
    assert routes.is_json_path("/providers/openai/v1/models/gpt-4o")
    assert not routes.is_json_path("/providers/openai/")
    assert not routes.is_json_path("/v1x")
    assert routes.is_json_path("/catalog.json")


def test_host_files_are_written(built_site: Path) -> None:
    nginx = (built_site / "nginx.conf").read_text()
    assert routes.JSON_REGEX in nginx
    assert "default_type application/json;" in nginx
    headers = (built_site / "_headers").read_text()
    assert "/providers/:seg1/v1/*\n  Content-Type: application/json; charset=utf-8" in headers
    assert (built_site / "_redirects").read_text().startswith("# Generated")
