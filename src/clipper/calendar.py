"""A course's schedule as an iCalendar file (RFC 5545), one event per session
whose date the page makes certain. Sessions without a certain date are left
out rather than guessed; `to_ics` says how many.

    note_calendar(note, layout) -> Calendar    `clip calendar NOTE`
    to_ics(sessions, course=, source=)         the file itself

`note_calendar` reads what the vault already holds: the schedule the last
harvest kept in the state database (dated then, with the harvest's year for a
day printed without one), in the note's language. Only a note the state knows
nothing of (its database deleted) has its page acquired again, from the
address clipped, with the note's harvest date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clipper import fetch
from clipper.acquire import Request, acquire
from clipper.errors import UsageError, VaultError
from clipper.models import Session
from clipper.note import labels_in
from clipper.note_file import read_note_file
from clipper.state import DATABASE_NAME, StateDatabase
from clipper.vault import STATE_FOLDER

if TYPE_CHECKING:
    from clipper.state import NoteState
    from clipper.vault import VaultLayout

LABELS = {
    "fr": {"speakers": "Intervenants : ", "link": " : ", "source": "Source : "},
    "en": {"speakers": "Speakers: ", "link": ": ", "source": "Source: "},
}


@dataclass(frozen=True)
class Calendar:
    text: str
    events: int
    undated: int


def to_ics(
    sessions: Sequence[Session], *, course: str, source: str, now: dt.datetime | None = None, language: str = "fr"
) -> Calendar:
    """The iCalendar text for `sessions` of the course named `course`."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clipper//course schedule//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(course)}",
    ]
    events = 0
    for index, session in enumerate(sessions):
        if not session.date:
            continue
        lines += _event(session, index, course=course, source=source, stamp=stamp, labels=LABELS[language])
        events += 1
    lines.append("END:VCALENDAR")
    text = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return Calendar(text=text, events=events, undated=len(sessions) - events)


def _event(session: Session, index: int, *, course: str, source: str, stamp: str, labels: dict[str, str]) -> list[str]:
    day = dt.date.fromisoformat(session.date or "")
    uid = hashlib.sha1(f"{source}|{index}|{session.date_text}".encode()).hexdigest()
    title = " / ".join(session.titles) or course
    details = []
    if session.speakers:
        details.append(labels["speakers"] + ", ".join(session.speakers))
    if session.modality:
        details.append(session.modality)
    if session.description:
        details.append(session.description)
    details += [f"{link.text}{labels['link']}{link.url}" for link in session.links]
    details.append(f"{labels['source']}{source}")
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@clipper",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(f'{course} — {title}')}",
        f"DESCRIPTION:{_escape(chr(10).join(details))}",
        *([f"CATEGORIES:{_escape(session.schedule_label)}"] if session.schedule_label else []),
        f"URL:{source}",
        "END:VEVENT",
    ]


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def note_calendar(note: Path, layout: VaultLayout, *, timeout: float = 30.0, user_agent: str | None = None) -> Calendar:
    """The calendar of a course note, from what the note and the state database hold."""

    try:
        parsed = read_note_file(note).note
    except VaultError as exc:
        raise UsageError(f"not a clipper note ({exc.message})", str(note)) from exc
    properties = parsed.properties
    source = properties.get("source")
    if properties.get("kind") != "course" or not source:
        raise UsageError("not a course note (its kind is not 'course')", str(note))
    state = _note_state(note, layout)
    kept = _kept_schedule(state)
    if kept is None:  # the address clipped (or where it moved), dated as on the harvest
        address = state.fetch_address if state else str(source)
        kept = _acquired_schedule(address, _harvest_date(properties.get("created")), timeout, user_agent)
    course, sessions = kept
    return to_ics(
        sessions,
        course=course or str(properties.get("title") or source),
        source=str(source),
        language=labels_in(parsed.body).language,
    )


def _note_state(note: Path, layout: VaultLayout) -> NoteState | None:
    """The state row of `note`, when the vault has a state database that knows it."""

    if not (layout.root / STATE_FOLDER / DATABASE_NAME).is_file():
        return None
    try:
        relative = note.resolve().relative_to(layout.root.resolve()).as_posix()
    except ValueError:
        return None
    with StateDatabase(layout.root) as db:
        return db.get(relative)


def _kept_schedule(state: NoteState | None) -> tuple[str, tuple[Session, ...]] | None:
    """(course title, sessions) as the last harvest kept them, if it did."""
    data = state.snapshot_data() if state else None
    if not data or "schedule" not in data:
        return None
    return str(data.get("title") or ""), tuple(Session.from_dict(item) for item in data["schedule"])


def _acquired_schedule(
    address: str, harvest_date: dt.date | None, timeout: float, user_agent: str | None
) -> tuple[str, tuple[Session, ...]]:
    """(course title, sessions) of the page at `address`, dated as on `harvest_date`."""

    with fetch.make_client(fetch.FetchOptions(timeout=timeout, user_agent=user_agent)) as client:
        request = Request(timeout=timeout, user_agent=user_agent)
        extraction = acquire(address, client, request, harvest_date=harvest_date).extraction
    if extraction is None:  # pragma: no cover — no validators were sent
        raise UsageError("the course page answered 304 without being asked", address)
    return extraction.title, extraction.schedule


def _harvest_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
