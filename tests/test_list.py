"""`llmcat list`: the catalog as a terminal table, with filters and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

TABLE = """\
ID                                                        NAME                                      KIND       TIER   STATUS      CONTEXT  IN $/1M  OUT $/1M
amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0  Claude 3.5 Sonnet v2 (Bedrock)            chat       —      retired           —        —         —
amazon-bedrock/meta                                       Synthetic id that is a prefix of another  chat       —      active            —        —         —
amazon-bedrock/meta/llama-x                               Synthetic id with a slash                 chat       —      active            —        —         —
anthropic/claude-sonnet-4-5-20250929                      Claude Sonnet 4.5                         chat       large  active         200K       $3       $15
openai/gpt-4                                              GPT-4                                     chat       —      deprecated       8K      $30       $60
openai/gpt-4o                                             GPT-4o                                    chat       large  active         128K     $2.5       $10
openai/text-embedding-3-small                             text-embedding-3-small                    embedding  small  active        8.19K    $0.02         —
"""  # noqa: E501


def test_list_prints_a_table_of_every_model(catalog_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["list", "--catalog", str(catalog_dir)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == TABLE


def test_list_filters_by_provider_kind_and_tier(catalog_dir: Path, runner: CliRunner) -> None:
    base = ["list", "--catalog", str(catalog_dir)]
    by_provider = runner.invoke(cli, [*base, "--provider", "openai", "--provider", "anthropic"])
    assert [line.split()[0] for line in by_provider.output.splitlines()[1:]] == [
        "anthropic/claude-sonnet-4-5-20250929",
        "openai/gpt-4",
        "openai/gpt-4o",
        "openai/text-embedding-3-small",
    ]
    by_kind = runner.invoke(cli, [*base, "--kind", "embedding"])
    assert [line.split()[0] for line in by_kind.output.splitlines()[1:]] == [
        "openai/text-embedding-3-small"
    ]
    by_tier = runner.invoke(cli, [*base, "--tier", "large", "--provider", "openai"])
    assert [line.split()[0] for line in by_tier.output.splitlines()[1:]] == ["openai/gpt-4o"]
    none = runner.invoke(cli, [*base, "--tier", "small", "--provider", "anthropic"])
    assert (none.exit_code, none.output) == (0, "No models match these filters.\n")


def test_list_json_prints_the_published_items(catalog_dir: Path, runner: CliRunner) -> None:
    args = ["list", "--catalog", str(catalog_dir), "--kind", "chat", "--tier", "large", "--json"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    items = json.loads(result.output)
    assert [item["id"] for item in items] == [
        "anthropic/claude-sonnet-4-5-20250929",
        "openai/gpt-4o",
    ]
    assert items[1]["pricing"]["input"] == 2.5
    assert items[1]["object"] == "model"


def test_list_rejects_an_unknown_kind(catalog_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["list", "--catalog", str(catalog_dir), "--kind", "robot"])
    assert result.exit_code == 2
    assert "Invalid value for '--kind': 'robot' is not one of" in result.output
