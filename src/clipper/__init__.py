"""clipper: clip web pages, images and all, into notes of an Obsidian vault.

The public API is imported lazily so that `clip --help` stays fast:

    from clipper import extract_html, clip, ClipOptions
    extraction = extract_html(html, url="https://…")     # -> Extraction
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

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


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'clipper' has no attribute {name!r}")


def installed_version() -> str:
    """clipper's installed version, read from the name of its `.dist-info` folder on
    sys.path: importing importlib.metadata (email, zipfile, csv…) would double the
    cost of `clip --version` and add 0.03 s to every clip (the User-Agent)."""
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("clipper-") and name.endswith(".dist-info"):
                return name[len("clipper-") : -len(".dist-info")]
    # deferred: `clip --version` reads the .dist-info name first; this is the fallback
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clipper")
    except PackageNotFoundError:
        return "0"
