"""Metadata a page gives about itself. STUB: filled in with the pipeline."""

from __future__ import annotations

from clipper.models import Metadata


def read_metadata(root, url: str | None) -> Metadata:
    titles = root.xpath("//title/text()")
    return Metadata(title=titles[0].strip() if titles else None)
