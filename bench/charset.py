#!/usr/bin/env python3
"""How often an undeclared legacy page is read back right, on the shared corpora's pages.

    .venv/bin/python bench/charset.py
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/charset.py     (other code, for a before/after)

Each page of ../shared/bench/article-extraction and ../shared/bench/web-content
is made into a page that declares no charset: its `<meta … charset …>` tags are
removed and its text is encoded in windows-1252. Pages whose text does not fit
windows-1252, that are ASCII, or whose bytes would still read as UTF-8 are
skipped. `clipper.fetch_charset.decode_html(body, "text/html")` (no charset in
the HTTP header either) must give the text back exactly. Prints how many did,
in all and by the page's `<html lang>`. No network; nothing is written.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from clipper.fetch_charset import decode_html

SHARED_BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"
CORPORA = ("article-extraction", "web-content")
META_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.IGNORECASE)
HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})""", re.IGNORECASE)


def undeclared_cp1252(text: str) -> bytes | None:
    """`text` (its charset tags gone) as windows-1252 bytes, or None when the page is no test of that."""
    try:
        body = text.encode("cp1252")
    except UnicodeEncodeError:
        return None
    if body.isascii():
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return body
    return None  # read as UTF-8 whatever the rules


def main() -> None:
    by_language: dict[str, list[int]] = {}
    for corpus in CORPORA:
        for path in sorted((SHARED_BENCH / corpus / "html").glob("*.html*")):
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
            text = META_CHARSET.sub("", raw.decode("utf-8", errors="replace")).replace("\x00", "")
            body = undeclared_cp1252(text)
            if body is None:
                continue
            found = HTML_LANG.search(text[:4096])
            language = found.group(1).lower()[:2] if found else "-"
            counts = by_language.setdefault(language, [0, 0])
            counts[0] += 1
            counts[1] += decode_html(body, "text/html")[0] == text
    pages = sum(tried for tried, _ in by_language.values())
    right = sum(read for _, read in by_language.values())
    print(f"undeclared windows-1252 pages made from the corpora: {pages}, read back exactly: {right}")
    for language, (tried, read) in sorted(by_language.items(), key=lambda item: -item[1][0]):
        print(f"  lang {language:<3} {read:>4} of {tried}")


if __name__ == "__main__":
    main()
