"""Helpers the browser tests share."""

from __future__ import annotations

from playwright.sync_api import Page


def ready(page: Page, url: str, name: str) -> None:
    """Open `url` and wait until the page's script says it is ready."""
    page.goto(url)
    page.wait_for_selector(f"html[data-ready={name}]")


def visible_models(page: Page) -> list[str]:
    """The model names of the table rows that are shown, top to bottom."""
    return page.eval_on_selector_all(
        "#models tbody tr:not([hidden]) td:nth-child(2)", "cells => cells.map(c => c.textContent)"
    )


def settle(page: Page, url: str) -> None:
    """Open `url`; wait for the page's script, if it has one, to finish its first render."""
    page.goto(url)
    if page.locator("script[type=module]").count():
        page.wait_for_selector("html[data-ready]")
