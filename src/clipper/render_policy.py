"""When a page is rendered in a browser, and the step that does it:

    with renderer_for(mode, RenderOptions(...)) as renderer:
        extract_as_seen(page, Rendering(mode, renderer), extract) -> Seen(extraction, notice)

is the "optional render" between fetch and extract (`acquire` runs it): `never` extracts the page
as served, `always` renders it first, `auto` renders it only when its static
HTML looks built by a script (`render_reason`), and without a browser clips
it as served with a one-line `notice` saying how to get the rendered one.

The rules are data (the tuples below), general to every site, and cheap: a
page without `<script` is never rendered, and nothing here imports the
browser. A page is rendered when its scripts are present and

- the static extraction is (nearly) empty (`NEARLY_EMPTY_WORDS`), or failed,
  or is only the page's own summary (its body had next to nothing);
- an application root (`APP_ROOT_IDS`) is empty, or a `<noscript>` asks for
  JavaScript (`NOSCRIPT_WORDS`), while the extraction is thin (`THIN_WORDS`);
- it is a course page without a schedule whose schedule container (an
  element whose id or class names a schedule, `SCHEDULE_TOKENS`) is empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from clipper.errors import ExtractionError, RenderError
from clipper.extract.parse import parse_page
from clipper.extract.summary import SUMMARY_STRATEGY
from clipper.extract.text import word_count
from clipper.models import Extraction, Page
from clipper.render import Renderer, unavailable

if TYPE_CHECKING:
    from clipper.render import Renderer, RenderOptions

NEARLY_EMPTY_WORDS = 40
"""An extraction with fewer words than this says next to nothing."""
THIN_WORDS = 150
"""An empty application root or a `<noscript>` asking for JavaScript counts only when
the static extraction is shorter than this: a page that says more as served
(a forum asking for JavaScript for its buttons, a Disqus thread, a widget's
empty root beside static text) is what the reader sees already. Measured on
the web-content corpus (`bench/render.py --corpus`): without this bound 68 of
its 1,196 pages would be rendered for their `<noscript>` or app root (and 2
of the 91 article pages), deciding took 8.6 ms a page; with it, 1 (and 0),
0.44 ms a page."""

MORE_TEXT = 1.25
"""In `auto`, a rendered page with as many sessions as the page as served replaces it
only with more than this many times its words."""

APP_ROOT_IDS = frozenset(
    {
        "root",
        "app",
        "__next",
        "___gatsby",
        "__nuxt",
        "svelte",
        "app-root",
        "application",
        "q-app",
        "main-app",
        "react-root",
    }
)
"""Ids of the element that single-page frameworks (React, Vue, Next, Gatsby, Nuxt,
Svelte, Angular, Quasar…) fill in."""
APP_ROOT_TAGS = frozenset({"app-root"})
"""Custom elements that play the same part (Angular's `<app-root>`)."""

NOSCRIPT_WORDS = ("javascript", "enable js", "activer js", "js aktivieren")
"""Words of a `<noscript>` asking the reader to turn scripts on."""

SCHEDULE_TOKENS = frozenset(
    {
        "schedule",
        "calendar",
        "syllabus",
        "timetable",
        "agenda",
        "program",
        "programme",
        "lectures",
        "sessions",
        "talks",
        "seminars",
        "calendrier",
        "seances",
        "planning",
        "termine",
        "terminplan",
        "zeitplan",
        "cronograma",
        "calendario",
    }
)
"""Words of an id or class naming the container a schedule is written into
("events" is not one: Tailwind's `pointer-events-none` is everywhere)."""
SCHEDULE_CONTAINERS = frozenset({"div", "section", "table", "tbody", "ul", "ol", "dl", "main", "article"})
"""Elements a script fills with a schedule (an empty `<i class="fa-calendar">` is an icon)."""

_SCRIPT = re.compile("<script", re.IGNORECASE)
_TOKEN = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Rendering:
    """How the optional render step runs for one page."""

    mode: str = "auto"
    """auto, always or never."""
    renderer: Renderer | None = None
    """The command's renderer (`renderer_for`); None renders nothing."""
    force: bool = False
    """Render whatever the static page looks like: its note was made from the rendered page."""
    local_folder: Path | None = None
    """For a saved page: its folder, all the page may read."""


@dataclass(frozen=True)
class Seen:
    extraction: Extraction
    """What the page says as read: `extraction.rendered` when it was rendered."""
    notice: str = ""
    """One line for the user when the page looked script-built but was not rendered."""


def renderer_for(mode: str, options: RenderOptions) -> AbstractContextManager[Renderer | None]:
    """The renderer of a command (None under `never`); its browser starts only when a
    page needs it, and stops when the context ends."""
    if mode == "never":
        return nullcontext(None)

    return Renderer(options)


def extract_as_seen(page: Page, rendering: Rendering, extract: Callable[[Page], Extraction]) -> Seen:
    """`page` extracted by `extract` as a reader sees it. Raises ExtractionError, and
    RenderError when the page must be rendered (`always`, `force`) and cannot be."""
    renderer = rendering.renderer
    if rendering.mode == "never" or renderer is None:
        return Seen(extract(page))
    if rendering.mode == "always" or rendering.force:
        return _rendered(renderer.render(page, rendering.local_folder), extract)
    static, failure = _static(page, extract)
    reason = render_reason(page, static)
    if reason is None:
        return _seen_or_raise(static, failure)

    missing = unavailable(renderer.options.browser)
    if missing:
        return _seen_or_raise(static, failure, f"the page looks built by JavaScript ({reason}); {missing}")
    try:
        seen = _rendered(renderer.render(page, rendering.local_folder), extract)
    except (RenderError, ExtractionError) as error:
        return _seen_or_raise(static, failure, f"clipped as served: {error}")
    if static is not None and not _reads_more(seen.extraction, static):
        return Seen(static)  # rendering added nothing a reader wants: the page as served is the note
    return seen


def _reads_more(rendered: Extraction, static: Extraction) -> bool:
    """In `auto`, the rendered page replaces the page as served only when it reads more:
    more sessions, or clearly more text (`MORE_TEXT`). A script that only decorates a
    page (anchors, menus, widgets) must not change what is clipped from it."""
    if len(rendered.schedule) != len(static.schedule):
        return len(rendered.schedule) > len(static.schedule)
    return word_count(rendered.text) > MORE_TEXT * word_count(static.text)


def _static(page: Page, extract: Callable[[Page], Extraction]) -> tuple[Extraction | None, ExtractionError | None]:
    try:
        return extract(page), None
    except ExtractionError as error:
        return None, error


def _rendered(page: Page, extract: Callable[[Page], Extraction]) -> Seen:
    return Seen(replace(extract(page), rendered=True))


def _seen_or_raise(static: Extraction | None, failure: ExtractionError | None, notice: str = "") -> Seen:
    if static is None:
        assert failure is not None
        if notice:
            raise ExtractionError(f"{failure.message} ({notice})", failure.target) from failure
        raise failure
    return Seen(static, notice)


def render_reason(page: Page, extraction: Extraction | None) -> str | None:
    """Why the static `page` looks built by a script (its `extraction`, None when
    it had no readable content), or None when the static page is what a reader sees."""
    if page.rendered or not _SCRIPT.search(page.html):
        return None
    # counted up to the larger threshold: exact wherever it is compared
    words = 0 if extraction is None else word_count(extraction.text, up_to=max(NEARLY_EMPTY_WORDS, THIN_WORDS))
    if extraction is None or words < NEARLY_EMPTY_WORDS or extraction.strategy == SUMMARY_STRATEGY:
        return "the static page has (nearly) no content"
    thin = words < THIN_WORDS
    course_without_schedule = extraction.kind == "course" and not extraction.schedule
    if not thin and not course_without_schedule:
        return None  # the page says plenty as served: no need to look further

    return _unfinished_structure(
        parse_page(page.html, page.url).root, thin=thin, course_without_schedule=course_without_schedule
    )


def _unfinished_structure(root: etree._Element, *, thin: bool, course_without_schedule: bool) -> str | None:
    """What in the static DOM waits for a script: an empty application root or a
    JavaScript-only notice on a thin page, an empty schedule container on a course."""
    if thin and _empty_app_root(root):
        return "its application root is empty"
    if thin and _noscript_asks_for_javascript(root):
        return "it asks for JavaScript"
    if course_without_schedule and _empty_schedule_container(root):
        return "its schedule container is empty"
    return None


def _text(element: etree._Element) -> str:
    return "".join(text for text in element.itertext() if isinstance(text, str)).strip()


def _empty(element: etree._Element) -> bool:
    """No words and no image: nothing a reader would see yet."""
    return not _text(element) and next(element.iter("img"), None) is None


def _empty_app_root(root: etree._Element) -> bool:
    for element in root.iter(etree.Element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if (element.get("id") in APP_ROOT_IDS or tag in APP_ROOT_TAGS) and _empty(element):
            return True
    return False


def _noscript_asks_for_javascript(root: etree._Element) -> bool:
    for element in root.iter("noscript"):
        text = _text(element).lower()
        if any(word in text for word in NOSCRIPT_WORDS):
            return True
    return False


def _names_schedule(element: etree._Element) -> bool:
    names = f"{element.get('id') or ''} {element.get('class') or ''}".lower()
    return bool(names.strip()) and not SCHEDULE_TOKENS.isdisjoint(_TOKEN.findall(names))


def _empty_schedule_container(root: etree._Element) -> bool:
    body = root.find("body")
    for element in (body if body is not None else root).iter(etree.Element):
        if element.tag not in SCHEDULE_CONTAINERS or not _names_schedule(element):
            continue
        if _empty(element) or (element.tag == "table" and not any(_text(cell) for cell in element.iter("td"))):
            return True
    return False
