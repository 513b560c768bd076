"""Words that mark a course page's chrome (navigation, cookie banners, footers), not its content."""

from __future__ import annotations

BOILERPLATE_HINTS = (
    "nav",
    "menu",
    "sidebar",
    "side-bar",
    "rightside",
    "breadcrumb",
    "footer",
    "cookie",
    "consent",
    "gdpr",
    "social",
    "share",
    "skip",
    "toolbar",
    "topbar",
    "masthead-links",
    "preloader",
    "spinner",
)
"""id/class fragments of page chrome (removed when mostly links, or always for cookies)."""


ALWAYS_BOILERPLATE_HINTS = ("cookie", "consent", "gdpr", "preloader", "spinner")
