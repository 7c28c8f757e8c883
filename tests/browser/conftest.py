"""Browser tests: Debian's Chromium driven by Playwright against `llmcat serve` in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page

from generator.build import Settings, build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the system Chromium; never a downloaded browser."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _root_conftest(config: pytest.Config) -> Any:
    """tests/conftest.py as pytest loaded it (both conftests are named `conftest`)."""
    path = Path(__file__).resolve().parent.parent / "conftest.py"
    for plugin in config.pluginmanager.get_plugins():
        if getattr(plugin, "__file__", None) == str(path):
            return plugin
    raise LookupError(path)


@pytest.fixture(scope="session")
def xss_site_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The hostile fixture catalog (script and HTML in names and notes), built and served."""
    root = _root_conftest(request.config)
    out = tmp_path_factory.mktemp("xss") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", root.FIXED_EPOCH)
        build(Settings(catalog_dir=root.FIXTURES / "xss_catalog", out_dir=out))
    yield from root.serve_in_thread(out)


@pytest.fixture
def problems(page: Page) -> Iterator[list[str]]:
    """Console errors, page errors and dialogs seen by `page`; the test fails if any appear."""
    seen: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            seen.append(f"console {message.type}: {message.text}")

    def dialog(opened: Dialog) -> None:
        seen.append(f"dialog: {opened.message}")
        opened.dismiss()

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    page.on("dialog", dialog)
    yield seen
    assert seen == []


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    """A page in a context with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()
