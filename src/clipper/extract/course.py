"""Course and seminar pages. STUB: accepts nothing until the real one lands."""

from __future__ import annotations

from clipper.extract.parse import ParsedPage
from clipper.models import Extraction


def looks_like_course(page: ParsedPage) -> bool:
    return False


def extract_course(page: ParsedPage) -> Extraction:
    raise NotImplementedError


def _extractor():
    from clipper.extract import SiteExtractor

    return SiteExtractor("course", priority=50, claims=None, detect=looks_like_course, run=extract_course)


EXTRACTOR = _extractor()
