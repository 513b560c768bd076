"""What changed overnight, in one note: the digest of a night's re-harvest.

    log = NightLog(db, night)          # the re-harvest's hook: log.add(result) per note
    write_digest(layout, db, options, night, today=…, notes=…) -> Path | None
    build_digest(db, night, today) -> Digest     # what `clip digest` prints

Each note that a run updated, saw gone or failed on is remembered in the state
database (`harvest_events`) under the night's date, with the summary its
Historique got; the digest of a night is made from those rows, so a second run
the same night rewrites that night's digest with the first run's entries and
its own. A run that changed and failed nothing writes no digest. The digest
also lists the dated sessions of the coming seven days across every course
note (from the schedules the state remembers), and is linked from the daily
note of that night when the vault has one (`daily_notes`). It is written
atomically; its properties say `kind: digest`, `date` and the counts, and it
has no `source`, so the re-harvest never takes it for a clipping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from clipper.config import DigestOptions
from clipper.daily_notes import add_line_under_heading, find_daily_note, moment_format
from clipper.digest_model import GROUPS, Digest, Upcoming
from clipper.digest_render import WORDS, daily_heading, render_markdown, render_text
from clipper.models import Session
from clipper.scan import markdown_files
from clipper.state import DATABASE_NAME, HarvestEvent, StateDatabase
from clipper.vault import STATE_FOLDER, VaultLayout, replace_file

UPCOMING_DAYS = 7
FAILED_STATUSES = frozenset({"failed", "collapsed"})


class Outcome(Protocol):
    """What the re-harvest says of one note (`reharvest.NoteResult`)."""

    @property
    def path(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def changes(self) -> tuple[str, ...]: ...


def event_of(result: Outcome, night: dt.date) -> HarvestEvent | None:
    """The event a note's result makes, or None when nothing happened to the note."""
    if result.status in FAILED_STATUSES:
        reason = _without_address(result.message, result.source) or result.status
        return HarvestEvent(night.isoformat(), result.path, result.source, "failed", reason)
    if result.status == "updated" and result.changes:
        return HarvestEvent(night.isoformat(), result.path, result.source, result.changes[0], result.summary)
    if result.status == "gone" and "gone" in result.changes:
        return HarvestEvent(night.isoformat(), result.path, result.source, "gone", result.message)
    return None


def _without_address(message: str, source: str) -> str:
    """An error message without the note's own address at its end (the digest links the note)."""
    head, separator, tail = message.rpartition(": ")
    return head if separator and tail.rstrip("/") == source.rstrip("/") else message


class NightLog:
    """The re-harvest's hook: records each note's event as its result comes. A
    note that failed earlier that night and goes well now loses that failure."""

    def __init__(self, db: StateDatabase, night: dt.date) -> None:
        self.db, self.night = db, night
        self.recorded = 0
        self.forgotten = 0
        """Failures of earlier runs that night that this run got past (the digest must drop them)."""
        tonight = db.events(night.isoformat(), night.isoformat())
        self._failed_before = {event.path for event in tonight if event.kind == "failed"}

    def add(self, result: Outcome) -> None:
        event = event_of(result, self.night)
        if event is not None:
            self.db.record_event(event)
            self.recorded += 1
        if result.status not in FAILED_STATUSES and result.path in self._failed_before:
            self.db.forget_failure(self.night.isoformat(), result.path)
            self._failed_before.discard(result.path)
            self.forgotten += 1


def start_night(layout: VaultLayout, db: StateDatabase, options: DigestOptions, night: dt.date) -> NightLog:
    """The night's log, holding again what that night's digest says when the state has
    forgotten it (the database was deleted between two runs of the night)."""
    path = digest_path(layout.root, options, night)
    if not db.events(night.isoformat(), night.isoformat()) and path.is_file():
        for event in events_in_digest(path, night, markdown_files(layout.root), layout.root):
            state = db.get(event.path)
            db.record_event(
                HarvestEvent(event.night, event.path, state.source if state else "", event.kind, event.summary)
            )
    return NightLog(db, night)


_DIGEST_LINE = re.compile(r"^- (?:\[\[([^\]|]+)(?:\|[^\]]*)?\]\]|(.+?))(?: : |: )(.*)$")


def events_in_digest(path: Path, night: dt.date, notes: Iterable[Path], root: Path) -> list[HarvestEvent]:
    """The events a digest note lists (either language), with the notes' vault paths; lines
    whose note is no longer in the vault, and what is not an event, are skipped."""

    headings = {words[kind]: (kind, words) for words in WORDS.values() for kind in GROUPS}
    by_stem = {note.stem: note.relative_to(root).as_posix() for note in notes}
    found, kind_words = [], None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    for line in text.splitlines():
        if line.startswith("## "):
            kind_words = headings.get(re.sub(r" \(\d+\)$", "", line[3:]))
            continue
        match = _DIGEST_LINE.match(line)
        if kind_words is None or match is None:
            continue
        kind, words = kind_words
        target = match.group(1) or match.group(2)
        note = f"{target}.md" if "/" in target else by_stem.get(target)
        summary = _unformatted(match.group(3), words["gone_summary"]) if kind == "gone" else match.group(3)
        if note is not None:
            found.append(HarvestEvent(night.isoformat(), note, "", kind, summary))
    return found


def _unformatted(text: str, template: str) -> str:
    """`text` without the words `template` put around its `{}`."""
    before, _, after = template.partition("{}")
    return text[len(before) : len(text) - len(after)] if text.startswith(before) and text.endswith(after) else text


def build_digest(db: StateDatabase, night: dt.date, today: dt.date, *, upcoming: bool = True) -> Digest:
    """The digest of `night`, with the sessions from `today` to a week later (unless not `upcoming`)."""
    events = db.events(night.isoformat(), night.isoformat())
    sessions = tuple(upcoming_sessions(db, today)) if upcoming else ()
    return Digest(night, tuple(sorted(_unique(events), key=lambda event: event.path)), sessions)


def _unique(events: Iterable[HarvestEvent]) -> Iterator[HarvestEvent]:
    seen: set[tuple[str, str, str]] = set()
    for event in events:
        key = (event.path, event.kind, event.summary)
        if key not in seen:
            seen.add(key)
            yield event


def upcoming_sessions(db: StateDatabase, today: dt.date, days: int = UPCOMING_DAYS) -> list[Upcoming]:
    """The sessions dated from `today` to `today + days - 1` in every course note, by date."""
    found: list[Upcoming] = []
    for state in db.all():
        data = state.snapshot_data()
        if not data or data.get("kind") != "course":
            continue
        for session in _sessions(data.get("schedule")):
            day = _session_date(session)
            if day is not None and today <= day < today + dt.timedelta(days=days):
                found.append(Upcoming(day, state.path, " / ".join(session.titles), session.speakers))
    return sorted(found, key=lambda item: (item.date, item.path))


def _sessions(schedule: object) -> Iterator[Session]:
    """The sessions of a snapshot's `schedule` (`Session.to_dict` each), skipping any it cannot read."""
    for data in schedule if isinstance(schedule, list) else []:
        try:
            yield Session.from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue


def _session_date(session: Session) -> dt.date | None:
    """The session's date when the page made it certain."""
    try:
        return dt.date.fromisoformat(session.date) if session.date else None
    except (TypeError, ValueError):
        return None


def digest_path(root: Path, options: DigestOptions, night: dt.date) -> Path:
    return root / options.folder / (moment_format(night, options.name, options.language) + ".md")


def write_digest(
    layout: VaultLayout,
    db: StateDatabase,
    options: DigestOptions,
    night: dt.date,
    *,
    today: dt.date,
    notes: Iterable[Path],
) -> Path:
    """Write (or rewrite) the digest of `night` and link it from that day's daily note.
    `notes` are the vault's Markdown files (for links and the daily note)."""
    files = list(notes)
    path = digest_path(layout.root, options, night)
    digest = build_digest(db, night, today)
    link = _linker(layout.root, files)
    daily = find_daily_note(layout.root, night, options.language, files)
    daily_link = link((daily.relative_to(layout.root)).as_posix()) if daily else None
    text = render_markdown(digest, options.language, title=path.stem, link=link, daily=daily_link)
    replace_file(path, text.encode("utf-8"))
    if daily is not None:
        add_line_under_heading(daily, daily_heading(options.language), f"- [[{path.stem}]]")
    return path


def _linker(root: Path, files: list[Path]) -> Callable[[str], str]:
    """A note's wikilink: `[[stem]]` when no other note has that name, else its vault path;
    a note no longer in the vault is named without a link."""
    stems = Counter(file.stem for file in files)
    present = {file.relative_to(root).as_posix() for file in files}

    def link(path: str) -> str:
        stem = Path(path).stem
        if path not in present:
            return stem
        return f"[[{stem}]]" if stems[stem] == 1 else f"[[{path[:-3]}|{stem}]]"

    return link


def digest_notes(notes: Iterable[Path]) -> Iterator[tuple[Path, dict[str, object]]]:
    """(path, properties) of every digest among `notes` (properties `kind: digest`)."""
    for path in notes:
        properties = _digest_properties(path)
        if properties is not None:
            yield path, properties


def _digest_properties(path: Path) -> dict[str, object] | None:
    try:
        with path.open("rb") as stream:
            head = stream.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return None
    if not head.startswith("---\n") or "\nkind: digest\n" not in head.split("\n---", 1)[0] + "\n":
        return None
    properties: dict[str, object] = {}
    for line in head[4:].split("\n---", 1)[0].splitlines():
        key, _, value = line.partition(": ")
        properties[key] = int(value) if value.isdigit() else value
    return properties


def summaries(layout: VaultLayout, *, since: dt.date | None, today: dt.date, language: str) -> list[str]:
    """`clip digest`: the text of each night's digest from `since` (default: the last night
    recorded), the coming sessions under the last one. Reads the state only; writes nothing."""

    layout.check()
    if not (layout.root / STATE_FOLDER / DATABASE_NAME).is_file():
        return [WORDS[language]["no_record"]]
    with StateDatabase(layout.root) as db:
        if since is None:
            last = db.last_night()
            nights = [dt.date.fromisoformat(last)] if last else []
        else:
            nights = sorted({dt.date.fromisoformat(event.night) for event in db.events(since.isoformat())})
        if not nights:
            return [WORDS[language]["no_record"]]
        upcoming = tuple(upcoming_sessions(db, today))
        digests = [build_digest(db, night, today, upcoming=False) for night in nights]
    texts = [render_text(digest, language, upcoming=None) for digest in digests[:-1]]
    return [*texts, render_text(digests[-1], language, upcoming=upcoming)]
