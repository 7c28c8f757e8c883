"""`llmcat diff` on real git revisions of a temporary repository, and on folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURES, git

from generator.cli import cli
from generator.diff import diff_catalogs, percent_change, price_fields, snapshot_ids
from generator.models import Catalog, Prices

OPENAI = "providers/openai.yaml"
BEDROCK = "providers/amazon-bedrock.yaml"


def edit(catalog: Path, rel: str, old: str, new: str) -> None:
    path = catalog / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def remove_model(catalog: Path, rel: str, model_id: str) -> None:
    """Cut the block of `model_id` (up to the next `  - id:` line) out of a provider file."""
    lines = (catalog / rel).read_text().splitlines(keepends=True)
    start = lines.index(f"  - id: {model_id}\n")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("  - id:")), None)
    (catalog / rel).write_text("".join(lines[:start] + (lines[end:] if end else [])))


def make_changes(catalog: Path) -> None:
    """One of each kind of change the report knows."""
    edit(
        catalog,
        OPENAI,
        "      input: 2.5\n      output: 10\n",
        "      input: 5\n      output: 11\n",
    )
    edit(catalog, OPENAI, "context_window: 128000", "context_window: 64000")
    edit(
        catalog,
        OPENAI,
        "status: deprecated\n",
        "status: retired\n    retirement_date: 2026-06-01\n",
    )
    edit(catalog, OPENAI, "id: text-embedding-3-small\n", "id: text-embedding-3-small-v2\n")
    remove_model(catalog, BEDROCK, "meta")
    (catalog / "fetched").mkdir(exist_ok=True)
    (catalog / "fetched" / "openai.json").write_text(
        json.dumps({"provider": "openai", "models": [{"id": "gpt-4o"}, {"id": "o9"}]})
    )


def commit_changes(catalog: Path) -> None:
    make_changes(catalog)
    git(catalog.parent, "add", "-A")
    git(catalog.parent, "commit", "-q", "-m", "Edit the catalog", day=1)


def test_diff_of_two_revisions_reports_every_kind_of_change(
    git_catalog: Path, runner: CliRunner
) -> None:
    commit_changes(git_catalog)
    args = ["diff", "HEAD~1", "main", "--catalog", str(git_catalog)]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("## llmcat catalog diff\n\n`HEAD~1 (")
    assert ": 1 removed, 1 renamed, 2 status changes, 2 price changes, 1 limit changes, " in out
    assert "1 snapshot changes, 3 warnings\n" in out
    assert "| `openai/gpt-4o` | input | 2.5 | 5 | +100.0% (from 2024-08-06) |" in out
    assert "| `openai/gpt-4o` | output | 10 | 11 | +10.0% (from 2024-08-06) |" in out
    assert "| `openai/gpt-4o` | context_window | 128000 | 64000 |" in out
    assert "| `openai/gpt-4` | status | deprecated | retired |" in out
    assert "| `openai/gpt-4` | retirement_date | — | 2026-06-01 |" in out
    assert "| `openai/text-embedding-3-small` | `openai/text-embedding-3-small-v2` |" in out
    assert "| `amazon-bedrock/meta` | Synthetic id that is a prefix of another | — |" in out
    assert "| openai | added | `gpt-4o`, `o9` | — |" in out
    warnings = out.split("### ⚠️ Warnings\n\n")[1].split("\n\n")[0].splitlines()
    assert warnings == [
        "- `amazon-bedrock/meta`: removed without a retirement date: set `retirement_date` instead",
        "- `openai/gpt-4o`: context window shrinks from 128000 to 64000",
        "- `openai/gpt-4o`: input price moves +100.0% (2.5 → 5): check the source",
    ]


def test_diff_json_has_typed_changes_and_counts(git_catalog: Path, runner: CliRunner) -> None:
    commit_changes(git_catalog)
    args = ["diff", "HEAD~1", "HEAD", "--catalog", str(git_catalog), "--json"]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"] == {
        "added": 0,
        "removed": 1,
        "renamed": 1,
        "status": 2,
        "prices": 2,
        "limits": 1,
        "snapshots": 1,
        "warnings": 3,
    }
    assert data["prices"][0] == {
        "model": "openai/gpt-4o",
        "field": "input",
        "old": 2.5,
        "new": 5.0,
        "percent": 100.0,
        "effective": "2024-08-06",
    }
    assert data["renamed"] == [
        {"old_id": "openai/text-embedding-3-small", "new_id": "openai/text-embedding-3-small-v2"}
    ]
    assert data["snapshots"] == [
        {"provider": "openai", "change": "added", "added": ["gpt-4o", "o9"], "removed": []}
    ]


def test_diff_between_a_revision_and_the_work_tree_folder(
    git_catalog: Path, runner: CliRunner
) -> None:
    edit(git_catalog, OPENAI, "      input: 30\n", "      input: 20\n")
    args = ["diff", "HEAD", str(git_catalog), "--catalog", str(git_catalog)]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "| `openai/gpt-4` | input | 30 | 20 | -33.3% |" in result.output
    assert "Warnings" not in result.output


def test_diff_of_identical_revisions_says_so(git_catalog: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", "HEAD", "main", "--catalog", str(git_catalog)])
    assert result.exit_code == 0
    assert result.output.endswith(": no changes\n\nNo catalog changes.\n")


def test_diff_of_an_unknown_revision_fails_clearly(git_catalog: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["diff", "nope", "HEAD", "--catalog", str(git_catalog)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: 'nope' is neither a catalog folder nor a git revision")
    assert "Traceback" not in result.output


def test_diff_of_an_invalid_revision_names_it_in_each_problem(
    git_catalog: Path, runner: CliRunner
) -> None:
    edit(git_catalog, OPENAI, "context_window: 8192", "context_window: -1")
    git(git_catalog.parent, "commit", "-q", "-am", "Break it", day=1)
    result = runner.invoke(cli, ["diff", "HEAD~1", "HEAD", "--catalog", str(git_catalog)])
    assert result.exit_code == 1
    assert f"HEAD:{git_catalog}/providers/openai.yaml:21: models[0].context_window:" in (
        result.output
    )
    assert result.output.endswith("Error: 1 problem in catalog\n")


def test_diff_of_a_revision_without_a_catalog_fails_clearly(
    git_catalog: Path, runner: CliRunner
) -> None:
    repo = git_catalog.parent
    git(repo, "rm", "-rq", "catalog")
    git(repo, "commit", "-q", "-m", "Drop it", day=1)
    shutil.copytree(FIXTURES / "catalog", git_catalog, dirs_exist_ok=True)
    result = runner.invoke(cli, ["diff", "HEAD~1", "HEAD", "--catalog", str(git_catalog)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no catalog at HEAD: {git_catalog}/providers/ does not exist there\n"
    )


def test_diff_of_two_folders_reports_added_models(catalog_dir: Path, runner: CliRunner) -> None:
    old = catalog_dir.parent / "old"
    shutil.copytree(catalog_dir, old)
    remove_model(old, OPENAI, "text-embedding-3-small")
    result = runner.invoke(cli, ["diff", str(old), str(catalog_dir)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "| `openai/text-embedding-3-small` | text-embedding-3-small | embedding | active |" in (
        result.output
    )


def test_renames_need_a_unique_match_of_name_and_date() -> None:
    old = Catalog.model_validate(_catalog([("a", "Same", "2024-01-01"), ("b", "Same", None)]))
    new = Catalog.model_validate(_catalog([("c", "Same", "2024-01-01"), ("d", "Other", None)]))
    diff = diff_catalogs(old, new)
    assert [(r.old_id, r.new_id) for r in diff.renamed] == [("p/a", "p/c")]
    assert [m.id for m in diff.added] == ["p/d"]
    assert [m.id for m in diff.removed] == ["p/b"]


def _catalog(models: list[tuple[str, str, str | None]]) -> dict[str, object]:
    return {
        "providers": [
            {
                "id": "p",
                "name": "P",
                "website": "https://p.example",
                "models": [
                    {"id": i, "name": n, "kind": "chat", "created": c} for i, n, c in models
                ],
            }
        ]
    }


def test_price_fields_flatten_tiers_and_images() -> None:
    prices = Prices.model_validate(
        {
            "input": 1,
            "per_image": {"1024x1024": 0.04},
            "tiers": [{"above": 200000, "input": 2}],
            "source": "https://p.example/pricing",
            "verified": "2025-01-01",
        }
    )
    assert price_fields(prices) == {
        "input": 1.0,
        "per_image[1024x1024]": 0.04,
        "tiers[>200000].input": 2.0,
    }
    assert percent_change(0, 1) is None
    assert percent_change(4, 1) == -75.0


def test_snapshot_ids_read_the_shapes_fetch_may_write() -> None:
    assert snapshot_ids({"models": [{"id": "a"}, {"id": "b"}]}) == {"a", "b"}
    assert snapshot_ids({"data": [{"id": "a"}]}) == {"a"}
    assert snapshot_ids({"models": {"a": {}, "b": {}}}) == {"a", "b"}
    assert snapshot_ids([{"id": "a"}, "b", {"no": "id"}]) == {"a", "b"}
    assert snapshot_ids("junk") == frozenset()
