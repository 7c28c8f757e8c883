"""`llmcat crosscheck`: the catalog's prices and limits against open datasets.

Every figure the catalog and a dataset both state is compared; a difference beyond the tolerance
(relative to the catalog's value) is a disagreement. A figure only one side states is counted as
missing, never as a disagreement. A disagreement is *explained* when the model's notes name the
dataset and cite a primary source (see `is_explained`). The report is typed data: the CLI writes
it as `catalog/crosscheck.json` and markdown, and `llmcat build` publishes it as a page and JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.catalog import load_catalog
from generator.clock import build_date
from generator.datasets import (
    FIELDS,
    LIMIT_FIELDS,
    Dataset,
    Figures,
    bundled_genai_prices,
    parse_genai_prices,
    read_genai_prices,
    read_litellm,
    read_models_dev,
    read_openrouter,
)
from generator.errors import BuildError, GeneratorError
from generator.jsonout import dump_json
from generator.models import Catalog, Model, Provider
from generator.pricing import current_prices

SCHEMA_VERSION = "1.0"
DEFAULT_TOLERANCE = 0.005
REPORT_FILE = "crosscheck.json"
# Links to the datasets themselves do not count as citing a primary source.
DATASET_URLS = (
    "github.com/berriai/",
    "githubusercontent.com/berriai/",
    "pydantic/genai-prices",
    "models.dev",
    "openrouter.ai/api/",
)
_URL = re.compile(r"https?://[^\s)<>\]\"']+", re.IGNORECASE)


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Disagreement(_Frozen):
    """One figure on which the catalog and a dataset differ beyond the tolerance."""

    model: str = Field(description="Global model id.")
    dataset: str
    dataset_key: str = Field(description="The dataset's own id for the model.")
    field: str
    catalog_value: float | int = Field(description="USD per 1M tokens, or tokens.")
    dataset_value: float | int
    relative: float | None = Field(description="(dataset - catalog) / catalog; None from 0.")
    explained: bool
    source: str | None = Field(description="The catalog's source for the figure.")


class DatasetSummary(_Frozen):
    """Counts for one dataset."""

    id: str
    name: str
    url: str
    matched: int = Field(description="Catalog models the dataset also lists.")
    compared: int = Field(description="Figures both sides state.")
    missing_in_catalog: int
    missing_in_dataset: int
    disagreements: int
    unexplained: int


class Report(_Frozen):
    """The whole crosscheck, as written to `catalog/crosscheck.json`."""

    schema_version: str = SCHEMA_VERSION
    as_of: dt.date
    tolerance: float
    models: int = Field(description="Catalog models checked.")
    datasets: list[DatasetSummary]
    disagreements: list[Disagreement]

    @property
    def unexplained(self) -> list[Disagreement]:
        return [d for d in self.disagreements if not d.explained]

    @property
    def explained(self) -> list[Disagreement]:
        return [d for d in self.disagreements if d.explained]


def is_explained(notes: str | None, dataset: Dataset) -> bool:
    """True when `notes` name `dataset` and link a primary source.

    Naming: one of the dataset's names (`LiteLLM`, `genai-prices`, `models.dev`, `OpenRouter`)
    appears as a word, in any case. Citing: the notes hold an http(s) URL that is not a link to
    one of the datasets themselves.
    """
    text = notes or ""
    named = any(
        re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE)
        for name in dataset.names
    )
    cited = any(not any(mark in url.lower() for mark in DATASET_URLS) for url in _URL.findall(text))
    return named and cited


def crosscheck(
    catalog: Catalog, datasets: Sequence[Dataset], *, today: dt.date, tolerance: float
) -> Report:
    """Compare every catalog model with every dataset; return the sorted report."""
    found: list[Disagreement] = []
    summaries = []
    models = sorted(((p, m) for p in catalog.providers for m in p.models), key=lambda pm: _gid(*pm))
    for dataset in datasets:
        counts = dict.fromkeys(
            ("matched", "compared", "missing_in_catalog", "missing_in_dataset"), 0
        )
        own: list[Disagreement] = []
        for provider, model in models:
            hit = dataset.find(provider.id, [model.id, *model.aliases])
            if hit is not None:
                counts["matched"] += 1
                theirs = _theirs(hit.figures, model, dataset)
                own += _compare(provider, model, dataset, hit.key, theirs, today, tolerance, counts)
        found += own
        summaries.append(
            DatasetSummary(
                id=dataset.id,
                name=dataset.name,
                url=dataset.url,
                disagreements=len(own),
                unexplained=sum(not d.explained for d in own),
                **counts,
            )
        )
    order = {name: i for i, name in enumerate(FIELDS)}
    found.sort(key=lambda d: (d.model, d.dataset, order[d.field]))
    return Report(
        as_of=today,
        tolerance=tolerance,
        models=len(models),
        datasets=summaries,
        disagreements=found,
    )


def _gid(provider: Provider, model: Model) -> str:
    return f"{provider.id}/{model.id}"


def _theirs(figures: Figures, model: Model, dataset: Dataset) -> dict[str, Decimal]:
    theirs = dict(figures)
    if dataset.input_limit_is_context and model.max_input_tokens is None:
        limit = theirs.pop("max_input_tokens", None)
        if limit is not None and "context_window" not in theirs:
            theirs["context_window"] = limit
    return theirs


def _ours(model: Model, today: dt.date) -> dict[str, tuple[Any, str | None]]:
    """The catalog's figures with the source of each."""
    values: dict[str, tuple[Any, str | None]] = {}
    prices = current_prices(model.pricing, today)
    if prices is not None:
        for name in ("input", "output", "cache_read", "cache_write"):
            values[name] = (getattr(prices, name), prices.source)
    for name in LIMIT_FIELDS:
        values[name] = (getattr(model, name), model.source)
    return {k: v for k, v in values.items() if v[0] is not None}


def same_in_other_units(a: Decimal, b: Decimal) -> bool:
    """True for one limit in binary and decimal units: n x 1024 vs n x 1000, n x 2**20 vs n x 10**6.

    Datasets often write 128K for 131,072 or 1M for 1,048,576; that is not a disagreement.
    """
    low, high = sorted((a, b))
    units = ((Decimal(1024), Decimal(1000)), (Decimal(2**20), Decimal(10**6)))
    return any(high % big == 0 and high / big * small == low for big, small in units)


def _compare(
    provider: Provider,
    model: Model,
    dataset: Dataset,
    key: str,
    theirs: dict[str, Decimal],
    today: dt.date,
    tolerance: float,
    counts: dict[str, int],
) -> list[Disagreement]:
    ours = _ours(model, today)
    limit = Decimal(str(tolerance))
    explained = is_explained(model.notes, dataset)
    out = []
    for name in FIELDS:
        if name not in ours and name not in theirs:
            continue
        if name not in theirs:
            counts["missing_in_dataset"] += 1
            continue
        if name not in ours:
            counts["missing_in_catalog"] += 1
            continue
        counts["compared"] += 1
        value, source = ours[name]
        mine, other = Decimal(str(value)), theirs[name]
        relative = None if mine == 0 else (other - mine) / mine
        if (mine == 0 and other == 0) or (relative is not None and abs(relative) <= limit):
            continue
        if name in LIMIT_FIELDS and same_in_other_units(mine, other):
            continue
        out.append(
            Disagreement(
                model=_gid(provider, model),
                dataset=dataset.id,
                dataset_key=key,
                field=name,
                catalog_value=_plain(name, mine),
                dataset_value=_plain(name, other),
                relative=None if relative is None else round(float(relative), 4),
                explained=explained,
                source=source,
            )
        )
    return out


def _plain(field: str, value: Decimal) -> float | int:
    return int(value) if field in LIMIT_FIELDS else float(value)


def report_json(report: Report) -> bytes:
    """The report as deterministic JSON bytes."""
    return dump_json(report.model_dump(mode="json"))


def load_report(path: Path) -> Report | None:
    """The committed report at `path`, or None when there is none."""
    if not path.is_file():
        return None
    try:
        return Report.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        raise BuildError(
            f"{path}: not a crosscheck report ({first}); rerun `llmcat crosscheck`"
        ) from None


@dataclass(frozen=True)
class Inputs:
    """Where the datasets are; None means "not given" (genai-prices then uses its own data)."""

    genai_prices: Path | None = None
    litellm: Path | None = None
    models_dev: Path | None = None
    openrouter: Path | None = None


def load_datasets(inputs: Inputs, today: dt.date) -> list[Dataset]:
    """Read each given dataset file (and genai-prices' bundled data) into lookups."""

    def genai_reader(raw: Any) -> Dataset:
        return read_genai_prices(parse_genai_prices(raw), today)

    loaded = []
    if inputs.genai_prices is None:
        loaded.append(read_genai_prices(bundled_genai_prices(), today))
    readers: list[tuple[Path | None, str, Callable[[Any], Dataset]]] = [
        (inputs.genai_prices, "--genai-prices", genai_reader),
        (inputs.litellm, "--litellm", read_litellm),
        (inputs.models_dev, "--models-dev", read_models_dev),
        (inputs.openrouter, "--openrouter", read_openrouter),
    ]
    for path, option, reader in readers:
        if path is not None:
            loaded.append(_parsed(reader, _read_json(path, option), path))
    return loaded


def _read_json(path: Path, option: str) -> Any:
    try:
        return json.loads(path.read_bytes())
    except OSError as exc:
        raise GeneratorError(f"{option} {path}: cannot read it ({exc.strerror})") from None
    except ValueError as exc:
        raise GeneratorError(f"{option} {path}: not JSON ({exc})") from None


def _parsed(reader: Callable[[Any], Dataset], raw: Any, path: Path) -> Dataset:
    try:
        return reader(raw)
    except (ValueError, TypeError) as exc:
        first = str(exc).splitlines()[0]
        raise GeneratorError(f"{path}: not in the dataset's format ({first})") from None


def run_crosscheck(catalog_dir: Path, inputs: Inputs, *, tolerance: float) -> Report:
    """Load the catalog and datasets, compare, and write `<catalog>/crosscheck.json`.

    OpenRouter defaults to the fetch snapshot `<catalog>/fetched/openrouter.json` when present.
    The JSON file is rewritten only when something other than its `as_of` date changes.
    """
    catalog = load_catalog(catalog_dir)
    today = build_date(catalog_dir, catalog)
    snapshot = catalog_dir / "fetched" / "openrouter.json"
    if inputs.openrouter is None and snapshot.is_file():
        inputs = replace(inputs, openrouter=snapshot)
    report = crosscheck(catalog, load_datasets(inputs, today), today=today, tolerance=tolerance)
    target = catalog_dir / REPORT_FILE
    previous = load_report(target) if target.is_file() else None
    if previous is not None and previous.model_copy(update={"as_of": report.as_of}) == report:
        return previous  # only the date moved: keep the file, so a nightly diff stays empty
    target.write_bytes(report_json(report))
    return report
