"""Every error clipper raises on purpose, and the one table of exit codes.

    ClipperError                 any failure clipper understands
     ├── UsageError              bad options or arguments          (exit 2)
     ├── FetchError              the page could not be had         (exit 3)
     │    ├── NotAWebPageError   it answered, but not with HTML    (exit 3)
     │    └── RenderError        it could not be rendered in a browser (exit 3)
     ├── ExtractionError         the page had no usable content    (exit 4)
     ├── VaultError              the vault could not be read or written (exit 5)
     │    ├── NoteLeftAloneError the note was left as it is on purpose (read-only,
     │    │                      or changing while it was updated)
     │    ├── StateNotSavedError the note was saved, its state row could not be
     │    └── StateDamagedError  the state database is no database (`doctor --fix` rebuilds it)
     ├── OpenError               the note is written, the desktop could not open it (exit 6)
     ├── BusyError               another re-harvest holds the vault (exit 7)
     └── NotFoundError           the answer is no: no such note    (exit 8)

`EXIT_CODES` is the table every command follows (the README's is checked
against it by a test): a command that finishes returns an `ExitCode`, one that
stops raises the error whose code says why.

Each error carries the URL or path it concerns (`target`), so a one-line
message can always name it. Foreign exceptions are translated where they
enter (`raise FetchError(...) from exc`); the command line maps an error to
its exit code with `exit_code_for` and nowhere else.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    FETCH = 3
    NO_CONTENT = 4
    VAULT = 5
    PARTIAL = 6
    BUSY = 7
    NO = 8
    INTERRUPTED = 130


EXIT_CODES: tuple[tuple[ExitCode, str], ...] = (
    (ExitCode.OK, "success: everything asked was done"),
    (ExitCode.INTERNAL, "internal error (a bug: please report it, with the `CLIPPER_DEBUG=1` traceback)"),
    (ExitCode.USAGE, "bad usage: an unknown option, a bad value, a file or note that is not there"),
    (ExitCode.FETCH, "the page could not be fetched (network, HTTP error, not a web page or a PDF)"),
    (ExitCode.NO_CONTENT, "no readable content in the page"),
    (ExitCode.VAULT, "the vault could not be read or written (missing folder, full disk, broken database)"),
    (
        ExitCode.PARTIAL,
        "done in part: some pages of a batch or notes of a re-harvest failed (a re-harvest refusing a page "
        "that collapsed counts; a page gone, marked `source_gone`, does not), `doctor --fix` left problems "
        "it could not fix, or the note was written but `--open` could not open it",
    ),
    (ExitCode.BUSY, "another re-harvest is already running in this vault"),
    (ExitCode.NO, "the answer is no: `find` found no note, `doctor` found problems (without `--fix`)"),
    (ExitCode.INTERRUPTED, "interrupted (Ctrl-C)"),
)


class ClipperError(Exception):
    """A failure clipper understands; `target` is the URL or path concerned."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, target: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.target = target

    def __reduce__(self) -> tuple[type[ClipperError], tuple[str, str | None]]:
        # crosses to and from the extraction workers with its target
        return (type(self), (self.message, self.target))

    def __str__(self) -> str:
        text = self.message
        if self.target and self.target not in self.message:
            text = f"{self.message}: {self.target}"
        return " ".join(text.split())  # every error is one line


class UsageError(ClipperError):
    exit_code = ExitCode.USAGE


class FetchError(ClipperError):
    exit_code = ExitCode.FETCH


class NotAWebPageError(FetchError):
    """The address answered, but with an image, a PDF, JSON… not a web page."""


class RenderError(FetchError):
    """The page could not be rendered: no browser or Playwright, or the browser failed."""


class ExtractionError(ClipperError):
    exit_code = ExitCode.NO_CONTENT


class VaultError(ClipperError):
    exit_code = ExitCode.VAULT


class OpenError(ClipperError):
    """The desktop could not open a note (`--open`): the note itself was written."""

    exit_code = ExitCode.PARTIAL


class NoteLeftAloneError(VaultError):
    """The note was left as it is on purpose: it is read-only, or another process kept
    writing it while it was updated. A re-harvest counts it as skipped, not failed."""


class StateNotSavedError(VaultError):
    """The note was written, but the state database could not record it (a full disk):
    the next run, or `clip doctor --fix`, makes them consistent."""


class StateDamagedError(VaultError):
    """The state database is damaged (not a database, a malformed image): nothing that
    needs it can run until `clip doctor --fix` sets it aside and rebuilds it from the notes."""


class BusyError(ClipperError):
    exit_code = ExitCode.BUSY


class NotFoundError(ClipperError):
    """What was looked for is not there (`clip find` with no note)."""

    exit_code = ExitCode.NO


PARTIAL_FAILURE_EXIT = ExitCode.PARTIAL


def exit_code_for(error: BaseException) -> ExitCode:
    """The process exit code for an error reaching the command line."""
    if isinstance(error, ClipperError):
        return error.exit_code
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    return ExitCode.INTERNAL
