"""What rendering costs, beside a static clip and a plain Playwright script.

    .venv/bin/python bench/render.py [--reps 5] [--corpus]

Serves `tests/fixtures/render/` from 127.0.0.1 (a course page whose schedule a
script fills from `schedule.json`, and a static page) and times, in fresh
processes and interleaved so that machine load hits every row alike:

- `clip extract COURSE --render never`  the page as served (no schedule)
- `clip extract COURSE` (auto)          rendered in headless Chromium
- `clip extract STATIC` (auto)          a static page: auto starts no browser
- a plain Playwright script             launch the same Chromium, goto, wait for
                                        network idle, read `page.content()`
- `clip --help`                         start-up, which must not import the renderer

With `--corpus`, also counts the pages of `../shared/` that `--render auto`
would render, by rule, and what deciding costs per page (no browser runs).
Needs the render extra and Chromium (`pip install -e '.[render]'`, `apt-get
install chromium`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FIXTURES = ROOT / "tests" / "fixtures" / "render"
SHARED = ROOT.parent / "shared"

PLAYWRIGHT_SCRIPT = """
import sys
from playwright.sync_api import sync_playwright
with sync_playwright() as driver:
    browser = driver.chromium.launch(executable_path=sys.argv[2], args=["--no-sandbox"])
    page = browser.new_page()
    page.goto(sys.argv[1], wait_until="load")
    page.wait_for_load_state("networkidle")
    html = page.content()
    browser.close()
assert "Grace Hopper" in html
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> str:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def timed(command: list[str], expect: str | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or (expect is not None and expect not in done.stdout):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed


def timings(reps: int) -> None:
    from clipper.render import find_browser, unavailable

    missing = unavailable()
    if missing:
        raise SystemExit(f"cannot render here: {missing}")
    base = serve(FIXTURES)
    clip = str(BIN / "clip")
    rows: dict[str, tuple[list[str], str | None]] = {
        "clip extract --render never": ([clip, "extract", f"{base}/course.html", "--render", "never"], "Ada"),
        "clip extract (auto: rendered)": ([clip, "extract", f"{base}/course.html"], "Grace Hopper"),
        "clip extract static (auto)": ([clip, "extract", f"{base}/static.html"], "jardins"),
        "plain Playwright script": (
            [sys.executable, "-c", PLAYWRIGHT_SCRIPT, f"{base}/course.html", str(find_browser())],
            None,
        ),
        "clip --help": ([clip, "--help"], None),
    }
    for command, expect in rows.values():  # warm the caches
        timed(command, expect)
    times: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(reps):
        for name, (command, expect) in rows.items():
            times[name].append(timed(command, expect))
    peer = statistics.median(times["plain Playwright script"])
    print(f"rendering, median of {reps} fresh processes (the course page of tests/fixtures/render)")
    print(f"{'command':<32}{'median s':>10}{'min s':>9}{'/ playwright':>14}")
    for name in rows:
        median = statistics.median(times[name])
        print(f"{name:<32}{median:>10.3f}{min(times[name]):>9.3f}{median / peer:>14.2f}")


def corpus_pages() -> Iterator[tuple[str, str, str]]:
    for path in sorted((SHARED / "course-pages").glob("*.html")):
        yield "course-pages", path.name, path.read_text(encoding="utf-8", errors="replace")
    for corpus in ("article-extraction", "web-content"):
        for path in sorted((SHARED / "bench" / corpus / "html").glob("*.gz")):
            yield corpus, path.name, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def corpus() -> None:
    from clipper.acquire import extract_page
    from clipper.errors import ExtractionError
    from clipper.models import Page
    from clipper.render_policy import render_reason

    pages: Counter[str] = Counter()
    rendered: Counter[tuple[str, str]] = Counter()
    deciding = 0.0
    for name, file, html in corpus_pages():
        page = Page(url=f"https://example.org/{file}", html=html)
        try:
            extraction = extract_page(page)
        except ExtractionError:
            extraction = None
        except Exception as error:  # noqa: BLE001 — a crash of the extractor is its bug, not this measure's
            print(f"  extraction failed on {name}/{file}: {type(error).__name__}: {error}")
            continue
        started = time.perf_counter()
        reason = render_reason(page, extraction)
        deciding += time.perf_counter() - started
        pages[name] += 1
        if reason:
            rendered[(name, reason)] += 1
    per_page = deciding / sum(pages.values()) * 1000
    print(f"\n--render auto on ../shared: pages it would render, by rule ({per_page:.2f} ms a page to decide)")
    for name, total in pages.items():
        by_rule = {reason: count for (corpus, reason), count in rendered.items() if corpus == name}
        count = sum(by_rule.values())
        print(f"  {name:<20} {count:>4} / {total:<5} {', '.join(f'{r}: {n}' for r, n in sorted(by_rule.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="fresh processes per row (median reported)")
    parser.add_argument("--corpus", action="store_true", help="also count the corpus pages auto would render")
    args = parser.parse_args()
    timings(args.reps)
    if args.corpus:
        corpus()


if __name__ == "__main__":
    main()
