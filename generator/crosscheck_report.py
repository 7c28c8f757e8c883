"""The crosscheck report for people: markdown for maintainers, and the published page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import jinja2

from generator.crosscheck import REPORT_FILE, Report, report_json
from generator.datasets import LIMIT_FIELDS


def fmt_value(field: str, value: float) -> str:
    """A figure for people: `$2.5` per 1M tokens, or `128,000` tokens."""
    if field in LIMIT_FIELDS:
        return f"{int(value):,}"
    return f"${value:,.6f}".rstrip("0").rstrip(".")


def fmt_relative(relative: float | None) -> str:
    """`+20.0%`, or `from 0` when the catalog's figure is zero."""
    return "from 0" if relative is None else f"{relative:+.1%}"


def render_markdown(report: Report) -> str:
    """The report as markdown for maintainers: counts, then unexplained, then explained."""
    lines = [
        "# Crosscheck: the catalog against open datasets",
        "",
        f"As of {report.as_of.isoformat()}; {report.models} catalog models; tolerance "
        f"{report.tolerance:.2%} of the catalog's value; limits that differ only in binary vs "
        "decimal units (131,072 vs 128,000) agree. A figure only one side states counts "
        "as missing. A disagreement is explained when the model's notes name the dataset and "
        "link a primary source.",
        "",
        "| dataset | matched | compared | missing in catalog | missing in dataset "
        "| disagreements | unexplained |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in report.datasets:
        lines.append(
            f"| {s.name} | {s.matched} | {s.compared} | {s.missing_in_catalog} "
            f"| {s.missing_in_dataset} | {s.disagreements} | {s.unexplained} |"
        )
    names = {s.id: s.name for s in report.datasets}
    for title, rows in (("Unexplained", report.unexplained), ("Explained", report.explained)):
        lines += ["", f"## {title} ({len(rows)})", ""]
        if not rows:
            lines.append("None.")
            continue
        lines += ["| model | field | catalog | dataset | says | difference |"]
        lines += ["| --- | --- | ---: | --- | ---: | ---: |"]
        for d in rows:
            lines.append(
                f"| `{d.model}` | {d.field} | {fmt_value(d.field, d.catalog_value)} "
                f"| {names.get(d.dataset, d.dataset)} `{d.dataset_key}` "
                f"| {fmt_value(d.field, d.dataset_value)} | {fmt_relative(d.relative)} |"
            )
    return "\n".join(lines) + "\n"


def publish_report(
    report: Report | None, env: jinja2.Environment, known: set[str], today: dt.date
) -> Iterator[tuple[str, bytes]]:
    """The `/crosscheck/` page and `/crosscheck.json`, when the catalog has a report."""
    if report is None:
        return
    page = env.get_template("crosscheck.html").render(
        report=report,
        names={s.id: s.name for s in report.datasets},
        known=known,
        fmt=fmt_value,
        rel=fmt_relative,
        today=today.isoformat(),
        data_path=f"/{REPORT_FILE}",
    )
    yield "crosscheck/index.html", page.encode("utf-8")
    yield REPORT_FILE, report_json(report)


def summary_line(report: Report) -> str:
    """One line of counts for the terminal."""
    matched = sum(s.matched for s in report.datasets)
    return (
        f"{len(report.datasets)} datasets, {matched} model matches, "
        f"{len(report.disagreements)} disagreements "
        f"({len(report.explained)} explained, {len(report.unexplained)} unexplained)"
    )
