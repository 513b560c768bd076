"""What changed in a page since the last harvest, said in the note's language: the line the
Historique gets, and the kinds of change the digest counts."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from clipper.models import Extraction


def snapshot(extraction: Extraction) -> str:
    """What the next change summary compares against, as JSON."""
    if extraction.kind == "course" and extraction.schedule:
        sessions = [[s.date_text, list(s.titles), list(s.speakers)] for s in extraction.schedule]
        # the whole schedule too, dated as harvested: `clip calendar` reads it offline
        schedule = [session.to_dict() for session in extraction.schedule]
        data = {"kind": "course", "sessions": sessions, "title": extraction.title, "schedule": schedule}
        return json.dumps(data, ensure_ascii=False)
    return json.dumps({"kind": "article", "paragraphs": _paragraph_hashes(extraction.text)})


@dataclass(frozen=True)
class Phrases:
    """What the Historique line says, in one note language."""

    updated: str
    added: tuple[str, str]
    removed: tuple[str, str]
    renamed: str
    speakers: str
    paragraphs_added: tuple[str, str]
    paragraphs_removed: tuple[str, str]
    kept: str
    colon: str
    joiner: str


PHRASES = {
    "fr": Phrases(
        updated="contenu mis à jour",
        added=("séance ajoutée", "séances ajoutées"),
        removed=("séance retirée", "séances retirées"),
        renamed="séance du {} renommée : « {} » → « {} »",
        speakers="intervenants modifiés",
        paragraphs_added=("paragraphe ajouté", "paragraphes ajoutés"),
        paragraphs_removed=("paragraphe supprimé", "paragraphes supprimés"),
        kept=" ; votre version retouchée est conservée (version {})",
        colon=" :",
        joiner=" ; ",
    ),
    "en": Phrases(
        updated="content updated",
        added=("session added", "sessions added"),
        removed=("session removed", "sessions removed"),
        renamed="session of {} renamed: “{}” → “{}”",
        speakers="speakers changed",
        paragraphs_added=("paragraph added", "paragraphs added"),
        paragraphs_removed=("paragraph removed", "paragraphs removed"),
        kept="; your edited version is kept (version {})",
        colon=":",
        joiner="; ",
    ),
}


def describe_change(before: dict[str, Any] | None, fresh: str, language: str = "fr") -> str:
    """In the note's language (French by default), what changed from the snapshot `before`
    to `fresh`, the new extraction's (`snapshot`)."""
    phrases = PHRASES[language]
    after = json.loads(fresh)
    if not before or before.get("kind") != after["kind"]:
        return phrases.updated
    if after["kind"] == "course":
        return _describe_sessions(before["sessions"], after["sessions"], phrases) or phrases.updated
    return _describe_paragraphs(before["paragraphs"], after["paragraphs"], phrases) or phrases.updated


def change_kinds(before: dict[str, Any] | None, fresh: str) -> tuple[str, ...]:
    """What changed from the snapshot `before` to `fresh`, the new extraction's: "sessions"
    (added, removed or renamed), "speakers", or else "content"."""
    after = json.loads(fresh)
    if not before or before.get("kind") != "course" or after["kind"] != "course":
        return ("content",)
    added, removed, retitled, respoken = _session_changes(before["sessions"], after["sessions"])
    kinds = (("sessions",) if added or removed or retitled else ()) + (("speakers",) if respoken else ())
    return kinds or ("content",)


def _session_changes(before: list[Any], after: list[Any]) -> tuple[list[str], list[str], list[str], list[str]]:
    """The dates of the sessions added, removed, renamed and whose speakers changed."""
    old = {session[0]: session for session in before}
    new = {session[0]: session for session in after}
    added = [key for key in new if key not in old]
    removed = [key for key in old if key not in new]
    retitled = [key for key in new if key in old and new[key][1] != old[key][1]]
    respoken = [key for key in new if key in old and new[key][2] != old[key][2]]
    return added, removed, retitled, respoken


def _describe_sessions(before: list[Any], after: list[Any], phrases: Phrases) -> str:
    added, removed, retitled, respoken = _session_changes(before, after)
    old = {session[0]: session for session in before}
    new = {session[0]: session for session in after}
    parts = []
    if added:
        parts.append(_count(len(added), *phrases.added) + _dates(added))
    if removed:
        parts.append(_count(len(removed), *phrases.removed) + _dates(removed))
    for key in retitled:
        parts.append(phrases.renamed.format(key, " / ".join(old[key][1]), " / ".join(new[key][1])))
    if respoken:
        parts.append(phrases.speakers + _dates(respoken))
    return phrases.joiner.join(parts)


def _describe_paragraphs(before: list[str], after: list[str], phrases: Phrases) -> str:
    old, new = set(before), set(after)  # built once: a set per paragraph made this quadratic
    added = len([p for p in after if p not in old])
    removed = len([p for p in before if p not in new])
    parts = []
    if added:
        parts.append(_count(added, *phrases.paragraphs_added))
    if removed:
        parts.append(_count(removed, *phrases.paragraphs_removed))
    return ", ".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _dates(keys: list[str]) -> str:
    shown = ", ".join(keys[:5]) + (", …" if len(keys) > 5 else "")
    return f" ({shown})"


def _paragraph_hashes(text: str) -> list[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return [hashlib.sha1(p.encode("utf-8")).hexdigest()[:16] for p in paragraphs]
