"""Lists of pages to clip: `clip --from urls.txt` and URLs on standard input.

One entry a line: `URL`, or `URL | titre | avis` (columns may be left empty);
blank lines and lines starting with `#` are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class BatchEntry:
    url: str
    titre: str | None = None
    avis: str | None = None
    line: int = 0


def parse_batch(lines: Iterable[str]) -> list[BatchEntry]:
    entries = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        url, titre, avis = (part.strip() for part in (line.split("|", 2) + ["", ""])[:3])
        if url:
            entries.append(BatchEntry(url, titre or None, avis or None, number))
    return entries
