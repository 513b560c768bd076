"""The words of a digest, in French or English: its Markdown note and the
terminal text of `clip digest`. No disk here; `digest_model` is the data, `digest` gathers it.

The note reads top down: a title, one sentence with the counts (linked to the
daily note when the vault has one), a section per kind of change with a line
per note — its link and the same summary as the line its Historique got —,
then the sessions of the coming week, dated. Empty sections are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from clipper.daily_notes import moment_format
from clipper.digest_model import GROUPS, Digest, Upcoming
from clipper.note import shown_literally

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "sessions": "Séances ajoutées ou renommées",
        "speakers": "Intervenants modifiés",
        "content": "Contenu mis à jour",
        "gone": "Sources disparues",
        "failed": "Échecs",
        "gone_summary": "la source ne répond plus ({})",
        "upcoming": "Séances des 7 prochains jours",
        "no_upcoming": "Aucune séance datée dans les 7 prochains jours.",
        "intro": "Récolte de la nuit du {day}",
        "nothing": "rien n'a changé",
        "day": "dddd D MMMM YYYY",
        "session_day": "dddd D MMMM",
        "daily_heading": "## Récolte de clipper",
        "no_record": "Aucune récolte n'a encore rien changé dans ce coffre.",
    },
    "en": {
        "sessions": "Sessions added or renamed",
        "speakers": "Speakers changed",
        "content": "Content updated",
        "gone": "Sources gone",
        "failed": "Failed",
        "gone_summary": "the source no longer answers ({})",
        "upcoming": "Sessions in the next 7 days",
        "no_upcoming": "No dated session in the next 7 days.",
        "intro": "Harvest of the night of {day}",
        "nothing": "nothing changed",
        "day": "dddd, MMMM D, YYYY",
        "session_day": "dddd, MMMM D",
        "daily_heading": "## Clipper harvest",
        "no_record": "No re-harvest has changed anything in this vault yet.",
    },
}
# count -> (one, many), per language
PLURALS: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        "changed": ("note mise à jour", "notes mises à jour"),
        "gone": ("source disparue", "sources disparues"),
        "failed": ("échec", "échecs"),
    },
    "en": {
        "changed": ("note updated", "notes updated"),
        "gone": ("source gone", "sources gone"),
        "failed": ("failure", "failures"),
    },
}


def render_markdown(
    digest: Digest, language: str, *, title: str, link: Callable[[str], str], daily: str | None = None
) -> str:
    """The digest note: properties, title line `# <title>`, counts, groups, coming sessions.
    `link(path)` gives the wikilink of a note; `daily` is the daily note's link, if any."""
    words, colon = WORDS[language], _colon(language)
    lines = ["---", "kind: digest", f"date: {digest.night.isoformat()}"]
    lines += [f"{key}: {value}" for key, value in digest.counts().items()]
    lines += ["---", f"# {title}", ""]
    day = moment_format(digest.night, words["day"], language)
    lines += [f"{words['intro'].format(day=daily or day)}{colon}{_counts_sentence(digest, language)}.", ""]
    for kind in GROUPS:
        entries = digest.group(kind)
        if entries:
            lines += [f"## {words[kind]} ({len(entries)})", ""]
            lines += [f"- {link(entry.path)}{colon}{_summary(entry.kind, entry.summary, words)}" for entry in entries]
            lines.append("")
    lines += [f"## {words['upcoming']} ({len(digest.upcoming)})", ""]
    lines += [
        f"- {_session_line(session, language, link(session.path), shown_literally)}" for session in digest.upcoming
    ]
    if not digest.upcoming:
        lines.append(words["no_upcoming"])
    return "\n".join(lines) + "\n"


def render_text(digest: Digest, language: str, *, upcoming: Sequence[Upcoming] | None) -> str:
    """The same digest for a terminal: notes named by their file name, no Markdown;
    `upcoming` sessions under it unless None."""
    words = WORDS[language]
    colon = _colon(language)
    day = moment_format(digest.night, words["day"], language)
    lines = [f"{words['intro'].format(day=day)}{colon}{_counts_sentence(digest, language)}"]
    for kind in GROUPS:
        entries = digest.group(kind)
        if entries:
            lines += ["", f"{words[kind]} ({len(entries)})"]
            lines += [f"  {_stem(entry.path)}{colon}{_summary(entry.kind, entry.summary, words)}" for entry in entries]
    if upcoming is not None:
        lines += ["", f"{words['upcoming']} ({len(upcoming)})"]
        lines += [f"  {_session_line(session, language, _stem(session.path))}" for session in upcoming]
        if not upcoming:
            lines.append("  " + words["no_upcoming"])
    return "\n".join(lines)


def daily_heading(language: str) -> str:
    """The heading clipper owns in a daily note."""
    return WORDS[language]["daily_heading"]


def _counts_sentence(digest: Digest, language: str) -> str:
    counts = digest.counts()
    counts["changed"] = len({event.path for kind in GROUPS[:3] for event in digest.group(kind)})  # updated, not gone
    parts = []
    for key, (one, many) in PLURALS[language].items():
        if counts[key]:
            parts.append(f"{counts[key]} {one if counts[key] == 1 else many}")
    return ", ".join(parts) or WORDS[language]["nothing"]


def _summary(kind: str, summary: str, words: dict[str, str]) -> str:
    return words["gone_summary"].format(summary) if kind == "gone" else summary


def _session_line(session: Upcoming, language: str, note: str, shown: Callable[[str], str] = str) -> str:
    """A coming session's line; `shown` escapes the page's words (a title's "[[x]]" or "%%") in a note."""
    day = moment_format(session.date, WORDS[language]["session_day"], language)
    speakers = f" ({', '.join(map(shown, session.speakers))})" if session.speakers else ""
    title = f" — {shown(session.title)}" if session.title else ""
    return f"**{day}**{_colon(language)}{note}{title}{speakers}"


def _colon(language: str) -> str:
    """French puts a space before a colon."""
    return " : " if language == "fr" else ": "


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name
