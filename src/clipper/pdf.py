"""A PDF as a clip: its title, author and text, read with pypdf.

`read_pdf(data, url)` gives an `Extraction` whose Texte complet embeds the
PDF itself (its one "image": the pipeline saves it as an attachment, and
Obsidian shows an embedded PDF inline) followed by the document's text.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from clipper.errors import ExtractionError
from clipper.markdown import escape_text, image_markdown, resolve_line_starts
from clipper.models import Extraction, ImageRef, Metadata

PDF_MAGIC = b"%PDF-"
MAX_PAGES = 2000


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def read_pdf(data: bytes, url: str) -> Extraction:
    """The PDF's metadata and text; raises ExtractionError for a broken file."""
    # deferred: pypdf loads only for a PDF
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs ("EOF marker not found") to stderr, beside clip's one line
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        info: Mapping[str, Any] = reader.metadata or {}
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(f"the PDF cannot be read ({exc})", url) from exc
    title = _clean(info.get("/Title")) or _name_from(url)
    text = "\n\n".join(_tidy(page) for page in pages if page.strip())
    metadata = Metadata(
        title=title,
        author=_clean(info.get("/Author")),
        published=_pdf_date(info),
        description=_clean(info.get("/Subject")),
    )
    document = ImageRef(url, title)
    markdown = "\n\n".join(filter(None, [image_markdown(document), _escape_lines(text)]))
    return Extraction(
        kind="pdf",
        extractor="pdf",
        title=title,
        url=url,
        metadata=metadata,
        markdown=markdown,
        text=text,
        images=(document,),
        strategy=f"pypdf:{len(pages)} pages",
    )


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value else ""
    return text or None


def _name_from(url: str) -> str:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE) or "Document PDF"


def _pdf_date(info: Mapping[str, Any]) -> str | None:
    # here, not with the module: the batch's own process imports this one and reads no PDF
    from clipper.extract.metadata import iso_date

    return iso_date(str(info.get("/CreationDate") or "").strip())


def _tidy(page: str) -> str:
    lines = [" ".join(line.split()) for line in page.splitlines()]
    return "\n".join(line for line in lines if line)


def _escape_lines(text: str) -> str:
    """Plain text made safe as Markdown with the converter's escaper: no line turns
    into a heading, list or quote, and no word into a tag, highlight, math, link
    or comment by accident."""
    return resolve_line_starts("\n".join(escape_text(line) for line in text.splitlines()))
