"""The `llmcat` command line. Commands are thin: each calls one stage and prints the result."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from generator.errors import GeneratorError
from generator.terms import Kind, Tier

CATALOG = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path),
    default=Path("catalog"),
    show_default=True,
    help="The catalog folder.",
)
OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes.",
)


class _CountHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Group(click.Group):
    """Shows a traceback for unexpected errors only with --verbose."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise GeneratorError(
                f"{type(exc).__name__}: {exc} (run with --verbose for details)"
            ) from exc


@click.group(cls=_Group)
@click.option("--verbose", "-v", is_flag=True, help="Show debug logs and full tracebacks.")
@click.version_option(package_name="llmcat")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """llmcat: an open catalog of LLM models, built into a static site and JSON API."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    counter = _CountHandler()
    logging.getLogger().addHandler(counter)
    ctx.obj["warnings"] = counter


def main() -> NoReturn:
    """The `llmcat` command: `cli`, then an exit that skips the interpreter's teardown.

    A build leaves millions of objects (its catalog, merged entries and items), and the teardown
    freed them one by one: on tmpfs, alternating builds, 10,000 models took a median of 3.46 s
    with this exit against 3.56 s without (six each), the real catalog 0.57 s against 0.66 s
    (eight each). Output and logs are flushed first; the exit code is click's (an unexpected
    exception still ends with its traceback, as usual).
    """
    try:
        cli()  # in standalone mode, click always ends by raising SystemExit
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what Python itself does with `sys.exit("message")`
        code = 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


@cli.command(name="build")
@CATALOG
@OUT
@click.option("--strict", is_flag=True, help="Fail if the build logs any warning.")
@click.option("--fetch", "fetch_", is_flag=True, help="Run `llmcat fetch` first (needs keys).")
@click.pass_context
def build_command(
    ctx: click.Context, catalog_dir: Path, out_dir: Path, strict: bool, fetch_: bool
) -> None:
    """Build the site and JSON API from the catalog (offline, no keys)."""
    failed = _fetch(catalog_dir, (), allow_removals=False) if fetch_ else None
    # The catalog is parsed (by worker processes, for a large one) while the build imports:
    # this module imports nothing heavy for that reason (generator/reading.py).
    from generator.reading import start_parsing

    with start_parsing(catalog_dir) as parsing:
        from generator.build import Settings, build  # imported while the catalog is parsed

        result = build(
            Settings(catalog_dir=catalog_dir, out_dir=out_dir),
            strict=strict,
            warnings=ctx.obj["warnings"],
            release=False,  # `main` exits without freeing them
            parsing=parsing,
        )
    click.echo(
        f"Built {result.models} models from {result.providers} providers: "
        f"{result.files} files in {out_dir}"
    )
    if failed is not None:
        raise failed


@cli.command(name="validate")
@CATALOG
def validate_command(catalog_dir: Path) -> None:
    """Check the catalog; print one line per problem."""
    from generator.reading import start_parsing  # see build_command

    with start_parsing(catalog_dir) as parsing:
        from generator.catalog import load_catalog  # imported while the catalog is parsed

        catalog = load_catalog(catalog_dir, parsing)
    count = sum(len(p.models) for p in catalog.providers)
    click.echo(
        f"OK: {len(catalog.providers)} providers, {count} models, {len(catalog.guides)} guides"
    )


@cli.command(name="serve")
@OUT
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on (0: any free).")
def serve_command(out_dir: Path, host: str, port: int) -> None:
    """Preview the built site with the same routing as the CDN config."""
    from generator.serve import make_server

    if not (out_dir / "index.html").is_file():
        raise GeneratorError(f"no built site in {out_dir}: run `llmcat build` first")
    server = make_server(out_dir, host, port)
    click.echo(f"Serving {out_dir} at http://{host}:{server.server_address[1]}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@cli.command(name="schema")
@CATALOG
@click.option("--check", is_flag=True, help="Exit 1 if catalog/schema.json is out of date.")
def schema_command(catalog_dir: Path, check: bool) -> None:
    """Write the JSON Schema editors use for catalog/providers/*.yaml."""
    from generator.schema import schema_bytes

    target = catalog_dir / "schema.json"
    fresh = schema_bytes()
    if check:
        if not target.is_file() or target.read_bytes() != fresh:
            raise GeneratorError(f"{target} is out of date: run `llmcat schema`")
        click.echo(f"{target} is up to date")
        return
    target.write_bytes(fresh)
    click.echo(f"Wrote {target}")


@cli.command(name="diff")
@click.argument("old")
@click.argument("new")
@CATALOG
@click.option("--json", "json_", is_flag=True, help="Print the diff as JSON.")
def diff_command(old: str, new: str, catalog_dir: Path, json_: bool) -> None:
    """Show what changed between two catalogs: folders, or git revisions of --catalog."""
    from generator.diff import diff_catalogs
    from generator.diffreport import diff_json, diff_markdown
    from generator.history import load_side

    before, after = load_side(old, catalog_dir), load_side(new, catalog_dir)
    diff = diff_catalogs(before.catalog, after.catalog, before.snapshots, after.snapshots)
    text = diff_json(diff) if json_ else diff_markdown(diff, before.label, after.label)
    click.echo(text, nl=not text.endswith("\n"))


@cli.command(name="list")
@CATALOG
@click.option("--provider", "providers", multiple=True, help="Only this provider (repeatable).")
@click.option("--kind", type=click.Choice([k.value for k in Kind]), help="Only this kind.")
@click.option("--tier", type=click.Choice([t.value for t in Tier]), help="Only this tier.")
@click.option("--json", "json_", is_flag=True, help="Print the /v1/models items as JSON.")
def list_command(
    catalog_dir: Path, providers: tuple[str, ...], kind: str | None, tier: str | None, json_: bool
) -> None:
    """List the catalog's models as a table, with filters."""
    from generator.jsonout import dump_json
    from generator.listing import Filters, list_items, list_models, list_table, load_entries

    entries, today = load_entries(catalog_dir)
    chosen = list_models(entries, Filters(providers, kind, tier))
    if json_:
        click.echo(dump_json(list_items(chosen, today)).decode(), nl=False)
    else:
        click.echo(list_table(chosen, today) if chosen else "No models match these filters.")


@cli.command(name="fetch")
@click.argument("providers", nargs=-1)
@CATALOG
@click.option(
    "--allow-removals", is_flag=True, help="Accept a list that lost many models: they are gone."
)
def fetch_command(providers: tuple[str, ...], catalog_dir: Path, allow_removals: bool) -> None:
    """Pull the providers' live model lists into catalog/fetched/ (keys from env vars)."""
    failed = _fetch(catalog_dir, providers, allow_removals=allow_removals)
    if failed is not None:
        raise failed


def _fetch(
    catalog_dir: Path, providers: tuple[str, ...], *, allow_removals: bool
) -> GeneratorError | None:
    """Fetch, print the summary (and each failure on stderr); return the error to raise, if any."""
    from generator.fetch import FetchOptions, failure_error, fetch_catalog, summary_table

    done: list[str] = []

    def progress(provider: str, status: str) -> None:
        done.append(provider)
        if sys.stderr.isatty():
            click.echo(f"[{len(done)}] {provider}: {status}", err=True)

    options = FetchOptions(allow_removals=allow_removals)
    results = fetch_catalog(catalog_dir, list(providers), options, progress=progress)
    click.echo(summary_table(results))
    for result in results:
        if result.status == "failed":
            click.echo(f"failed: {result.error or result.detail}", err=True)
    return failure_error(results)


FILE = click.Path(path_type=Path, dir_okay=False)


@cli.command(name="crosscheck")
@CATALOG
@click.option(
    "--genai-prices", type=FILE, help="genai-prices' prices/data.json [default: bundled]."
)
@click.option("--litellm", type=FILE, help="LiteLLM's model_prices_and_context_window.json.")
@click.option("--models-dev", type=FILE, help="models.dev's api.json.")
@click.option("--openrouter", type=FILE, help="OpenRouter's /api/v1/models body or snapshot.")
@click.option(
    "--tolerance",
    type=click.FloatRange(0, 1),
    default=0.005,
    show_default=True,
    help="Allowed relative difference, as a fraction of the catalog's value.",
)
@click.option("--report", "report_path", type=FILE, help="Write the markdown here, not stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 if any disagreement is unexplained.")
def crosscheck_command(
    catalog_dir: Path,
    genai_prices: Path | None,
    litellm: Path | None,
    models_dev: Path | None,
    openrouter: Path | None,
    tolerance: float,
    report_path: Path | None,
    strict: bool,
) -> None:
    """Compare prices and limits with open datasets; write catalog/crosscheck.json."""
    from generator.crosscheck import Inputs, run_crosscheck
    from generator.crosscheck_report import render_markdown, summary_line

    inputs = Inputs(genai_prices, litellm, models_dev, openrouter)
    report = run_crosscheck(catalog_dir, inputs, tolerance=tolerance)
    if report_path is not None:
        report_path.write_text(render_markdown(report), encoding="utf-8")
    else:
        click.echo(render_markdown(report), nl=False)
    click.echo(f"Crosscheck: {summary_line(report)}", err=report_path is None)
    if strict and report.unexplained:
        raise GeneratorError(f"{len(report.unexplained)} unexplained disagreements with --strict")
