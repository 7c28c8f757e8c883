"""Checks beyond the schema: ids, aliases, successors, price history order, guide picks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.ids import global_id, published_names, unsafe_reason
from generator.models import Guide, Model, Provider
from generator.routes import RESERVED_PROVIDER_IDS
from generator.terms import Status
from generator.yamlsource import Located

if TYPE_CHECKING:
    from generator.catalog import SourceFile


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the catalog, at a file and line."""

    path: Path
    line_no: int
    field: str
    message: str

    def line(self) -> str:
        from generator.catalog import display

        where = f"{display(self.path)}:{self.line_no}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.path), self.line_no, self.field)


def check_catalog(
    sources: list[SourceFile],
    guides: list[Guide],
    guide_files: dict[str, tuple[Path, Located]],
    broken: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """Every cross-reference problem in the loaded catalog.

    References into `broken` provider files (which failed to load) are not reported: the
    problems in those files are, and fixing them may resolve the references.
    """
    problems: list[Problem] = []
    known: dict[str, Model] = {}
    for source in sources:
        problems += _check_provider(source)
        for model in source.provider.models:
            for alias in (model.id, *model.aliases):
                known.setdefault(global_id(source.provider, alias), model)
    problems += _check_published(sources)
    for source in sources:
        problems += _check_successors(source, known, broken)
    for guide in guides:
        path, located = guide_files[guide.slug]
        problems += _check_guide(guide, path, located, known, broken)
    return problems


def _check_provider(source: SourceFile) -> Iterable[Problem]:
    clash = RESERVED_PROVIDER_IDS.get(source.provider.id)
    if clash:
        yield source.problem(
            ("id",),
            "id",
            f"{source.provider.id!r} is reserved: the API already publishes {clash}; "
            "pick another id (and rename the file to match)",
        )
    seen: dict[str, str] = {}
    ids = {m.id for m in source.provider.models}
    for index, model in enumerate(source.provider.models):
        at = ("models", index)
        reason = unsafe_reason(model.id)
        if reason:
            yield source.problem(
                (*at, "id"),
                f"models[{index}].id",
                f"id {reason}",
            )
        if model.id in seen:
            yield source.problem(
                (*at, "id"),
                f"models[{index}].id",
                f"duplicate id {model.id!r} ({seen[model.id]}): remove or rename one",
            )
        seen.setdefault(model.id, f"first at models[{index}]")
        yield from _check_aliases(source, index, model, seen, ids)
        yield from _check_history(source, index, model)
        yield from _check_dates(source, index, model)


def _check_aliases(
    source: SourceFile, index: int, model: Model, seen: dict[str, str], ids: set[str]
) -> Iterable[Problem]:
    for a_index, alias in enumerate(model.aliases):
        where = f"models[{index}].aliases[{a_index}]"
        reason = unsafe_reason(alias)
        if reason:
            yield source.problem(
                ("models", index, "aliases", a_index),
                where,
                f"alias {reason}",
            )
        if alias in ids:
            yield source.problem(
                ("models", index, "aliases", a_index),
                where,
                f"alias {alias!r} is also a model id: remove the alias or rename the model",
            )
        elif alias in seen:
            yield source.problem(
                ("models", index, "aliases", a_index),
                where,
                f"duplicate alias {alias!r} ({seen[alias]}): an alias names one model",
            )
        seen.setdefault(alias, f"alias of models[{index}]")


def _check_history(source: SourceFile, index: int, model: Model) -> Iterable[Problem]:
    pricing = model.pricing
    if pricing is None or not pricing.history:
        return
    at = ("models", index, "pricing")
    if pricing.effective is None:
        yield source.problem(
            at,
            f"models[{index}].pricing.effective",
            "required when `history` is given: the date the current prices took effect",
        )
    dates = [h.effective for h in pricing.history]
    if pricing.effective is not None:
        dates.append(pricing.effective)
    for h_index in range(1, len(dates)):
        if dates[h_index] > dates[h_index - 1]:
            continue
        in_history = h_index < len(pricing.history)
        key: tuple[str | int, ...] = (
            ("history", h_index, "effective") if in_history else ("effective",)
        )
        yield source.problem(
            (*at, *key),
            f"models[{index}].pricing"
            + (f".history[{h_index}]" if in_history else "")
            + ".effective",
            f"price dates out of order ({dates[h_index]} is not after {dates[h_index - 1]}): "
            "list history oldest first, with the current prices newest",
        )


def _check_dates(source: SourceFile, index: int, model: Model) -> Iterable[Problem]:
    dep, ret = model.deprecation_date, model.retirement_date
    if dep and ret and ret < dep:
        yield source.problem(
            ("models", index, "retirement_date"),
            f"models[{index}].retirement_date",
            "is before deprecation_date: check both dates",
        )
    if model.status == Status.retired and model.retirement_date is None:
        yield source.problem(
            ("models", index, "status"),
            f"models[{index}].status",
            "a retired model needs its `retirement_date`",
        )


def _check_published(sources: list[SourceFile]) -> Iterable[Problem]:
    # A clash between two spellings of the same native name in one file is a duplicate id or
    # alias, reported by _check_provider; every other clash is reported here.
    owners: dict[str, str] = {}
    origin: dict[str, tuple[str, str]] = {}
    folded: dict[str, str] = {}
    for source in sources:
        for index, model in enumerate(source.provider.models):
            for pid, name in published_names(source.provider, model):
                me = global_id(source.provider, model.id)
                other = owners.setdefault(pid, me)
                first_origin = origin.setdefault(pid, (source.provider.id, name))
                if other != me and first_origin != (source.provider.id, name):
                    yield source.problem(
                        ("models", index, "id"),
                        f"models[{index}]",
                        f"/v1/models/{pid} would name both {other} and {me}: "
                        "remove one alias, or set `maker` on the model that is resold",
                    )
                first = folded.setdefault(pid.lower(), pid)
                if first != pid and owners.get(first) != me:
                    yield source.problem(
                        ("models", index, "id"),
                        f"models[{index}]",
                        f"id {pid!r} differs from {first!r} only by case, "
                        "which clashes on case-insensitive disks",
                    )


def _check_successors(
    source: SourceFile, known: dict[str, Model], broken: set[str]
) -> Iterable[Problem]:
    for index, model in enumerate(source.provider.models):
        name = model.successor
        if name is None or resolve(source.provider, name, known) is not None:
            continue
        if name.split("/", 1)[0] in broken:
            continue
        yield source.problem(
            ("models", index, "successor"),
            f"models[{index}].successor",
            f"unknown model {name!r}: use a model id of this provider or a global id provider/id",
        )


def resolve(provider: Provider, name: str, known: dict[str, Model]) -> str | None:
    """The global id `name` means from `provider`'s file, or None if it names nothing."""
    local = global_id(provider, name)
    if local in known:
        return local
    return name if name in known else None


def _check_guide(
    guide: Guide, path: Path, located: Located, known: dict[str, Model], broken: set[str]
) -> Iterable[Problem]:
    for index, pick in enumerate(guide.picks):
        if pick.model.split("/", 1)[0] in broken:
            continue
        line = located.line_of(("picks", index, "model"))
        model = known.get(pick.model)
        field = f"picks[{index}].model"
        if model is None:
            yield Problem(path, line, field, f"unknown model {pick.model!r}: use a global id")
        elif model.status == Status.retired:
            yield Problem(path, line, field, f"{pick.model!r} is retired: pick its successor")
