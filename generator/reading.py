"""Parse the catalog's provider files: in worker processes for a large catalog, as early as asked.

The command line starts this before it imports the rest of the build (the schema, the checks,
the templates: about 0.15 s in all), so the workers parse while it imports instead of after; it
imports only the YAML reader. `generator/catalog.py` then validates each file as it comes back.
At 10,000 models on tmpfs, twelve alternating builds each: a median of 2.41 s against 2.45 s (on
two cores the imports and the parsing share them; what is won is the core that sat idle during
the imports). The real catalog parses in this process, after the imports, as before.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from generator.parallel import Mapped, map_in_processes, processes_for
from generator.yamlsource import Located, YamlSyntaxError, load_yaml

_BYTES_PER_ITEM = 700  # about one model of YAML, to size the parsing the way pages are sized
_MIN_PARSE_ITEMS = 1000  # the real catalog (about 600 models) parses faster in one process


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read or parsed: the line to point at, and why."""

    line: int
    message: str


@dataclass
class Parsing:
    """The provider files of one catalog (`paths`, sorted) and their results in the same order:
    each a `Located` or an `Unreadable`. Close it (or leave its `with` block) to stop early."""

    paths: list[Path]
    results: Mapped[Located | Unreadable]

    def close(self) -> None:
        self.results.close()

    def __enter__(self) -> Parsing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_parsing(providers_dir: Path) -> Parsing:
    """Start parsing every `*.yaml` in `providers_dir` (none if it is missing), across processes
    when there is enough YAML for it to pay.

    The workers never collect garbage: parsing makes millions of objects and no cycles.
    """
    paths = sorted(providers_dir.glob("*.yaml"))
    size = sum(p.stat().st_size for p in paths)
    processes = processes_for(size // _BYTES_PER_ITEM, minimum=_MIN_PARSE_ITEMS)
    return Parsing(paths, map_in_processes(parse_file, paths, processes, gc.disable))


def parse_file(path: Path) -> Located | Unreadable:
    """One provider file's YAML, or why it cannot be read."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        return Unreadable(exc.line, exc.message)
    except (OSError, UnicodeDecodeError) as exc:
        return Unreadable(1, f"cannot read file: {exc}")
