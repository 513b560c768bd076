"""What a page says about itself, read as a cascade: JSON-LD, Open Graph and
other meta tags, then the document itself (`<title>`, `<h1>`, `<html lang>`).

Each field takes the first non-empty value in its cascade (`_CASCADES`), so the
order of preference is data, not code. Dates come out as ISO `YYYY-MM-DD`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from clipper.models import Metadata
from clipper.urls import scheme_of

# Meta keys (name= or property=, lower-cased) in order of preference per field.
_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "citation_title"),
    "description": ("description", "og:description", "twitter:description", "dc.description"),
    "author": (
        "author",
        "article:author",
        "dc.creator",
        "citation_author",
        "parsely-author",
        "sailthru.author",
        "byl",
        "twitter:creator",
    ),
    "published": (
        "article:published_time",
        "datepublished",
        "citation_publication_date",
        "dc.date",
        "dc.date.issued",
        "date",
        "pubdate",
        "publish-date",
        "sailthru.date",
        "og:published_time",
        "parsely-pub-date",
    ),
    "site": ("og:site_name", "application-name", "twitter:site"),
    "language": ("og:locale", "content-language", "dc.language", "language"),
    "image": ("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
}

_JSON_LD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("headline", "name"),
    "description": ("description",),
    "author": ("author", "creator"),
    "published": ("datePublished", "dateCreated"),
    "site": ("publisher",),
}

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SLASH_DATE = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_COMPACT_DATE = re.compile(r"^D:(\d{4})(\d{2})(\d{2})")
"""A PDF's `D:YYYYMMDD…` date."""
_SPACE = re.compile(r"\s+")


def read_metadata(root: lxml.html.HtmlElement, url: str | None) -> Metadata:
    """The page's metadata from its parsed tree (`lxml.html` root)."""
    meta = _meta_tags(root)
    linked = list(_json_ld_objects(root))
    fields = {}
    for field in ("title", "description", "author", "published", "site", "language", "image"):
        fields[field] = _first(_from_json_ld(linked, field), *(meta.get(key) for key in _META_KEYS[field]))
    fields["title"] = fields["title"] or _document_title(root)
    fields["language"] = _language(fields["language"] or root.get("lang") or root.get("xml:lang"))
    fields["published"] = iso_date(fields["published"])
    fields["author"] = _author(fields["author"])
    if fields["site"] and fields["site"].startswith("@"):
        fields["site"] = fields["site"][1:]
    if fields["image"] and url:
        fields["image"] = _joined(url, fields["image"])
    return Metadata(**fields)


def _joined(base: str, address: str) -> str | None:
    """`address` made absolute against `base`; None when either is malformed (an
    `og:image` of `http://[::1/x.png`): a page's broken tag loses its image, not the page."""
    try:
        return urljoin(base, address)
    except ValueError:
        return None


def iso_date(value: str | None) -> str | None:
    """`YYYY-MM-DD` from an ISO timestamp or a `YYYY/MM/DD` date; None otherwise."""
    if not value:
        return None
    for pattern in (_ISO_DATE, _SLASH_DATE, _COMPACT_DATE):
        found = pattern.search(value)
        if found:
            try:
                return dt.date(*(int(part) for part in found.groups())).isoformat()
            except ValueError:
                return None  # 2024-02-30 and the like: no date rather than a wrong one
    return None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value).strip()
    return text or None


def _first(*values: object) -> str | None:
    for value in values:
        text = _clean(value)
        if text:
            return text
    return None


def _meta_tags(root: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in root.iter("meta"):
        key = (
            (tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv") or "")
            .strip()
            .lower()
        )
        content = tag.get("content")
        if key and content and key not in found:
            found[key] = content
    return found


def json_ld_blocks(root: etree._Element) -> Iterator[object]:
    """The parsed JSON of every `<script type="application/ld+json">` of the page that
    parses (a broken or absurdly nested block is passed over)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            yield json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue


def _json_ld_objects(root: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for data in json_ld_blocks(root):
        yield from _flatten(data)


def _flatten(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def _from_json_ld(objects: list[dict[str, Any]], field: str) -> str | None:
    for obj in objects:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if field != "site" and not any(_is_creative_work(k) for k in kinds):
            continue
        for key in _JSON_LD_KEYS.get(field, ()):
            value = _name_of(obj.get(key))
            if value:
                return value
    return None


def _is_creative_work(kind: object) -> bool:
    return isinstance(kind, str) and (
        kind.endswith(("Article", "Posting", "Page", "Report", "Review"))
        or kind in {"BlogPosting", "Course", "Event", "CreativeWork", "Book", "Recipe", "VideoObject"}
    )


def _name_of(value: object) -> str | None:
    """A JSON-LD value as text: a string, an object's `name`, or a list of those."""
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return _clean(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name_of(item) for item in value) if name]
        return ", ".join(names) or None
    return None


def _document_title(root: lxml.html.HtmlElement) -> str | None:
    for path in ("//title", "//h1"):
        for node in root.xpath(path):
            text = _clean(node.text_content())
            if text:
                return text
    return None


def _author(value: str | None) -> str | None:
    if not value:
        return None
    if scheme_of(value) in ("http", "https"):
        return None  # article:author is often a profile URL, not a name
    return value.removeprefix("By ").removeprefix("by ").strip() or None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    return value.strip().replace("_", "-").split(",")[0].strip() or None
