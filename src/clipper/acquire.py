"""Getting a page: the one way `clip`, the batch, the re-harvest, the calendar
and the doctor get what an address (or a saved file) holds.

    fetch_target(target, client, request)             -> Page | Document   one GET (or one read)
    read_fetched(fetched, harvest_date, rendering)    -> Seen              extraction (+ a notice)
    save_embeds(extraction, fetched, store)           -> Embeds            images, or the PDF itself
    acquire(target, client, request, ...)             -> Acquired          the three in a row

Web page or PDF is decided from the answer of a single GET: a PDF's bytes come
with that answer, and its validators are kept like a page's. The address asked
is the one given; `Page.address` (or `Document.address`) says where permanent
redirects moved it, for next time. The canonical form of an address
(`urls.canonical_url`) only finds a page's note and is never asked. Tracking
parameters are sent as given but never reach the note: the page is extracted
under its address without them.

The optional render between fetch and extract: given a `Rendering` (mode
auto/always/never and the command's `Renderer`), `read_fetched` extracts the
page as a browser shows it when it must (`render_policy.extract_as_seen`), and
says in `Seen.notice` when a page looked built by JavaScript but could not be
rendered. Every failure is a `ClipperError`, raised, never a `None`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from clipper.attachments import save_document, save_images
from clipper.errors import ExtractionError, FetchError, UsageError
from clipper.models import LEFT_OUT, Document, Extraction, Page, SavedImage
from clipper.pdf import read_pdf
from clipper.render_policy import Seen, extract_as_seen
from clipper.urls import looks_like_address, scheme_of, without_tracking

if TYPE_CHECKING:
    import httpx

    from clipper.render_policy import Rendering, Seen
    from clipper.state import StateDatabase
    from clipper.vault import VaultLayout

MAX_PDF_BYTES = 100 * 1024 * 1024
IMAGE_MAX_BYTES = 25 * 1024 * 1024

Fetched = Page | Document


@dataclass(frozen=True)
class Validators:
    """What the last answer said about its version, sent back to ask "changed?"."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, fetched: Fetched) -> Validators:
        return cls(fetched.etag, fetched.last_modified)

    def as_columns(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified}


@dataclass(frozen=True)
class Request:
    """How to ask: the limits, the validators of the last answer, and for a saved
    file the address it came from."""

    timeout: float = 30.0
    """Seconds for the whole answer, and for each image."""
    validators: Validators = Validators()
    source_url: str | None = None
    """For a saved file: the address it came from (`--source`)."""
    force: bool = False
    """Take a 4xx/5xx error page as the page (`clip --force`)."""
    user_agent: str | None = None


@dataclass(frozen=True)
class Embeds:
    """What a note embeds: image (or PDF) URL -> vault-relative attachment (`LEFT_OUT`
    for a 1x1 pixel, which the note leaves out), and the images that could not be
    saved (they keep their remote link)."""

    saved: dict[str, str]
    failed: tuple[SavedImage, ...] = ()
    written: int = 0
    """How many of `saved` this acquisition wrote (the others were in the vault already)."""


@dataclass(frozen=True)
class EmbedStore:
    """Where embeds go: the vault, its state database (images already saved), how to name them."""

    layout: VaultLayout
    db: StateDatabase
    hash_mode: str = "lip"
    workers: int = 4


@dataclass(frozen=True)
class Acquired:
    """One acquisition: the answer, and unless it was a 304 its extraction and saved embeds."""

    fetched: Fetched
    extraction: Extraction | None = None
    """None only when the answer was 304 Not Modified."""
    embeds: Embeds = Embeds({})
    notice: str = ""
    """A page that looked built by JavaScript but could not be rendered: how to get it rendered."""

    @property
    def address(self) -> str | None:
        return self.fetched.address

    @property
    def validators(self) -> Validators:
        return Validators.of(self.fetched)

    @property
    def not_modified(self) -> bool:
        return self.fetched.status == 304


def is_web_address(target: str) -> bool:
    """Whether `target` is an http(s) address (well formed or not: the fetch says which)."""
    return scheme_of(target) in ("http", "https")


def local_path(target: str) -> Path:
    """The file a non-web `target` names: a path, or a `file://` URI."""
    if scheme_of(target) == "file":
        try:
            return Path(unquote(urlsplit(target).path))
        except ValueError as exc:
            raise UsageError(f"not a valid file address: {target}", target) from exc
    if "://" in target:
        raise UsageError("only http(s) addresses and saved .html or .pdf files can be clipped", target)
    return Path(target)


def missing_file_message(target: str) -> str:
    """What to say of a target that is neither a web address nor a file, with a hint
    when it reads as an address without its scheme (`example.org/page`)."""

    if looks_like_address(target):
        return f"no such file: {target} (a web address starts with https://: clip https://{target})"
    return f"no such file: {target} (give an http(s):// address or a saved .html or .pdf file)"


def fetch_target(target: str, client: httpx.Client, request: Request) -> Fetched:
    """What `target` holds: one GET for an http(s) address (a 304 `Page` when the
    validators still hold), one read for a saved file."""
    # the fetcher (httpx) and the extractors are imported by the functions that use
    # them: the extraction workers, which import this module, never fetch
    from clipper import fetch

    if is_web_address(target):
        return fetch.fetch_resource(
            target,
            fetch.FetchOptions(timeout=request.timeout, user_agent=request.user_agent),
            client=client,
            etag=request.validators.etag,
            last_modified=request.validators.last_modified,
            accept_error_status=request.force,
            max_document_bytes=MAX_PDF_BYTES,
        )
    if request.source_url and not is_web_address(request.source_url):
        raise UsageError("--source must be an http(s) address", request.source_url)
    path = local_path(target)
    if not path.exists():
        raise UsageError(missing_file_message(target), target)
    url = request.source_url or path.resolve().as_uri()
    return fetch.read_resource(path, url, max_document_bytes=MAX_PDF_BYTES)


def extract_fetched(fetched: Fetched, harvest_date: dt.date | None = None) -> Extraction:
    """The extraction of a fetched page or PDF, under the page's address without
    tracking parameters. Raises ExtractionError when there is nothing to read."""
    if isinstance(fetched, Document):
        return read_pdf(fetched.content, without_tracking(fetched.url))
    return extract_page(replace(fetched, url=without_tracking(fetched.url)), harvest_date)


def read_fetched(
    fetched: Fetched,
    harvest_date: dt.date | None = None,
    rendering: Rendering | None = None,
    extract: Callable[[Fetched], Extraction] | None = None,
) -> Seen:
    """`extract_fetched`, the page rendered first when `rendering` says it must be.
    `extract` extracts instead of `extract_fetched` here (the engines pass their
    worker processes'); the renderer always runs in the caller's process."""

    run = extract or (lambda item: extract_fetched(item, harvest_date))
    if rendering is None or isinstance(fetched, Document):
        return Seen(run(fetched))
    return extract_as_seen(fetched, rendering, run)


def extract_page(page: Page, harvest_date: dt.date | None = None) -> Extraction:
    """The page's extraction; ExtractionError when it has no readable content."""
    from clipper.extract import extract

    extraction = extract(page, harvest_date)
    if not extraction.text.strip() and not extraction.images:
        raise ExtractionError("no readable content found in the page", page.url)
    return extraction


def save_embeds(
    extraction: Extraction,
    fetched: Fetched,
    store: EmbedStore,
    *,
    client: httpx.Client,
    timeout: float,
    local_page: Path | None = None,
) -> Embeds:
    """The PDF saved as its note's one embed, or every image of the page that could
    be saved (each download bounded by `timeout`); images already in the vault are
    not fetched again. Raises VaultError when the vault cannot be written at all."""
    if isinstance(fetched, Document):
        layout = store.layout
        name = save_document(
            fetched.content, "pdf", layout.attachments_dir, vault_root=layout.root, hash_mode=store.hash_mode
        )
        return Embeds({without_tracking(fetched.url): name}, written=1)
    read = image_reader(client, fetched.url, local_page, timeout)
    return _save_images(extraction, store, read, local_files=local_page is not None)


def _save_images(
    extraction: Extraction, store: EmbedStore, read: Callable[[str], bytes], *, local_files: bool
) -> Embeds:

    layout = store.layout
    urls = list(dict.fromkeys(ref.url for ref in extraction.images))
    known = {
        url: name
        for url, name in store.db.saved_images(urls).items()
        if name == LEFT_OUT or (layout.root / name).is_file()
    }
    missing = [url for url in urls if url not in known]
    if not missing:  # every image is already in the vault: nothing to fetch or write
        return Embeds(known)
    saved = save_images(
        missing,
        fetch_bytes=read,
        attachments_dir=layout.attachments_dir,
        vault_root=layout.root,
        hash_mode=store.hash_mode,
        max_workers=store.workers,
        local_files=local_files,
    )
    fresh = {image.url: image.name for image in saved if image.name}
    fresh |= {image.url: LEFT_OUT for image in saved if image.dropped}  # remembered too: not asked again
    store.db.remember_images({url: name for url, name in fresh.items() if is_web_address(url)})
    written = sum(1 for image in saved if image.written)
    return Embeds(known | fresh, tuple(image for image in saved if image.error), written=written)


def image_reader(
    client: httpx.Client, page_url: str, local_page: Path | None, timeout: float
) -> Callable[[str], bytes]:
    """How to get an image's bytes: from beside a saved page (its `_files` folder
    included) when it is there, else over HTTP with the page as Referer, within
    `timeout` seconds."""
    from clipper import fetch

    local_folder = local_page.resolve().parent if local_page else None
    page_folder_url = page_url.rsplit("/", 1)[0] + "/"

    def read(url: str) -> bytes:
        if local_folder is not None and url.startswith(page_folder_url):
            relative = unquote(url[len(page_folder_url) :].split("?")[0].split("#")[0])
            candidate = (local_folder / relative).resolve()
            if candidate.is_relative_to(local_folder) and candidate.is_file():
                return candidate.read_bytes()
        if not is_web_address(url):
            raise FetchError("image not found beside the saved page", url)
        return fetch.download(url, client=client, referer=page_url, max_bytes=IMAGE_MAX_BYTES, timeout=timeout).content

    return read


def embed_downloader(client: httpx.Client, timeout: float) -> Callable[[str], bytes]:
    """An attachment's bytes, asked again at the address it was saved from (the
    doctor's repairs), under the same limits as a clip's images."""
    return image_reader(client, "", None, timeout)


def acquire(
    target: str,
    client: httpx.Client,
    request: Request,
    *,
    harvest_date: dt.date | None = None,
    store: EmbedStore | None = None,
    rendering: Rendering | None = None,
) -> Acquired:
    """Fetch, extract (rendered when `rendering` says so) and, given a `store`, save
    the embeds of `target`. A 304 stops after the fetch: `Acquired.extraction` is None.
    For a saved page, `rendering.local_folder` is set to its folder."""
    fetched = fetch_target(target, client, request)
    if fetched.status == 304:
        return Acquired(fetched)
    local = None if is_web_address(target) else local_path(target)
    if rendering is not None and local is not None:
        rendering = replace(rendering, local_folder=local.resolve().parent)
    seen = read_fetched(fetched, harvest_date, rendering)
    if store is None:
        return Acquired(fetched, seen.extraction, notice=seen.notice)
    embeds = save_embeds(seen.extraction, fetched, store, client=client, timeout=request.timeout, local_page=local)
    return Acquired(fetched, seen.extraction, embeds, seen.notice)
