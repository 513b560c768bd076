"""What a site extractor declares, Zotero-translator style: the URLs it claims,
a cheap check on the parsed page, a priority, and the function that extracts.
`clipper.extract` chooses among them; the extractors import this, not it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from clipper.extract.parse import ParsedPage
from clipper.models import Extraction


@dataclass(frozen=True)
class SiteExtractor:
    name: str
    priority: int
    claims: re.Pattern[str] | None
    """URLs this extractor is for; None claims every URL (and pages with none)."""
    detect: Callable[[ParsedPage], bool]
    run: Callable[[ParsedPage], Extraction]

    def claims_url(self, url: str | None) -> bool:
        if self.claims is None:
            return True
        return bool(url and self.claims.search(url))
