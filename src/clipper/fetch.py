"""Getting a page's bytes and turning them into text: the fetch stage.

This module owns everything that crosses the network or reads a saved page:

- `make_client` builds the one `httpx.Client` of a run (User-Agent, encodings);
- `fetch` gets a web page as a `Page`: redirects checked hop by hop, an overall
  deadline, a cap on the decompressed body, conditional requests (304), and a
  refusal of answers that are not web pages;
- `download` gets an image's bytes under the same limits, without the HTML check;
- `read_file` reads a page saved on disk;
- `decode_html` turns a body into text (BOM, HTTP charset, `<meta>`, detection).

Every foreign exception (httpx, OS, decompression) becomes a `FetchError` here;
a bad address typed by the user becomes a `UsageError`.
"""

from __future__ import annotations

import codecs
import email.utils
import heapq
import http
import itertools
import os
import re
import socket
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clipper.errors import ClipperError, FetchError, NotAWebPageError, UsageError
from clipper.models import Page


def _import_httpx():
    """httpx, without its own command line.

    `import httpx` also runs `from ._main import main`, which imports click,
    rich and pygments (0.07 s, a third of httpx's import) only to offer the
    `httpx` console script. A `None` in `sys.modules` makes that one import
    fail with ImportError, and httpx then defines its stub `main` (its own
    behaviour when the `httpx[cli]` extra is missing); nothing else of httpx
    uses `_main`. The entry is removed at once, so `import httpx._main` works
    later, should anything want it.
    """
    if "httpx" in sys.modules:
        return sys.modules["httpx"]
    blocked = "httpx._main" not in sys.modules
    if blocked:
        sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx
    finally:
        if blocked and sys.modules.get("httpx._main", ...) is None:
            del sys.modules["httpx._main"]
    return httpx


httpx = _import_httpx()

HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5"
ACCEPT_ENCODING = "gzip, deflate, br"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SNIFFED_TYPES = frozenset({"", "text/plain", "text/xml", "application/xml"})
"""Types whose body is looked at before deciding: often HTML served carelessly."""
PIECE_SIZE = 64 * 1024
"""Most decompressed bytes produced from one step: keeps a bomb's memory bounded."""
META_SCAN_BYTES = 4096


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


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx, 5xx)."""

    def __init__(self, message: str, target: str | None, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, target)
        self.status = status
        self.retry_after = retry_after
        """Seconds to wait, when a 429 or 503 came with Retry-After."""


# --- identity and client ---------------------------------------------------


def default_user_agent() -> str:
    """`clipper/<installed version> (+https://github.com/clipper)`."""
    from clipper import installed_version

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
    _check_address(url, UsageError)
    conditional = _conditional_headers(etag, last_modified)
    headers = {"Accept": HTML_ACCEPT} | conditional
    if client is None:
        with make_client(options) as own_client:
            return _fetch_page(own_client, url, options, headers, bool(conditional), accept_error_status)
    return _fetch_page(client, url, options, headers, bool(conditional), accept_error_status)


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


def _fetch_page(
    client: httpx.Client,
    url: str,
    options: FetchOptions,
    headers: dict[str, str],
    conditional: bool,
    accept_error_status: bool = False,
) -> Page:
    deadline = time.monotonic() + options.timeout
    with _translated_errors(url, options, deadline):
        with _FinalResponse(client, url, options, headers, deadline) as response:
            final_url = str(response.url)
            if response.status_code == 304 and conditional:
                return _not_modified_page(response, url)
            if not (accept_error_status and response.status_code >= 400):
                _raise_for_status(response)
            mime = _mime(response)
            _refuse_declared_non_html(mime, final_url)
            # the bytearray itself: a bytes copy would hold the page twice
            body = _read_body(response, options.max_bytes, deadline)
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
                requested_url=url,
            )


def _not_modified_page(response: httpx.Response, requested_url: str) -> Page:
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
    )


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


# --- addresses and redirects ------------------------------------------------


def _check_address(url: str, error: type[ClipperError]) -> httpx.URL:
    """The URL parsed; `error` if it is not an http(s) address with a host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise error(f"not a valid web address: {url!r}", target=str(url)) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "no scheme"
        raise error(f"not a web address ({scheme}; expected http or https): {url}", target=url)
    if not parsed.host:
        raise error(f"not a valid web address (no host): {url}", target=url)
    return parsed


class _FinalResponse:
    """Context manager: follow redirects by hand, yield the last streamed response."""

    def __init__(
        self,
        client: httpx.Client,
        url: str,
        options: FetchOptions,
        headers: dict[str, str],
        deadline: float,
    ) -> None:
        self._client, self._url, self._options = client, url, options
        self._headers, self._deadline = headers, deadline
        self._response: httpx.Response | None = None
        self._watchdog = _Watchdog(deadline)

    def __enter__(self) -> httpx.Response:
        self._watchdog.start()
        try:
            self._response = self._follow()
        except BaseException:
            self._watchdog.stop()
            raise
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        self._watchdog.stop()
        if self._response is not None:
            self._response.close()

    def _follow(self) -> httpx.Response:
        url = self._url
        for _hop in range(self._options.max_redirects + 1):
            response = self._send(url)
            location = response.headers.get("location")
            if response.status_code not in REDIRECT_STATUSES or not location:
                return response
            response.close()
            url = _redirect_target(response.url, location, self._url)
        raise FetchError(f"too many redirects (more than {self._options.max_redirects})", target=self._url)

    def _send(self, url: str) -> httpx.Response:
        remaining = max(self._deadline - time.monotonic(), 0.001)
        timeout = httpx.Timeout(remaining, connect=min(self._options.connect_timeout, remaining))
        request = self._client.build_request(
            "GET",
            url,
            headers=self._headers,
            timeout=timeout,
            extensions={"trace": self._watchdog.trace},
        )
        try:
            response = self._client.send(request, stream=True, follow_redirects=False)
        except httpx.InvalidURL as exc:
            # httpx prepares the next hop even when not following it, and chokes
            # on host-less targets such as javascript: or data:.
            raise FetchError("refused a redirect to an address that is not http(s)", target=self._url) from exc
        self._watchdog.watch(response)
        return response


def _redirect_target(current: httpx.URL, location: str, requested: str) -> str:
    """The absolute next address; FetchError if it leaves http(s)."""
    try:
        target = current.join(location)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchError(f"redirected to an invalid address {location!r}", requested) from exc
    if target.scheme not in ("http", "https"):
        raise FetchError(
            f"refused a redirect to {location} (only http and https are followed)",
            target=requested,
        )
    return str(target)


# --- deadline ---------------------------------------------------------------


class _Watchdog:
    """Shuts the sockets of one request down when its overall deadline passes.

    httpx timeouts apply to each read; a server trickling a byte at a time never
    trips them. The sockets are learnt from httpx's documented `trace` request
    extension (new connections) and `network_stream` response extension. The
    deadlines of all requests are kept by one thread (`_DeadlineKeeper`), not a
    timer thread per request. Once `stop` returns, nothing is shut down: the
    connection may already serve another request.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = False

    def start(self) -> None:
        _deadline_keeper().add(self)

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            self._sockets.clear()
        _deadline_keeper().discard()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def trace(self, event_name: str, info: dict[str, Any]) -> None:
        if event_name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self._remember(info.get("return_value"))

    def watch(self, response: httpx.Response) -> None:
        self._remember(response.extensions.get("network_stream"))

    def _remember(self, stream: Any) -> None:
        get_extra_info = getattr(stream, "get_extra_info", None)
        sock = get_extra_info("socket") if get_extra_info else None
        if isinstance(sock, socket.socket):
            with self._lock:
                if not self._stopped:
                    self._sockets.append(sock)

    def fire(self) -> None:
        with self._lock:
            if self._stopped:
                return
            for sock in self._sockets:
                try:
                    # The base method: ssl.SSLSocket.shutdown would drop its TLS state
                    # under the feet of the thread reading it.
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass


class _DeadlineKeeper:
    """One daemon thread that fires the watchdogs whose deadline has passed.

    A heap of (deadline, order, watchdog); stopped watchdogs are dropped when
    they reach the top, or all at once when they are most of the heap, so the
    heap holds about as many entries as requests in flight.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, _Watchdog]] = []
        self._order = itertools.count()
        self._stopped = 0
        self._wake = threading.Condition(threading.Lock())
        self._thread = threading.Thread(target=self._run, name="clipper-deadlines", daemon=True)
        self._thread.start()

    def add(self, watchdog: _Watchdog) -> None:
        with self._wake:
            heapq.heappush(self._heap, (watchdog.deadline, next(self._order), watchdog))
            if self._heap[0][2] is watchdog:
                self._wake.notify()

    def discard(self) -> None:
        with self._wake:
            self._stopped += 1
            if self._stopped > 64 and self._stopped * 2 > len(self._heap):
                self._heap = [entry for entry in self._heap if not entry[2].stopped]
                heapq.heapify(self._heap)
                self._stopped = 0

    def _run(self) -> None:
        while True:
            with self._wake:
                while True:
                    while self._heap and self._heap[0][2].stopped:
                        heapq.heappop(self._heap)
                        self._stopped = max(self._stopped - 1, 0)
                    if not self._heap:
                        self._wake.wait()
                        continue
                    wait = self._heap[0][0] - time.monotonic()
                    if wait <= 0:
                        due = heapq.heappop(self._heap)[2]
                        break
                    self._wake.wait(wait)
            due.fire()


_keeper: _DeadlineKeeper | None = None
_keeper_pid = 0
_keeper_guard = threading.Lock()


def _deadline_keeper() -> _DeadlineKeeper:
    """The process's keeper, started on first use (and again in a forked child)."""
    global _keeper, _keeper_pid
    keeper = _keeper
    if keeper is not None and _keeper_pid == os.getpid():
        return keeper
    with _keeper_guard:
        if _keeper is None or _keeper_pid != os.getpid():
            _keeper, _keeper_pid = _DeadlineKeeper(), os.getpid()
        return _keeper


@contextmanager
def _translated_errors(url: str, options: FetchOptions, deadline: float) -> Iterator[None]:
    """httpx, OS and decompression errors inside become a FetchError naming `url`."""
    try:
        yield
    except ClipperError:
        raise
    except (httpx.HTTPError, httpx.InvalidURL, OSError, _CorruptBody) as exc:
        raise FetchError(_describe_failure(exc, options, deadline), target=url) from exc


def _describe_failure(exc: BaseException, options: FetchOptions, deadline: float) -> str:
    if isinstance(exc, httpx.ConnectTimeout) and time.monotonic() < deadline:
        return f"could not connect within {options.connect_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException) or time.monotonic() >= deadline:
        return f"timed out after {options.timeout:g} s"
    return describe_network_error(exc)


def describe_network_error(exc: BaseException) -> str:
    """A one-line human reason for a network failure (without the URL)."""
    import ssl

    causes = list(_cause_chain(exc))
    for cause in causes:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS error: certificate not trusted ({cause.verify_message})"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {cause.reason or cause}"
        if isinstance(cause, socket.gaierror):
            return "host not found"
        if isinstance(cause, ConnectionRefusedError):
            return "could not connect (connection refused)"
    text = " ".join(str(cause) for cause in causes).lower()
    if "name or service not known" in text or "nodename nor servname" in text:
        return "host not found"
    if "certificate" in text or "ssl" in text or "tls" in text:
        return "TLS error"
    if isinstance(exc, httpx.ConnectError) or "connection refused" in text:
        return "could not connect"
    if isinstance(exc, _CorruptBody):
        return f"the compressed body is corrupt ({exc})"
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return "the server closed the connection or broke the protocol"
    return f"network error ({type(exc).__name__}: {exc})"


def _cause_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


class _CorruptBody(Exception):
    """A Content-Encoding that does not decompress (translated to FetchError)."""


# --- status -----------------------------------------------------------------


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 300:
        return
    reason = _standard_reason(status) or response.reason_phrase
    retry_after = None
    if status in (429, 503):
        retry_after = parse_retry_after(response.headers.get("retry-after"))
    raise HTTPStatusError(f"HTTP {status} {reason}".strip(), str(response.url), status, retry_after)


def _standard_reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delay or HTTP date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


# --- body: size cap and decompression --------------------------------------


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytearray:
    """The decompressed body, refused once it grows past `max_bytes`."""
    announced = _content_length(response)
    limit = _human_size(max_bytes)
    if announced is not None and announced > max_bytes:
        raise FetchError(f"the answer is {_human_size(announced)}, over the {limit} limit", str(response.url))
    raw = _until_deadline(response.iter_raw(), deadline, str(response.url))
    body = bytearray()
    for piece in decompressed(raw, response.headers.get("content-encoding", "")):
        body += piece
        if len(body) > max_bytes:
            raise FetchError(f"the answer is over the {limit} limit", str(response.url))
    return bytes(body)


def _until_deadline(chunks: Iterable[bytes], deadline: float, url: str) -> Iterator[bytes]:
    for chunk in chunks:
        if time.monotonic() >= deadline:
            raise httpx.ReadTimeout(f"deadline passed while reading {url}")
        yield chunk


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "")
    return int(value) if value.strip().isdigit() else None


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{size / 1024:.3g} KB" if size >= 1024 else f"{size} bytes"


def decompressed(chunks: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """Undo a Content-Encoding chain piece by piece, each piece at most PIECE_SIZE bytes."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    stream: Iterable[bytes] = chunks
    for coding in reversed(codings):
        stream = _DECODERS.get(coding, _identity)(stream)
    return iter(stream)


def _identity(chunks: Iterable[bytes]) -> Iterator[bytes]:
    yield from chunks


def _gunzip(chunks: Iterable[bytes]) -> Iterator[bytes]:
    return _inflate(chunks, zlib.MAX_WBITS | 16)


def _deflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """zlib-wrapped deflate, or raw deflate as some servers send it."""
    iterator = iter(chunks)
    first = b""
    for chunk in iterator:
        first += chunk
        if len(first) >= 2:
            break
    wrapped = len(first) >= 2 and (first[0] & 0x0F) == 8 and int.from_bytes(first[:2]) % 31 == 0
    wbits = zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
    return _inflate(_prepend(first, iterator), wbits)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _inflate(chunks: Iterable[bytes], wbits: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(wbits)
    try:
        for chunk in chunks:
            data = chunk
            while data:
                yield inflater.decompress(data, PIECE_SIZE)
                data = inflater.unconsumed_tail
                if inflater.eof and inflater.unused_data:  # concatenated gzip members
                    data = inflater.unused_data
                    inflater = zlib.decompressobj(wbits)
        yield inflater.flush()
    except zlib.error as exc:
        raise _CorruptBody(str(exc)) from exc


def _unbrotli(chunks: Iterable[bytes]) -> Iterator[bytes]:
    import brotli

    decompressor = brotli.Decompressor()
    bounded = hasattr(decompressor, "can_accept_more_data")
    try:
        for chunk in chunks:
            if not bounded:  # brotli < 1.2 cannot bound one step's output
                yield decompressor.process(chunk)
                continue
            yield decompressor.process(chunk, output_buffer_limit=PIECE_SIZE)
            while not decompressor.can_accept_more_data():
                yield decompressor.process(b"", output_buffer_limit=PIECE_SIZE)
    except brotli.error as exc:
        raise _CorruptBody(str(exc)) from exc


_DECODERS: dict[str, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _deflate,
    "br": _unbrotli,
    "identity": _identity,
}


# --- is it a web page? ------------------------------------------------------


def _mime(response: httpx.Response) -> str:
    return mime_type(response.headers.get("content-type"))


def mime_type(content_type: str | None) -> str:
    """`text/html` from `Text/HTML; charset=utf-8`; "" when absent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


_TYPE_NAMES = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/zip": "a ZIP archive",
    "application/octet-stream": "a binary file (application/octet-stream)",
    "application/javascript": "a JavaScript file",
    "text/javascript": "a JavaScript file",
    "text/css": "a CSS style sheet",
    "text/csv": "a CSV table",
    "text/plain": "plain text",
}

_MAGIC_NAMES = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an Ogg audio or video file"),
    (b"\x7fELF", "a program"),
)


def describe_type(mime: str) -> str:
    """ "a PDF document", "an image (image/png)", … for a refused mime type."""
    if mime in _TYPE_NAMES:
        return _TYPE_NAMES[mime]
    family = mime.split("/", 1)[0]
    names = {"image": "an image", "audio": "an audio file", "video": "a video", "font": "a font"}
    if family in names:
        return f"{names[family]} ({mime})"
    if mime.endswith("+json"):
        return "JSON data"
    return f"a {mime} file"


def binary_kind(body: bytes, wide_charset: bool = False) -> str | None:
    """What a body is when it is clearly binary (magic number or NUL-heavy), else None.

    `wide_charset`: the body is declared UTF-16/32, where NULs are normal.
    """
    head = body[:1024]
    for magic, name in _MAGIC_NAMES:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    if wide_charset or _bom_encoding(head) or not head:
        return None
    if head.count(0) > len(head) // 10 or _control_bytes(head) > len(head) // 20:
        return "binary data"
    return None


_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")


def _control_bytes(head: bytes) -> int:
    """C0 controls and DEL that no text page holds (tabs, newlines, ESC aside)."""
    return sum(1 for byte in head if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS)


def looks_like_html(body: bytes) -> bool:
    """Whether the first bytes read like an HTML document."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    starts = (b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")
    return head.startswith(starts) or b"<html" in head


def _refuse_declared_non_html(mime: str, url: str) -> None:
    if mime in HTML_TYPES or mime in SNIFFED_TYPES:
        return
    raise NotAWebPageError(f"{url} is {describe_type(mime)}, not a web page", target=url)


def _refuse_sniffed_non_html(body: bytes, content_type: str, url: str) -> None:
    mime = mime_type(content_type)
    declared = _header_charset(content_type) or ""
    kind = binary_kind(body, wide_charset=declared.startswith(("utf-16", "utf-32")))
    if kind is None and mime in SNIFFED_TYPES and not looks_like_html(body):
        kind = describe_type(mime) if mime else "not HTML"
    if kind is not None:
        served = f" (served as {mime})" if mime else ""
        raise NotAWebPageError(f"{url} is {kind}{served}, not a web page", target=url)


# --- decoding ---------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:+-]+)""", re.IGNORECASE)
_BROWSER_ALIASES = {
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
}
"""Labels browsers decode as a superset (WHATWG Encoding), keyed by Python codec name."""


def decode_html(body: bytes | bytearray, content_type: str | None) -> tuple[str, str]:
    """The body as text, and the codec used (Python name: "utf-8", "cp1252", …).

    Order: BOM, then the HTTP charset, then `<meta>` in the first 4 KB, then
    detection; a declaration that is unknown or does not fit the bytes is
    skipped, and valid non-ASCII UTF-8 wins over a declared legacy charset
    (servers often default to iso-8859-1 for UTF-8 pages). Labels
    iso-8859-1, latin-1 and ascii mean windows-1252, as in browsers. Last
    resort utf-8 with replacement. Never raises; NULs removed.
    """
    text, encoding = _decode_cascade(body, content_type or "")
    return (text.replace("\x00", "") if "\x00" in text else text), encoding


def _decode_cascade(body: bytes, content_type: str) -> tuple[str, str]:
    bom = _bom_encoding(body)
    if bom:
        return body[len(_bom_bytes(bom)) :].decode(bom, errors="replace"), bom
    header, meta = _header_charset(content_type), _meta_charset(body)
    if _is_legacy(header or meta) and not body.isascii():
        utf8 = _strict_decode(body, "utf-8")
        if utf8 is not None:  # a server default (iso-8859-1) over a UTF-8 page
            return utf8, "utf-8"
    for declared in (header, meta):
        decoded = _strict_decode(body, declared)
        if decoded is not None:
            return decoded, declared or ""
    return _detect(body)


def _is_legacy(codec: str | None) -> bool:
    """A declared charset that is neither UTF-8 nor UTF-16/32 (absent counts as legacy)."""
    return not (codec or "").startswith("utf")


def _bom_encoding(body: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return None


def _bom_bytes(encoding: str) -> bytes:
    return next(bom for bom, name in _BOMS if name == encoding)


def _header_charset(content_type: str) -> str | None:
    match = _CHARSET_PARAM.search(content_type.encode("latin-1", errors="replace"))
    return _codec_name(match.group(1)) if match else None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    if not match:
        return None
    codec = _codec_name(match.group(1))
    # A <meta> cannot truly declare UTF-16/32: the bytes read as ASCII (WHATWG).
    return "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec


def _codec_name(label: bytes | str) -> str | None:
    """The Python codec for a charset label, browser aliases applied; None if unknown."""
    if isinstance(label, bytes):
        label = label.decode("ascii", errors="replace")
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    return _BROWSER_ALIASES.get(name, name)


def _strict_decode(body: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes) -> tuple[str, str]:
    """No usable declaration: UTF-8 if it fits (or nearly), else charset-normalizer."""
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(body):
        return body.decode("utf-8", errors="replace"), "utf-8"
    guess = _guess_legacy_encoding(body)
    if guess:
        return body.decode(guess, errors="replace"), guess
    return body.decode("utf-8", errors="replace"), "utf-8"


def _mostly_utf8(body: bytes) -> bool:
    """UTF-8 with a few broken bytes (a common server accident), not a legacy charset."""
    text = body[:200_000].decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - body[:200_000].count(b"\xef\xbf\xbd")
    good = sum(1 for char in text if ord(char) > 0x7F and char != "\ufffd")
    return good >= 3 * broken > 0


def _guess_legacy_encoding(body: bytes) -> str | None:
    """charset-normalizer's guess; windows-1252 wins ties, as on the French web."""
    from charset_normalizer import from_bytes

    try:
        results = list(from_bytes(body[:200_000]))
    except Exception:  # a detector bug must not lose the page: fall back to utf-8
        return None
    if not results:
        return None
    best = results[0]
    for result in results:
        if result.encoding == "cp1252" and result.chaos <= best.chaos + 0.01:
            return "cp1252"
    return _codec_name(best.encoding)
