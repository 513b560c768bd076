"""One clip, start to finish: acquire the page (`clipper.acquire`: fetch or
read, extract, save its images), render the note and write it into the vault.

    clip(target, ClipOptions(...)) -> ClipResult
    record(target, fetched, extraction, options, client, db) -> ClipResult
                                     the second half, for the batch's engine

This is the library behind `clip URL`; the command line only parses options
and reports. Each stage raises its own `ClipperError`; nothing is written to
the vault before the page has been fetched and extracted, and the note is
written last, atomically, so a failure leaves no half-written note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from clipper.acquire import (
    Embeds,
    EmbedStore,
    Fetched,
    Request,
    fetch_target,
    is_web_address,
    local_path,
    read_fetched,
    save_embeds,
)
from clipper.models import Extraction, SavedImage
from clipper.note import NoteRequest, check_language, render, texte_complet
from clipper.note_file import texte_hash
from clipper.refresh import Runner, record_after_write, refresh, run_here, snapshot
from clipper.render import RenderOptions
from clipper.render_policy import Rendering, renderer_for
from clipper.scan import synced_paths
from clipper.state import NoteState, StateDatabase
from clipper.urls import address_forms, canonical_url, without_tracking
from clipper.vault import VaultLayout, ensure_folder, publish_note, vault_lock, write_temp

if TYPE_CHECKING:
    import httpx

    from clipper.refresh import RefreshOutcome
    from clipper.render import RenderOptions
    from clipper.state import NoteState, StateDatabase


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
    render: str = "auto"
    """auto, always or never: see `clipper.render_policy`."""
    browser: str | None = None
    """The Chromium to render with (the `browser` setting); None looks on PATH."""

    def __post_init__(self) -> None:

        check_language(self.language)  # before anything is fetched


@dataclass(frozen=True)
class ClipResult:
    path: Path
    extraction: Extraction
    images: Embeds
    updated: bool = False
    """True when an existing note of the same page was updated instead of created."""
    status: int | None = None
    """The HTTP status of the page (None for a saved file)."""
    message: str = ""
    """What the update of an existing note has to say (a collapsed page, a hand edit kept)."""
    change: str = "created"
    """What happened to the note: "created", or the update's "updated", "unchanged" or "collapsed"."""
    notice: str = ""
    """A page that looked built by JavaScript but could not be rendered: how to get it rendered."""

    @property
    def images_saved(self) -> int:
        """Attachments this clip wrote (a PDF's own file included); those already in the vault are not counted."""
        return self.images.written

    @property
    def images_failed(self) -> tuple[SavedImage, ...]:
        return self.images.failed


def request_for(options: ClipOptions) -> Request:
    """How `clip` asks for a page, from its options."""
    return Request(
        timeout=options.timeout, source_url=options.source_url, force=options.force, user_agent=options.user_agent
    )


def render_options(options: ClipOptions) -> RenderOptions:
    """How `clip` renders a page, from its options."""

    return RenderOptions(browser=options.browser, timeout=options.timeout, user_agent=options.user_agent)


def clip(target: str, options: ClipOptions) -> ClipResult:
    """Clip `target` into the vault: a new note, or, when the page already has
    one (same canonical URL), an update of that note that keeps the user's words.
    The page is rendered in a browser first when `options.render` asks."""
    from clipper import fetch  # not with the module: the extraction workers import it and never fetch

    options.vault.check()
    request = request_for(options)
    with (
        fetch.make_client(fetch.FetchOptions(timeout=options.timeout, user_agent=options.user_agent)) as client,
        renderer_for(options.render, render_options(options)) as renderer,
    ):
        fetched = fetch_target(target, client, request)
        folder = None if is_web_address(target) else local_path(target).resolve().parent
        seen = read_fetched(fetched, options.harvest_date, Rendering(options.render, renderer, local_folder=folder))
        return record(target, fetched, seen.extraction, options, client, notice=seen.notice)


def record(
    target: str,
    fetched: Fetched,
    extraction: Extraction,
    options: ClipOptions,
    client: httpx.Client,
    db: StateDatabase | None = None,
    writing: Callable[[str], AbstractContextManager[None]] | None = None,
    *,
    notice: str = "",
    work: Runner = run_here,
) -> ClipResult:
    """Save the embeds of an acquired page and write (or update) its note, with the
    vault's state database `db` (opened for this one note when not given), under
    `writing(source)` (default: the vault's `write` lock, held alone). `work` runs the
    note's file work (`draft_note`, `refresh.plan_update`): the batch's workers."""

    if db is None:
        with StateDatabase(options.vault.root) as own_db:
            return record(target, fetched, extraction, options, client, own_db, writing, notice=notice, work=work)
    local = None if is_web_address(target) else local_path(target)
    store = EmbedStore(options.vault, db, options.hash_mode, options.image_workers)
    embeds = save_embeds(extraction, fetched, store, client=client, timeout=options.timeout, local_page=local)
    path, outcome = _write(extraction, fetched, embeds.saved, options, db, writing, work)
    return ClipResult(
        path=path,
        extraction=extraction,
        images=embeds,
        updated=outcome is not None,
        change=outcome.status if outcome else "created",
        status=fetched.status if local is None else None,
        message=outcome.message if outcome else "",
        notice=notice,
    )


def _write(
    extraction: Extraction,
    fetched: Fetched,
    embeds: dict[str, str],
    options: ClipOptions,
    db: StateDatabase,
    writing: Callable[[str], AbstractContextManager[None]] | None = None,
    work: Runner = run_here,
) -> tuple[Path, RefreshOutcome | None]:
    """Create the note, or update the page's existing note; returns its path, and the
    RefreshOutcome of the update (None for a new note)."""

    source = canonical_url(fetched.url)
    address = without_tracking(fetched.address) if fetched.address else None
    validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, "address": address}
    with writing(source) if writing else vault_lock(options.vault, "write"):
        existing = _existing_note(options.vault, db, source, fetched.url)
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
                work=work,
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
        draft = work(draft_note, extraction, request, embeds, options.vault.notes_dir)
        path = publish_note(options.vault.notes_dir, draft.stem, draft.written)
        row = NoteState(
            path=path.relative_to(options.vault.root).as_posix(),
            source=source,
            content_hash=draft.content_hash,
            snapshot=draft.snapshot,
            last_status="ok",
            last_checked=options.harvest_date.isoformat(),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            address=address,
            rendered=extraction.rendered,
        )
        record_after_write(db, row, path)  # a failure here says the note was saved
        return path, None


@dataclass(frozen=True)
class NoteDraft:
    """A new note, rendered and `written` to a temp file of its folder, not yet named."""

    stem: str
    written: Path
    content_hash: str
    snapshot: str


def draft_note(extraction: Extraction, request: NoteRequest, embeds: dict[str, str], folder: Path) -> NoteDraft:
    """The note of `extraction` rendered and written (fsynced) to a temp file in
    `folder`, with what its state row records; `publish_note` names it."""
    note = render(extraction, request, embeds=embeds)
    content_hash = texte_hash(texte_complet(extraction, embeds, request.link_style))
    recorded = snapshot(extraction)
    ensure_folder(folder)
    return NoteDraft(note.stem, write_temp(folder, note.text.encode("utf-8")), content_hash, recorded)


def _existing_note(layout: VaultLayout, db: StateDatabase, source: str, address: str) -> tuple[Path, NoteState] | None:
    """(path, state) of the note already clipped from `source`, if any, wherever it
    now lives, or of the note whose page a permanent redirect moved to `address`
    (the page's address now): when the database knows none, it is re-synced from
    the notes (the note may have been moved, renamed, or written by a clip killed
    before its row); once per connection, so a batch of new pages scans the vault once."""

    for attempt in range(2):
        for state in [*db.find_source(source), *db.find_address(address_forms(address))]:
            path = layout.root / state.path
            if path.is_file():
                return path, state
        if attempt == 0 and not db.synced:
            synced_paths(layout, db)
    return None


__all__ = ["ClipOptions", "ClipResult", "clip", "record", "render_options", "request_for"]
