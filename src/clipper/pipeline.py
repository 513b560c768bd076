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

from clipper.errors import ClipperError, ExtractionError, FetchError, UsageError
from clipper.models import Extraction, Page, SavedImage
from clipper.vault import VaultLayout


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


@dataclass(frozen=True)
class ClipResult:
    path: Path
    extraction: Extraction
    images: tuple[SavedImage, ...]

    @property
    def images_saved(self) -> int:
        return sum(1 for image in self.images if image.name)

    @property
    def images_failed(self) -> tuple[SavedImage, ...]:
        return tuple(image for image in self.images if image.error)


def is_web_address(target: str) -> bool:
    return urlsplit(target).scheme.lower() in ("http", "https")


def load_page(target: str, options: ClipOptions, client=None) -> Page:
    """The page at `target`: an http(s) URL, or a saved `.html` file on disk."""
    from clipper import fetch

    if is_web_address(target):
        return fetch.fetch(target, fetch.FetchOptions(timeout=options.timeout), client=client)
    if urlsplit(target).scheme.lower() == "file":
        target = unquote(urlsplit(target).path)
    elif "://" in target:
        raise UsageError("only http(s) addresses and saved .html files can be clipped", target)
    path = Path(target)
    if options.source_url and not is_web_address(options.source_url):
        raise UsageError("--source must be an http(s) address", options.source_url)
    page = fetch.read_file(path, options.source_url)
    return replace(page, url=options.source_url or path.resolve().as_uri())


def extract_page(page: Page) -> Extraction:
    from clipper.extract import extract

    extraction = extract(page)
    if not extraction.text.strip() and not extraction.images:
        raise ExtractionError("no readable content found in the page", page.url)
    return extraction


def clip(target: str, options: ClipOptions) -> ClipResult:
    """Clip `target` into a new note of `options.vault`."""
    from clipper import fetch
    from clipper.attachments import save_images
    from clipper.note import NoteRequest, render
    from clipper.vault import create_note

    options.vault.check()
    with fetch.make_client(fetch.FetchOptions(timeout=options.timeout)) as client:
        page = load_page(target, options, client)
        extraction = extract_page(page)
        saved = save_images(
            list(dict.fromkeys(ref.url for ref in extraction.images)),
            fetch_bytes=_image_reader(client, page, target),
            attachments_dir=options.vault.attachments_dir,
            vault_root=options.vault.root,
            hash_mode=options.hash_mode,
            max_workers=options.image_workers,
        )
    embeds = {image.url: image.name for image in saved if image.name}
    request = NoteRequest(options.harvest_date, options.titre, options.avis, options.tags)
    note = render(extraction, request, embeds=embeds)
    path = create_note(options.vault.notes_dir, note.stem, note.text)
    return ClipResult(path=path, extraction=extraction, images=tuple(saved))


def _image_reader(client, page: Page, target: str):
    """How to get an image's bytes: from beside a saved page when it is there,
    else over HTTP with the page as Referer."""
    from clipper import fetch

    local_folder = None if is_web_address(target) else Path(target).resolve().parent
    page_folder_url = page.url.rsplit("/", 1)[0] + "/"

    def read(url: str) -> bytes:
        if local_folder is not None and url.startswith(page_folder_url):
            candidate = (local_folder / unquote(url[len(page_folder_url):].split("?")[0])).resolve()
            if candidate.is_relative_to(local_folder) and candidate.is_file():
                return candidate.read_bytes()
        if not is_web_address(url):
            raise FetchError("image not found beside the saved page", url)
        return fetch.download(url, client=client, referer=page.url, max_bytes=25 * 1024 * 1024).content

    return read


__all__ = ["ClipOptions", "ClipResult", "ClipperError", "clip", "extract_page", "load_page"]
