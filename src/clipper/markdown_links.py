"""Links and images in the Markdown conversion: URLs made absolute and cleaned (a
link less its tracking parameters), link destinations spelled safely, image sources
read from lazy attributes, `srcset` and `<picture>`, placeholders and tracking pixels
refused; the one spelling of an image.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as html_escape
from urllib.parse import urljoin

from lxml import etree

from clipper.markdown_text import collapse, escape_text
from clipper.models import ImageRef
from clipper.urls import host_of, link_without_tracking

_VAULT_IMAGE_TYPES = frozenset(
    "image/jpeg image/jpg image/png image/gif image/webp image/avif image/svg+xml image/bmp image/apng".split()
)
_LAZY_SRCSET = ("data-srcset", "data-lazy-srcset")
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-original-src")
_PLACEHOLDER_WORDS = ("blank", "placeholder", "spacer", "1x1")


def image_markdown(ref: ImageRef) -> str:
    """How an image is written in the Markdown before it is saved locally."""
    alt = ref.alt.replace("\\", "/").replace("[", "(").replace("]", ")").replace("\n", " ")
    return f"![{alt}](<{ref.url}>)"


def image_html(ref: ImageRef) -> str:
    """How an image is written inside a table kept as HTML."""
    return f'<img src="{html_escape(ref.url)}" alt="{html_escape(ref.alt)}">'


def parse_srcset(srcset: str) -> list[tuple[str, float, str]]:
    """(url, size, unit) candidates of a srcset; unit is "w", "x" (default 1x)."""
    candidates: list[tuple[str, float, str]] = []
    tokens = srcset.split()
    index = 0
    while index < len(tokens):
        url = tokens[index]
        index += 1
        size, unit = 1.0, "x"
        if url.endswith(","):
            url = url.rstrip(",")
        elif index < len(tokens):
            descriptor = tokens[index]
            value = descriptor.rstrip(",")
            if value[-1:] in ("w", "x", "h") and _is_number(value[:-1]):
                index += 1
                if value[-1] != "h":
                    size, unit = float(value[:-1]), value[-1]
        if url:
            candidates.append((url, size, unit))
    return candidates


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def largest_candidate(srcset: str) -> str | None:
    """The URL of the largest candidate: by width if any has one, else density."""
    candidates = parse_srcset(srcset)
    if not candidates:
        return None
    widths = [c for c in candidates if c[2] == "w"]
    pool = widths or candidates
    return max(pool, key=lambda candidate: candidate[1])[0]


def is_placeholder(url: str) -> bool:
    """A lazy-loading stand-in: a tiny data: gif/svg, or a blank/spacer file."""
    head = url[:120].lower()
    if head.startswith("data:"):
        small_vector = ("image/gif" in head or "image/svg" in head) and len(url) < 2000
        return small_vector or len(url) < 400
    return any(word in head for word in _PLACEHOLDER_WORDS)


def clean_url(url: str) -> str:
    """A URL safe inside `(<…>)`: no whitespace, no angle brackets."""
    if url.startswith("data:"):
        return "".join(url.split())
    url = url.strip()
    for char, code in ((" ", "%20"), ("\n", ""), ("\r", ""), ("\t", ""), ("<", "%3C"), (">", "%3E")):
        if char in url:
            url = url.replace(char, code)
    return url


def link_destination(url: str) -> str:
    if any(char in url for char in " ()"):
        return f"<{url}>"
    return url


def link_markdown(text: str, url: str) -> str:
    """A Markdown link to `url` (from `absolute_link`) showing page text `text` literally."""
    return f"[{escape_text(collapse(text))}]({link_destination(url)})"


def absolute_link(href: str | None, base_url: str | None) -> str | None:
    """The absolute, cleaned URL an `href` points to, less its tracking parameters
    (`utm_source`, `fbclid`…); None for none or a script (`javascript:`, `vbscript:`, `data:`)."""
    if not href or not href.strip():
        return None
    compact = "".join(href.split()).lower()
    if compact.startswith(("javascript:", "vbscript:", "data:")):
        return None
    return clean_url(link_without_tracking(_absolute(href.strip(), base_url)))


def _absolute(url: str, base_url: str | None) -> str:
    if url.startswith(("https://", "http://")):
        return url
    if base_url:
        try:
            url = urljoin(base_url, url)
        except ValueError:
            return url
    if url.startswith("//"):
        url = "https:" + url
    return url


def image_source(img: etree._Element, base_url: str | None, picture: etree._Element | None = None) -> str | None:
    """The absolute, cleaned URL an `<img>` (in its `<picture>`, if any) shows:
    the best of its srcsets and lazy-loading attributes, past placeholders.
    None for a tracking pixel or no usable source; a `data:image/` placeholder
    is returned only when the image names no other source at all (never in
    place of a real one in `data-src` or a srcset, even one that cannot be used).
    Under a saved page (`file:` base), images beside it are `file:` URLs too."""
    if _is_tracking_pixel(img):
        return None
    fallback = None
    real_source = False
    for candidate in _image_candidates(img, picture):
        candidate = candidate.strip()
        if not candidate:
            continue
        if is_placeholder(candidate):
            if fallback is None and candidate.lower().startswith("data:image/"):
                fallback = clean_url(candidate)
            continue
        real_source = True
        url = _usable_image_url(candidate, base_url)
        if url:
            return url
    return None if real_source else fallback


def _usable_image_url(candidate: str, base_url: str | None) -> str | None:
    if candidate.lower().startswith("data:"):
        return clean_url(candidate) if candidate.lower().startswith("data:image/") else None
    url = _absolute(candidate, base_url)
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    if scheme in ("http", "https"):
        return clean_url(url) if host_of(url) else None  # `http://[::1/a.png`: the next candidate
    if not scheme and not base_url:
        return clean_url(url)
    if scheme == "file" and base_url and base_url.startswith("file:"):
        return clean_url(url)
    return None


def _is_tracking_pixel(img: etree._Element) -> bool:
    return (img.get("width") or "").strip() in ("1", "1px", "0") and (img.get("height") or "").strip() in (
        "1",
        "1px",
        "0",
    )


def _image_candidates(img: etree._Element, picture: etree._Element | None) -> Iterable[str]:
    """Possible sources of an image, best first."""
    if picture is not None:
        for source in picture.iter("source"):
            kind = (source.get("type") or "").strip().lower()
            srcset = source.get("srcset") or source.get("data-srcset")
            if srcset and (not kind or kind in _VAULT_IMAGE_TYPES):
                best = largest_candidate(srcset)
                if best:
                    yield best
                    break
    for attribute in _LAZY_SRCSET + ("srcset",):
        srcset = img.get(attribute)
        if srcset:
            best = largest_candidate(srcset)
            if best:
                yield best
    for attribute in _LAZY_SRC + ("src",):
        value = img.get(attribute)
        if value:
            yield value
