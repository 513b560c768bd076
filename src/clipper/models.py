"""The small frozen dataclasses that the stages hand each other.

    fetch   -> Page          the page as it came: final URL, decoded HTML, validators
               | Document    or a PDF's bytes, from the same single GET
    extract -> Extraction    what the page says: metadata, Markdown, text, images,
                             and for a course its description, people and sessions
    render  -> Note          the note's text and the file name it wants
    write   -> Path          where the note landed

Nothing here does I/O; every stage module imports from here, never the reverse.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    """A web page as fetched (or read from a saved file)."""

    url: str
    """The page's address after redirects (or `--source` for a saved file)."""
    html: str
    """The body decoded to text."""
    status: int = 200
    content_type: str = "text/html"
    encoding: str | None = None
    """The charset the body was decoded with, and how it was chosen is not kept."""
    etag: str | None = None
    last_modified: str | None = None
    requested_url: str | None = None
    """The address asked for, before redirects."""
    address: str | None = None
    """The address to ask next time: the one asked, or where permanent redirects
    (301, 308) sent it. None for a saved file."""
    rendered: bool = False
    """True when `html` is the DOM a browser built by running the page's scripts."""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Document:
    """A PDF as fetched (or read from a saved file): its bytes, and where from."""

    url: str
    """The document's address after redirects (or `--source`, or the file's URI)."""
    content: bytes
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    address: str | None = None
    """As `Page.address`."""


@dataclass(frozen=True)
class Metadata:
    """What the page says about itself (meta tags, Open Graph, JSON-LD)."""

    title: str | None = None
    description: str | None = None
    author: str | None = None
    published: str | None = None
    """ISO `YYYY-MM-DD` when the page gives a date."""
    site: str | None = None
    language: str | None = None
    image: str | None = None


@dataclass(frozen=True)
class ImageRef:
    """A content image as it stands in the Markdown: `image_markdown(ref)`."""

    url: str
    """Absolute http(s) URL, or a `data:` URI."""
    alt: str = ""


@dataclass(frozen=True)
class Person:
    """Somebody who teaches or organises a course."""

    name: str
    role: str | None = None
    """Normalised: "instructor", "teaching assistant", "organiser", "advisor", "speaker", or None."""
    url: str | None = None
    photo: str | None = None
    """Absolute URL of their photo on the page."""
    role_text: str | None = None
    """The role in the page's own words ("LVA Leiter", "Head CA", "Profesora")."""

    @property
    def teaches(self) -> bool:
        """Listed in the note's `instructors`: everybody but teaching assistants and speakers."""
        return self.role not in ("teaching assistant", "speaker")


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Session:
    """One row of a course schedule."""

    date_text: str
    """The date as printed on the page."""
    date: str | None = None
    """ISO `YYYY-MM-DD` when the page makes it certain, else None."""
    titles: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    modality: str | None = None
    description: str = ""
    links: tuple[Link, ...] = ()
    schedule_label: str = ""
    """On a page with several schedules, the label of the one it belongs to, as printed
    ("Lectures", "Sections", "Past seminars"); empty when the page has one."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        """The session `to_dict` gave (as JSON gives it back: lists for tuples)."""
        return cls(
            date_text=str(data["date_text"]),
            date=data.get("date"),
            titles=tuple(data.get("titles", ())),
            speakers=tuple(data.get("speakers", ())),
            modality=data.get("modality"),
            description=data.get("description", ""),
            links=tuple(Link(link["text"], link["url"]) for link in data.get("links", ())),
            schedule_label=str(data.get("schedule_label") or ""),
        )


@dataclass(frozen=True)
class Extraction:
    """What a page says, ready to render: the result of `extract`."""

    kind: str
    """"article", "course" or "pdf"."""
    extractor: str
    """Name of the site extractor that won (see `clipper.extract`)."""
    title: str
    url: str | None
    metadata: Metadata
    markdown: str
    """Texte complet as Markdown: page headings start at `###`, images as
    `image_markdown(ref)` with their absolute URLs."""
    text: str
    """Texte complet as plain text: the words a reader sees."""
    images: tuple[ImageRef, ...] = ()
    strategy: str = ""
    """How the main content was found (for the record and the benchmark)."""
    description: str = ""
    instructors: tuple[Person, ...] = ()
    schedule: tuple[Session, ...] = ()
    rendered: bool = False
    """True when the page was read as a browser rendered it (its scripts run)."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["images"] = [asdict(image) for image in self.images]
        return data


@dataclass(frozen=True)
class SavedImage:
    """The outcome of saving one image: `name` set on success, `error` on failure,
    `dropped` for a 1x1 image (a tracking pixel, a spacer), neither saved nor embedded."""

    url: str
    name: str | None = None
    """Vault-relative path, e.g. `attachments/<hash>_MD5.png`."""
    error: str | None = None
    written: bool = False
    """True when this save wrote the file; False when the vault already held these bytes."""
    dropped: bool = False


LEFT_OUT = ""
"""The attachment an embeds map gives an image left out of the note (a dropped 1x1 pixel)."""


@dataclass(frozen=True)
class Note:
    """A rendered note: its file stem and its full text (front matter and body)."""

    stem: str
    text: str
