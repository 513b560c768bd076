"""What makes two addresses the same page, for finding a page's note again
(`canonical_url`, never fetched), and the address a note records
(`without_tracking`: the one asked, less what only tracks the visitor), and the
links a note shows (`link_without_tracking`)."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

# Query parameters that only track the visitor; removing them never changes the page.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "ref_src",
        "s_cid",
    }
)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith("utm_") or key in TRACKING_PARAMETERS


def without_tracking(url: str) -> str:
    """`url` as given, less its tracking parameters and its fragment: the address a
    note records. Everything else is kept byte for byte (trailing slash, case, the
    order and spelling of the other parameters)."""
    base = url.partition("#")[0]
    path, mark, query = base.partition("?")
    return _with_query_untracked(path, query) if mark else base


def address_forms(url: str) -> list[str]:
    """The forms under which `url` may be recorded as an address (`without_tracking`):
    as given, and with or without the trailing slash of its path."""
    recorded = without_tracking(url)
    path, mark, query = recorded.partition("?")
    if path.count("/") < 3:  # "https://host": the root's slash is no trailing one
        return [recorded]
    other = path[:-1] if path.endswith("/") else path + "/"
    return [recorded, other + mark + query]


def link_without_tracking(url: str) -> str:
    """`url` less its tracking parameters, its fragment kept (`#section`): a link a note
    shows. A link without any is left byte for byte as it is (its empty `?` or `&` too)."""
    base, hash_mark, fragment = url.partition("#")
    path, mark, query = base.partition("?")
    if not mark or not any(_is_tracking_pair(pair) for pair in query.split("&") if pair):
        return url
    return _with_query_untracked(path, query) + hash_mark + fragment


def _with_query_untracked(path: str, query: str) -> str:
    """`path` and what `query` holds besides tracking parameters (and empty pairs)."""
    kept = [pair for pair in query.split("&") if pair and not _is_tracking_pair(pair)]
    return f"{path}?{'&'.join(kept)}" if kept else path


def _is_tracking_pair(pair: str) -> bool:
    return _is_tracking(unquote_plus(pair.split("=", 1)[0]))


def canonical_url(url: str) -> str:
    """`url` without tracking parameters, fragment, default port or trailing slash,
    with scheme and host in lower case; a malformed address (`http://[::1/`) is its own form."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = port if port and (scheme, port) not in (("http", 80), ("https", 443)) else None
    netloc = f"{host}:{port}" if port else host
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(key)]
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def host_of(url: str) -> str:
    """The host of `url`, in lower case; "" for none or a malformed address
    (`http://[::1/`), which the fetch then refuses as such."""
    return (_split(url).hostname or "").lower()


def scheme_of(url: str) -> str:
    """The scheme of `url`, in lower case ("" for none); a malformed address keeps its own."""
    return _split(url).scheme.lower()


def _split(url: str) -> SplitResult:
    """`urlsplit(url)`, or, for an address it refuses (an unclosed or bad IPv6 bracket),
    its scheme alone: the caller learns what kind of address it is, not its host."""
    try:
        return urlsplit(url)
    except ValueError:
        scheme, colon, _ = url.strip().partition(":")
        return SplitResult(scheme if colon and scheme.isascii() and scheme.isalpha() else "", "", "", "", "")


_HOST_LIKE = re.compile(
    r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}(?::\d+)?$"
)
_FILE_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".pdf", ".md", ".txt", ".php", ".asp", ".aspx", ".jsp")


def looks_like_address(target: str) -> bool:
    """Whether `target`, given as a file, reads as a web address without its
    `https://` (`example.org/page`), rather than as a file name (`page.html`)."""
    head = target.split("/", 1)[0].lower()
    return "://" not in target and bool(_HOST_LIKE.match(head)) and not head.endswith(_FILE_SUFFIXES)
