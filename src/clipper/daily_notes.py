"""The vault's Obsidian daily notes: where the note of a date lives, and one
line clipper adds to it.

Obsidian's core "Daily notes" plugin keeps its folder and its file-name format
in `.obsidian/daily-notes.json` (`{"folder": "Journal", "format":
"YYYY-MM-DD-dddd"}`); the format is a Moment.js pattern. `moment_format`
turns such a pattern into text for a date, with weekday and month names from
clipper's own tables (French or English), never from the machine's locale:
`strftime`'s `%A` and `%B` would follow it. Without that file, the daily note
of a date is the note the clipping's `Date de récolte` links to
(`2024-04-18-jeudi`), or one named `2024-04-18` (Obsidian's default format),
wherever it sits in the vault.

`add_line_under_heading` is the only writer: it appends one line under a
heading that clipper owns, creating the heading at the end of the note when it
is missing, and hands every other byte of the note back unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from clipper.note import ENGLISH_WEEKDAYS, FRENCH_WEEKDAYS
from clipper.vault import replace_file

SETTINGS_FILE = Path(".obsidian") / "daily-notes.json"
DEFAULT_FORMAT = "YYYY-MM-DD"

WEEKDAYS = {"fr": FRENCH_WEEKDAYS, "en": ENGLISH_WEEKDAYS}
MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
# Moment.js tokens, longest first; `[...]` is literal text.
_TOKEN = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DDDD|DD|D|dddd|ddd|dd|d|Q|E|e")


def moment_format(day: dt.date, pattern: str, language: str = "fr") -> str:
    """`day` written with the Moment.js `pattern`: `YYYY-MM-DD-dddd` gives `2024-04-18-jeudi` in French."""
    return _TOKEN.sub(lambda match: _token_text(day, match.group(0), language), pattern)


def _token_text(day: dt.date, token: str, language: str) -> str:
    weekday, month = WEEKDAYS[language][day.weekday()], MONTHS[language][day.month - 1]
    values = {
        "YYYY": f"{day.year:04d}",
        "YY": f"{day.year % 100:02d}",
        "MMMM": month,
        "MMM": _abbreviation(month, language),
        "MM": f"{day.month:02d}",
        "M": str(day.month),
        "Do": _ordinal(day.day, language),
        "DDDD": f"{day.timetuple().tm_yday:03d}",
        "DD": f"{day.day:02d}",
        "D": str(day.day),
        "dddd": weekday,
        "ddd": _abbreviation(weekday, language),
        "dd": weekday[:2],
        "d": str(day.isoweekday() % 7),
        "Q": str((day.month - 1) // 3 + 1),
        "E": str(day.isoweekday()),
        "e": str(day.weekday()),
    }
    return token[1:-1] if token.startswith("[") else values[token]


_FRENCH_SHORT = {
    **dict(zip(MONTHS["fr"], "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split())),
    **dict(zip(FRENCH_WEEKDAYS, "lun. mar. mer. jeu. ven. sam. dim.".split())),
}


def _abbreviation(name: str, language: str) -> str:
    """Moment.js's short names (`MMM`, `ddd`)."""
    return _FRENCH_SHORT[name] if language == "fr" else name[:3]


def _ordinal(number: int, language: str) -> str:
    if language == "fr":
        return "1er" if number == 1 else str(number)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def daily_note_settings(vault_root: Path) -> tuple[str, str] | None:
    """(folder, format) from `.obsidian/daily-notes.json`, or None when the vault has none (or it is unreadable)."""
    try:
        data = json.loads((vault_root / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    folder, pattern = data.get("folder"), data.get("format")
    return (
        folder.strip("/") if isinstance(folder, str) else "",
        pattern if isinstance(pattern, str) and pattern.strip() else DEFAULT_FORMAT,
    )


def find_daily_note(vault_root: Path, day: dt.date, language: str, notes: Iterable[Path]) -> Path | None:
    """The daily note of `day` if the vault has one. `notes` are the vault's Markdown files,
    searched only when Obsidian's daily-notes settings are absent."""
    settings = daily_note_settings(vault_root)
    if settings is not None:
        folder, pattern = settings
        path = vault_root / folder / (moment_format(day, pattern, language) + ".md")
        return path if path.is_file() else None
    wanted = {f"{day.isoformat()}-{WEEKDAYS[language][day.weekday()]}", day.isoformat()}
    return next((path for path in notes if path.stem in wanted), None)


def add_line_under_heading(path: Path, heading: str, line: str) -> bool:
    """Add `line` under `heading` in the note at `path` (the heading made at the end
    when missing); nothing when the line is there already. Every byte of the note
    stays where it was: the line is inserted, nothing is rewritten. Returns True
    when the note changed. The note is read again just before it is replaced, and
    left alone if it changed meanwhile (the user typing in Obsidian), or if it is
    not UTF-8 text or cannot be read."""
    try:
        before = path.stat()
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    updated = with_line_under_heading(text, heading, line)
    if updated is None:
        return False
    after = path.stat()
    if (after.st_mtime_ns, after.st_size) != (before.st_mtime_ns, before.st_size) or path.read_bytes() != data:
        return False
    replace_file(path, updated.encode("utf-8"))
    os.chmod(path, before.st_mode & 0o7777)
    return True


def with_line_under_heading(text: str, heading: str, line: str) -> str | None:
    """`text` with `line` at the end of the section `heading`, or None when it is already there."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    stripped = [item.rstrip("\r\n") for item in lines]
    if heading not in stripped:
        gap = "" if not text or text.endswith(("\n\n", "\r\n\r\n")) else newline if text.endswith("\n") else newline * 2
        return f"{text}{gap}{heading}{newline}{newline}{line}{newline}"
    start = stripped.index(heading) + 1
    level = len(heading) - len(heading.lstrip("#"))
    end = next((i for i in range(start, len(lines)) if _is_heading_at_most(stripped[i], level)), len(lines))
    if line in stripped[start:end]:
        return None
    last = max((i for i in range(start, end) if stripped[i].strip()), default=start - 1)
    head = "".join(lines[: last + 1])
    if not head.endswith("\n"):
        head += newline
    if last == start - 1:
        head += newline
    return head + line + newline + "".join(lines[last + 1 :])


def _is_heading_at_most(line: str, level: int) -> bool:
    hashes = len(line) - len(line.lstrip("#"))
    return 0 < hashes <= level and line[hashes : hashes + 1] == " "
