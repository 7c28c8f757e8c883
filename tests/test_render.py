"""The HTML site: cost formula, formats, same-model matching, charts and the built pages."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.charts import price_chart
from generator.cost import Workload, fits, workload_cost
from generator.models import Entry, Model, Prices, Pricing, Provider
from generator.notes import render_note
from generator.pages import money, plain_price, same_models, short_tokens
from generator.parallel import Chunks
from generator.render import make_env, render_site

SOURCE = {"source": "https://example.com/p", "verified": dt.date(2025, 1, 1)}
TODAY = dt.date(2025, 11, 21)


def _prices(**fields: object) -> Prices:
    return Prices.model_validate({**SOURCE, **fields})


def test_cost_plain_cached_and_batch() -> None:
    prices = _prices(input=2.5, output=10, cache_read=1.25, batch_input=1.25, batch_output=5)
    work = Workload(input_tokens=100_000, output_tokens=2000, cached_share=0.2, requests=1000)
    cost = workload_cost(prices, work)
    assert cost is not None
    assert cost.per_request == pytest.approx((80_000 * 2.5 + 20_000 * 1.25 + 2000 * 10) / 1e6)
    assert cost.monthly == pytest.approx(245.0)
    assert (cost.tier, cost.batch) == (None, False)
    batch = workload_cost(prices, Workload(100_000, 2000, 0.2, 1000, batch=True))
    assert batch is not None and batch.batch
    assert batch.monthly == pytest.approx((80_000 * 1.25 + 20_000 * 1.25 + 2000 * 5) / 1000)


def test_cost_long_context_tier_is_a_cliff() -> None:
    prices = _prices(
        input=3, output=15, cache_read=0.3, batch_input=1.5, tiers=[{"above": 200_000, "input": 6}]
    )
    at = workload_cost(prices, Workload(200_000, 1000))
    above = workload_cost(prices, Workload(200_001, 1000))
    assert at is not None and above is not None
    assert at.per_request == pytest.approx((200_000 * 3 + 1000 * 15) / 1e6)
    # Every token of the request costs the tier price; output has no tier price, so stays 15.
    assert above.per_request == pytest.approx((200_001 * 6 + 1000 * 15) / 1e6)
    assert above.tier == 200_000
    batch = workload_cost(prices, Workload(300_000, 0, batch=True))
    assert batch is not None  # the tier price gets the batch discount (1.5 / 3)
    assert batch.per_request == pytest.approx(300_000 * 6 * 0.5 / 1e6)


def test_cost_needs_the_prices_the_workload_uses() -> None:
    embedding = _prices(input=0.02)
    assert workload_cost(embedding, Workload(1000, 10)) is None
    cost = workload_cost(embedding, Workload(1000, 0, requests=5))
    assert cost is not None and cost.monthly == pytest.approx(5 * 1000 * 0.02 / 1e6)
    assert workload_cost(_prices(output=1), Workload(1000, 0)) is None


def test_fits_respects_the_input_limit_unless_a_tier_prices_beyond_it() -> None:
    assert fits(None, None, 10**9)
    assert fits(128_000, None, 128_000)
    assert not fits(128_000, None, 128_001)
    tiered = _prices(input=3, tiers=[{"above": 200_000, "input": 6}])
    assert fits(200_000, tiered, 500_000)


def test_formats() -> None:
    sizes = (None, 512, 8192, 128_000, 131_072, 8191, 10**6, 1_048_576)
    expected = ["—", "512", "8K", "128K", "128K", "8.19K", "1M", "1M"]
    assert [short_tokens(v) for v in sizes] == expected
    assert [plain_price(v) for v in (None, 0, 2.5, 0.075, 10)] == ["—", "0", "2.5", "0.075", "10"]
    assert [money(v) for v in (0, 0.00123, 3500, 1.005)] == ["$0", "$0.00123", "$3,500.00", "$1.00"]


def _provider(pid: str, maker: str | None, *models: Model) -> Provider:
    return Provider(
        id=pid, name=pid.title(), website="https://example.com", maker=maker, models=list(models)
    )


def _model(mid: str, name: str, maker: str | None = None, **extra: object) -> Model:
    return Model.model_validate({"id": mid, "name": name, "kind": "chat", "maker": maker, **extra})


def test_same_model_at_other_providers() -> None:
    meta = _provider("meta", "meta", _model("llama-3.3-70b-instruct", "Llama 3.3 70B Instruct"))
    groq = _provider("groq", None, _model("llama-3.3-70b-versatile", "Llama 3.3 70B", "meta"))
    bedrock = _provider(
        "bedrock",
        None,
        _model("meta.llama-3-3-70b-instruct-v1:0", "Llama 3.3 70B (Bedrock)", "meta"),
    )
    other = _provider("acme", None, _model("llama-3.3-70b", "Llama 3.3 70B", "acme"))
    entries = [Entry(provider=p, model=m) for p in (meta, groq, bedrock, other) for m in p.models]
    found = {k: [e.global_id for e in v] for k, v in same_models(entries).items()}
    assert found["meta/llama-3.3-70b-instruct"] == [
        "bedrock/meta.llama-3-3-70b-instruct-v1:0",
        "groq/llama-3.3-70b-versatile",
    ]
    assert found["groq/llama-3.3-70b-versatile"] == [
        "bedrock/meta.llama-3-3-70b-instruct-v1:0",
        "meta/llama-3.3-70b-instruct",
    ]
    assert found.get("acme/llama-3.3-70b", []) == []  # another maker is another model


def test_price_chart_steps_through_history() -> None:
    assert price_chart(Pricing.model_validate({**SOURCE, "input": 1}), TODAY) is None
    pricing = Pricing.model_validate(
        {**SOURCE, "effective": "2025-01-01", "input": 2, "output": 8,
         "history": [{**SOURCE, "effective": "2024-01-01", "input": 4, "output": 8}]}
    )  # fmt: skip
    chart = price_chart(pricing, TODAY)
    assert chart is not None
    assert [s.key for s in chart.series] == ["input", "output"]
    first, second = chart.series[0].points.split()[:3], chart.series[1].points.split()
    assert first[0].split(",")[1] == first[1].split(",")[1]  # flat until the change
    assert first[1].split(",")[0] == first[2].split(",")[0]  # then a vertical step
    assert len({p.split(",")[1] for p in second}) == 1  # output never changed
    assert chart.y_ticks[-1][1] == "$10"


def test_notes_drop_script_and_dangerous_links() -> None:
    inline = "Text <script>steal()</script> [a](javascript:alert(1)) <img src=x onerror=y> **ok**"
    block = "<script>\nsteal()\n</script>\n\n<style>p { display: none }</style>\n"
    html = str(render_note(f"{inline}\n\n{block}"))
    assert "<script" not in html and "javascript:" not in html and "<img" not in html
    assert "steal()" not in html and "<style" not in html  # their content goes with them
    assert "<strong>ok</strong>" in html and ">a</a>" in html
    # A line that starts with `<script>` is an HTML block (CommonMark, as on GitHub): the rest of
    # that line stays text, and nothing in it can run or load.
    html = str(render_note("<script>x()</script>[a](javascript:x()) <img src=x onerror=y> **ok**"))
    assert "<script" not in html and "<img" not in html and "href" not in html


def test_notes_render_markdown_in_process() -> None:
    assert render_note("Note **7**") == "<p>Note <strong>7</strong></p>\n"
    assert multiprocessing.active_children() == []  # no process started to render notes


def test_notes_render_as_github_shows_them_in_a_pull_request() -> None:
    text = (
        "Sources: https://example.com/pricing and H<sub>2</sub>.\n"
        "- a list with no blank line before it\n"
        "- [ ] a task item, kept as text\n\n"
        "| tier | price |\n| :--- | ---: |\n| base | ~~$3~~ $2 |\n"
    )
    html = str(render_note(text))
    link = '<a href="https://example.com/pricing" rel="noopener noreferrer nofollow">'
    assert f"{link}https://example.com/pricing</a>" in html
    assert "H<sub>2</sub>" in html
    assert "<li>a list with no blank line before it</li>" in html
    assert "<li>[ ] a task item, kept as text</li>" in html
    assert '<th align="right">price</th>' in html
    assert '<td align="right"><del>$3</del> $2</td>' in html


class _Audit(HTMLParser):
    """Collects what the CSP or the no-outside-requests rule would reject."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            loads = name in ("src", "srcset") or (tag == "link" and name == "href")
            if loads and value and not value.startswith("/"):
                self.bad.append(f"<{tag} {name}={value}>")
        if tag == "script" and not values.get("src"):
            self.bad.append("inline <script>")
        if tag == "style":
            self.bad.append("inline <style>")


def test_every_page_obeys_the_csp_and_loads_nothing_from_outside(built_site: Path) -> None:
    pages = sorted(p for p in built_site.rglob("*.html") if "v1" not in p.parts)
    assert len(pages) >= 15
    for page in pages:
        audit = _Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert audit.bad == [], page


def test_built_pages_show_sourced_prices_tiers_and_guides(built_site: Path) -> None:
    sonnet = (built_site / "models/anthropic/claude-sonnet-4-5-20250929/index.html").read_text()
    assert "Prompts above 200K" in sonnet and "$22.5" in sonnet
    assert 'href="https://docs.claude.com/en/docs/about-claude/pricing"' in sonnet
    gpt4o = (built_site / "models/openai/gpt-4o/index.html").read_text()
    assert '<svg class="chart"' in gpt4o and "2024-05-13" in gpt4o
    bedrock = (
        built_site / "models/amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0/index.html"
    ).read_text()
    assert "Retired on 2026-03-01" in bedrock
    assert 'href="/models/anthropic/claude-sonnet-4-5-20250929/"' in bedrock  # the successor
    guide = (built_site / "guides/coding/index.html").read_text()
    assert (
        "Strong at agentic coding." in guide and "<dd>200K</dd>" in guide and "<dd>3</dd>" in guide
    )
    data = json.loads((built_site / "data/models.json").read_text())
    assert [m["global_id"] for m in data][:2] == [
        "amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0",
        "amazon-bedrock/meta",
    ]
    assert data[3]["pricing"]["tiers"] == [{"above": 200000, "input": 6.0, "output": 22.5}]


def test_provider_page_shows_fetch_state_and_uncurated_models() -> None:
    openai = _provider("openai", "openai", _model("gpt-x", "GPT X"), _model("gpt-old", "GPT Old"))
    new, old = dt.date(2025, 11, 20), dt.date(2025, 10, 1)
    entries = [
        Entry(provider=openai, model=openai.models[0], listed=True, last_seen=new),
        Entry(provider=openai, model=openai.models[1], listed=False, last_seen=old),
        Entry(provider=openai, model=_model("gpt-new", "gpt-new"), curated=False, last_seen=new),
    ]
    model_pages, other_pages = render_site(entries, [openai], make_env(), today=TODAY)
    assert not isinstance(model_pages, Chunks)  # too few models for worker processes
    pages = dict(itertools.chain(model_pages, other_pages))
    page = pages["providers/openai/index.html"]
    assert "last fetched from Openai's API on 2025-11-20" in page
    uncurated = page.split('id="uncurated"')[1]
    assert "gpt-new" in uncurated and "GPT X" not in uncurated
    unlisted = page.split('id="unlisted"')[1].split('id="uncurated"')[0]
    assert "GPT Old" in unlisted and "last seen 2025-10-01" in unlisted
    assert "uncurated" in pages["models/openai/gpt-new/index.html"]
