#!/usr/bin/env python3
"""Benchmark clipper's main-content extraction against its peers, on both shared corpora.

    .venv/bin/python bench/extraction.py [--bench DIR]... [--out bench/out] [--reps 1]
                                         [--clipper-only] [--fresh-peers] [--worst N] [--type T]

Corpora (default: both): ../shared/bench/article-extraction (scored with the
benchmark's 4-token shingle F1) and ../shared/bench/web-content (word F1 over
lower-cased \\w+ tokens, mean over pages, per page type too), scored by the
shared scorer score_f1.py beside them.

Extractors, all on the same HTML string:

    clipper        clipper.extract.extract_html(html, url): the whole registry,
                   Markdown and text out (the text is scored)
    trafilatura    trafilatura.extract(html, output_format="txt")
    readability    readability-lxml: Document(html).summary(), its text
    resiliparse    resiliparse extract_plain_text(html, main_content=True)

CPU is scarce, so a peer runs once: its predictions and per-page times are
cached in OUT/cache/<peer>-<version>/<corpus>.json, keyed by page id and the
HTML's digest; a later run reuses them, running a peer only on pages its
cache lacks. `--clipper-only` runs clipper alone against the cached peers
(never a peer; a peer without a cache is left out).
`--fresh-peers` ignores the cache and runs every extractor on every page,
alternately and `--reps` times each (median time kept): use it for the final,
fair timing. The time ratio is the median over pages of (time / trafilatura's
time for that page); with cached peers it compares times from different runs.

Writes OUT/<corpus>/<extractor>.json ({id: {"articleBody": text}}), prints one
table per corpus (F1 / precision / recall per extractor, per page type, empty
extractions where the truth has text, median ms per page, ratio), and with
`--worst N` clipper's N worst pages (lowest F1, optionally of one `--type`)
with their longest runs of words in excess (+) and missing (-).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = ROOT.parent / "shared" / "bench"
DEFAULT_BENCHES = [SHARED_BENCH / "article-extraction", SHARED_BENCH / "web-content"]
WORD_METRIC = {"web-content"}
"""Corpora scored with the word-bag F1 (the others with 4-token shingles)."""


@dataclass(frozen=True)
class BenchPage:
    id: str
    url: str
    html: str
    digest: str


@dataclass
class Run:
    """One extractor's outputs and timings over the pages."""

    name: str
    texts: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: Counter[str] = field(default_factory=Counter)


Extractor = Callable[[BenchPage], tuple[str, str]]


def load_pages(bench: Path) -> tuple[dict[str, Any], list[BenchPage]]:
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        raw = gzip.decompress((bench / "html" / f"{page_id}.html.gz").read_bytes())
        digest = hashlib.md5(raw).hexdigest()[:12]
        pages.append(BenchPage(page_id, truth[page_id].get("url", ""), raw.decode("utf-8", errors="replace"), digest))
    return truth, pages


def load_scorer(bench: Path) -> ModuleType:
    """The shared scorer module (score_f1.py beside the benchmark folder)."""
    spec = importlib.util.spec_from_file_location("score_f1", bench.parent / "score_f1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clipper_full(page: BenchPage) -> tuple[str, str]:
    from clipper.extract import extract_html

    extraction = extract_html(page.html, page.url)
    return extraction.text, f"{extraction.extractor}:{extraction.strategy.split('+')[0]}"


def trafilatura_txt(page: BenchPage) -> tuple[str, str]:
    import trafilatura

    return trafilatura.extract(page.html, output_format="txt") or "", "trafilatura"


def readability_txt(page: BenchPage) -> tuple[str, str]:
    import lxml.html
    from readability import Document

    summary = Document(page.html).summary(html_partial=True)
    if not summary.strip():
        return "", "readability"
    return lxml.html.fromstring(summary).text_content(), "readability"


def resiliparse_txt(page: BenchPage) -> tuple[str, str]:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(page.html, main_content=True), "resiliparse"


PEERS: dict[str, tuple[Extractor, str]] = {
    "trafilatura": (trafilatura_txt, "trafilatura"),
    "readability": (readability_txt, "readability-lxml"),
    "resiliparse": (resiliparse_txt, "resiliparse"),
}
"""Peer name -> (extractor, the distribution whose version keys its cache)."""


def _timed(extractor: Extractor, page: BenchPage) -> tuple[str, str, float]:
    start = time.perf_counter()
    try:
        text, note = extractor(page)
    except Exception as error:  # a failure is an empty prediction, and is counted
        text, note = "", f"error:{type(error).__name__}"
    return text, note, time.perf_counter() - start


def run_interleaved(pages: list[BenchPage], extractors: dict[str, Extractor], reps: int) -> dict[str, Run]:
    """Every extractor on every page, alternately, `reps` times; the median time per page."""
    runs = {name: Run(name) for name in extractors}
    for page in pages:
        samples: dict[str, list[float]] = {name: [] for name in extractors}
        for _ in range(reps):
            for name, extractor in extractors.items():
                text, note, seconds = _timed(extractor, page)
                samples[name].append(seconds)
                runs[name].texts[page.id] = text
                runs[name].notes[note] += 1 if _ == 0 else 0
        for name in extractors:
            runs[name].seconds[page.id] = statistics.median(samples[name])
    return runs


def _cache_file(out: Path, peer: str, bench: Path) -> Path:
    return out / "cache" / f"{peer}-{version(PEERS[peer][1])}" / f"{bench.name}.json"


def cached_peer(out: Path, peer: str, bench: Path, pages: list[BenchPage]) -> Run:
    """The peer's predictions from the cache, running it only on pages the cache lacks."""
    path = _cache_file(out, peer, bench)
    cache: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    run = Run(peer)
    missing = [page for page in pages if cache.get(page.id, {}).get("digest") != page.digest]
    for page in missing:
        text, note, seconds = _timed(PEERS[peer][0], page)
        cache[page.id] = {"digest": page.digest, "text": text, "seconds": seconds, "note": note}
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")
    for page in pages:
        entry = cache[page.id]
        run.texts[page.id], run.seconds[page.id] = entry["text"], entry["seconds"]
        run.notes[entry["note"]] += 1
    return run


def store_peers(out: Path, bench: Path, pages: list[BenchPage], runs: dict[str, Run]) -> None:
    """Fresh peer runs replace the cache (their times are the fair ones)."""
    for peer in PEERS:
        path = _cache_file(out, peer, bench)
        path.parent.mkdir(parents=True, exist_ok=True)
        run = runs[peer]
        cache = {
            page.id: {"digest": page.digest, "text": run.texts[page.id], "seconds": run.seconds[page.id], "note": peer}
            for page in pages
        }
        path.write_text(json.dumps(cache, ensure_ascii=False), encoding="utf-8")


def write_predictions(runs: dict[str, Run], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for run in runs.values():
        predictions = {page_id: {"articleBody": text} for page_id, text in run.texts.items()}
        (out / f"{run.name}.json").write_text(json.dumps(predictions, ensure_ascii=False, indent=1), encoding="utf-8")


def _predictions(run: Run) -> dict[str, dict[str, str]]:
    return {page_id: {"articleBody": text} for page_id, text in run.texts.items()}


def _empties(run: Run, truth: dict[str, Any], scorer: ModuleType) -> int:
    """Pages whose truth has words and whose extraction has none."""
    return sum(
        1
        for page_id, expected in truth.items()
        if scorer.TOKEN.search(expected.get("articleBody", "")) and not scorer.TOKEN.search(run.texts.get(page_id, ""))
    )


def _timing_columns(run: Run, baseline: dict[str, float]) -> tuple[float, float]:
    median_ms = statistics.median(run.seconds.values()) * 1000
    ratio = statistics.median(run.seconds[page_id] / max(baseline[page_id], 1e-6) for page_id in run.seconds)
    return median_ms, ratio


def report(bench: Path, runs: dict[str, Run], truth: dict[str, Any], scorer: ModuleType) -> str:
    words = bench.name in WORD_METRIC
    baseline = runs["trafilatura"].seconds
    metric = "word F1, mean over pages" if words else "4-token shingle F1"
    lines = [f"== {bench.name}: pages={len(truth)} ({metric})"]
    types: list[str] = []
    scores: dict[str, dict[str, tuple[int, float, float, float]]] = {}
    for run in runs.values():
        if words:
            scores[run.name] = scorer.word_scores(truth, _predictions(run))
        else:
            f1, precision, recall = scorer.score(truth, _predictions(run))
            scores[run.name] = {"all": (len(truth), f1, precision, recall)}
    types = sorted(
        (key for key in next(iter(scores.values())) if key != "all"), key=lambda key: -scores["clipper"][key][0]
    )
    header = f"{'extractor':<12} {'F1':>6} {'prec':>6} {'recall':>6} {'empty':>5} {'ms/page':>8} {'ratio':>6}"
    lines.append(header + "".join(f" {key[:11]:>11}" for key in types))
    for run in runs.values():
        _, f1, precision, recall = scores[run.name]["all"]
        median_ms, ratio = _timing_columns(run, baseline)
        empties = _empties(run, truth, scorer)
        row = f"{run.name:<12} {f1:6.3f} {precision:6.3f} {recall:6.3f} {empties:5d} {median_ms:8.1f} {ratio:6.2f}"
        lines.append(row + "".join(f" {scores[run.name][key][1]:11.3f}" for key in types))
    if types:
        lines.append(f"{'pages':<12} {'':>42}" + "".join(f" {scores['clipper'][key][0]:11d}" for key in types))
    counts = ", ".join(f"{note} {count}" for note, count in runs["clipper"].notes.most_common())
    lines.append(f"clipper strategies: {counts}")
    return "\n".join(lines)


def _word_runs(text: str, other: Counter[str], scorer: ModuleType, limit: int) -> list[str]:
    """Runs of `text`'s words absent from the bag `other`, longest first."""
    runs: list[list[str]] = []
    current: list[str] = []
    for token in scorer.TOKEN.findall(text or ""):
        if token.lower() not in other:
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    runs.sort(key=len, reverse=True)
    return [f"[{len(run)}w] " + " ".join(run)[:limit] for run in runs[:3]]


def worst_pages(run: Run, truth: dict[str, Any], scorer: ModuleType, count: int, page_type: str | None) -> str:
    """The `count` pages of lowest word F1, with words in excess (+) and missing (-)."""
    rows = []
    for page_id, expected in truth.items():
        if page_type and expected.get("page_type") != page_type:
            continue
        reference, predicted = expected.get("articleBody", ""), run.texts.get(page_id, "")
        f1, precision, recall = scorer.word_f1(reference, predicted)
        rows.append((f1, precision, recall, page_id, reference, predicted))
    lines = [f"worst pages for {run.name} (lowest word F1):"]
    for f1, precision, recall, page_id, reference, predicted in sorted(rows)[:count]:
        kind = truth[page_id].get("page_type", "")
        lines.append(f"{page_id} {kind} F1={f1:.3f} P={precision:.3f} R={recall:.3f} {truth[page_id].get('url', '')}")
        ref_bag = Counter(token.lower() for token in scorer.TOKEN.findall(reference))
        pred_bag = Counter(token.lower() for token in scorer.TOKEN.findall(predicted))
        lines += [f"    + {extra}" for extra in _word_runs(predicted, ref_bag, scorer, 200)]
        lines += [f"    - {missing}" for missing in _word_runs(reference, pred_bag, scorer, 200)]
    return "\n".join(lines)


def bench_one(bench: Path, args: argparse.Namespace) -> str:
    truth, pages = load_pages(bench)
    scorer = load_scorer(bench)
    if args.fresh_peers:
        extractors = {"clipper": clipper_full, **{peer: PEERS[peer][0] for peer in PEERS}}
        runs = run_interleaved(pages, extractors, args.reps)
        store_peers(args.out, bench, pages, runs)
    else:
        runs = run_interleaved(pages, {"clipper": clipper_full}, args.reps)
        for peer in PEERS:
            if not args.clipper_only or _cache_file(args.out, peer, bench).exists():
                runs[peer] = cached_peer(args.out, peer, bench, pages)
    if "trafilatura" not in runs:
        raise SystemExit(f"no cached trafilatura run for {bench.name}: run once without --clipper-only")
    write_predictions(runs, args.out / bench.name)
    text = report(bench, runs, truth, scorer)
    if args.worst:
        text += "\n" + worst_pages(runs["clipper"], truth, scorer, args.worst, args.type)
    return text


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, action="append", help="a corpus folder (repeatable; default: both)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--clipper-only", action="store_true", help="run clipper alone against the cached peers")
    parser.add_argument("--fresh-peers", action="store_true", help="run every peer again, interleaved (fair timing)")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="then list clipper's N worst pages")
    parser.add_argument("--type", default=None, help="with --worst: only pages of this page_type")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    for bench in args.bench or DEFAULT_BENCHES:
        print(bench_one(bench, args), flush=True)


if __name__ == "__main__":
    main()
