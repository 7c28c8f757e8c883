"""Site targets on synthetic catalogs, by hand: `python benchmarks/bench_site.py`.

- index page at most 150 KB gzip and all JavaScript at most 20 KB gzip (1,000 models);
- a sort or a filter over 2,000 rows answers within 50 ms in Chromium, measured with
  `performance.now()` around the click (script work plus the forced layout), and to the next
  frame after it.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scriptargs import parser
from synth import write_catalog

from generator.build import Settings, build
from generator.serve import make_server
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

RUNS = 7
# Each step: what it does, as JavaScript that runs it synchronously.
STEPS = {
    "sort by context": "document.querySelector('th[data-key=context] button').click()",
    "sort by input price": "document.querySelector('th[data-key=input] button').click()",
    "sort by model name": "document.querySelector('th[data-key=model] button').click()",
    "filter: feature tools": "document.querySelector('input[name=feature][value=tools]').click()",
    "filter: toggle deprecated": "document.querySelector("
    "'input[name=status][value=deprecated]').click()",
    "search 'model 1'": "const q = document.querySelector('input[name=q]'); "
    "q.value = q.value ? '' : 'model 1'; q.dispatchEvent(new Event('input', {bubbles: true}))",
}


def _gzip(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def _build(count: int, root: Path) -> Path:
    catalog = write_catalog(root / f"catalog{count}", count)
    out = root / f"site{count}"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1763683200")
    start = time.perf_counter()
    build(Settings(catalog_dir=catalog, out_dir=out))
    print(f"build of {count} models: {time.perf_counter() - start:.1f} s")
    return out


def sizes(site: Path) -> None:
    """Print gzip sizes against the targets."""
    index = _gzip((site / "index.html").read_bytes())
    scripts = sorted((site / "static").rglob("*.js"))
    js = sum(_gzip(p.read_bytes()) for p in scripts)
    data = _gzip((site / "data/models.json").read_bytes())
    print(f"index.html: {index / 1024:.1f} KB gzip (target <= 150 KB)")
    print(f"all JavaScript ({len(scripts)} files): {js / 1024:.1f} KB gzip (target <= 20 KB)")
    print(f"data/models.json (compare + calculator only): {data / 1024:.1f} KB gzip")


def _time(page: Page, script: str) -> tuple[float, float]:
    return tuple(
        page.evaluate(
            """(script) => new Promise((done) => {
                const start = performance.now();
                new Function(script)();
                document.body.offsetHeight;  // force style and layout
                const sync = performance.now() - start;
                const frame = () => done([sync, performance.now() - start]);
                requestAnimationFrame(() => setTimeout(frame, 0));
            })""",
            script,
        )
    )


def interaction(site: Path, rows: int) -> None:
    """Print the median and worst time of each sort and filter step."""
    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(
            f"http://127.0.0.1:{server.server_address[1]}/?status=active,preview,deprecated,retired"
        )
        page.wait_for_selector("html[data-ready=table]")
        assert page.locator("#models caption .count").text_content() == f"{rows} models"
        print(f"\n{rows} rows, {RUNS} runs each: script + layout (to next frame), ms; target 50")
        for name, script in STEPS.items():
            runs = [_time(page, script) for _ in range(RUNS)]
            sync = [r[0] for r in runs]
            frame = [r[1] for r in runs]
            print(
                f"  {name:28} median {statistics.median(sync):5.1f} max {max(sync):5.1f}"
                f"   (next frame: median {statistics.median(frame):5.1f} max {max(frame):5.1f})"
            )
        browser.close()
    server.shutdown()


def main() -> None:
    parser(__doc__).parse_args()  # only --help
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sizes(_build(1000, root))
        interaction(_build(2000, root), 2000)


if __name__ == "__main__":
    os.environ.setdefault("LLMCAT_QUIET_SERVER", "1")
    main()
