"""Compare, calculator, pages without JavaScript, accessibility and hostile catalog text."""

from __future__ import annotations

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from browser.pagehelp import ready, settle
from generator.cost import Workload, workload_cost
from generator.models import Prices

GPT4O, SONNET = "openai/gpt-4o", "anthropic/claude-sonnet-4-5-20250929"


def test_compare_two_models_highlights_differences(
    page: Page, site_url: str, problems: list[str]
) -> None:
    # A model can be named by its alias in the URL, too.
    ready(page, f"{site_url}/compare/?m={GPT4O}&m=anthropic/claude-sonnet-4-5", "compare")
    heads = page.locator("#compare thead th a")
    expect(heads).to_have_text(["GPT-4o", "Claude Sonnet 4.5"])
    context = page.locator("#compare tr", has=page.get_by_role("rowheader", name="Context window"))
    expect(context).to_have_class("diff")
    expect(context.locator("td")).to_have_text(["128K", "200K"])
    kind = page.locator("#compare tr", has=page.get_by_role("rowheader", name="Kind", exact=True))
    expect(kind).to_have_class("same")
    page.get_by_label("Only rows that differ").check()
    expect(kind).to_be_hidden()
    expect(context).to_be_visible()
    assert page.url.endswith(
        f"?m={GPT4O.replace('/', '%2F')}&m={SONNET.replace('/', '%2F')}&diff=1"
    )

    page.get_by_label("Add a model").fill("openai/gpt-4")
    page.get_by_role("button", name="Add").click()
    expect(heads).to_have_text(["GPT-4o", "Claude Sonnet 4.5", "GPT-4"])
    page.get_by_role("button", name="Remove GPT-4o").click()
    expect(heads).to_have_text(["Claude Sonnet 4.5", "GPT-4"])
    assert "m=openai%2Fgpt-4o" not in page.url
    page.reload()
    page.wait_for_selector("html[data-ready=compare]")
    expect(heads).to_have_text(["Claude Sonnet 4.5", "GPT-4"])


def test_compare_reports_unknown_models(page: Page, site_url: str, problems: list[str]) -> None:
    ready(page, f"{site_url}/compare/?m=nobody/nothing", "compare")
    expect(page.locator("#status")).to_have_text("Not in the catalog: nobody/nothing")
    expect(page.locator("#compare tr")).to_have_count(0)


def _per_request(
    fresh_in: float,
    cached_in: float,
    out: float,
    price_in: float,
    price_cached: float,
    price_out: float,
) -> float:
    return (fresh_in * price_in + cached_in * price_cached + out * price_out) / 1_000_000


def _ranking(page: Page) -> list[tuple[str, float]]:
    rows = page.locator("#ranking tbody tr")
    return [
        (
            rows.nth(i).get_attribute("data-id") or "",
            float(rows.nth(i).get_attribute("data-cost") or "nan"),
        )
        for i in range(rows.count())
    ]


def test_calculator_ranks_models_by_monthly_cost(
    page: Page, site_url: str, problems: list[str]
) -> None:
    ready(page, site_url + "/calculator/", "calculator")
    form = page.locator("#workload")
    form.get_by_label("Input tokens per request").fill("100000")
    form.get_by_label("Output tokens per request").fill("2000")
    form.get_by_label("Cached share of input, %").fill("20")
    form.get_by_label("Requests per month").fill("1000")
    # gpt-4o: 80K fresh at $2.5, 20K cached at $1.25, 2K out at $10; sonnet: $3, $0.3, $15.
    gpt = 1000 * _per_request(80_000, 20_000, 2000, 2.5, 1.25, 10)
    sonnet = 1000 * _per_request(80_000, 20_000, 2000, 3, 0.3, 15)
    assert _ranking(page) == [(GPT4O, pytest.approx(gpt)), (SONNET, pytest.approx(sonnet))]
    expect(page.locator("#ranking tbody tr").first.locator("td").nth(3)).to_have_text("$245.00")

    form.get_by_label("Batch (asynchronous) prices").check()  # gpt-4o has batch prices
    batch = 1000 * _per_request(80_000, 20_000, 2000, 1.25, 1.25, 5)
    assert _ranking(page) == [(GPT4O, pytest.approx(batch)), (SONNET, pytest.approx(sonnet))]

    # Above 200K input, every Sonnet token costs the long-context price; gpt-4o (128K) cannot
    # take the prompt at all.
    form.get_by_label("Batch (asynchronous) prices").uncheck()
    form.get_by_label("Input tokens per request").fill("210000")
    form.get_by_label("Cached share of input, %").fill("0")
    long = 1000 * _per_request(210_000, 0, 2000, 6, 0, 22.5)
    assert _ranking(page) == [(SONNET, pytest.approx(long))]
    expect(page.locator("#ranking tbody tr td").nth(5)).to_have_text(
        "standard, long-context above 200K"
    )

    url = page.url
    assert "in=210000" in url
    ready(page, url, "calculator")
    assert _ranking(page) == [(SONNET, pytest.approx(long))]
    page.locator("select[name=kind]").select_option("embedding")
    form.get_by_label("Input tokens per request").fill("5000")
    form.get_by_label("Output tokens per request").fill("0")
    assert _ranking(page) == [
        ("openai/text-embedding-3-small", pytest.approx(1000 * 5000 * 0.02 / 1e6))
    ]


def test_calculator_script_matches_python_formula(
    page: Page, site_url: str, problems: list[str]
) -> None:
    ready(page, site_url + "/calculator/", "calculator")
    models = httpx.get(site_url + "/data/models.json").json()
    priced = [m for m in models if m.get("pricing")]
    grid = [
        Workload(i, o, c, 1000, b)
        for i in (0, 1000, 150_000, 250_000)
        for o in (0, 500)
        for c in (0.0, 0.5)
        for b in (False, True)
    ]
    expected = []
    for model in priced:
        prices = Prices.model_validate(
            {k: v for k, v in model["pricing"].items() if k != "currency"}
        )
        for work in grid:
            cost = workload_cost(prices, work)
            expected.append(None if cost is None else [cost.monthly, cost.tier, cost.batch])
    actual = page.evaluate(
        """async ([models, grid]) => {
            const lib = await import("/static/lib.js");
            return models.flatMap((m) => grid.map(([input, output, cached, requests, batch]) => {
                const c = lib.workloadCost(m.pricing, {input, output, cached, requests, batch});
                return c === null ? null : [c.monthly, c.tier, c.batch];
            }));
        }""",
        [
            priced,
            [[w.input_tokens, w.output_tokens, w.cached_share, w.requests, w.batch] for w in grid],
        ],
    )
    assert len(expected) == len(priced) * len(grid) > 40
    assert actual == expected  # the same operations in the same order: equal to the last bit


def test_pages_work_without_javascript(no_js_page: Page, site_url: str) -> None:
    page = no_js_page
    page.goto(site_url + "/")
    expect(page.locator("#models tbody tr")).to_have_count(7)  # nothing hidden without a script
    expect(page.locator("#filters")).to_be_hidden()
    page.get_by_role("link", name="GPT-4o", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("GPT-4o")
    expect(page.get_by_role("link", name="/v1/models/openai/gpt-4o")).to_be_visible()
    page.get_by_role("link", name="OpenAI", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OpenAI")
    page.goto(site_url + "/compare/?m=openai/gpt-4o")
    expect(page.locator("#nojs")).to_contain_text("needs JavaScript")
    page.goto(site_url + "/calculator/")
    # The default workload, ranked at build time: 10K in, 1K out, 100K requests a month.
    assert _ranking(page) == [
        (GPT4O, pytest.approx(100_000 * _per_request(10_000, 0, 1000, 2.5, 0, 10))),
        (SONNET, pytest.approx(100_000 * _per_request(10_000, 0, 1000, 3, 0, 15))),
    ]
    expect(page.locator("#ranking tbody tr").first.locator("td").nth(3)).to_have_text("$3,500.00")


PAGE_TYPES = [
    "/",
    "/?status=active,preview,deprecated,retired&sort=input&dir=desc",
    "/models/openai/gpt-4o/",
    "/models/amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0/",
    "/providers/openai/",
    f"/compare/?m={GPT4O}&m={SONNET}",
    "/calculator/",
    "/guides/",
    "/guides/coding/",
    "/no-such-page/",
]


def test_axe_finds_no_violations(page: Page, site_url: str) -> None:
    axe = Axe()
    found = {}
    for path in PAGE_TYPES:
        settle(page, site_url + path)
        result = axe.run(page)
        if result.violations_count:
            found[path] = result.generate_snapshot()
    assert found == {}


XSS_PAGES = [
    "/",
    "/models/evil/evil-1/",
    "/providers/evil/",
    "/compare/?m=evil/evil-1&m=evil/evil-2",
    "/calculator/",
    "/guides/",
    "/guides/evil/",
]


def test_hostile_catalog_text_renders_as_text(
    page: Page, xss_site_url: str, problems: list[str]
) -> None:
    for path in XSS_PAGES:
        settle(page, xss_site_url + path)
        assert page.evaluate("typeof window.__xss") == "undefined", path
        scripts = page.eval_on_selector_all("script", "s => s.map(x => x.getAttribute('src'))")
        assert all(s and s.startswith("/static/") for s in scripts), path
        assert page.locator("main img, main iframe, main svg:not(.chart), main style").count() == 0
        handlers = page.evaluate(
            """() => [...document.querySelectorAll('*')].flatMap((e) =>
                [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name))"""
        )
        assert handlers == [], path
        hrefs = page.eval_on_selector_all("a[href]", "a => a.map(x => x.getAttribute('href'))")
        assert not [h for h in hrefs if h.lower().startswith("javascript:")], path
    page.goto(xss_site_url + "/models/evil/evil-1/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        """<img src=x onerror="window.__xss='name';alert(2)">Evil One"""
    )
    expect(page.locator(".notes strong")).to_have_text("Bold")
    page.goto(xss_site_url + "/compare/?m=evil/evil-1&m=evil/evil-2")
    page.wait_for_selector("html[data-ready=compare]")
    expect(page.locator("#compare thead th a").nth(1)).to_have_text(
        '"><svg onload=alert(6)>Evil Two'
    )
