"""How the fetch stage fails: HTTP statuses, Retry-After, and foreign exceptions
(httpx, OS, decompression) translated into one-line `FetchError` reasons.
"""

from __future__ import annotations

import email.utils
import http
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from clipper.errors import ClipperError, FetchError
from clipper.fetch_httpx import httpx
from clipper.fetch_types import FetchOptions


class HTTPStatusError(FetchError):
    """The server answered with an error status (4xx, 5xx); `retry_after` is the seconds to wait,
    when a 429 or 503 came with Retry-After."""

    def __init__(self, message: str, target: str | None, status: int, retry_after: float | None = None) -> None:
        super().__init__(message, target)
        self.status = status
        self.retry_after = retry_after

    def __reduce__(self) -> tuple[type[HTTPStatusError], tuple[str, str | None, int, float | None]]:  # type: ignore[override]
        return (type(self), (self.message, self.target, self.status, self.retry_after))


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
    causes = list(_cause_chain(exc))
    for cause in causes:
        reason = _known_cause(cause)
        if reason:
            return reason
    return _reason_from_text(exc, " ".join(str(cause) for cause in causes).lower())


def _known_cause(cause: BaseException) -> str | None:
    """The reason an exception of a known type gives, else None."""
    if isinstance(cause, ssl.SSLCertVerificationError):
        return f"TLS error: certificate not trusted ({cause.verify_message})"
    if isinstance(cause, ssl.SSLError):
        return f"TLS error: {getattr(cause, 'reason', None) or cause}"  # one raised by Python code has no reason
    if isinstance(cause, socket.gaierror):
        return "host not found"
    if isinstance(cause, ConnectionRefusedError):
        return "could not connect (connection refused)"
    return None


def _reason_from_text(exc: BaseException, text: str) -> str:
    """The reason read from the words of the cause chain, else from the exception's type."""
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
