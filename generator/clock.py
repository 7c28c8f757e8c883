"""The build's notion of "today", fixed so that the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from generator.errors import BuildError
from generator.models import Catalog


def build_date(catalog_dir: Path, catalog: Catalog) -> dt.date:
    """`SOURCE_DATE_EPOCH` if set, else the catalog's last git commit, else its newest date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except ValueError:
            raise BuildError(f"SOURCE_DATE_EPOCH must be unix seconds (got {epoch!r})") from None
    committed = _git_date(catalog_dir)
    return committed or _newest_date(catalog)


def _git_date(catalog_dir: Path) -> dt.date | None:
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", "."],
            cwd=catalog_dir,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    status = subprocess.run(
        ["git", "status", "--porcelain", "--", "."],
        cwd=catalog_dir,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip() or status.stdout.strip():
        return None
    return dt.datetime.fromtimestamp(int(done.stdout.strip()), dt.UTC).date()


def _newest_date(catalog: Catalog) -> dt.date:
    dates = [dt.date(2024, 1, 1)]
    for provider in catalog.providers:
        for model in provider.models:
            dates += [d for d in (model.verified, model.created) if d]
            if model.pricing:
                dates.append(model.pricing.verified)
    return max(dates)
