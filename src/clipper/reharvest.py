"""The nightly run: find every note clipper made, ask each page again with the
validators of the last answer, and bring changed notes up to date.

    run(layout, HarvestOptions(...), on_result=print) -> HarvestReport

One run at a time per vault (`reharvest` lock, never waited for). Pages are
fetched by a bounded pool of threads, at most `per_host` at once per host and
`delay` seconds apart per host; changed pages are extracted in a pool of
processes (one per core, at most four, forked once at the start of the run, before any
thread) so extraction uses every core while the threads keep fetching; the same
processes read each changed note and write its new text to a temp file
(`refresh.plan_update`), and the thread swaps it in and records it. The
state rows of pages that did not change (304, same content, errors) are
written in batches; a note's rewrite keeps its own two transactions
(`refresh`). A 304, or a 200 whose extraction is the same
as last time, changes nothing on disk. Errors never damage a note: network
errors, timeouts, 5xx and 429 leave it untouched (retried next night); 404 and
410 mark it with `source_gone`; a collapsed extraction is refused. Each note
is rewritten under the vault's `write` lock, taken shared (the threads of the
run rewrite different notes at once, one at a time per source), so a `clip`,
which takes it exclusively, cannot lose an update.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clipper import fetch
from clipper.acquire import EmbedStore, Request, Validators, extract_fetched, fetch_target, read_fetched, save_embeds
from clipper.digest import start_night, write_digest
from clipper.engine import (
    Budget,
    HostGate,
    WriteLocks,
    bounded_map,
    extraction_pool,
    for_each,
    in_workers,
    return_large_blocks_to_the_system,
)
from clipper.errors import ClipperError, ExtractionError, NoteLeftAloneError
from clipper.fetch import HTTPStatusError
from clipper.models import Extraction, Page
from clipper.note import texte_complet
from clipper.note_file import texte_hash
from clipper.refresh import mark_gone, refresh
from clipper.render import RenderOptions
from clipper.render_policy import Rendering, renderer_for
from clipper.scan import clipped_notes, markdown_files, states, synced_paths
from clipper.state import NoteState, StateDatabase
from clipper.urls import host_of, without_tracking
from clipper.vault import STATE_FOLDER, VaultLayout, remove_stale_temp_files, vault_lock

if TYPE_CHECKING:
    import httpx

    from clipper.acquire import Fetched
    from clipper.config import DigestOptions
    from clipper.digest import NightLog
    from clipper.fetch import FetchOptions
    from clipper.render import Renderer
from clipper.reharvest_report import HarvestReport as HarvestReport
from clipper.reharvest_report import NoteResult as NoteResult

RETRY_AFTER_WAIT_LIMIT = 10.0
"""A 429/503 asking to wait longer than this is retried next night instead."""
STATE_BATCH = 200
"""State rows that change no note are written this many at a time."""
PAGE_CHARS_IN_FLIGHT = 6_000_000
"""Most bytes of pages being fetched, extracted and rewritten at once (one page
always may; a note's size stands for its page's until the page is read). A
5 MB page is held several times over (text, pickled copy, the worker's tree,
Markdown, the note), so with 5 MB pages at most one is in flight: the run's
peak stays under 200 MB (232 MB with two at once, 437 MB with eight)."""


@dataclass(frozen=True)
class HarvestOptions:
    jobs: int = 16
    per_host: int = 2
    delay: float = 0.2
    only: str | None = None
    dry_run: bool = False
    timeout: float = 30.0
    today: dt.date = field(default_factory=dt.date.today)
    link_style: str = "wikilink"
    hash_mode: str = "lip"
    user_agent: str | None = None
    digest: DigestOptions | None = None
    """Where the night's digest goes; None writes none."""
    render: str = "auto"
    """auto, always or never; a note made from a rendered page is rendered again unless never."""
    browser: str | None = None


def run(
    layout: VaultLayout,
    options: HarvestOptions,
    on_start: Callable[[int], None] = lambda total: None,
    on_result: Callable[[NoteResult], None] = lambda result: None,
    workers: Executor | None = None,
) -> HarvestReport:
    """Re-harvest every clipped note of the vault (or those matching `only`).
    `workers`: the extraction pool, started by the caller before it imported this
    module (`engine.extraction_pool`), else one is started here.

    Memory does not grow with the vault beyond a path per note: state rows are
    read from the database a chunk at a time as the threads need them, and at
    most `IN_FLIGHT_PER_JOB` notes per thread are queued at once.
    """

    layout.check()
    report = HarvestReport()
    if not (layout.root / STATE_FOLDER).is_dir() and next(clipped_notes(layout), None) is None:
        return report  # not a vault clipper has written in: nothing to do, nothing to create
    return_large_blocks_to_the_system()
    # the workers are forked before the lock and the database are opened, so
    # they hold neither (a worker outliving a killed run must not keep the lock)
    with (
        nullcontext(workers) if workers is not None else extraction_pool(import_first=True) as extractors,
        vault_lock(layout, "reharvest", wait=False),
        StateDatabase(layout.root) as db,
    ):
        if not options.dry_run:
            _remove_stale_temp_files(layout)
        paths = _selected_paths(db, synced_paths(layout, db), options.only)
        on_start(len(paths))
        gate = HostGate(options.per_host, options.delay)
        fetch_options = fetch.FetchOptions(timeout=options.timeout, user_agent=options.user_agent)
        rows = _StateBatch(db)
        night = _night_log(layout, db, options)
        with fetch.make_client(fetch_options) as client, _renderer(options) as renderer:
            harvest = _Harvester(layout, db, client, fetch_options, gate, options, extractors, rows)
            harvest.renderer = renderer

            def handle(result: NoteResult) -> None:
                report.add(result)
                on_result(result)
                if night is not None:
                    night.add(result)

            try:
                for_each(bounded_map(harvest.one, states(db, paths), max(1, options.jobs), gate.close), handle)
            finally:
                rows.flush()
        if night is not None and (night.recorded or night.forgotten) and options.digest is not None:
            notes = markdown_files(layout.root)
            report.digest = write_digest(layout, db, options.digest, options.today, today=options.today, notes=notes)
    return report


def _night_log(layout: VaultLayout, db: StateDatabase, options: HarvestOptions) -> NightLog | None:
    """The digest's record of what this run does to each note (none for a dry run or without a digest)."""
    if options.digest is None or options.dry_run:
        return None

    return start_night(layout, db, options.digest, options.today)


def _renderer(options: HarvestOptions) -> AbstractContextManager[Renderer | None]:
    """The run's one renderer: its browser starts with the first page that needs it."""

    return renderer_for(
        options.render, RenderOptions(browser=options.browser, timeout=options.timeout, user_agent=options.user_agent)
    )


def _remove_stale_temp_files(layout: VaultLayout) -> None:
    """Temp files a killed clipper left behind, removed while no clipper writes."""

    with vault_lock(layout, "write"):
        remove_stale_temp_files(layout.root, time.time())


def _selected_paths(db: StateDatabase, paths: list[str], pattern: str | None) -> list[str]:
    """The notes to ask their page again: those `pattern` selects, clipped from a web
    address (a page clipped from a saved file without `--source` has none to ask)."""
    return [
        state.path
        for state in states(db, paths)
        if state.source.startswith(("http://", "https://")) and _selected(state, pattern)
    ]


class _StateBatch:
    """Changes to state rows of notes left as they are (status, failures, dates),
    written `STATE_BATCH` at a time in one transaction. Only the columns named
    are updated, so a `clip` updating the same note meanwhile loses nothing; a
    crash loses at most a 'last checked' date."""

    def __init__(self, db: StateDatabase) -> None:
        self._db = db
        self._rows: list[tuple[str, dict[str, object]]] = []
        self._lock = threading.Lock()

    def update(self, path: str, **changes: object) -> None:
        with self._lock:
            self._rows.append((path, changes))
            if len(self._rows) < STATE_BATCH:
                return
            rows, self._rows = self._rows, []
        self._db.update_many(rows)

    def flush(self) -> None:
        with self._lock:
            rows, self._rows = self._rows, []
        if rows:
            self._db.update_many(rows)


class _Harvester:
    """Re-harvests one note; shared by the worker threads of a run."""

    def __init__(
        self,
        layout: VaultLayout,
        db: StateDatabase,
        client: httpx.Client,
        fetch_options: FetchOptions,
        gate: HostGate,
        options: HarvestOptions,
        extractors: Executor,
        rows: _StateBatch,
    ) -> None:
        self.layout, self.db, self.client = layout, db, client
        self.fetch_options, self.gate, self.options = fetch_options, gate, options
        self.rows = rows
        self.in_workers = in_workers(extractors)
        """Runs a call in the extraction workers: the page's extraction, the note's file work."""
        self.budget = Budget(PAGE_CHARS_IN_FLIGHT)
        self._writing = WriteLocks(layout)
        self.renderer: Renderer | None = None
        """The run's renderer; None under --render never."""

    def one(self, state: NoteState) -> NoteResult:
        try:
            return self._harvest(state)
        except NoteLeftAloneError as error:  # read-only, or the user kept writing: not a failure
            return NoteResult(state.path, state.source, "skipped", error.message)
        except ClipperError as error:
            return self._failed(state, str(error))
        except (OSError, ValueError, UnicodeDecodeError) as error:
            return self._failed(state, f"the note could not be updated: {error}")

    def _harvest(self, state: NoteState) -> NoteResult:
        # The note's size stands for its page's until the page is read: a page is
        # fetched, extracted and written only when its size fits the budget.
        try:
            estimate = (self.layout.root / state.path).stat().st_size
        except OSError:
            estimate = 0
        with self.budget.take(estimate) as grow:
            return self._harvest_within(state, estimate, grow)

    def _harvest_within(self, state: NoteState, estimate: int, grow: Callable[[int], None]) -> NoteResult:

        try:
            with self.gate(host_of(state.fetch_address)):
                fetched = self._fetch(state)
        except HTTPStatusError as error:
            if error.status in (404, 410):
                return self._gone(state, error.status)
            raise
        if fetched.status == 304:
            if not self.options.dry_run:
                self.rows.update(
                    state.path,
                    last_status="not modified",
                    failures=0,
                    gone_since=None,
                    last_checked=self.options.today.isoformat(),
                    **_moved(state, fetched),
                )
            return NoteResult(state.path, state.source, "unchanged", "304")
        grow((len(fetched.html) if isinstance(fetched, Page) else len(fetched.content)) - estimate)
        return self._update(state, fetched)

    def _fetch(self, state: NoteState) -> Fetched:
        """The note's page (or PDF), asked at the address clipped with the last validators;
        a 429/503 asking to wait a little is waited for once."""

        # a 304 on the HTML shell of a rendered page says nothing of the data its scripts load;
        # a page back after a 404 is read whole, so that its note loses `source_gone`
        fresh = self._renders_again(state) or state.gone_since is not None
        validators = Validators() if fresh else Validators(state.etag, state.last_modified)
        request = Request(timeout=self.options.timeout, validators=validators, user_agent=self.options.user_agent)
        try:
            return fetch_target(state.fetch_address, self.client, request)
        except HTTPStatusError as error:
            wait = error.retry_after
            if error.status in (429, 503) and wait is not None and wait <= RETRY_AFTER_WAIT_LIMIT:
                time.sleep(wait)
                return fetch_target(state.fetch_address, self.client, request)
            raise

    def _renders_again(self, state: NoteState) -> bool:
        return state.rendered and self.renderer is not None

    def _extract(self, fetched: Fetched) -> Extraction:
        """The extraction of `fetched`, made in the run's extraction workers."""

        return self.in_workers(extract_fetched, fetched, self.options.today)

    def _update(self, state: NoteState, fetched: Fetched) -> NoteResult:

        rendering = Rendering(self.options.render, self.renderer, force=self._renders_again(state))
        try:
            extraction = read_fetched(fetched, self.options.today, rendering, self._extract).extraction
        except ExtractionError as error:
            if not self.options.dry_run:
                self.rows.update(state.path, last_status="collapsed")  # last_checked: the last good harvest
            return NoteResult(state.path, state.source, "collapsed", str(error))
        validators = {"etag": fetched.etag, "last_modified": fetched.last_modified, **_moved(state, fetched)}
        if self.options.dry_run:
            return self._would_update(state, extraction, self.db.saved_images([r.url for r in extraction.images]))
        store = EmbedStore(self.layout, self.db, self.options.hash_mode)
        embeds = save_embeds(extraction, fetched, store, client=self.client, timeout=self.options.timeout)
        return self._refresh(state, extraction, embeds.saved, validators)

    def _would_update(self, state: NoteState, extraction: Extraction, known_images: dict[str, str]) -> NoteResult:
        """--dry-run: whether the note's Texte complet would change, writing nothing."""

        changed = texte_hash(texte_complet(extraction, known_images, self.options.link_style)) != state.content_hash
        return NoteResult(state.path, state.source, "would-update" if changed else "unchanged")

    def _refresh(
        self, state: NoteState, extraction: Extraction, embeds: dict[str, str], validators: dict[str, str | None]
    ) -> NoteResult:

        path = self.layout.root / state.path
        with self._writing(state.source):
            fresh = self.db.get(state.path) or state
            outcome = refresh(
                path,
                self.layout,
                self.db,
                fresh,
                extraction,
                embeds,
                today=self.options.today,
                validators=validators,
                link_style=self.options.link_style,
                work=self.in_workers,
            )
        return NoteResult(state.path, state.source, outcome.status, outcome.message, outcome.summary, outcome.changes)

    def _gone(self, state: NoteState, status: int) -> NoteResult:

        newly = False
        if not self.options.dry_run:
            with self._writing(state.source):
                newly = mark_gone(self.layout.root / state.path, self.db, state, self.options.today, status)
        return NoteResult(state.path, state.source, "gone", f"HTTP {status}", changes=("gone",) if newly else ())

    def _failed(self, state: NoteState, message: str) -> NoteResult:
        if not self.options.dry_run:
            self.rows.update(
                state.path,
                last_status=f"error: {message}"[:500],
                failures=state.failures + 1,
            )  # last_checked stays the date of the last good harvest, which `clip list` shows
        return NoteResult(state.path, state.source, "failed", message)


def _moved(state: NoteState, fetched: Fetched) -> dict[str, str]:
    """{"address": new} when permanent redirects moved the page (or the row had none yet)."""

    address = without_tracking(fetched.address) if fetched.address else None
    return {"address": address} if address and address != state.address else {}


def _selected(state: NoteState, pattern: str | None) -> bool:
    if not pattern:
        return True
    return (
        fnmatch.fnmatch(state.path, pattern)
        or fnmatch.fnmatch(state.source, pattern)
        or pattern in state.source
        or pattern in state.path
    )
