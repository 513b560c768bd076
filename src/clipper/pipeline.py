"""One clip, start to finish: fetch (or read) the page, extract it, save its
images, render the note and write it into the vault.

    clip(target, ClipOptions(...)) -> ClipResult

This is the library behind `clip URL`; the command line only parses options
and reports. Each stage raises its own `ClipperError`; nothing is written to
the vault before the page has been fetched and extracted, and the note is
written last, atomically, so a failure leaves no half-written note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from clipper.errors import ClipperError, ExtractionError, FetchError, NotAWebPageError, UsageError
from clipper.models import Extraction, Page, SavedImage
from clipper.vault import VaultLayout

MAX_PDF_BYTES = 100 * 1024 * 1024
PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/octet-stream", ""})


@dataclass(frozen=True)
class ClipOptions:
    vault: VaultLayout
    harvest_date: dt.date = field(default_factory=dt.date.today)
    titre: str | None = None
    avis: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    source_url: str | None = None
    """For a saved page: the address it came from."""
    hash_mode: str = "lip"
    image_workers: int = 4
    timeout: float = 30.0
    force: bool = False
    """Clip an HTTP error page (4xx/5xx) instead of refusing it."""
    language: str = "fr"
    link_style: str = "wikilink"
    user_agent: str | None = None


@dataclass(frozen=True)
class PageImages:
    embeds: dict[str, str]
    """Image URL -> vault-relative path of its attachment."""
    failed: tuple[SavedImage, ...] = ()


@dataclass(frozen=True)
class ClipResult:
    path: Path
    extraction: Extraction
    images: PageImages
    updated: bool = False
    """True when an existing note of the same page was updated instead of created."""
    status: int | None = None
    """The HTTP status of the page (None for a saved file)."""
    message: str = ""
    """What the update of an existing note has to say (a collapsed page, a hand edit kept)."""

    @property
    def images_saved(self) -> int:
        return len(self.images.embeds)

    @property
    def images_failed(self) -> tuple[SavedImage, ...]:
        return self.images.failed


def _fetch_options(options: ClipOptions):
    from clipper.fetch import FetchOptions

    return FetchOptions(timeout=options.timeout, user_agent=options.user_agent)


def is_web_address(target: str) -> bool:
    return urlsplit(target).scheme.lower() in ("http", "https")


def local_path(target: str) -> Path:
    """The file a non-web `target` names: a path, or a `file://` URI."""
    if urlsplit(target).scheme.lower() == "file":
        return Path(unquote(urlsplit(target).path))
    if "://" in target:
        raise UsageError("only http(s) addresses and saved .html or .pdf files can be clipped", target)
    return Path(target)


def load_page(target: str, options: ClipOptions, client=None) -> Page:
    """The page at `target`: an http(s) URL, or a saved `.html` file on disk."""
    from clipper import fetch

    if is_web_address(target):
        return fetch.fetch(target, _fetch_options(options), client=client, accept_error_status=options.force)
    path = local_path(target)
    if options.source_url and not is_web_address(options.source_url):
        raise UsageError("--source must be an http(s) address", options.source_url)
    page = fetch.read_file(path, options.source_url)
    return replace(page, url=options.source_url or path.resolve().as_uri())


def extract_page(page: Page, harvest_date: dt.date | None = None) -> Extraction:
    from clipper.extract import extract

    extraction = extract(page, harvest_date)
    if not extraction.text.strip() and not extraction.images:
        raise ExtractionError("no readable content found in the page", page.url)
    return extraction


def clip(target: str, options: ClipOptions) -> ClipResult:
    """Clip `target` into the vault: a new note, or, when the page already has
    one (same canonical URL), an update of that note that keeps the user's words."""
    from clipper import fetch
    from clipper.state import StateDatabase

    options.vault.check()
    with fetch.make_client(_fetch_options(options)) as client:
        document = None
        try:
            page = load_page(target, options, client)
            extraction = extract_page(page, options.harvest_date)
        except (NotAWebPageError, UsageError):
            document = pdf_document(target, client, timeout=options.timeout, source_url=options.source_url)
            if document is None:
                raise
            page = Page(url=document[1], html="", content_type="application/pdf")
            from clipper.pdf import read_pdf

            extraction = read_pdf(*document)
        with StateDatabase(options.vault.root) as db:
            if document is not None:
                images = save_pdf(document, options.vault, options.hash_mode)
            else:
                images = save_page_images(
                    extraction,
                    page,
                    options.vault,
                    db,
                    client,
                    local_page=None if is_web_address(target) else local_path(target),
                    hash_mode=options.hash_mode,
                    workers=options.image_workers,
                )
            path, outcome = _write(extraction, page, images.embeds, options, db)
    return ClipResult(
        path=path,
        extraction=extraction,
        images=images,
        updated=outcome is not None,
        status=page.status if is_web_address(target) else None,
        message=outcome.message if outcome else "",
    )


def pdf_document(target: str, client, *, timeout: float, source_url: str | None = None) -> tuple[bytes, str] | None:
    """(bytes, address) when `target` (URL or file) is a PDF, else None."""
    from clipper import fetch
    from clipper.pdf import is_pdf

    if is_web_address(target):
        try:
            download = fetch.download(target, client=client, max_bytes=MAX_PDF_BYTES, timeout=timeout)
        except ClipperError:
            return None  # the caller reports the page's own error
        declared = (download.content_type or "").split(";")[0].strip().lower()
        if declared not in PDF_TYPES or not is_pdf(download.content):
            return None  # a PDF served as a web page, say, is not taken for one
        return download.content, download.url
    path = local_path(target)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_PDF_BYTES + 1)
    except OSError:
        return None
    if not is_pdf(data) or len(data) > MAX_PDF_BYTES:
        return None
    return data, source_url or path.resolve().as_uri()


def save_pdf(document: tuple[bytes, str], layout: VaultLayout, hash_mode: str = "lip") -> PageImages:
    """The PDF saved as an attachment, as the one embed of its note."""
    from clipper.attachments import save_document

    data, url = document
    name = save_document(data, "pdf", layout.attachments_dir, vault_root=layout.root, hash_mode=hash_mode)
    return PageImages(embeds={url: name})


def save_page_images(
    extraction: Extraction,
    page: Page,
    layout: VaultLayout,
    db,
    client,
    *,
    local_page: Path | None = None,
    hash_mode: str = "lip",
    workers: int = 4,
) -> PageImages:
    """The saved attachment of every image of `extraction` that could be saved,
    and the failures; images already in the vault are not fetched again."""
    from clipper.attachments import save_images

    urls = list(dict.fromkeys(ref.url for ref in extraction.images))
    known = {url: name for url, name in db.saved_images(urls).items() if (layout.root / name).is_file()}
    missing = [url for url in urls if url not in known]
    if not missing:  # every image is already in the vault: nothing to fetch or write
        return PageImages(embeds=known)
    saved = save_images(
        missing,
        fetch_bytes=_image_reader(client, page, local_page),
        attachments_dir=layout.attachments_dir,
        vault_root=layout.root,
        hash_mode=hash_mode,
        max_workers=workers,
    )
    fresh = {image.url: image.name for image in saved if image.name}
    db.remember_images({url: name for url, name in fresh.items() if not url.startswith("data:")})
    return PageImages(embeds=known | fresh, failed=tuple(image for image in saved if image.error))


def _write(extraction: Extraction, page: Page, embeds: dict[str, str], options: ClipOptions, db):
    """Create the note, or update the page's existing note; returns its path, and the
    RefreshOutcome of the update (None for a new note)."""
    from clipper.note import NoteRequest, render, texte_complet
    from clipper.refresh import refresh, snapshot, texte_hash
    from clipper.state import NoteState
    from clipper.urls import canonical_url
    from clipper.vault import create_note, vault_lock

    source = canonical_url(page.url)
    validators = {"etag": page.etag, "last_modified": page.last_modified}
    with vault_lock(options.vault, "write"):
        existing = _existing_note(options.vault, db, source)
        if existing is not None:
            path, state = existing
            outcome = refresh(
                path,
                options.vault,
                db,
                state,
                extraction,
                embeds,
                today=options.harvest_date,
                new_avis=options.avis,
                validators=validators,
                link_style=options.link_style,
            )
            return path, outcome
        request = NoteRequest(
            options.harvest_date,
            options.titre,
            options.avis,
            options.tags,
            language=options.language,
            link_style=options.link_style,
        )
        note = render(extraction, request, embeds=embeds)
        path = create_note(options.vault.notes_dir, note.stem, note.text)
        db.put(
            NoteState(
                path=path.relative_to(options.vault.root).as_posix(),
                source=source,
                content_hash=texte_hash(texte_complet(extraction, embeds, options.link_style)),
                snapshot=snapshot(extraction),
                last_status="ok",
                last_checked=options.harvest_date.isoformat(),
                **validators,
            )
        )
        return path, None


def _existing_note(layout: VaultLayout, db, source: str):
    """(path, state) of the note already clipped from `source`, if any."""
    from clipper.scan import sync_state

    if db.is_empty():
        sync_state(layout, db)
    for state in db.find_source(source):
        path = layout.root / state.path
        if path.is_file():
            return path, state
    return None


def _image_reader(client, page: Page, local_page: Path | None):
    """How to get an image's bytes: from beside a saved page when it is there,
    else over HTTP with the page as Referer."""
    from clipper import fetch
    from clipper.attachments import DEFAULT_MAX_BYTES

    local_folder = local_page.resolve().parent if local_page else None
    page_folder_url = page.url.rsplit("/", 1)[0] + "/"

    def read(url: str) -> bytes:
        if local_folder is not None and url.startswith(page_folder_url):
            candidate = (local_folder / unquote(url[len(page_folder_url) :].split("?")[0])).resolve()
            if candidate.is_relative_to(local_folder) and candidate.is_file():
                return candidate.read_bytes()
        if not is_web_address(url):
            raise FetchError("image not found beside the saved page", url)
        return fetch.download(url, client=client, referer=page.url, max_bytes=DEFAULT_MAX_BYTES).content

    return read


__all__ = ["ClipOptions", "ClipResult", "clip", "extract_page", "load_page"]
