"""What happens when: the sessions of a course page, and their Markdown blocks.

Shapes, wherever they stand on the page unless under an excluded label
(announcements, assignments, office hours…):

- tables (`course_tables`): one session per row;
- a `<ul>`/`<ol>` whose items mostly open with a date;
- cards, listing items and heading-led sessions (`course_cards`).

Each session gets its date as printed, an ISO date when the year is known (printed,
from the page's term, or else the year of the clip: see `clipper.extract.course`),
titles, speakers, modality, description and links, and a Markdown block that
reads well in Obsidian (`**date** — title [modality]`, speakers, then the description).
A schedule that repeats another (a featured copy of the same talks) is dropped.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from clipper.extract.course_blocks import (
    BRACKET_LINK,
    Context,
    Schedule,
    collect_links,
    find_modality,
    head_lines,
    links_line,
    speakers_from_lines,
    speakers_line,
    split_byline,
    unique,
    without_struck,
)
from clipper.extract.course_cards import card_schedule
from clipper.extract.course_dates import (
    YearRule,
    leading_date,
    slash_order,
    to_iso,
)
from clipper.extract.course_sections import (
    Label,
    document_order,
    iter_region,
    lines_of,
)
from clipper.extract.course_tables import table_schedule
from clipper.extract.course_vocab import (
    MODALITY,
    SPEAKER_LINE,
)
from clipper.extract.text import text_of
from clipper.markdown import (
    html_to_markdown,
    resolve_line_starts,
)
from clipper.models import Session

MIN_LIST_DATED_SHARE = 0.6


def find_schedules(
    body: HtmlElement,
    labels: list[Label],
    regions: dict[int, list[HtmlElement]],
    base_url: str | None,
    years: YearRule | None,
    render: bool = True,
) -> list[Schedule]:
    """Every schedule on the page, in reading order (without Markdown unless `render`)."""
    context = Context(base_url, years, render, _page_slash_order(body))
    excluded = _elements_under(labels, regions, "excluded")
    scheduled = _elements_under(labels, regions, "schedule")
    found: list[Schedule] = []
    taken: set[HtmlElement] = set()
    for table in body.iter("table"):
        if table in excluded or any(ancestor in taken for ancestor in table.iterancestors()):
            continue
        schedule = table_schedule(table, context, table in scheduled)
        if schedule is not None:
            found.append(schedule)
            taken.add(table)
    for listing in body.iter("ul", "ol"):
        if listing in excluded or any(ancestor in taken for ancestor in listing.iterancestors()):
            continue
        schedule = _list_schedule(listing, context)
        if schedule is not None:
            found.append(schedule)
            taken.add(listing)
    for index, label in enumerate(labels):
        region = regions[index]
        if label.role != "schedule" or label.run_in or _overlaps(region, taken):
            continue
        schedule = card_schedule(region, labels, context)
        if schedule is not None:
            found.append(schedule)
            taken.update(schedule.elements)
    order = document_order(body)
    return sorted(found, key=lambda item: order.get(item.elements[0], 0))


def _page_slash_order(body: HtmlElement) -> str | None:
    cells = (text_of(cell) for cell in body.iter("td", "li", "th"))
    return slash_order(filter(None, (leading_date(text) for text in cells if "/" in text[:8])))


def _elements_under(labels: list[Label], regions: dict[int, list[HtmlElement]], role: str) -> set:
    return {
        element
        for index, label in enumerate(labels)
        if label.role == role and not label.run_in
        for element in iter_region(regions[index])
    }


def _overlaps(region: list[HtmlElement], taken: set[HtmlElement]) -> bool:
    return any(element in taken for element in iter_region(region))


def _list_schedule(listing: HtmlElement, context: Context) -> Schedule | None:
    items = [item for item in listing if item.tag == "li"]
    dated = [item for item in items if leading_date(text_of(item))]
    if len(dated) < 2 or len(dated) < MIN_LIST_DATED_SHARE * len(items):
        return None
    order = slash_order(leading_date(text_of(item)) for item in dated) or context.slash_order
    rows = [_item_session(item, context, order) for item in dated]
    sessions, blocks, texts = zip(*rows)
    return Schedule("list", tuple(sessions), tuple(blocks), tuple(texts), (listing,))


def _item_session(item: HtmlElement, context: Context, order) -> tuple[Session, str, str]:
    lines = lines_of(without_struck(item))
    first = lines[0]
    found = leading_date(first)
    date_text = first[found.start : found.end].strip()
    rest = first[found.end :].strip(" :–—-|,\t")
    speakers = speakers_from_lines(lines)
    title, by = split_byline(MODALITY.sub(" ", BRACKET_LINK.sub(" ", rest)))
    speakers = unique(speakers + by)
    description = "\n".join(line for line in lines[1:] if not SPEAKER_LINE.match(line))
    session = Session(
        date_text,
        to_iso(found, context.years, order),
        (title,) if title else (),
        tuple(speakers),
        find_modality(" ".join(lines)),
        description,
        tuple(collect_links([item], context)),
    )
    if not context.render:
        return session, "", ""
    block = "\n".join(head_lines(session))
    if speakers and not speakers_from_lines(lines):
        block += "\n" + speakers_line(speakers)
    body = html_to_markdown(item, context.base_url, heading_offset=4).markdown
    body_lines = body.split("\n", 1)
    if len(body_lines) > 1 and body_lines[1].strip():
        block += "\n\n" + body_lines[1].strip()
    links = links_line(session.links)
    if links and links not in block:
        block += "\n\n" + links
    return session, resolve_line_starts(block), "\n".join(lines)


__all__ = ["Schedule", "find_schedules"]
