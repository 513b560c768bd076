"""Bring one existing note up to date with a fresh extraction of its page,
touching only what clipper owns.

Used by the nightly re-harvest and by `clip URL` when the page already has a
note. The user's words — title line, Date de récolte, Mon avis, their own
sections and properties — are handed back byte for byte, in the note's own
encoding, byte-order mark and line ends; Texte complet and the managed
properties are rewritten; a dated line goes under Historique. The replaced
Texte complet is kept as a version (`history`), and so is a version the user
had edited by hand. A `--avis` the note already holds is not added again.

Concurrency: the note is rewritten only if it still holds the bytes the update
was made from (`vault.replace_if_unchanged`); when another process (the
user's editor) wrote in between, the update is made again from the new bytes,
up to `MAX_ATTEMPTS` times, then the note is left for the next run. A
read-only note is left alone.

Crash safety: the state database learns the hash of the text about to be
written (`pending_hash`) before the note is replaced, and only then the
final hash; a run killed (or a disk filled) in between recognises its own
text next time.

Where: `plan_update` (read the note, work out the update, keep the version,
write the new bytes to a temp file) touches files only, so the re-harvest and
the batch run it in their extraction workers; the database and the swap stay
with the calling thread.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from clipper import history
from clipper.errors import NoteLeftAloneError, StateNotSavedError, VaultError
from clipper.models import Extraction
from clipper.note import (
    Labels,
    NoteFile,
    NoteRequest,
    daily_note_link,
    join_note,
    labels_in,
    note_properties,
    texte_complet,
    texte_complet_of,
    with_avis,
    with_history_line,
    with_properties,
    with_texte_complet,
)
from clipper.note_file import read_note_file, texte_hash
from clipper.refresh_summary import PHRASES as PHRASES
from clipper.refresh_summary import Phrases as Phrases
from clipper.refresh_summary import change_kinds as change_kinds
from clipper.refresh_summary import describe_change as describe_change
from clipper.refresh_summary import snapshot as snapshot
from clipper.state import NoteState, StateDatabase
from clipper.vault import (
    VaultLayout,
    discard_replacement,
    encode_note,
    is_read_only,
    replace_if_unchanged,
    write_replacement,
)

_Result = TypeVar("_Result")

MANAGED_PROPERTIES = ("author", "published", "description", "site", "kind", "extractor", "instructors", "rendered")
"""Properties a harvest may rewrite; every other property belongs to the user."""

COLLAPSE_RATIO = 0.25
COLLAPSE_MIN_WORDS = 80
MAX_ATTEMPTS = 5
"""Times an update is made again from the note's new bytes when the user keeps writing."""
BUSY_MESSAGE = "the note kept changing while it was being updated; left as it is for the next run"


@dataclass(frozen=True)
class RefreshOutcome:
    status: str
    """"unchanged", "updated" or "collapsed"."""
    message: str = ""
    summary: str = ""
    """When Texte complet was replaced: the Historique line's text after the date."""
    changes: tuple[str, ...] = ()
    """When Texte complet was replaced, what changed (`change_kinds`)."""


@dataclass(frozen=True)
class _Update:
    """What an update makes of one reading of the note: the new text (None: nothing
    to write), the state row to record once written (or at once), the outcome."""

    text: str | None
    row: NoteState
    pending_hash: str | None
    outcome: RefreshOutcome
    version: history.Version | None = None
    """The replaced Texte complet, kept (the note's file itself, linked, where it can be)."""


class Runner(Protocol):
    """Runs `function(*args, **kwargs)` (perhaps in another process) and returns its result."""

    def __call__(self, function: Callable[..., _Result], /, *args: Any, **kwargs: Any) -> _Result: ...


def run_here(function: Callable[..., _Result], /, *args: Any, **kwargs: Any) -> _Result:
    """The `Runner` that runs each call in the calling thread."""
    return function(*args, **kwargs)


def refresh(
    path: Path,
    layout: VaultLayout,
    db: StateDatabase,
    state: NoteState,
    extraction: Extraction,
    embeds: dict[str, str],
    *,
    today: dt.date,
    new_avis: tuple[str, ...] = (),
    validators: dict[str, str | None] | None = None,
    link_style: str = "wikilink",
    work: Runner = run_here,
) -> RefreshOutcome:
    """Rewrite the note at `path` from `extraction` if its content changed, and add
    `new_avis` to Mon avis. A collapsed page leaves Texte complet alone, never the avis.
    Raises VaultError when the note cannot be read, parsed or written,
    NoteLeftAloneError when it is read-only or kept changing.

    `work` runs `plan_update` (reading the note, working out its new text, writing
    that to a temp file: files only, never the database) where the caller wants it:
    the extraction workers of a re-harvest or a batch, which take that CPU off the
    process whose threads fetch. The swap into place and its settling wait stay
    here: they would hold a worker that could be extracting. By default, all of it
    runs here."""
    asked = UpdateAsked(state, extraction, embeds, today, new_avis, validators or {}, link_style)
    for _attempt in range(MAX_ATTEMPTS):
        plan = work(plan_update, path, layout, asked)
        if plan.data is None:
            db.put(plan.row)
            return plan.outcome
        _record_pending(db, state, plan, path)
        if write_update(path, plan):
            record_after_write(db, plan.row, path)
            return plan.outcome
    raise NoteLeftAloneError(BUSY_MESSAGE, str(path))


@dataclass(frozen=True)
class PlannedUpdate:
    """One reading of a note and what to do with it: the bytes `read`, the new bytes
    (`data`, None: nothing to write) already `written` to a temp file beside it, and
    `_Update`'s row, pending hash, outcome and version (not its text: the bytes are
    enough, and a plan made in a worker crosses a pipe)."""

    read: bytes
    data: bytes | None
    row: NoteState
    pending_hash: str | None
    outcome: RefreshOutcome
    version: history.Version | None = None
    written: Path | None = None


@dataclass(frozen=True)
class UpdateAsked:
    """What an update of one note is made from: the note's state row, the fresh
    extraction and its saved embeds, the day, and what the command adds."""

    state: NoteState
    extraction: Extraction
    embeds: dict[str, str]
    today: dt.date
    new_avis: tuple[str, ...]
    validators: dict[str, str | None]
    link_style: str


def plan_update(path: Path, layout: VaultLayout, asked: UpdateAsked) -> PlannedUpdate:
    """Read the note at `path` and work out its update, keeping the replaced text as a
    version; the database is the caller's. VaultError, NoteLeftAloneError as `refresh`."""
    _refuse_read_only(path)
    on_disk = read_note_file(path)
    update = _prepare(on_disk.note, layout, asked, path)
    if update.text is None:
        return PlannedUpdate(on_disk.data, None, update.row, update.pending_hash, update.outcome)
    data = encode_note(update.text, on_disk.style)
    try:
        written = write_replacement(path, data)
    except BaseException:
        _forget_version(update.version, path)
        raise
    return PlannedUpdate(on_disk.data, data, update.row, update.pending_hash, update.outcome, update.version, written)


def _forget_version(version: history.Version | None, path: Path) -> None:
    """Take back the version an update kept, still the note's own file, when the note
    is not replaced after all."""
    if version is not None:
        history.forget_if_current(version, path)


def _record_pending(db: StateDatabase, state: NoteState, plan: PlannedUpdate, path: Path) -> None:
    """Old validators until the note is written: a run killed before the write must
    not be answered 304 next time, or the new text would never arrive."""
    try:
        db.put(state.but(pending_hash=plan.pending_hash))
    except BaseException:
        if plan.written is not None:
            discard_replacement(plan.written)
        _forget_version(plan.version, path)
        raise


def write_update(path: Path, plan: PlannedUpdate) -> bool:
    """Whether the note was replaced by `plan.data` (written beside it); when it was
    not (its writer kept changing it, or the disk refused), the version the plan
    kept, still the note's own file, is taken back."""
    assert plan.data is not None and plan.written is not None
    replaced = False
    try:
        replaced = replace_if_unchanged(path, plan.read, plan.data, written=plan.written)
    finally:
        if not replaced:
            _forget_version(plan.version, path)
    return replaced


def record_after_write(db: StateDatabase, row: NoteState, path: Path) -> None:
    """Record the state row of a note just written; a failure says the note was saved."""
    try:
        db.put(row)
    except VaultError as exc:
        raise StateNotSavedError(
            f"the note was saved; the index could not be ({_reason_of(exc)}): run `clip doctor --fix`", str(path)
        ) from exc


def _reason_of(error: VaultError) -> str:
    match = re.search(r"\(([^()]*)\)\s*$", error.message)
    return match.group(1) if match else error.message


def _refuse_read_only(path: Path) -> None:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise VaultError(f"cannot read the note ({exc.strerror})", str(path)) from exc
    if is_read_only(info):
        raise NoteLeftAloneError(f"the note is read-only (mode {info.st_mode & 0o777:o}); left as it is", str(path))


def _prepare(note: NoteFile, layout: VaultLayout, asked: UpdateAsked, path: Path) -> _Update:
    """The update of one reading of the note (keeping the replaced text as a version)."""
    state, extraction, today, new_avis = asked.state, asked.extraction, asked.today, asked.new_avis
    current = texte_complet_of(note.body)
    if current is None:
        raise VaultError("the note has no « Texte complet : » section", str(path))
    labels = labels_in(note.body)
    new_texte = texte_complet(extraction, asked.embeds, asked.link_style)
    new_hash, current_hash = texte_hash(new_texte), texte_hash(current)
    fresh = snapshot(extraction)  # once: the state row and the change summary both need it
    checked = today.isoformat()
    base = state.but(**asked.validators, last_status="ok", failures=0, gone_since=None, last_checked=checked)
    site_changed = new_hash != state.content_hash and new_hash != current_hash
    collapsed = site_changed and _collapsed(current, new_texte)
    if collapsed:  # not a harvest: `last_checked` keeps the date of the last good one
        site_changed, base = False, state.but(last_status="collapsed")
    untouched = _untouched(state, base, fresh, collapsed=collapsed, new_hash=new_hash, current_hash=current_hash)
    if not site_changed and not new_avis and not _has_gone_mark(note):
        return untouched
    body, version, summary = note.body, None, ""
    if site_changed:
        body, version, summary = _replace_texte(
            body, current, current_hash, state, fresh, new_texte, layout, today, labels, path
        )
    if new_avis:
        prefix = daily_note_link(today, labels) + PHRASES[labels.language].colon
        body = with_avis(body, new_avis, prefix, labels)
    front = with_properties(note.front, _managed_changes(note, extraction, today, site_changed))
    text = join_note(replace(note, front=front, body=body))
    if text == join_note(note):  # a retried --avis already in the note, nothing else new
        return untouched
    final_hash = new_hash if site_changed else state.content_hash
    row = base.but(
        content_hash=final_hash,
        pending_hash=None,
        snapshot=state.snapshot if collapsed else fresh,
        rendered=extraction.rendered,  # as the note's `rendered` property now says
    )
    if collapsed:
        return _Update(text, row, final_hash, RefreshOutcome("collapsed", COLLAPSED_MESSAGE + "; your avis was added"))
    return _Update(text, row, final_hash, _updated_outcome(state, fresh, site_changed, version, summary), version)


def _untouched(
    state: NoteState, base: NoteState, fresh: str, *, collapsed: bool, new_hash: str, current_hash: str
) -> _Update:
    """The update that writes nothing: the state row records this reading."""
    if collapsed:
        return _Update(None, base, None, RefreshOutcome("collapsed", COLLAPSED_MESSAGE))
    # The note already holds this text (perhaps written by a run killed before it
    # could record it): it is ours from now on.
    ours = new_hash if new_hash == current_hash else state.content_hash or new_hash
    row = base.but(content_hash=ours, pending_hash=None, snapshot=fresh)
    return _Update(None, row, None, RefreshOutcome("unchanged"))


def _updated_outcome(
    state: NoteState, fresh: str, site_changed: bool, version: history.Version | None, summary: str
) -> RefreshOutcome:
    """`fresh`: the new extraction's snapshot; `version`: the replaced Texte complet, kept."""
    message = ""
    if version is not None and version.reason == "user":
        message = f"your hand edit of Texte complet was kept as version {version.number}"
    changes = change_kinds(state.snapshot_data(), fresh) if site_changed else ()
    return RefreshOutcome("updated", message, summary, changes)


COLLAPSED_MESSAGE = "the page now gives far less text than the note holds; kept its Texte complet"


def _replace_texte(
    body: str,
    current: str,
    current_hash: str,
    state: NoteState,
    fresh: str,
    new_texte: str,
    layout: VaultLayout,
    today: dt.date,
    labels: Labels,
    path: Path,
) -> tuple[str, history.Version | None, str]:
    """`body` with the new Texte complet and a Historique line; the replaced text is
    kept as a version first (the note at `path` itself, linked, where it can be).
    `fresh`: the new extraction's snapshot. Returns the body, the version kept
    (None when the replaced text was empty) and the Historique line's summary."""

    version = None
    if current.strip():
        user_edited = current_hash not in (state.content_hash, state.pending_hash)
        reason = "user" if user_edited else "harvest"
        version = history.keep_version(layout.root, state.source, current, reason, note=path)
    phrases = PHRASES[labels.language]
    summary = describe_change(state.snapshot_data(), fresh, labels.language)
    if version is not None and version.reason == "user":
        summary += phrases.kept.format(version.number)
    body = with_texte_complet(body, new_texte)
    line = f"{daily_note_link(today, labels)}{phrases.colon} {summary}"
    return with_history_line(body, line, labels.history), version, summary


def mark_gone(path: Path, db: StateDatabase, state: NoteState, today: dt.date, status: int) -> bool:
    """Record that the source answers 404/410; returns True when the note changed."""
    since = state.gone_since or today.isoformat()
    db.put(state.but(gone_since=since, last_status=f"gone ({status})", last_checked=today.isoformat()))
    _refuse_read_only(path)
    for _attempt in range(MAX_ATTEMPTS):
        on_disk = read_note_file(path)
        if on_disk.note.properties.get("source_gone"):
            return False
        front = with_properties(on_disk.note.front, {"source_gone": dt.date.fromisoformat(since)})
        text = join_note(replace(on_disk.note, front=front))
        if replace_if_unchanged(path, on_disk.data, encode_note(text, on_disk.style)):
            return True
    raise NoteLeftAloneError(BUSY_MESSAGE, str(path))


def _collapsed(current: str, new: str) -> bool:
    old_words, new_words = len(current.split()), len(new.split())
    return old_words >= COLLAPSE_MIN_WORDS and new_words < old_words * COLLAPSE_RATIO


def _has_gone_mark(note: NoteFile) -> bool:
    return bool(note.properties.get("source_gone"))


def _managed_changes(note: NoteFile, extraction: Extraction, today: dt.date, texte_changed: bool) -> dict[str, object]:
    fresh = note_properties(extraction, NoteRequest(today), title="")
    changes: dict[str, object] = {}
    for key in MANAGED_PROPERTIES:
        if note.properties.get(key) != fresh.get(key):
            changes[key] = fresh.get(key)
    if texte_changed:
        changes["updated"] = today
    if note.properties.get("source_gone"):
        changes["source_gone"] = None
    return changes
