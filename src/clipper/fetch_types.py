"""The fetch stage's small types and constants: its options, a download, the Accept headers."""

from __future__ import annotations

from dataclasses import dataclass

HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
ACCEPT_ENCODING = "gzip, deflate, br"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SNIFFED_TYPES = frozenset({"", "text/plain", "text/xml", "application/xml"})
"""Types whose body is looked at before deciding: often HTML served carelessly."""


@dataclass(frozen=True)
class FetchOptions:
    """Limits and identity for fetching; one instance per run."""

    timeout: float = 30.0
    """Overall deadline for one request, redirects and body included."""
    connect_timeout: float = 10.0
    max_bytes: int = 20 * 1024 * 1024
    """Cap on the decompressed body."""
    max_redirects: int = 10
    user_agent: str | None = None
    """Defaults to `clipper/<version> (+https://github.com/clipper)`."""


@dataclass(frozen=True)
class Download:
    """An image (or any file) as downloaded: final URL, bytes, and mime type."""

    url: str
    content: bytes
    content_type: str | None
