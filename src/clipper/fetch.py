"""Getting a page's bytes and turning them into text: the fetch stage.

This module owns everything that crosses the network or reads a saved page:

- `make_client` builds the one `httpx.Client` of a run (User-Agent, encodings);
- `fetch_resource` gets a web page as a `Page`, or a PDF as a `Document`, from
  one GET: redirects checked hop by hop (the permanent ones recorded in
  `address`), an overall deadline (a body still arriving at it is a timeout,
  never a shorter page), a cap on the decompressed body, conditional requests
  (304), and a refusal of answers that are neither; `fetch` is the same for
  web pages only;
- `read_resource` reads a saved page or PDF from disk;
- `download` gets an image's bytes under the same limits, without the HTML check;
- `read_file` reads a page saved on disk;
- `decode_html` turns a body into text (BOM, HTTP charset, `<meta>`, detection).

Every foreign exception (httpx, OS, decompression) becomes a `FetchError` here;
a bad address typed by the user becomes a `UsageError`.

The stage's concerns live beside it, and their public names are importable
from here: `fetch_types` (options, `Download`, Accept headers),
`fetch_redirects` (addresses, hop-by-hop redirects), `fetch_deadline` (the
overall deadline's watchdog thread), `fetch_errors` (statuses, Retry-After,
error wording), `fetch_body` (size cap, decompression), `fetch_sniff` (is it
a web page?), `fetch_charset` (`decode_html`) and `fetch_tls` (the client's TLS
context, its certificates read at the first handshake).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from clipper import installed_version
from clipper.errors import FetchError, NotAWebPageError, UsageError
from clipper.fetch_body import _read_body, decompressed
from clipper.fetch_charset import decode_html
from clipper.fetch_errors import (
    HTTPStatusError,
    _raise_for_status,
    _translated_errors,
    describe_network_error,
    parse_retry_after,
)
from clipper.fetch_httpx import httpx
from clipper.fetch_redirects import _check_address, _FinalResponse
from clipper.fetch_sniff import (
    _mime,
    _refuse_declared_non_html,
    _refuse_sniffed_non_html,
    binary_kind,
    describe_type,
    looks_like_html,
    mime_type,
)
from clipper.fetch_tls import trusting_context
from clipper.fetch_types import (
    ACCEPT_ENCODING,
    HTML_ACCEPT,
    HTML_TYPES,
    IMAGE_ACCEPT,
    REDIRECT_STATUSES,
    SNIFFED_TYPES,
    Download,
    FetchOptions,
)
from clipper.models import Document, Page

DOCUMENT_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/octet-stream"})
"""Types read as a document (a PDF, checked by its bytes) when documents are wanted."""

__all__ = [
    "ACCEPT_ENCODING",
    "HTML_ACCEPT",
    "HTML_TYPES",
    "IMAGE_ACCEPT",
    "REDIRECT_STATUSES",
    "SNIFFED_TYPES",
    "Download",
    "FetchOptions",
    "HTTPStatusError",
    "binary_kind",
    "decode_html",
    "decompressed",
    "default_user_agent",
    "describe_network_error",
    "describe_type",
    "download",
    "fetch",
    "fetch_resource",
    "is_pdf_body",
    "read_resource",
    "looks_like_html",
    "make_client",
    "mime_type",
    "parse_retry_after",
    "read_file",
]


# --- identity and client ---------------------------------------------------


def default_user_agent() -> str:
    """`clipper/<installed version> (+https://github.com/clipper)`."""

    return f"clipper/{installed_version()} (+https://github.com/clipper)"


def make_client(
    options: FetchOptions = FetchOptions(), *, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """The HTTP client of one run; redirects are followed by `fetch`, not httpx."""
    return httpx.Client(
        headers={
            "User-Agent": options.user_agent or default_user_agent(),
            "Accept-Encoding": ACCEPT_ENCODING,
        },
        timeout=httpx.Timeout(options.timeout, connect=options.connect_timeout),
        follow_redirects=False,
        transport=transport,
        verify=trusting_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
    )


# --- public entry points ----------------------------------------------------


def fetch(
    url: str,
    options: FetchOptions = FetchOptions(),
    *,
    client: httpx.Client | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept_error_status: bool = False,
) -> Page:
    """Fetch a web page; 304 gives `Page(status=304, html="")` when validators were sent.

    Raises UsageError for an address that is not http(s), HTTPStatusError for
    4xx/5xx, NotAWebPageError for images, PDFs, JSON…, FetchError otherwise.
    With `accept_error_status`, a 4xx/5xx answer that is a web page is returned
    as a `Page` carrying its status (`clip --force`), under the same limits.
    A `client` should come from `make_client` (it carries the User-Agent);
    `options` set the limits either way.
    """
    answer = fetch_resource(
        url, options, client=client, etag=etag, last_modified=last_modified, accept_error_status=accept_error_status
    )
    assert isinstance(answer, Page)  # no document is taken without max_document_bytes
    return answer


def fetch_resource(
    url: str,
    options: FetchOptions = FetchOptions(),
    *,
    client: httpx.Client | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    accept_error_status: bool = False,
    max_document_bytes: int = 0,
) -> Page | Document:
    """`fetch`, but a PDF answer (declared, or sniffed from an untyped or generic
    binary body) is a `Document` of at most `max_document_bytes`, from the same GET."""
    _check_address(url, UsageError)
    conditional = _conditional_headers(etag, last_modified)
    headers = {"Accept": HTML_ACCEPT} | conditional
    ask = _Ask(url, options, headers, bool(conditional), accept_error_status, max_document_bytes)
    if client is None:
        with make_client(options) as own_client:
            return _fetch_answer(own_client, ask)
    return _fetch_answer(client, ask)


def download(
    url: str,
    *,
    client: httpx.Client,
    referer: str | None = None,
    max_bytes: int,
    timeout: float | None = None,
    max_redirects: int | None = None,
) -> Download:
    """Download a file (an image) under the same limits as `fetch`; no HTML check."""
    _check_address(url, FetchError)
    defaults = FetchOptions()
    options = FetchOptions(
        timeout=timeout or defaults.timeout,
        max_bytes=max_bytes,
        max_redirects=defaults.max_redirects if max_redirects is None else max_redirects,
    )
    headers = {"Accept": IMAGE_ACCEPT} | ({"Referer": referer} if referer else {})
    deadline = time.monotonic() + options.timeout
    with _translated_errors(url, options, deadline):
        with _FinalResponse(client, url, options, headers, deadline) as response:
            _raise_for_status(response)
            body = bytes(_read_body(response, options.max_bytes, deadline))
            return Download(url=str(response.url), content=body, content_type=_mime(response) or None)


def read_file(path: str | Path, source_url: str | None = None) -> Page:
    """A page saved on disk, decoded like a fetched one; `Page.url` is `source_url` or ""."""
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"cannot read {path}: {reason}", target=str(path)) from exc
    kind = binary_kind(body)
    if kind:
        raise UsageError(f"{path} is {kind}, not a saved web page", target=str(path))
    html, encoding = decode_html(body, None)
    return Page(
        url=source_url or "",
        html=html,
        encoding=encoding,
        requested_url=source_url,
    )


# --- the page fetch ---------------------------------------------------------


@dataclass(frozen=True)
class _Ask:
    url: str
    options: FetchOptions
    headers: dict[str, str]
    conditional: bool
    accept_error_status: bool
    max_document_bytes: int


def _fetch_answer(client: httpx.Client, ask: _Ask) -> Page | Document:
    options = ask.options
    deadline = time.monotonic() + options.timeout
    with _translated_errors(ask.url, options, deadline):
        final = _FinalResponse(client, ask.url, options, ask.headers, deadline)
        with final as response:
            final_url = str(response.url)
            if response.status_code == 304 and ask.conditional:
                return _not_modified_page(response, ask.url, final.address)
            if not (ask.accept_error_status and response.status_code >= 400):
                _raise_for_status(response)
            mime = _mime(response)
            documents = bool(ask.max_document_bytes) and response.status_code < 400
            if documents and mime in DOCUMENT_TYPES:
                body = _read_body(response, ask.max_document_bytes, deadline)
                return _document(response, bytes(body), final.address, mime)
            _refuse_declared_non_html(mime, final_url)
            body = _read_body(response, options.max_bytes, deadline)
            if documents and not mime and is_pdf_body(body):  # untyped; a PDF served as HTML is not one
                return _document(response, bytes(body), final.address, mime)
            content_type = response.headers.get("content-type", "")
            _refuse_sniffed_non_html(body, content_type, final_url)
            html, encoding = decode_html(body, content_type)
            return Page(
                url=final_url,
                html=html,
                status=response.status_code,
                content_type=mime if mime in HTML_TYPES else "text/html",
                encoding=encoding,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                requested_url=ask.url,
                address=final.address,
            )


def is_pdf_body(body: bytes | bytearray) -> bool:
    return bytes(body[:1024]).lstrip().startswith(b"%PDF-")


def _document(response: httpx.Response, body: bytes, address: str, mime: str) -> Document:
    url = str(response.url)
    if not is_pdf_body(body):
        raise NotAWebPageError(f"{url} is {describe_type(mime)}, not a web page or a PDF", target=url)
    return Document(
        url=url,
        content=body,
        status=response.status_code,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        address=address,
    )


def read_resource(path: Path, url: str, *, max_document_bytes: int) -> Page | Document:
    """A file saved on disk: a PDF as a `Document`, else a saved web page (`read_file`)
    whose `Page.url` is `url`. UsageError when it cannot be read or is neither."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1024)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or type(exc).__name__}", target=str(path)) from exc
    if not is_pdf_body(head):
        return replace(read_file(path, url), url=url)
    if path.stat().st_size > max_document_bytes:
        raise UsageError(f"{path} is a PDF over the {max_document_bytes // (1024 * 1024)} MB limit", str(path))
    return Document(url=url, content=path.read_bytes())


def _not_modified_page(response: httpx.Response, requested_url: str, address: str) -> Page:
    # A 304 has no body (h11 reads none whatever the headers say); reading it
    # ends the response cleanly, so httpx keeps the connection for the next
    # request instead of closing it (a new TCP connection per 304 otherwise).
    response.read()
    return Page(
        url=str(response.url),
        html="",
        status=304,
        content_type=_mime(response) or "text/html",
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        requested_url=requested_url,
        address=address,
    )


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers
