"""`llmcat validate`: exact problem lines for broken catalogs, one per problem, then a count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli


def _validate(runner: CliRunner, catalog: Path) -> tuple[int, list[str]]:
    result = runner.invoke(cli, ["validate", "--catalog", str(catalog)])
    lines = [line.replace(str(catalog.parent) + "/", "") for line in result.output.splitlines()]
    return result.exit_code, lines


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_validate_accepts_the_fixture_catalog(runner: CliRunner, catalog_dir: Path) -> None:
    code, lines = _validate(runner, catalog_dir)
    assert code == 0
    assert lines == ["OK: 3 providers, 7 models, 1 guides"]


def test_validate_reports_negative_price_with_its_line(
    runner: CliRunner, catalog_dir: Path
) -> None:
    _edit(catalog_dir / "providers/openai.yaml", "      input: 30\n", "      input: -1\n")
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert lines == [
        "catalog/providers/openai.yaml:26: models[0].pricing.input: must be >= 0 (got -1)",
        "Error: 1 problem in catalog",
    ]


def test_validate_reports_yaml_syntax_error(runner: CliRunner, catalog_dir: Path) -> None:
    _edit(catalog_dir / "providers/anthropic.yaml", "    kind: chat\n", "    kind: [chat\n")
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert lines[0].startswith("catalog/providers/anthropic.yaml:15: YAML syntax: ")
    assert lines[-1] == "Error: 1 problem in catalog"
    assert "Traceback" not in "\n".join(lines)


def test_validate_reports_unknown_key_with_suggestion(runner: CliRunner, catalog_dir: Path) -> None:
    _edit(
        catalog_dir / "providers/openai.yaml",
        "    context_window: 128000\n",
        "    contxt_window: 128000\n",
    )
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert lines == [
        "catalog/providers/openai.yaml:37: models[1].contxt_window: "
        "unknown key `contxt_window`; did you mean `context_window`?",
        "Error: 1 problem in catalog",
    ]


def test_validate_reports_wrong_type(runner: CliRunner, catalog_dir: Path) -> None:
    _edit(
        catalog_dir / "providers/openai.yaml",
        "    max_output_tokens: 16384\n",
        "    max_output_tokens: lots\n",
    )
    _code, lines = _validate(runner, catalog_dir)
    assert lines == [
        "catalog/providers/openai.yaml:38: models[1].max_output_tokens: "
        "must be a whole number (got 'lots')",
        "Error: 1 problem in catalog",
    ]


def test_validate_reports_urls_without_a_host_or_with_spaces(
    runner: CliRunner, catalog_dir: Path
) -> None:
    path = catalog_dir / "providers/openai.yaml"
    _edit(path, "website: https://openai.com\n", "website: https://\n")
    _edit(
        path,
        "docs_url: https://platform.openai.com/docs/models\n",
        "docs_url: https://platform.openai.com/docs/my models\n",
    )
    _code, lines = _validate(runner, catalog_dir)
    assert lines == [
        "catalog/providers/openai.yaml:4: website: "
        "must be an http(s) URL, with a host and no spaces (got 'https://')",
        "catalog/providers/openai.yaml:5: docs_url: must be an http(s) URL, with a host and no "
        "spaces (got 'https://platform.openai.com/docs/my models')",
        "Error: 2 problems in catalog",
    ]


def test_validate_collects_every_problem_across_files(runner: CliRunner, catalog_dir: Path) -> None:
    openai = catalog_dir / "providers/openai.yaml"
    _edit(openai, "  - id: gpt-4o\n", "  - id: gpt-4\n")
    _edit(catalog_dir / "providers/anthropic.yaml", "    tier: large\n", "    tier: huge\n")
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert lines == [
        "catalog/providers/anthropic.yaml:17: models[0].tier: "
        "must be one of 'small', 'medium' or 'large' (got 'huge')",
        "catalog/providers/openai.yaml:20: models[0].successor: unknown model 'gpt-4o': "
        "use a model id of this provider or a global id provider/id",
        "catalog/providers/openai.yaml:30: models[1].id: "
        "duplicate id 'gpt-4' (first at models[0]): remove or rename one",
        "Error: 3 problems in catalog",
    ]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_validate_reports_bad_files_whether_parsed_here_or_in_workers(
    catalog_dir: Path, processes: str
) -> None:
    # Shapes a YAML parser accepts and nothing may trip over before validation, and files it
    # cannot read (with "2", the provider files are parsed by forked workers, started before the
    # command imports the schema, and validated here as each one comes back).
    _edit(
        catalog_dir / "providers/openai.yaml",
        "    notes: |\n      A **fixture** note with a [link](https://example.com).\n",
        "    notes: 5\n",
    )
    anthropic = catalog_dir / "providers/anthropic.yaml"
    anthropic.write_text(anthropic.read_text().split("models:\n")[0] + "models: no\n")
    bedrock = catalog_dir / "providers/amazon-bedrock.yaml"
    bedrock.write_text(bedrock.read_text().split("models:\n")[0] + "models:\n  - odd\n")
    (catalog_dir / "providers/empty.yaml").write_text("")
    (catalog_dir / "providers/unclosed.yaml").write_text("id: unclosed\nname: [Unclosed\n")
    (catalog_dir / "providers/latin.yaml").write_bytes(b"id: latin\nname: Caf\xe9\n")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--catalog", str(catalog_dir)],
        env={**os.environ, "LLMCAT_PROCESSES": processes},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    lines = done.stderr.replace(f"{catalog_dir.parent}/", "").splitlines()
    assert lines == [
        "catalog/providers/amazon-bedrock.yaml:6: models[0]: "
        "must be a mapping of keys to values (got 'odd')",
        "catalog/providers/anthropic.yaml:11: models: must be a list (one `- item` per line) "
        "(got false)",
        "catalog/providers/empty.yaml:1: must be a mapping with `id`, `name` and `models`",
        "catalog/providers/latin.yaml:1: cannot read file: 'utf-8' codec can't decode byte 0xe9 "
        "in position 19: invalid continuation byte",
        "catalog/providers/openai.yaml:43: models[1].notes: must be text (quote it) (got 5)",
        "catalog/providers/unclosed.yaml:3: YAML syntax: did not find expected ',' or ']'",
        "Error: 6 problems in catalog",
    ]
    assert "Traceback" not in done.stderr


def test_validate_reports_dangling_successor(runner: CliRunner, catalog_dir: Path) -> None:
    _edit(catalog_dir / "providers/openai.yaml", "successor: gpt-4o\n", "successor: gpt-5o\n")
    _code, lines = _validate(runner, catalog_dir)
    assert lines == [
        "catalog/providers/openai.yaml:20: models[0].successor: unknown model 'gpt-5o': "
        "use a model id of this provider or a global id provider/id",
        "Error: 1 problem in catalog",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "aliases: [gpt-4o-2024-08-06]",
            "aliases: [gpt-4]",
            "catalog/providers/openai.yaml:36: models[1].aliases[0]: alias 'gpt-4' is also a "
            "model id: remove the alias or rename the model",
        ),
        (
            "        - effective: 2024-05-13",
            "        - effective: 2024-09-01",
            "catalog/providers/openai.yaml:46: models[1].pricing.effective: price dates out of "
            "order (2024-08-06 is not after 2024-09-01): list history oldest first, with the "
            "current prices newest",
        ),
        (
            "  - id: text-embedding-3-small",
            "  - id: ../etc",
            "catalog/providers/openai.yaml:60: models[2].id: id has an empty, '.' or '..' path "
            "segment ('../etc')",
        ),
    ],
)
def test_validate_reports_cross_checks(
    runner: CliRunner, catalog_dir: Path, old: str, new: str, expected: str
) -> None:
    _edit(catalog_dir / "providers/openai.yaml", old, new)
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert expected in lines


def test_validate_reports_duplicate_alias_across_models(
    runner: CliRunner, catalog_dir: Path
) -> None:
    _edit(
        catalog_dir / "providers/openai.yaml",
        "    family: gpt-4\n",
        "    family: gpt-4\n    aliases: [gpt-4o-2024-08-06]\n",
    )
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert (
        "catalog/providers/openai.yaml:37: models[1].aliases[0]: duplicate alias "
        "'gpt-4o-2024-08-06' (alias of models[0]): an alias names one model"
    ) in lines


def test_validate_reports_file_name_mismatch(runner: CliRunner, catalog_dir: Path) -> None:
    (catalog_dir / "providers/openai.yaml").rename(catalog_dir / "providers/open-ai.yaml")
    _code, lines = _validate(runner, catalog_dir)
    assert lines == [
        "catalog/providers/open-ai.yaml:2: id: file name must match the provider id: "
        "rename the file to openai.yaml",
        "Error: 1 problem in catalog",
    ]


def test_validate_reports_guide_picks(runner: CliRunner, catalog_dir: Path) -> None:
    guide = catalog_dir / "guides/coding.md"
    _edit(
        guide,
        "  - model: anthropic/claude-sonnet-4-5-20250929\n",
        "  - model: anthropic/claude-9\n"
        "  - model: amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0\n",
    )
    _code, lines = _validate(runner, catalog_dir)
    assert lines == [
        "catalog/guides/coding.md:5: picks[0].model: unknown model 'anthropic/claude-9': "
        "use a global id",
        "catalog/guides/coding.md:6: picks[1].model: "
        "'amazon-bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0' is retired: pick its successor",
        "Error: 2 problems in catalog",
    ]


def test_validate_reports_duplicate_yaml_keys(runner: CliRunner, catalog_dir: Path) -> None:
    _edit(
        catalog_dir / "providers/anthropic.yaml",
        "    tier: large\n",
        "    tier: large\n    tier: small\n",
    )
    _code, lines = _validate(runner, catalog_dir)
    assert (
        "catalog/providers/anthropic.yaml:18: models[0].tier: duplicate key: keep only one" in lines
    )


def test_validate_requires_sources_for_limits(runner: CliRunner, catalog_dir: Path) -> None:
    _edit(
        catalog_dir / "providers/anthropic.yaml",
        "    source: https://docs.claude.com/en/docs/about-claude/models/overview\n",
        "",
    )
    _code, lines = _validate(runner, catalog_dir)
    assert lines == [
        "catalog/providers/anthropic.yaml:12: models[0]: limits need `source` and `verified` "
        "(where a person can check them)",
        "Error: 1 problem in catalog",
    ]


def test_validate_reports_a_bare_id_clashing_with_a_global_id(
    runner: CliRunner, catalog_dir: Path
) -> None:
    # openai's native id `openai/gpt-4o` would be published bare as /v1/models/openai/gpt-4o,
    # the global id of its native `gpt-4o`.
    _edit(catalog_dir / "providers/openai.yaml", "  - id: gpt-4\n", "  - id: openai/gpt-4o\n")
    _edit(
        catalog_dir / "providers/openai.yaml",
        "successor: gpt-4o\n",
        "successor: gpt-4o-2024-08-06\n",
    )
    code, lines = _validate(runner, catalog_dir)
    assert code == 1
    assert lines == [
        "catalog/providers/openai.yaml:30: models[1]: /v1/models/openai/gpt-4o would name both "
        "openai/openai/gpt-4o and openai/gpt-4o: remove one alias, or set `maker` on the model "
        "that is resold",
        "Error: 1 problem in catalog",
    ]
