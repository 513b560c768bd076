"""What the browser does with one page (`render.py` owns the browser): the page
loaded from the HTML clipper fetched, every request it makes routed (a saved
page's files from its folder, images, media and fonts refused, other schemes
refused, frames and navigation away answered "204 No Content"), the network
waited for until idle, image sources resolved, the DOM read.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

from clipper.models import Page

SETTLE_LIMIT = 10.0
"""Most seconds waited, after the page has loaded, for its network to go idle."""
SAVED_PAGE_ORIGIN = "http://saved-page.invalid/"
"""Where a saved page without `--source` is served from, inside the browser only."""
_NOT_LOADED = frozenset({"image", "media", "font"})
_RESOLVE_IMAGES = """() => {
  for (const img of document.images) {
    const src = img.getAttribute('src') ? img.src : img.currentSrc;
    if (src) img.setAttribute('src', src);
  }
}"""


def milliseconds(deadline: float, limit: float | None = None) -> float:
    remaining = max(0.001, deadline - time.monotonic())
    return 1000 * (remaining if limit is None else min(remaining, limit))


def load_page(connection: Any, page: Page, local_folder: Path | None, user_agent: str | None, deadline: float) -> Page:
    """`page` loaded in a fresh context of the browser `connection`, read once its network is idle
    (at most `SETTLE_LIMIT` seconds) or at `deadline`, whichever comes first."""
    # deferred: playwright is the optional render extra, loaded only to render
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    address = _browser_address(page, local_folder)
    context = connection.new_context(accept_downloads=False, service_workers="block", user_agent=user_agent)
    try:
        context.add_init_script("window.open = () => null;")
        context.route("**/*", _router(address, page.html, local_folder))
        context.route_web_socket("**/*", lambda socket: socket.close())
        tab = context.new_page()
        context.on("page", lambda popup: popup.close())  # any page but ours is a pop-up
        try:
            tab.goto(address, wait_until="load", timeout=milliseconds(deadline))
            tab.wait_for_load_state("networkidle", timeout=milliseconds(deadline, SETTLE_LIMIT))
        except PlaywrightTimeout:
            pass  # a page that never settles is read as it stands at the deadline
        tab.evaluate(_RESOLVE_IMAGES)
        html = tab.content()
    finally:
        context.close()
    if address != page.url:
        html = html.replace(_folder_of(address), _folder_of(page.url))
    return replace(page, html=html, rendered=True)


def _browser_address(page: Page, local_folder: Path | None) -> str:
    """Where the browser loads `page` from: its own address, or for a saved page
    without an http(s) address, a name served from its folder alone."""
    if local_folder is None or urlsplit(page.url).scheme in ("http", "https"):
        return urldefrag(page.url).url
    return SAVED_PAGE_ORIGIN + (Path(unquote(urlsplit(page.url).path)).name or "index.html")


def _folder_of(url: str) -> str:
    return urldefrag(url).url.rsplit("/", 1)[0] + "/"


def _router(address: str, html: str, local_folder: Path | None) -> Any:
    """The request handler: the document from what clipper fetched, a saved page's
    files from its folder, other http(s) requests to the network, nothing else."""
    folder_url = _folder_of(address)

    def route(handle: Any) -> None:
        request = handle.request
        url = urldefrag(request.url).url
        if request.resource_type == "document":
            if url == address and request.frame.parent_frame is None:
                handle.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:  # frames, and navigation away: "204 No Content" leaves the page where it is
                handle.fulfill(status=204, body="")
        elif request.resource_type in _NOT_LOADED or urlsplit(url).scheme not in ("http", "https"):
            handle.abort("blockedbyclient")
        elif local_folder is not None:
            _serve_from_folder(handle, url, folder_url, local_folder)
        else:
            handle.continue_()

    return route


def _serve_from_folder(handle: Any, url: str, folder_url: str, folder: Path) -> None:
    if not url.startswith(folder_url):
        handle.abort("blockedbyclient")
        return
    relative = unquote(urlsplit(url[len(folder_url) :]).path)
    candidate = (folder / relative).resolve()
    if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
        handle.fulfill(path=str(candidate))
    else:
        handle.fulfill(status=404, body="")
