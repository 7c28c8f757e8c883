"""`llmcat crosscheck` on the fixture catalog against small copies of the open datasets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import Settings, build
from generator.cli import cli

DATASETS = Path(__file__).resolve().parent / "fixtures" / "datasets"
ALL = [
    "--genai-prices",
    str(DATASETS / "genai-prices.json"),
    "--litellm",
    str(DATASETS / "litellm.json"),
    "--models-dev",
    str(DATASETS / "models-dev.json"),
]
CLAUDE = "anthropic/claude-sonnet-4-5-20250929"
EXPLAINING_NOTE = (
    "    notes: |\n"
    "      LiteLLM lists $3.30 input; Anthropic's\n"
    "      [pricing page](https://docs.claude.com/en/docs/about-claude/pricing) says $3.\n"
)


def _run(runner: CliRunner, catalog_dir: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["crosscheck", "--catalog", str(catalog_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def _explain_claude(catalog_dir: Path) -> None:
    path = catalog_dir / "providers" / "anthropic.yaml"
    text = path.read_text()
    anchor = "    verified: 2026-11-01\n    pricing:\n"
    assert anchor in text
    path.write_text(
        text.replace(anchor, "    verified: 2026-11-01\n" + EXPLAINING_NOTE + "    pricing:\n")
    )


def _found(catalog_dir: Path) -> list[tuple[str, str, str, float | int, float | int, bool]]:
    report = json.loads((catalog_dir / "crosscheck.json").read_text())
    return [
        (
            d["model"],
            d["dataset"],
            d["field"],
            d["catalog_value"],
            d["dataset_value"],
            d["explained"],
        )
        for d in report["disagreements"]
    ]


def test_crosscheck_finds_exactly_the_disagreements_beyond_tolerance(
    runner: CliRunner, catalog_dir: Path
) -> None:
    code, _, _ = _run(runner, catalog_dir, *ALL)
    assert code == 0
    # gpt-4o input 2.51 vs 2.5 (0.4%) is inside the default 0.5%; LiteLLM's vertex_ai key for
    # the same bare Claude id is ignored; genai-prices' tiered base and dated prices are used.
    assert _found(catalog_dir) == [
        (CLAUDE, "litellm", "input", 3.0, 3.3, False),
        (CLAUDE, "models-dev", "context_window", 200000, 1000000, False),
        ("openai/gpt-4", "genai-prices", "input", 30.0, 20.0, False),
        ("openai/gpt-4", "litellm", "max_output_tokens", 8192, 4096, False),
        ("openai/gpt-4o", "litellm", "output", 10.0, 11.0, False),
    ]


def test_crosscheck_tolerance_option_widens_and_narrows(
    runner: CliRunner, catalog_dir: Path
) -> None:
    assert _run(runner, catalog_dir, *ALL, "--tolerance", "0.001")[0] == 0
    tight = _found(catalog_dir)
    assert ("openai/gpt-4o", "litellm", "input", 2.5, 2.51, False) in tight
    assert len(tight) == 6
    assert _run(runner, catalog_dir, *ALL, "--tolerance", "0.5")[0] == 0
    assert _found(catalog_dir) == [
        (CLAUDE, "models-dev", "context_window", 200000, 1000000, False),
    ]


def test_crosscheck_json_counts_matches_and_missing_figures(
    runner: CliRunner, catalog_dir: Path
) -> None:
    _run(runner, catalog_dir, *ALL)
    report = json.loads((catalog_dir / "crosscheck.json").read_text())
    assert report["as_of"] == "2025-11-21"
    assert report["tolerance"] == 0.005
    assert report["models"] == 7
    counts = {
        s["id"]: (
            s["matched"],
            s["compared"],
            s["missing_in_catalog"],
            s["missing_in_dataset"],
            s["disagreements"],
            s["unexplained"],
        )
        for s in report["datasets"]
    }
    # LiteLLM: the Bedrock Claude has no catalog price, so its six figures are missing in the
    # catalog, as is the embedding's output price of 0; none of them is a disagreement.
    assert counts == {
        "genai-prices": (3, 12, 0, 3, 1, 1),
        "litellm": (5, 17, 7, 0, 3, 3),
        "models-dev": (3, 12, 3, 1, 1, 1),
    }
    first = report["disagreements"][0]
    assert first == {
        "catalog_value": 3.0,
        "dataset": "litellm",
        "dataset_key": "claude-sonnet-4-5",
        "dataset_value": 3.3,
        "explained": False,
        "field": "input",
        "model": CLAUDE,
        "relative": 0.1,
        "source": "https://docs.claude.com/en/docs/about-claude/pricing",
    }


def test_crosscheck_json_is_deterministic_and_not_rewritten(
    runner: CliRunner, catalog_dir: Path
) -> None:
    _run(runner, catalog_dir, *ALL)
    target = catalog_dir / "crosscheck.json"
    first = target.read_bytes()
    stamp = target.stat().st_mtime_ns
    _run(runner, catalog_dir, *ALL)
    assert target.read_bytes() == first
    assert target.stat().st_mtime_ns == stamp
    assert first.endswith(b"}\n")
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True).encode() + b"\n"


def test_crosscheck_json_is_not_rewritten_when_only_the_date_moves(
    runner: CliRunner, catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(runner, catalog_dir, *ALL)
    target = catalog_dir / "crosscheck.json"
    first = target.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1763683200 + 86400))  # the next night
    _run(runner, catalog_dir, *ALL)
    assert target.read_bytes() == first
    _explain_claude(catalog_dir)  # a real change is written, with the new date
    _run(runner, catalog_dir, *ALL)
    assert json.loads(target.read_bytes())["as_of"] == "2025-11-22"


def test_crosscheck_prints_markdown_and_summary(runner: CliRunner, catalog_dir: Path) -> None:
    code, out, err = _run(runner, catalog_dir, *ALL)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "# Crosscheck: the catalog against open datasets"
    assert lines[4:9] == [
        "| dataset | matched | compared | missing in catalog | missing in dataset "
        "| disagreements | unexplained |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| genai-prices | 3 | 12 | 0 | 3 | 1 | 1 |",
        "| LiteLLM | 5 | 17 | 7 | 0 | 3 | 3 |",
        "| models.dev | 3 | 12 | 3 | 1 | 1 | 1 |",
    ]
    assert lines[9:] == [
        "",
        "## Unexplained (5)",
        "",
        "| model | field | catalog | dataset | says | difference |",
        "| --- | --- | ---: | --- | ---: | ---: |",
        f"| `{CLAUDE}` | input | $3 | LiteLLM `claude-sonnet-4-5` | $3.3 | +10.0% |",
        f"| `{CLAUDE}` | context_window | 200,000 | models.dev "
        "`anthropic/claude-sonnet-4-5-20250929` | 1,000,000 | +400.0% |",
        "| `openai/gpt-4` | input | $30 | genai-prices `openai/gpt-4` | $20 | -33.3% |",
        "| `openai/gpt-4` | max_output_tokens | 8,192 | LiteLLM `gpt-4` | 4,096 | -50.0% |",
        "| `openai/gpt-4o` | output | $10 | LiteLLM `gpt-4o` | $11 | +10.0% |",
        "",
        "## Explained (0)",
        "",
        "None.",
    ]
    assert err == (
        "Crosscheck: 3 datasets, 11 model matches, 5 disagreements (0 explained, 5 unexplained)\n"
    )


def test_crosscheck_notes_that_name_the_dataset_and_cite_a_source_explain_it(
    runner: CliRunner, catalog_dir: Path, tmp_path: Path
) -> None:
    _explain_claude(catalog_dir)
    report_md = tmp_path / "report.md"
    code, out, _ = _run(runner, catalog_dir, *ALL, "--report", str(report_md))
    assert code == 0
    assert out == (
        "Crosscheck: 3 datasets, 11 model matches, 5 disagreements (1 explained, 4 unexplained)\n"
    )
    # The note names LiteLLM, not models.dev: only the LiteLLM disagreement is explained.
    assert _found(catalog_dir)[:2] == [
        (CLAUDE, "litellm", "input", 3.0, 3.3, True),
        (CLAUDE, "models-dev", "context_window", 200000, 1000000, False),
    ]
    lines = report_md.read_text().splitlines()
    assert "## Unexplained (4)" in lines
    assert lines[-3:] == [
        "| model | field | catalog | dataset | says | difference |",
        "| --- | --- | ---: | --- | ---: | ---: |",
        f"| `{CLAUDE}` | input | $3 | LiteLLM `claude-sonnet-4-5` | $3.3 | +10.0% |",
    ]


def test_crosscheck_strict_exits_1_while_any_disagreement_is_unexplained(
    runner: CliRunner, catalog_dir: Path
) -> None:
    code, _, err = _run(runner, catalog_dir, *ALL, "--strict")
    assert code == 1
    assert err.endswith("Error: 5 unexplained disagreements with --strict\n")
    assert (catalog_dir / "crosscheck.json").is_file()
    _explain_claude(catalog_dir)
    litellm_only = ["--litellm", str(DATASETS / "litellm.json")]
    code, _, _ = _run(runner, catalog_dir, *litellm_only, "--tolerance", "0.4", "--strict")
    assert code == 1  # gpt-4 max output (-50%) is still unexplained
    code, _, _ = _run(runner, catalog_dir, *litellm_only, "--tolerance", "0.6", "--strict")
    assert code == 0


def test_crosscheck_reads_openrouter_snapshot_by_default(
    runner: CliRunner, catalog_dir: Path
) -> None:
    (catalog_dir / "providers" / "openrouter.yaml").write_text(
        "id: openrouter\nname: OpenRouter\nwebsite: https://openrouter.ai\nmodels:\n"
        "  - id: anthropic/claude-sonnet-4.5\n    name: Claude Sonnet 4.5 (OpenRouter)\n"
        "    kind: chat\n    context_window: 200000\n"
        "    source: https://openrouter.ai/anthropic/claude-sonnet-4.5\n    verified: 2025-11-01\n"
        "    pricing:\n      input: 3\n      output: 15\n"
        "      source: https://openrouter.ai/anthropic/claude-sonnet-4.5\n"
        "      verified: 2025-11-01\n"
    )
    (catalog_dir / "fetched").mkdir(exist_ok=True)
    snapshot = (DATASETS / "openrouter-snapshot.json").read_bytes()
    (catalog_dir / "fetched" / "openrouter.json").write_bytes(snapshot)
    code, _, err = _run(runner, catalog_dir, "--genai-prices", str(DATASETS / "genai-prices.json"))
    assert code == 0, err
    expected = [("openrouter/anthropic/claude-sonnet-4.5", "openrouter", "context_window")]
    assert [d[:3] for d in _found(catalog_dir) if d[1] == "openrouter"] == expected
    raw = ["--openrouter", str(DATASETS / "openrouter.json")]
    assert _run(runner, catalog_dir, *raw)[0] == 0
    assert [d[:3] for d in _found(catalog_dir) if d[1] == "openrouter"] == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "--litellm {path}: cannot read it (No such file or directory)"),
        (b"{not json", "--litellm {path}: not JSON (Expecting property name"),
        (b"[1, 2]", "{path}: not in the dataset's format (expected a JSON object"),
    ],
)
def test_crosscheck_reports_unreadable_dataset_files(
    runner: CliRunner, catalog_dir: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "litellm.json"
    if content is not None:
        path.write_bytes(content)
    code, _, err = _run(runner, catalog_dir, "--litellm", str(path))
    assert code == 1
    assert f"Error: {message.format(path=path)}" in err
    assert "Traceback" not in err


def test_build_publishes_crosscheck_page_and_json(
    runner: CliRunner, catalog_dir: Path, tmp_path: Path
) -> None:
    _explain_claude(catalog_dir)
    _run(runner, catalog_dir, *ALL)
    out = tmp_path / "site"
    build(Settings(catalog_dir=catalog_dir, out_dir=out))
    published = (out / "crosscheck.json").read_bytes()
    assert published == (catalog_dir / "crosscheck.json").read_bytes()
    page = (out / "crosscheck" / "index.html").read_text()
    assert "<h1>Where sources disagree</h1>" in page
    assert '<h2 id="unexplained">Unexplained (4)</h2>' in page
    assert '<h2 id="explained">Explained (1)</h2>' in page
    assert f'<a href="/models/{CLAUDE}/">{CLAUDE}</a>' in page
    assert "<td>LiteLLM <code>claude-sonnet-4-5</code></td>" in page
    assert '<td class="num">+400.0%</td>' in page
    assert "<script" not in page and "<style" not in page and " style=" not in page
    assert '<a href="/crosscheck/">where sources disagree</a>' in (out / "index.html").read_text()


def test_build_without_crosscheck_json_publishes_no_page(built_site: Path) -> None:
    assert not (built_site / "crosscheck.json").exists()
    assert not (built_site / "crosscheck").exists()
    assert "/crosscheck/" not in (built_site / "index.html").read_text()


def test_build_rejects_a_broken_crosscheck_json(catalog_dir: Path, tmp_path: Path) -> None:
    (catalog_dir / "crosscheck.json").write_text('{"as_of": "soon"}')
    runner = CliRunner()
    result = runner.invoke(
        cli, ["build", "--catalog", str(catalog_dir), "--out", str(tmp_path / "site")]
    )
    assert result.exit_code == 1
    assert "crosscheck.json: not a crosscheck report" in result.stderr
    assert "rerun `llmcat crosscheck`" in result.stderr
