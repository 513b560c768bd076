"""A course's schedule as an iCalendar file (RFC 5545), one event per session
whose date the page makes certain. Sessions without a certain date are left
out rather than guessed; `to_ics` says how many."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from clipper.models import Session


@dataclass(frozen=True)
class Calendar:
    text: str
    events: int
    undated: int


def to_ics(sessions: Sequence[Session], *, course: str, source: str, now: dt.datetime | None = None) -> Calendar:
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
        lines += _event(session, index, course=course, source=source, stamp=stamp)
        events += 1
    lines.append("END:VCALENDAR")
    text = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return Calendar(text=text, events=events, undated=len(sessions) - events)


def _event(session: Session, index: int, *, course: str, source: str, stamp: str) -> list[str]:
    day = dt.date.fromisoformat(session.date)
    uid = hashlib.sha1(f"{source}|{index}|{session.date_text}".encode()).hexdigest()
    title = " / ".join(session.titles) or course
    details = []
    if session.speakers:
        details.append("Intervenants : " + ", ".join(session.speakers))
    if session.modality:
        details.append(session.modality)
    if session.description:
        details.append(session.description)
    details += [f"{link.text} : {link.url}" for link in session.links]
    details.append(f"Source : {source}")
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@clipper",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(f'{course} — {title}')}",
        f"DESCRIPTION:{_escape(chr(10).join(details))}",
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
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)
