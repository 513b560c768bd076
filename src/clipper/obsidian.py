"""Opening a note in Obsidian through its `obsidian://open` URI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from clipper.errors import OpenError


def obsidian_uri(vault_root: Path, note: Path) -> str:
    """`obsidian://open?vault=<vault folder name>&file=<note path in the vault>`."""
    relative = note.resolve().relative_to(vault_root.resolve()).as_posix()
    return f"obsidian://open?vault={quote(vault_root.resolve().name, safe='')}&file={quote(relative, safe='')}"


def open_uri(uri: str) -> None:
    """Hand `uri` to the desktop (xdg-open, open, or start)."""
    if sys.platform.startswith("win"):
        command = ["cmd", "/c", "start", "", uri]
    elif sys.platform == "darwin":
        command = ["open", uri]
    else:
        command = ["xdg-open", uri]
    if shutil.which(command[0]) is None:
        raise OpenError(f"cannot open Obsidian: {command[0]} is not installed (use --print-uri)", uri)
    try:
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise OpenError(f"cannot open Obsidian ({exc.strerror})", uri) from exc
