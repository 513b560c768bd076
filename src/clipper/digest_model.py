"""What a night's digest holds: the events of that night (`state.HarvestEvent`),
grouped by what happened, the coming sessions, and the counts its properties
carry. Plain data, shared by `digest` (which gathers it) and `digest_render`
(which words it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clipper.state import HarvestEvent

GROUPS = ("sessions", "speakers", "content", "gone", "failed")
"""The kinds of events, in the order the digest shows them."""
COUNT_NAMES = {"content": "content_updated"}


@dataclass(frozen=True)
class Upcoming:
    """A dated session of a course note within the coming week."""

    date: dt.date
    path: str
    title: str
    speakers: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    night: dt.date
    events: tuple[HarvestEvent, ...]
    upcoming: tuple[Upcoming, ...]

    def group(self, kind: str) -> list[HarvestEvent]:
        return [event for event in self.events if event.kind == kind]

    def counts(self) -> dict[str, int]:
        """The digest's properties: notes per kind of change (`content` is `content_updated`,
        python-frontmatter keeps `content` for the body), `changed` (notes updated or gone),
        `failed`, and `upcoming` sessions."""
        notes = {kind: {event.path for event in self.group(kind)} for kind in GROUPS}
        changed = set().union(*(notes[kind] for kind in GROUPS if kind != "failed"))
        return {
            "changed": len(changed),
            **{COUNT_NAMES.get(kind, kind): len(paths) for kind, paths in notes.items()},
            "upcoming": len(self.upcoming),
        }
