"""Every error clipper raises on purpose, and the exit code each one maps to.

    ClipperError                 any failure clipper understands (exit 1)
     ├── UsageError              bad options or arguments          (exit 2)
     ├── FetchError              the page could not be had         (exit 3)
     │    └── NotAWebPageError   it answered, but not with HTML    (exit 3)
     ├── ExtractionError         the page had no usable content    (exit 4)
     ├── VaultError              the note could not be written     (exit 5)
     └── BusyError               another re-harvest holds the vault (exit 7)

A re-harvest in which some notes failed, the run itself going well, exits
with PARTIAL_FAILURE_EXIT (6).

Each error carries the URL or path it concerns (`target`), so a one-line
message can always name it. Foreign exceptions are translated where they
enter (`raise FetchError(...) from exc`); the command line maps an error to
its exit code with `exit_code_for` and nowhere else.
"""

from __future__ import annotations


class ClipperError(Exception):
    """A failure clipper understands; `target` is the URL or path concerned."""

    exit_code = 1

    def __init__(self, message: str, target: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.target = target

    def __reduce__(self) -> tuple[type[ClipperError], tuple[str, str | None]]:
        # crosses to and from the extraction workers with its target
        return (type(self), (self.message, self.target))

    def __str__(self) -> str:
        if self.target and self.target not in self.message:
            return f"{self.message}: {self.target}"
        return self.message


class UsageError(ClipperError):
    exit_code = 2


class FetchError(ClipperError):
    exit_code = 3


class NotAWebPageError(FetchError):
    """The address answered, but with an image, a PDF, JSON… not a web page."""


class ExtractionError(ClipperError):
    exit_code = 4


class VaultError(ClipperError):
    exit_code = 5


class BusyError(ClipperError):
    exit_code = 7


PARTIAL_FAILURE_EXIT = 6


def exit_code_for(error: BaseException) -> int:
    """The process exit code for an error reaching the command line."""
    if isinstance(error, ClipperError):
        return error.exit_code
    return 1
