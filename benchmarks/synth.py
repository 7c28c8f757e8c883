"""Synthetic catalogs for benchmarks: N plausible models spread over providers, deterministic."""

from __future__ import annotations

import random
from pathlib import Path

import yaml
from scriptargs import at_least, parser

FEATURES = [
    "batch",
    "prompt_caching",
    "reasoning",
    "streaming",
    "structured_output",
    "tools",
    "vision",
]
KINDS = ["chat"] * 8 + ["embedding", "rerank"]
STATUSES = ["active"] * 7 + ["preview", "deprecated", "retired"]
SUFFIXES = ["Mini", "Pro", "Flash", "Max", ""]
SOURCE = "https://example.com/docs/models"


def _model(rng: random.Random, provider: str, index: int) -> dict[str, object]:
    kind = rng.choice(KINDS)
    status = rng.choice(STATUSES)
    price_in = round(rng.uniform(0.02, 15), 3)
    model: dict[str, object] = {
        "id": f"{provider}-model-{index:05d}",
        "name": f"{provider.title()} Model {index} {rng.choice(SUFFIXES)}".strip(),
        "kind": kind,
        "family": f"{provider}-family-{index % 7}",
        "created": f"20{rng.randint(22, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "status": status,
        "tier": rng.choice(["small", "medium", "large"]),
        "context_window": rng.choice([8192, 32768, 128000, 200000, 1048576]),
        "max_output_tokens": rng.choice([4096, 8192, 16384, 65536]),
        "features": sorted(rng.sample(FEATURES, rng.randint(0, 6))),
        "modalities": {
            "input": ["text", "image"] if rng.random() < 0.4 else ["text"],
            "output": ["text"],
        },
        "source": SOURCE,
        "verified": "2025-11-01",
        "pricing": {
            "input": price_in,
            "source": "https://example.com/pricing",
            "verified": "2025-11-01",
        },
        "notes": f"Synthetic model {index}: **bold** and a [link](https://example.com/{index}).",
    }
    pricing = model["pricing"]
    assert isinstance(pricing, dict)
    if kind == "chat":
        pricing["output"] = round(price_in * rng.choice([2, 3, 4, 5]), 3)
        if rng.random() < 0.5:
            pricing["cache_read"] = round(price_in / 10, 4)
        if rng.random() < 0.2:
            pricing["tiers"] = [
                {"above": 128000, "input": price_in * 2, "output": pricing["output"] * 1.5}
            ]
        if rng.random() < 0.4:
            pricing["effective"] = "2025-06-01"
            pricing["history"] = [
                {
                    "effective": "2024-06-01",
                    "input": round(price_in * 2, 3),
                    "output": round(pricing["output"] * 2, 3),
                    "source": "https://example.com/pricing",
                    "verified": "2025-11-01",
                }
            ]
    if rng.random() < 0.3:
        model["aliases"] = [f"{provider}-alias-{index:05d}"]
    if status in ("deprecated", "retired"):
        model["deprecation_date"] = "2025-06-01"
    if status == "retired":
        model["retirement_date"] = "2025-09-01"
    return model


def write_catalog(target: Path, count: int, providers: int = 20, seed: int = 1) -> Path:
    """Write a catalog of `count` models under `target`/providers and return `target`."""
    rng = random.Random(seed)
    (target / "providers").mkdir(parents=True, exist_ok=True)
    active: list[str] = []
    for p in range(providers):
        pid = f"synth{p:02d}"
        models = [_model(rng, pid, i) for i in range(p, count, providers)]
        data = {
            "id": pid,
            "name": f"Synth {p:02d}",
            "website": "https://example.com",
            "pricing_url": "https://example.com/pricing",
            "models": sorted(models, key=lambda m: str(m["id"])),
        }
        if p % 2 == 0:
            data["maker"] = pid  # a maker's own models also answer to their bare ids
        (target / "providers" / f"{pid}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
        active += [f"{pid}/{m['id']}" for m in models if m["status"] != "retired"]
    _write_guides(target, rng, active)
    return target


def _write_guides(target: Path, rng: random.Random, active: list[str]) -> None:
    (target / "guides").mkdir(parents=True, exist_ok=True)
    for index, slug in enumerate(["coding", "agents", "cost", "speed", "long-context"]):
        picks = [{"model": m, "reason": "A synthetic pick."} for m in rng.sample(active, 4)]
        front = {
            "title": slug.title(),
            "description": f"Guide {slug}",
            "order": index,
            "picks": picks,
        }
        text = f"---\n{yaml.safe_dump(front, sort_keys=False)}---\nSynthetic guide **{slug}**.\n"
        (target / "guides" / f"{slug}.md").write_text(text)


def main() -> None:
    line = parser(__doc__)
    line.add_argument("folder", type=Path, help="where to write the catalog")
    line.add_argument(
        "models", type=at_least(1, "model"), nargs="?", default=1000, help="default 1000"
    )
    args = line.parse_args()
    print(write_catalog(args.folder, args.models))


if __name__ == "__main__":
    main()
