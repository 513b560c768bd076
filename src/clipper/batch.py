"""Clipping many pages: `clip --from urls.txt`, several URLs, URLs on standard input.

    parse_batch(lines) -> [BatchEntry]                     the list
    clip_batch(entries, ClipOptions, BatchOptions, on_result) -> counts

One entry a line: `URL`, or `URL | titre | avis` (columns may be left empty);
blank lines and lines starting with `#` are skipped, and so is ` # …` after a
URL. The pages are clipped by the re-harvest's engine (`clipper.engine`) and
acquired like every page (`clipper.acquire`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from clipper import fetch
from clipper.acquire import extract_fetched, fetch_target, is_web_address, local_path, read_fetched
from clipper.engine import (
    HostGate,
    WriteLocks,
    bounded_map,
    extraction_pool,
    for_each,
    in_workers,
    return_large_blocks_to_the_system,
)
from clipper.errors import ClipperError
from clipper.pipeline import record, render_options, request_for
from clipper.render_policy import Rendering, renderer_for
from clipper.scan import sync_state
from clipper.state import StateDatabase
from clipper.urls import host_of

if TYPE_CHECKING:
    import httpx

    from clipper.engine import HostGate, WriteLocks
    from clipper.pipeline import ClipOptions, ClipResult
    from clipper.render import Renderer
    from clipper.state import StateDatabase


@dataclass(frozen=True)
class BatchEntry:
    url: str
    titre: str | None = None
    avis: str | None = None
    line: int = 0


def parse_batch(lines: Iterable[str]) -> list[BatchEntry]:
    entries: list[BatchEntry] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        url, titre, avis = (part.strip() for part in (line.split("|", 2) + ["", ""])[:3])
        url = _TRAILING_COMMENT.sub("", url)  # an address holds no space: "URL  # why" ends at the URL
        if url:
            entries.append(BatchEntry(url, titre or None, avis or None, number))
    return entries


_TRAILING_COMMENT = re.compile(r"\s+#.*\Z")


@dataclass(frozen=True)
class BatchOptions:
    """How many pages at once: in all (`jobs`), per host, and the pause between two
    requests to one host (`clip --delay`)."""

    jobs: int = 16
    per_host: int = 2
    delay: float = 0.2


@dataclass(frozen=True)
class BatchResult:
    entry: BatchEntry
    status: str
    """"created", "updated", "unchanged" (the note already held the page) or "failed"."""
    clip: ClipResult | None = None
    message: str = ""


def clip_batch(
    entries: Sequence[BatchEntry],
    options: ClipOptions,
    batch: BatchOptions = BatchOptions(),
    on_result: Callable[[BatchResult], None] = lambda result: None,
    workers: Executor | None = None,
) -> Counter[str]:
    """Clip every entry with the re-harvest's engine: pages fetched by `batch.jobs`
    threads under the per-host gate, extracted by the worker processes, written one
    note at a time. One failure never stops the others. Returns a count per status.
    `workers`: the extraction pool, started by the caller before it imported this
    module (`engine.extraction_pool`); else one is started here."""

    options.vault.check()
    counts: Counter[str] = Counter()
    return_large_blocks_to_the_system()
    fetch_options = fetch.FetchOptions(timeout=options.timeout, user_agent=options.user_agent)
    with (
        nullcontext(workers) if workers is not None else extraction_pool(import_first=True) as extractors,
        fetch.make_client(fetch_options) as client,
        StateDatabase(options.vault.root) as db,
        renderer_for(options.render, render_options(options)) as renderer,
    ):
        if db.is_empty():  # once for the batch, not once per page
            sync_state(options.vault, db)
        clipper = _BatchClipper(options, client, db, HostGate(batch.per_host, batch.delay), extractors)
        clipper.writing = WriteLocks(options.vault)
        clipper.renderer = renderer

        def handle(result: BatchResult) -> None:
            counts[result.status] += 1
            on_result(result)

        for_each(bounded_map(clipper.one, entries, max(1, batch.jobs), on_interrupt=clipper.gate.close), handle)
    return counts


class _BatchClipper:
    """Clips one entry of a batch; shared by the engine's threads."""

    def __init__(
        self, options: ClipOptions, client: httpx.Client, db: StateDatabase, gate: HostGate, extractors: Executor
    ) -> None:
        self.options, self.client, self.db, self.gate = options, client, db, gate
        self.in_workers = in_workers(extractors)
        """Runs a call in the extraction workers: the page's extraction, the note's file work."""
        self.writing: WriteLocks | None = None
        """Notes of different pages written at once (the exclusive `write` lock otherwise)."""
        self.renderer: Renderer | None = None
        """The batch's renderer (one browser for every page); None under --render never."""

    def one(self, entry: BatchEntry) -> BatchResult:

        options = replace(
            self.options,
            titre=entry.titre or self.options.titre,
            avis=(entry.avis,) if entry.avis else self.options.avis,
        )
        try:
            with self.gate(host_of(entry.url)):
                fetched = fetch_target(entry.url, self.client, request_for(options))
            folder = None if is_web_address(entry.url) else local_path(entry.url).resolve().parent
            rendering = Rendering(options.render, self.renderer, local_folder=folder)
            seen = read_fetched(
                fetched,
                options.harvest_date,
                rendering,
                lambda item: self.in_workers(extract_fetched, item, options.harvest_date),
            )
            result = record(
                entry.url,
                fetched,
                seen.extraction,
                options,
                self.client,
                db=self.db,
                writing=self.writing,
                notice=seen.notice,
                work=self.in_workers,
            )
        except ClipperError as error:
            return BatchResult(entry, "failed", message=str(error))
        except OSError as error:
            return BatchResult(entry, "failed", message=f"the note could not be written: {error}")
        status = "unchanged" if result.change in ("unchanged", "collapsed") else result.change
        return BatchResult(entry, status, result)
