"""The comparison table in Chromium: sort, filter, search, columns and the URL state."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import serve_in_thread
from playwright.sync_api import Page, expect

from browser.pagehelp import ready, visible_models
from generator.build import Settings, build

ALL = "status=active,preview,deprecated,retired"
SYNTH_A = "Synthetic id that is a prefix of another"
SYNTH_B = "Synthetic id with a slash"


def test_table_hides_deprecated_and_retired_by_default(
    page: Page, site_url: str, problems: list[str]
) -> None:
    ready(page, site_url + "/", "table")
    assert visible_models(page) == [
        SYNTH_A,
        SYNTH_B,
        "Claude Sonnet 4.5",
        "GPT-4o",
        "text-embedding-3-small",
    ]
    expect(page.locator("#models caption .count")).to_have_text("5 of 7 models")
    page.get_by_label("deprecated").check()
    page.get_by_label("retired").check()
    assert len(visible_models(page)) == 7
    assert page.url.endswith("/?" + ALL.replace(",", "%2C"))


def test_sort_by_header_with_mouse_and_keyboard(
    page: Page, site_url: str, problems: list[str]
) -> None:
    ready(page, f"{site_url}/?{ALL}", "table")
    context = page.get_by_role("button", name="Context", exact=True)
    context.click()
    # Unknown values sort last in both directions; ties keep the catalog order.
    assert visible_models(page)[:4] == [
        "GPT-4",
        "GPT-4o",
        "Claude Sonnet 4.5",
        "Claude 3.5 Sonnet v2 (Bedrock)",
    ]
    expect(page.locator("th[data-key=context]")).to_have_attribute("aria-sort", "ascending")
    context.focus()
    page.keyboard.press("Enter")
    assert visible_models(page)[:3] == ["Claude Sonnet 4.5", "GPT-4o", "GPT-4"]
    expect(page.locator("th[data-key=context]")).to_have_attribute("aria-sort", "descending")
    assert "sort=context&dir=desc" in page.url
    page.get_by_role("button", name="Input $/1M", exact=True).click()
    assert visible_models(page)[:4] == [
        "text-embedding-3-small",
        "GPT-4o",
        "Claude Sonnet 4.5",
        "GPT-4",
    ]
    page.get_by_role("button", name="Model", exact=True).click()
    names = visible_models(page)
    assert names == sorted(names, key=str.lower)


def test_filters_and_search(page: Page, site_url: str, problems: list[str]) -> None:
    ready(page, site_url + "/", "table")
    page.get_by_label("reasoning").check()
    assert visible_models(page) == ["Claude Sonnet 4.5"]
    page.get_by_label("reasoning").uncheck()
    page.get_by_label("Search").fill("GPT")
    assert visible_models(page) == ["GPT-4o"]
    page.get_by_label("deprecated").check()
    assert visible_models(page) == ["GPT-4", "GPT-4o"]
    page.get_by_label("Search").fill("openai/gpt-4o")  # the id in the model's link
    assert visible_models(page) == ["GPT-4o"]
    page.get_by_role("button", name="Reset filters", exact=True).click()
    expect(page.locator("#models caption .count")).to_have_text("5 of 7 models")
    page.locator("select[name=provider]").select_option("openai")
    page.locator("select[name=kind]").select_option("embedding")
    assert visible_models(page) == ["text-embedding-3-small"]
    page.locator("select[name=kind]").select_option("")
    page.get_by_label("Input modality").select_option("image")
    assert visible_models(page) == ["GPT-4o"]


def test_price_and_context_ranges(page: Page, site_url: str, problems: list[str]) -> None:
    ready(page, f"{site_url}/?{ALL}&maxin=3&minctx=100000", "table")
    assert visible_models(page) == ["Claude Sonnet 4.5", "GPT-4o"]
    expect(page.get_by_label("Max input $/1M")).to_have_value("3")
    page.get_by_label("Max input $/1M").fill("2.5")
    assert visible_models(page) == ["GPT-4o"]
    page.get_by_label("Min context").fill("")
    page.get_by_label("Max context").fill("10000")
    assert visible_models(page) == []  # gpt-4 costs 30, the embedding model has no context
    page.get_by_label("Max input $/1M").fill("")
    assert visible_models(page) == ["GPT-4"]


def test_url_state_round_trip(page: Page, site_url: str, problems: list[str]) -> None:
    ready(page, site_url + "/", "table")
    page.locator("select[name=provider]").select_option("openai")
    page.get_by_label("deprecated").check()
    page.get_by_label("tools").check()
    page.locator("summary").click()
    page.locator("input[name=col][value=kind]").uncheck()
    page.locator("input[name=col][value=modalities]").check()
    page.get_by_role("button", name="Output $/1M", exact=True).click()
    page.get_by_role("button", name="Output $/1M", exact=True).click()
    shown, url = visible_models(page), page.url
    assert shown == ["GPT-4o"]
    share = page.get_by_role("link", name="Link to this view")
    assert site_url + share.get_attribute("href") == url

    other = page.context.new_page()
    ready(other, url, "table")
    assert visible_models(other) == shown
    expect(other.locator("select[name=provider]")).to_have_value("openai")
    expect(other.get_by_label("deprecated")).to_be_checked()
    expect(other.get_by_label("tools")).to_be_checked()
    expect(other.locator("th[data-key=output]")).to_have_attribute("aria-sort", "descending")
    expect(other.locator("th[data-key=kind]")).to_be_hidden()
    expect(other.locator("th[data-key=modalities]")).to_be_visible()
    other.get_by_label("tools").uncheck()
    assert visible_models(other) == ["GPT-4", "GPT-4o", "text-embedding-3-small"]


def _big_catalog(root: Path, count: int) -> Path:
    """A catalog of `count` priced chat models from one provider, newest release first."""
    models = [
        {
            "id": f"model-{i:03d}",
            "name": f"Model {i:03d}",
            "kind": "chat",
            "created": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "pricing": {
                "input": 1 + i,
                "output": 2 + i,
                "source": "https://example.com/pricing",
                "verified": "2025-11-01",
            },
        }
        for i in range(count)
    ]
    provider = {"id": "bulk", "name": "Bulk", "website": "https://example.com", "models": models}
    (root / "providers").mkdir(parents=True)
    (root / "providers" / "bulk.yaml").write_text(yaml.safe_dump(provider, sort_keys=False))
    return root


def test_large_table_lays_out_50_rows_until_show_all(
    page: Page, tmp_path: Path, problems: list[str]
) -> None:
    out = tmp_path / "site"
    build(Settings(catalog_dir=_big_catalog(tmp_path / "catalog", 150), out_dir=out))
    for url in serve_in_thread(out):
        ready(page, url + "/?sort=input&dir=asc", "table")
        assert visible_models(page) == [f"Model {i:03d}" for i in range(50)]
        more = page.get_by_role("button", name="Show all 150 models (50 shown)")
        expect(more).to_be_visible()
        expect(page.locator("#models caption .count")).to_have_text("150 models")
        more.click()
        assert visible_models(page) == [f"Model {i:03d}" for i in range(150)]
        expect(more).to_be_hidden()
        page.get_by_label("Search").fill("Model 1")  # Model 100 to Model 149
        expect(page.locator("#models caption .count")).to_have_text("50 of 150 models")
        assert visible_models(page) == [f"Model {i:03d}" for i in range(100, 150)]
        page.get_by_label("Search").fill("")
        assert len(visible_models(page)) == 150  # "Show all" stays in force
