"""Bring one existing note up to date with a fresh extraction of its page,
touching only what clipper owns.

Used by the nightly re-harvest and by `clip URL` when the page already has a
note. The user's words — title line, Date de récolte, Mon avis, their own
sections and properties — are handed back byte for byte; Texte complet and
the managed properties are rewritten; a dated line goes under Historique.
The replaced Texte complet is kept as a version (`history`), and so is a
version the user had edited by hand.

Crash safety: the state database learns the hash of the text about to be
written (`pending_hash`) before the note is replaced, and only then the
final hash; a run killed in between recognises its own text next time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from clipper.models import Extraction
from clipper.note import (
    AVIS_HEADING,
    TEXTE_HEADING,
    NoteFile,
    NoteRequest,
    daily_note_link,
    join_note,
    note_properties,
    read_note,
    texte_complet,
    texte_complet_of,
    with_history_line,
    with_properties,
    with_texte_complet,
)
from clipper.state import NoteState, StateDatabase
from clipper.vault import VaultLayout, replace_file

MANAGED_PROPERTIES = ("author", "published", "description", "site", "kind", "extractor", "instructors")
"""Properties a harvest may rewrite; every other property belongs to the user."""

COLLAPSE_RATIO = 0.25
COLLAPSE_MIN_WORDS = 80


@dataclass(frozen=True)
class RefreshOutcome:
    status: str
    """"unchanged", "updated" or "collapsed"."""
    message: str = ""
    user_edit_kept: int | None = None
    """The version number under which the user's hand edit was kept."""


def texte_hash(texte: str | None) -> str:
    normalised = "\n".join(line.rstrip() for line in (texte or "").strip("\n").splitlines())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def snapshot(extraction: Extraction) -> str:
    """What the next change summary compares against, as JSON."""
    if extraction.kind == "course" and extraction.schedule:
        sessions = [[s.date_text, list(s.titles), list(s.speakers)] for s in extraction.schedule]
        return json.dumps({"kind": "course", "sessions": sessions}, ensure_ascii=False)
    return json.dumps({"kind": "article", "paragraphs": _paragraph_hashes(extraction.text)})


def refresh(path: Path, layout: VaultLayout, db: StateDatabase, state: NoteState,
            extraction: Extraction, embeds: dict[str, str], *, today: dt.date,
            new_avis: tuple[str, ...] = (), validators: dict | None = None,
            link_style: str = "wikilink") -> RefreshOutcome:
    """Rewrite the note at `path` from `extraction` if its content changed."""
    from clipper import history

    text = path.read_text(encoding="utf-8")
    note = read_note(text)
    current = texte_complet_of(note.body)
    if current is None:
        raise ValueError("the note has no « Texte complet : » section")
    new_texte = texte_complet(extraction, embeds, link_style)
    new_hash = texte_hash(new_texte)
    current_hash = texte_hash(current)
    base = state.but(**(validators or {}), last_status="ok", failures=0, gone_since=None,
                     last_checked=today.isoformat())
    site_changed = new_hash != state.content_hash and new_hash != current_hash
    if not site_changed and not new_avis and not _has_gone_mark(note):
        # The note already holds this text (perhaps written by a run killed before it
        # could record it): it is ours from now on.
        ours = new_hash if new_hash == current_hash else state.content_hash or new_hash
        db.put(base.but(content_hash=ours, pending_hash=None, snapshot=snapshot(extraction)))
        return RefreshOutcome("unchanged")
    if site_changed and _collapsed(current, new_texte):
        db.put(state.but(last_status="collapsed", last_checked=today.isoformat()))
        return RefreshOutcome("collapsed", "the page now gives far less text than the note holds; kept the note")
    body, kept = note.body, None
    if site_changed:
        user_edited = current_hash not in (state.content_hash, state.pending_hash)
        if current.strip():
            version = history.keep_version(layout.root, state.source, current, "user" if user_edited else "harvest")
            kept = version.number if user_edited else None
        body = with_texte_complet(body, new_texte)
        summary = describe_change(state.snapshot_data(), extraction)
        if kept:
            summary += f" ; votre version retouchée est conservée (version {kept})"
        body = with_history_line(body, f"{daily_note_link(today)} : {summary}")
    if new_avis:
        body = with_avis(body, new_avis, today)
    front = with_properties(note.front, _managed_changes(note, extraction, today, site_changed))
    final_hash = new_hash if site_changed else state.content_hash
    # Old validators until the note is written: a run killed before the write must
    # not be answered 304 next time, or the new text would never arrive.
    db.put(state.but(pending_hash=final_hash))
    replace_file(path, join_note(NoteFile(front, body, {})).encode("utf-8"))
    db.put(base.but(content_hash=final_hash, pending_hash=None, snapshot=snapshot(extraction)))
    message = f"your hand edit of Texte complet was kept as version {kept}" if kept else ""
    return RefreshOutcome("updated", message, kept)


def mark_gone(path: Path, db: StateDatabase, state: NoteState, today: dt.date, status: int) -> bool:
    """Record that the source answers 404/410; returns True when the note changed."""
    since = state.gone_since or today.isoformat()
    db.put(state.but(gone_since=since, last_status=f"gone ({status})", last_checked=today.isoformat()))
    note = read_note(path.read_text(encoding="utf-8"))
    if note.properties.get("source_gone"):
        return False
    front = with_properties(note.front, {"source_gone": dt.date.fromisoformat(since)})
    replace_file(path, join_note(NoteFile(front, note.body, {})).encode("utf-8"))
    return True


def with_avis(body: str, avis: tuple[str, ...], today: dt.date) -> str:
    """`body` with a new dated paragraph at the end of Mon avis; nothing else moves."""
    paragraphs = [paragraph.strip("\n") for paragraph in avis if paragraph.strip()]
    if not paragraphs:
        return body
    paragraphs[0] = f"{daily_note_link(today)} : {paragraphs[0]}"
    addition = "\n\n".join(paragraphs)
    marker = "\n" + TEXTE_HEADING
    at = body.find(marker)
    if body.find(AVIS_HEADING) == -1 or at == -1:
        return body.rstrip("\n") + f"\n\n{AVIS_HEADING}\n\n{addition}\n"
    head = body[:at].rstrip("\n")
    return f"{head}\n\n{addition}\n" + body[at:]


def describe_change(before: dict | None, extraction: Extraction) -> str:
    """In French, what changed since the snapshot `before`."""
    after = json.loads(snapshot(extraction))
    if not before or before.get("kind") != after["kind"]:
        return "contenu mis à jour"
    if after["kind"] == "course":
        return _describe_sessions(before["sessions"], after["sessions"]) or "contenu mis à jour"
    return _describe_paragraphs(before["paragraphs"], after["paragraphs"]) or "contenu mis à jour"


def _describe_sessions(before: list, after: list) -> str:
    old = {session[0]: session for session in before}
    new = {session[0]: session for session in after}
    added = [key for key in new if key not in old]
    removed = [key for key in old if key not in new]
    retitled = [key for key in new if key in old and new[key][1] != old[key][1]]
    respoken = [key for key in new if key in old and new[key][2] != old[key][2]]
    parts = []
    if added:
        parts.append(_count(len(added), "séance ajoutée", "séances ajoutées") + _dates(added))
    if removed:
        parts.append(_count(len(removed), "séance retirée", "séances retirées") + _dates(removed))
    for key in retitled:
        parts.append(f"séance du {key} renommée : « {' / '.join(old[key][1])} » → « {' / '.join(new[key][1])} »")
    if respoken:
        parts.append("intervenants modifiés" + _dates(respoken))
    return " ; ".join(parts)


def _describe_paragraphs(before: list, after: list) -> str:
    old, new = set(before), set(after)  # built once: a set per paragraph made this quadratic
    added = len([p for p in after if p not in old])
    removed = len([p for p in before if p not in new])
    parts = []
    if added:
        parts.append(_count(added, "paragraphe ajouté", "paragraphes ajoutés"))
    if removed:
        parts.append(_count(removed, "paragraphe supprimé", "paragraphes supprimés"))
    return ", ".join(parts)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _dates(keys: list[str]) -> str:
    shown = ", ".join(keys[:5]) + (", …" if len(keys) > 5 else "")
    return f" ({shown})"


def _paragraph_hashes(text: str) -> list[str]:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return [hashlib.sha1(p.encode("utf-8")).hexdigest()[:16] for p in paragraphs]


def _collapsed(current: str, new: str) -> bool:
    old_words, new_words = len(current.split()), len(new.split())
    return old_words >= COLLAPSE_MIN_WORDS and new_words < old_words * COLLAPSE_RATIO


def _has_gone_mark(note: NoteFile) -> bool:
    return bool(note.properties.get("source_gone"))


def _managed_changes(note: NoteFile, extraction: Extraction, today: dt.date, texte_changed: bool) -> dict:
    fresh = note_properties(extraction, NoteRequest(today), title="")
    changes: dict = {}
    for key in MANAGED_PROPERTIES:
        if note.properties.get(key) != fresh.get(key):
            changes[key] = fresh.get(key)
    if texte_changed:
        changes["updated"] = today
    if note.properties.get("source_gone"):
        changes["source_gone"] = None
    return changes
