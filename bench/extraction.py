#!/usr/bin/env python3
"""Benchmark clipper's main-content extraction against trafilatura, in one process.

    .venv/bin/python bench/extraction.py [--bench ../shared/bench/article-extraction]
                                         [--out bench/out] [--reps 3] [--worst N]

For every page of the benchmark (html/<id>.html.gz, ground-truth.json) it runs,
alternately and `--reps` times each, three extractions on the same HTML string:

    clipper          clipper.extract.extract_html(html, url): the whole registry
                     (a course false positive shows here), Markdown and text out
    clipper-article  the article extractor alone on a fresh parse
    trafilatura      trafilatura.extract(html, output_format="txt")

and keeps each one's median time per page. It writes the predictions
(`{id: {"articleBody": text}}`) to OUT/clipper.json, OUT/clipper-article.json
and OUT/trafilatura.json, scores them with the shared scorer (score_f1.py,
next to the benchmark folder), and prints F1 / precision / recall, the median
ms per page, and the median over pages of the time ratio clipper/trafilatura.
The ratio compares clipper's whole extraction (parse, select, Markdown and
text) with trafilatura's plain-text extraction. `--worst N` then lists the N
pages where clipper's precision or recall is lowest, with the longest runs of
words it kept that the ground truth lacks (+) and of words it missed (-).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "article-extraction"


@dataclass(frozen=True)
class BenchPage:
    id: str
    url: str
    html: str


@dataclass
class Run:
    """One extractor's outputs and timings over the pages."""

    name: str
    texts: dict[str, str]
    seconds: dict[str, float]
    notes: Counter


def load_pages(bench: Path) -> tuple[dict, list[BenchPage]]:
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        BenchPage(page_id, truth[page_id].get("url", ""), _read_html(bench / "html" / f"{page_id}.html.gz"))
        for page_id in sorted(truth)
    ]
    return truth, pages


def _read_html(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def load_scorer(bench: Path):
    """The shared scorer module (score_f1.py beside the benchmark folder)."""
    spec = importlib.util.spec_from_file_location("score_f1", bench.parent / "score_f1.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clipper_full(page: BenchPage) -> tuple[str, str]:
    from clipper.extract import extract_html

    extraction = extract_html(page.html, page.url)
    return extraction.text, f"{extraction.extractor}:{extraction.strategy}"


def clipper_article(page: BenchPage) -> tuple[str, str]:
    from clipper.extract.article import extract_article
    from clipper.extract.parse import parse_page

    extraction = extract_article(parse_page(page.html, page.url))
    return extraction.text, extraction.strategy.split("+")[0]


def trafilatura_txt(page: BenchPage) -> tuple[str, str]:
    import trafilatura

    return trafilatura.extract(page.html, output_format="txt") or "", "trafilatura"


EXTRACTORS: dict[str, Callable[[BenchPage], tuple[str, str]]] = {
    "clipper": clipper_full,
    "clipper-article": clipper_article,
    "trafilatura": trafilatura_txt,
}


def _timed(extractor: Callable[[BenchPage], tuple[str, str]], page: BenchPage) -> tuple[str, str, float]:
    start = time.perf_counter()
    try:
        text, note = extractor(page)
    except Exception as error:  # a failure is an empty prediction, and is counted
        text, note = "", f"error:{type(error).__name__}"
    return text, note, time.perf_counter() - start


def run_all(pages: list[BenchPage], reps: int) -> dict[str, Run]:
    runs = {name: Run(name, {}, {}, Counter()) for name in EXTRACTORS}
    for page in pages:
        samples: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
        notes: dict[str, str] = {}
        for _ in range(reps):
            for name, extractor in EXTRACTORS.items():
                text, notes[name], seconds = _timed(extractor, page)
                samples[name].append(seconds)
                runs[name].texts[page.id] = text
        for name in EXTRACTORS:
            runs[name].seconds[page.id] = statistics.median(samples[name])
            runs[name].notes[notes[name]] += 1
    return runs


def write_predictions(runs: dict[str, Run], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for run in runs.values():
        predictions = {page_id: {"articleBody": text} for page_id, text in run.texts.items()}
        (out / f"{run.name}.json").write_text(json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8")


def _runs_of_shingles(text: str, other: Counter, scorer, limit: int) -> list[str]:
    """Word runs of `text` whose 4-token shingles are not in `other`, longest first."""
    tokens = scorer.TOKEN.findall(text or "")
    marked = [False] * len(tokens)
    for start in range(max(len(tokens) - 3, 0)):
        if tuple(tokens[start : start + 4]) not in other:
            for index in range(start, start + 4):
                marked[index] = True
    runs: list[list[str]] = []
    current: list[str] = []
    for token, extra in zip(tokens, marked):
        if extra:
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs.sort(key=len, reverse=True)
    return [f"[{len(run)}w] " + " ".join(run)[:limit] for run in runs[:3]]


def worst_pages(run: Run, truth: dict, scorer, count: int) -> str:
    """The `count` pages of lowest precision or recall, with the words in excess
    (what the extractor kept and the ground truth does not) and those missing."""
    rows = []
    for page_id, expected in truth.items():
        reference = expected.get("articleBody", "")
        predicted = run.texts.get(page_id, "")
        tp, fp, fn = scorer.page_counts(reference, predicted)
        rows.append((page_id, scorer.precision(tp, fp, fn), scorer.recall(tp, fp, fn), reference, predicted))
    lines = [f"worst pages for {run.name} (lowest min(P, R)):"]
    for page_id, precision, recall, reference, predicted in sorted(rows, key=lambda row: min(row[1], row[2]))[:count]:
        lines.append(f"{page_id}  P={precision:.3f} R={recall:.3f}  {truth[page_id].get('url', '')}")
        for extra in _runs_of_shingles(predicted, scorer.shingles(reference), scorer, 240):
            lines.append(f"    + {extra}")
        for missing in _runs_of_shingles(reference, scorer.shingles(predicted), scorer, 240):
            lines.append(f"    - {missing}")
    return "\n".join(lines)


def report(runs: dict[str, Run], truth: dict, score, reps: int) -> str:
    baseline = runs["trafilatura"].seconds
    lines = [
        f"pages={len(truth)} reps={reps} (median time per page over reps)",
        f"{'extractor':<16} {'F1':>6} {'prec':>6} {'recall':>6} {'ms/page':>8} {'ratio':>6}",
    ]
    for run in runs.values():
        predictions = {page_id: {"articleBody": text} for page_id, text in run.texts.items()}
        f1, precision, recall = score(truth, predictions)
        median_ms = statistics.median(run.seconds.values()) * 1000
        ratio = statistics.median(run.seconds[page_id] / baseline[page_id] for page_id in run.seconds)
        lines.append(f"{run.name:<16} {f1:6.3f} {precision:6.3f} {recall:6.3f} {median_ms:8.1f} {ratio:6.2f}")
    lines.append(
        "ratio = median over pages of (time / trafilatura time); clipper times the whole "
        "extraction (parse, main content, Markdown and text), trafilatura.extract txt only."
    )
    for name in ("clipper", "clipper-article"):
        counts = ", ".join(f"{note} {count}" for note, count in runs[name].notes.most_common())
        lines.append(f"{name} strategies: {counts}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--worst",
        type=int,
        default=0,
        metavar="N",
        help="then list clipper's N worst pages: P, R, words in excess (+) and missing (-)",
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    truth, pages = load_pages(args.bench)
    scorer = load_scorer(args.bench)
    runs = run_all(pages, args.reps)
    write_predictions(runs, args.out)
    print(report(runs, truth, scorer.score, args.reps))
    if args.worst:
        print(worst_pages(runs["clipper"], truth, scorer, args.worst))


if __name__ == "__main__":
    main()
