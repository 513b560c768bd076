#!/usr/bin/env python3
"""Benchmark the course extractor: its speed on course pages, and whether it claims articles.

    .venv/bin/python bench/course.py [--pages ../shared/course-pages] [--reps 3]
                                     [--articles ../shared/bench/article-extraction ../shared/bench/web-content]
                                     [--skip-articles] [--skip-pages]

1. Course pages: for every page of the course corpus it times, alternately and
   `--reps` times each, on the same HTML string,

       clipper      clipper.extract.extract_html(html, url): parse, the registry
                    (course detection then the course extractor), Markdown and text
       trafilatura  trafilatura.extract(html, output_format="txt") (the peer; skipped
                    when it is not installed)

   and prints the median over pages of each one's median time, with the ratio.

2. Articles: on every page of the article corpora (html/<id>.html.gz) it runs
   the course detector (`looks_like_course` on the parsed page) once, counts
   the pages claimed as courses (by `page_type` where the corpus gives one) and
   lists them, and prints the detector's median, 95th-percentile and maximum
   time per page: an article should leave it in a few milliseconds.

No network; nothing is written.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_PAGES = SHARED / "course-pages"
DEFAULT_ARTICLES = [SHARED / "bench" / "article-extraction", SHARED / "bench" / "web-content"]
SOURCE = "https://course.example.edu/"


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bench_pages(folder: Path, reps: int) -> None:
    from clipper.extract import extract_html

    peer: Callable[[str], object] | None = None
    if importlib.util.find_spec("trafilatura") is not None:
        import trafilatura

        def peer(html: str) -> object:
            return trafilatura.extract(html, output_format="txt")

    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    ours: list[float] = []
    theirs: list[float] = []
    kinds: Counter[str] = Counter()
    extract_html((folder / gold[0]["file"]).read_text(encoding="utf-8"), SOURCE)  # warm the caches
    for entry in gold:
        html = (folder / entry["file"]).read_text(encoding="utf-8")
        mine, peers = [], []
        for _ in range(reps):
            mine.append(_timed(lambda html=html: extract_html(html, SOURCE)))
            if peer is not None:
                peers.append(_timed(lambda html=html: peer(html)))
        kinds[extract_html(html, SOURCE).kind] += 1
        ours.append(statistics.median(mine))
        if peers:
            theirs.append(statistics.median(peers))
    print(f"course pages={len(gold)} reps={reps} (median time per page over reps, then over pages)")
    print(f"{'extractor':<14}{'ms/page':>9}{'max ms':>9}")
    print(f"{'clipper':<14}{statistics.median(ours) * 1000:>9.1f}{max(ours) * 1000:>9.1f}")
    if theirs:
        print(f"{'trafilatura':<14}{statistics.median(theirs) * 1000:>9.1f}{max(theirs) * 1000:>9.1f}")
        ratios = [a / b for a, b in zip(ours, theirs) if b]
        print(f"ratio clipper/trafilatura (median over pages): {statistics.median(ratios):.2f}")
    print("kinds: " + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common()))


def _article_pages(folder: Path) -> list[tuple[str, str, str, str]]:
    """(corpus, id, url, page_type) of every page, with the html read later."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((folder / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        entry = truth.get(page_id, {})
        pages.append((folder.name, page_id, entry.get("url", ""), entry.get("page_type", "article")))
    return pages


def bench_articles(folders: list[Path]) -> None:
    from clipper.extract.course import looks_like_course
    from clipper.extract.parse import parse_page

    claimed: list[tuple[str, str, str, str]] = []
    by_type: Counter[str] = Counter()
    claimed_by_type: Counter[str] = Counter()
    seconds: list[float] = []
    for folder in folders:
        for corpus, page_id, url, page_type in _article_pages(folder):
            html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace")
            page = parse_page(html, url or None)
            start = time.perf_counter()
            is_course = looks_like_course(page)
            seconds.append(time.perf_counter() - start)
            by_type[page_type] += 1
            if is_course:
                claimed.append((corpus, page_id, page_type, url))
                claimed_by_type[page_type] += 1
    seconds.sort()
    print(f"\narticle corpora: {len(seconds)} pages, claimed as course: {len(claimed)}")
    print("by page type: " + ", ".join(f"{t} {claimed_by_type[t]}/{n}" for t, n in by_type.most_common()))
    for corpus, page_id, page_type, url in claimed:
        print(f"  claimed: {corpus}/{page_id} ({page_type}) {url}")
    p95 = seconds[int(0.95 * (len(seconds) - 1))]
    print(
        f"course detector on these pages: median {statistics.median(seconds) * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms, max {seconds[-1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--articles", type=Path, nargs="*", default=DEFAULT_ARTICLES)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--skip-articles", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()
    if not args.skip_pages:
        bench_pages(args.pages, args.reps)
    if not args.skip_articles:
        bench_articles(args.articles)


if __name__ == "__main__":
    main()
