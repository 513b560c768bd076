"""clipper: clip web pages, images and all, into notes of an Obsidian vault.

The public API is imported lazily so that `clip --help` stays fast:

    from clipper import extract_html, clip, ClipOptions
    extraction = extract_html(html, url="https://…")     # -> Extraction
"""

from __future__ import annotations

from importlib import import_module

__all__ = [
    "ClipOptions",
    "ClipResult",
    "ClipperError",
    "Extraction",
    "clip",
    "extract_html",
]

_HOMES = {
    "ClipOptions": "clipper.pipeline",
    "ClipResult": "clipper.pipeline",
    "clip": "clipper.pipeline",
    "ClipperError": "clipper.errors",
    "Extraction": "clipper.models",
    "extract_html": "clipper.extract",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'clipper' has no attribute {name!r}")
