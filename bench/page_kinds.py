#!/usr/bin/env python3
"""How well clipper guesses a page's kind, against the web-content corpus's truth types.

    .venv/bin/python bench/page_kinds.py [--bench DIR] [--profiles] [--out bench/out]

Prints the confusion matrix of truth `page_type` (rows) against the kind
`clipper.extract.page_kind.guess_page_kind` gives (columns), then the same
against the extraction profile the kind picks (`article`, `forum`, `service`,
`product`, or the default profile every other kind shares): only the profile changes the
extraction.

`--profiles` then runs the whole extraction on every page once per profile,
the kind forced, and prints per truth type the mean word F1 of each forced
profile, of the guess, and of an oracle choosing the best profile per page: how
much a better guess could pay at most. The per-page scores go to
OUT/page_kinds.json (to study which pages a signal should move).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

from extraction import load_pages, load_scorer  # bench/extraction.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "web-content"
FORCED_KINDS = {
    "article": "article",
    "forum": "forum",
    "service": "service",
    "product": "product",
    "default": "unknown",
}
"""Profile name -> a kind that picks it."""


def load(bench: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The benchmark's truth and each page's HTML, read as bench/extraction.py reads them."""
    truth, bench_pages = load_pages(bench)
    return truth, {page.id: page.html for page in bench_pages}


def profile_of(kind: str) -> str:
    from clipper.extract.content import PROFILES

    return kind if kind in PROFILES else "default"


def guesses(truth: dict[str, Any], pages: dict[str, str]) -> dict[str, str]:
    from clipper.extract.page_kind import guess_page_kind
    from clipper.extract.parse import parse_page

    return {
        page_id: guess_page_kind(parse_page(html, truth[page_id].get("url")).root, truth[page_id].get("url"))
        for page_id, html in pages.items()
    }


def matrix(truth: dict[str, Any], guessed: dict[str, str], column: Any) -> str:
    cells: dict[str, Counter[str]] = defaultdict(Counter)
    for page_id, kind in guessed.items():
        cells[truth[page_id].get("page_type", "article")][column(kind)] += 1
    columns = sorted({key for row in cells.values() for key in row})
    rows = sorted(cells, key=lambda key: -sum(cells[key].values()))
    lines = [f"{'truth/guess':<14}" + "".join(f" {name[:8]:>8}" for name in columns) + f" {'pages':>6}"]
    for row in rows:
        lines.append(
            f"{row[:14]:<14}"
            + "".join(f" {cells[row][name]:8d}" for name in columns)
            + f" {sum(cells[row].values()):6d}"
        )
    return "\n".join(lines)


def forced_scores(truth: dict[str, Any], pages: dict[str, str], scorer: ModuleType) -> dict[str, dict[str, float]]:
    """Page id -> profile -> word F1 of the extraction with that profile forced."""
    import clipper.extract.article as article
    from clipper.extract import extract_html

    guess = article.guess_page_kind
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    try:
        for profile, kind in FORCED_KINDS.items():
            article.guess_page_kind = lambda root, url, kind=kind: kind  # type: ignore[assignment]
            for page_id, html in pages.items():
                try:
                    text = extract_html(html, truth[page_id].get("url")).text
                except Exception:  # an empty prediction, as in bench/extraction.py
                    text = ""
                scores[page_id][profile] = scorer.word_f1(truth[page_id].get("articleBody", ""), text)[0]
    finally:
        article.guess_page_kind = guess
    return scores


def profile_table(truth: dict[str, Any], guessed: dict[str, str], scores: dict[str, dict[str, float]]) -> str:
    by_type: dict[str, list[str]] = defaultdict(list)
    for page_id in scores:
        by_type[truth[page_id].get("page_type", "article")].append(page_id)
    by_type["all"] = list(scores)
    names = [*FORCED_KINDS, "guess", "oracle"]
    lines = [f"{'type':<14} {'pages':>5}" + "".join(f" {name:>8}" for name in names)]
    for page_type, ids in sorted(by_type.items(), key=lambda item: -len(item[1])):
        row = [statistics.fmean(scores[i][name] for i in ids) for name in FORCED_KINDS]
        row.append(statistics.fmean(scores[i][profile_of(guessed[i])] for i in ids))
        row.append(statistics.fmean(max(scores[i].values()) for i in ids))
        lines.append(f"{page_type[:14]:<14} {len(ids):5d}" + "".join(f" {value:8.3f}" for value in row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--profiles", action="store_true", help="score every page under every forced profile")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    truth, pages = load(args.bench)
    guessed = guesses(truth, pages)
    print(f"== {args.bench.name}: guessed kind (columns) by truth page_type (rows)")
    print(matrix(truth, guessed, lambda kind: kind))
    print("== the profile the kind picks")
    print(matrix(truth, guessed, profile_of))
    if args.profiles:
        scores = forced_scores(truth, pages, load_scorer(args.bench))
        args.out.mkdir(parents=True, exist_ok=True)
        record = {i: {"type": truth[i].get("page_type"), "guess": guessed[i], **scores[i]} for i in scores}
        (args.out / "page_kinds.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
        print("== mean word F1 with each profile forced, with the guess, and the best per page")
        print(profile_table(truth, guessed, scores))


if __name__ == "__main__":
    main()
