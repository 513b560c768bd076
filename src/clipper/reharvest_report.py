"""What a re-harvest reports: a result per note, and the run's counts and failures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class NoteResult:
    path: str
    source: str
    status: str
    """checked → one of: unchanged, updated, gone, failed, collapsed, skipped, would-update."""
    message: str = ""
    summary: str = ""
    """An update's Historique text (after the date)."""
    changes: tuple[str, ...] = ()
    """What changed on the note: an update's `refresh.change_kinds`, or ("gone",) the night the source went."""


@dataclass
class HarvestReport:
    """What a run did: a count per status, and the notes that failed (kept in full).
    Nothing here grows with the number of notes that went well."""

    counts: Counter[str] = field(default_factory=Counter)
    failed: list[NoteResult] = field(default_factory=list)
    digest: Path | None = None
    """The digest note this run wrote or updated."""

    def add(self, result: NoteResult) -> None:
        self.counts[result.status] += 1
        if result.status in ("failed", "collapsed"):
            self.failed.append(result)

    @property
    def checked(self) -> int:
        return sum(self.counts.values())
