"""Addresses and redirects: the target checked, redirects followed by hand hop by hop
(only http and https), each request under its watchdog's deadline.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from clipper.errors import ClipperError, FetchError
from clipper.fetch_deadline import _Watchdog
from clipper.fetch_httpx import httpx
from clipper.fetch_types import REDIRECT_STATUSES, FetchOptions


def _check_address(url: str, error: type[ClipperError]) -> httpx.URL:
    """The URL parsed; `error` if it is not an http(s) address with a host."""
    try:
        parsed = httpx.URL(url)
        urlsplit(url).port  # noqa: B018 — raises for a port out of range (httpx takes 99999)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise error(f"not a valid web address: {url!r}", target=str(url)) from exc
    if parsed.scheme not in ("http", "https"):
        scheme = parsed.scheme or "no scheme"
        raise error(f"not a web address ({scheme}; expected http or https): {url}", target=url)
    if not parsed.host:
        raise error(f"not a valid web address (no host): {url}", target=url)
    return parsed


PERMANENT_REDIRECTS = frozenset({301, 308})


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
        self.address = url
        """The address to ask next time: `url`, or where permanent redirects (301, 308)
        from it led, up to the first temporary one."""

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
            permanent = response.status_code in PERMANENT_REDIRECTS and self.address == url
            url = _redirect_target(response.url, location, self._url)
            if permanent:
                self.address = url
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
