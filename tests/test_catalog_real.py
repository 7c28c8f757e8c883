"""The committed catalog itself is valid and builds."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_real_catalog_validates(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--catalog", str(ROOT / "catalog")])
    assert result.exit_code == 0, result.output


def test_real_catalog_builds(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["build", "--catalog", str(ROOT / "catalog"), "--out", str(tmp_path / "site")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/v1/models/index.html").is_file()
