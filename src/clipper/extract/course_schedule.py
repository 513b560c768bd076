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

from collections.abc import Callable
from dataclasses import replace

from lxml.html import HtmlElement

from clipper.extract.course_blocks import (
    BRACKET_LINK,
    Context,
    Schedule,
    collect_links,
    find_modality,
    head_lines,
    is_break,
    links_line,
    speakers_from_lines,
    speakers_lead_titles,
    speakers_line,
    split_byline,
    unique,
    without_struck,
)
from clipper.extract.course_cards import card_schedule
from clipper.extract.course_dates import (
    YearRule,
    find_date,
    leading_date,
    slash_order,
    time_end,
    to_iso,
)
from clipper.extract.course_names import split_names
from clipper.extract.course_repeated import block_schedule, repeated_blocks
from clipper.extract.course_sections import (
    Label,
    document_order,
    iter_region,
    lines_of,
)
from clipper.extract.course_tables import table_schedule
from clipper.extract.course_vocab import (
    DATE_COLUMN_WORDS,
    MODALITY,
    SPEAKER_COLUMN_WORDS,
    SPEAKER_LINE,
    TITLE_COLUMN_WORDS,
    WEEK_LABEL,
)
from clipper.extract.text import collapse, text_of
from clipper.markdown import (
    escape_text,
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
    page_scheduled: bool = False,
) -> list[Schedule]:
    """Every schedule on the page, in reading order (without Markdown unless `render`).
    `page_scheduled`: the page's title names a schedule, as a label over all of it would."""
    context = Context(base_url, years, render, _page_slash_order(body))
    excluded = _elements_under(labels, regions, "excluded")
    scheduled = _elements_under(labels, regions, "schedule")
    found: list[Schedule] = []
    taken: set[HtmlElement] = set()

    def free(element: HtmlElement) -> bool:
        return element not in excluded and not any(node in taken for node in (element, *element.iterancestors()))

    for table in body.iter("table"):
        if free(table):
            _keep(table_schedule(table, context, page_scheduled or table in scheduled), found, taken)
    for listing in body.iter("ul", "ol"):
        if free(listing):
            _keep(_list_schedule(listing, context, page_scheduled or listing in scheduled), found, taken)
    for index, label in enumerate(labels):
        if label.role == "schedule" and not label.run_in and not _overlaps(regions[index], taken):
            _keep(card_schedule(regions[index], labels, context), found, taken)
    for block, paragraphs in _paragraph_lists(body, scheduled).items():
        _keep(_paragraph_schedule(block, paragraphs, context, free), found, taken)
    for blocks in repeated_blocks(body, free):
        _keep(block_schedule(blocks, context, page_scheduled or blocks[0] in scheduled), found, taken)
    order = document_order(body)
    kept = _without_repeated_sessions(sorted(_without_repeats(found), key=lambda item: order.get(item.elements[0], 0)))
    return [replace(schedule, label=_label_over(schedule, labels, regions, order)) for schedule in kept]


def _label_over(
    schedule: Schedule, labels: list[Label], regions: dict[int, list[HtmlElement]], order: dict[HtmlElement, int]
) -> str:
    """The label whose section holds the schedule, as printed ("Lectures", "Évaluations"): the nearest
    one that names a schedule (or an excluded section), else the nearest one."""
    first = schedule.elements[0]
    holders = {first, *first.iterancestors()}
    at = order.get(first, 0)
    over = [
        label
        for index, label in enumerate(labels)
        if not label.run_in and order.get(label.element, 0) < at and any(top in holders for top in regions[index])
    ]
    named = [label for label in over if label.role in ("schedule", "excluded")]
    chosen = (named or over)[-1:]
    return chosen[0].text.strip(" ¶#:：") if chosen else ""


def _keep(schedule: Schedule | None, found: list[Schedule], taken: set[HtmlElement]) -> None:
    if schedule is not None:
        found.append(schedule)
        taken.update(schedule.elements)


def _without_repeats(schedules: list[Schedule]) -> list[Schedule]:
    """Drop a schedule whose sessions all appear in a longer one (a featured copy of the same talks)."""
    keys = [{(s.date_text, s.titles[:1]) for s in schedule.sessions} for schedule in schedules]
    kept = []
    for index, schedule in enumerate(schedules):
        repeated = any(
            other != index and keys[index] <= keys[other] and (len(keys[other]) > len(keys[index]) or other < index)
            for other in range(len(schedules))
        )
        if not repeated:
            kept.append(schedule)
    return kept


def _session_key(session: Session) -> tuple[str, str]:
    when = session.date or collapse(session.date_text).lower()
    return when, collapse(session.titles[0]).lower() if session.titles else ""


def _without_repeated_sessions(schedules: list[Schedule]) -> list[Schedule]:
    """Drop a session of a later schedule that repeats the date and title of one already kept (an
    "Exams" table repeating the midterm and final of the class schedule); a schedule left with
    none goes."""
    seen: set[tuple[str, str]] = set()
    kept: list[Schedule] = []
    for schedule in schedules:
        keep = [index for index, session in enumerate(schedule.sessions) if _session_key(session) not in seen]
        seen.update(_session_key(session) for session in schedule.sessions)
        if len(keep) == len(schedule.sessions):
            kept.append(schedule)
        elif keep:
            kept.append(
                replace(
                    schedule,
                    sessions=tuple(schedule.sessions[i] for i in keep),
                    blocks=_picked(schedule.blocks, keep, len(schedule.sessions)),
                    texts=_picked(schedule.texts, keep, len(schedule.sessions)),
                )
            )
    return kept


def _picked(items: tuple[str, ...], keep: list[int], count: int) -> tuple[str, ...]:
    """The kept sessions' blocks (one per session), or all of them when they are not one per session."""
    return tuple(items[index] for index in keep) if len(items) == count else items


def _page_slash_order(body: HtmlElement) -> str | None:
    cells = (text_of(cell) for cell in body.iter("td", "li", "th"))
    return slash_order(filter(None, (leading_date(text) for text in cells if "/" in text[:8])))


def _elements_under(labels: list[Label], regions: dict[int, list[HtmlElement]], role: str) -> set[HtmlElement]:
    return {
        element
        for index, label in enumerate(labels)
        if label.role == role and not label.run_in
        for element in iter_region(regions[index])
    }


def _overlaps(region: list[HtmlElement], taken: set[HtmlElement]) -> bool:
    return any(element in taken for element in iter_region(region))


def _paragraph_lists(body: HtmlElement, scheduled: set[HtmlElement]) -> dict[HtmlElement, list[HtmlElement]]:
    """Paragraphs under a schedule label that are a list's items (three or more open with a week
    label or a date: "Week 1 (Jan 13): Units…"), by the block that holds them."""
    found: dict[HtmlElement, list[HtmlElement]] = {}
    for paragraph in body.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and paragraph in scheduled:
            found.setdefault(parent, []).append(paragraph)
    return {parent: items for parent, items in found.items() if sum(map(_opens_a_session, items)) >= MIN_WEEKS}


def _paragraph_schedule(
    block: HtmlElement, paragraphs: list[HtmlElement], context: Context, free: Callable[[HtmlElement], bool]
) -> Schedule | None:
    """The sessions of the block's paragraphs when all are `free`, standing for those that open one."""
    listed = _list_schedule(block, context, True, paragraphs) if all(map(free, paragraphs)) else None
    return replace(listed, elements=tuple(filter(_opens_a_session, paragraphs))) if listed else None


def _opens_a_session(item: HtmlElement) -> bool:
    first = (lines_of(item) or [""])[0]
    return bool(WEEK_LABEL.match(first) or leading_date(first))


def _list_schedule(
    listing: HtmlElement, context: Context, labelled: bool = False, paragraphs: list[HtmlElement] | None = None
) -> Schedule | None:
    """A list of "Week N" items, of "Date: / Speaker:" items, or of items opening with a date (or
    a block's `paragraphs` so written, `_paragraph_lists`)."""
    items = paragraphs if paragraphs is not None else [item for item in listing if item.tag == "li"]
    weeks = list(filter(_opens_with_week, items))
    if len(weeks) >= MIN_WEEKS and _most(weeks, items):
        return _week_schedule(listing, weeks, context, labelled)
    keyed = list(filter(_is_keyed_session, items))
    if keyed and _most(keyed, items):  # one "Date: / Speaker:" item is a session too
        return _keyed_schedule(listing, keyed, context, labelled)
    dated = [item for item in items if leading_date(text_of(item))]
    if len(dated) < 2 or not _most(dated, items):
        return None
    return _dated_schedule(listing, dated, context, labelled)


def _dated_schedule(
    listing: HtmlElement, dated: list[HtmlElement], context: Context, labelled: bool
) -> Schedule | None:
    """Items opening with a date, one session each; a break item ("Oct 9: Fall break") is none."""
    order = slash_order(filter(None, (leading_date(text_of(item)) for item in dated))) or context.slash_order
    speaker_first = speakers_lead_titles([_after_date(lines_of(without_struck(item))[0]) for item in dated])
    read = (_item_session(item, context, order, speaker_first) for item in dated)
    rows = [row for row in read if not is_break(row[0])]
    if not rows:
        return None
    sessions, blocks, texts = zip(*rows)
    return Schedule("list", tuple(sessions), tuple(blocks), tuple(texts), (listing,), labelled=labelled)


def _most(found: list[HtmlElement], items: list[HtmlElement]) -> bool:
    return len(found) >= MIN_LIST_DATED_SHARE * len(items)


def _opens_with_week(item: HtmlElement) -> bool:
    return bool(WEEK_LABEL.match((lines_of(item) or [""])[0]))


def _is_keyed_session(item: HtmlElement) -> bool:
    fields = _keyed_fields(item)
    return len(fields) >= MIN_KEYED_FIELDS and "date" in fields


MIN_WEEKS = 3
MIN_KEYED_FIELDS = 2
_FIELD_WORDS = {"date": DATE_COLUMN_WORDS, "title": TITLE_COLUMN_WORDS, "speakers": SPEAKER_COLUMN_WORDS}


def _keyed_fields(item: HtmlElement) -> dict[str, str]:
    """ "Date: …", "Speaker: …", "Title: …" lines of an item, by field (keys in any language of the vocabulary)."""
    fields: dict[str, str] = {}
    for line in lines_of(item):
        key, colon, value = line.partition(":")
        words = set(key.lower().split())
        if not colon or not value.strip() or len(words) > 2:
            continue
        for field, vocabulary in _FIELD_WORDS.items():
            if words & set(vocabulary) and field not in fields:
                fields[field] = value.strip()
    if fields.get("date") and find_date(fields["date"]) is None:
        del fields["date"]
    return fields


def _keyed_schedule(listing: HtmlElement, items: list[HtmlElement], context: Context, labelled: bool) -> Schedule:
    """Items of "Key: value" lines (Date / Speaker / Title / Abstract): one session each."""
    rows = []
    for item in items:
        fields = _keyed_fields(item)
        found = find_date(fields["date"])
        date_text = fields["date"][found.start : found.end] if found else fields["date"]
        speakers = split_names(fields.get("speakers", ""), min_words=1)
        title = fields.get("title", "")
        lines = lines_of(item)
        session = Session(
            date_text,
            to_iso(found, context.years, context.slash_order) if found else None,
            (title,) if title else (),
            tuple(speakers),
            find_modality(" ".join(lines)),
            "\n".join(lines),
            tuple(collect_links([item], context)),
        )
        block = "\n".join(head_lines(session)) + "\n\n" + "\n".join(escape_text(line) for line in lines)
        rows.append((session, resolve_line_starts(block), "\n".join(lines)))
    sessions, blocks, texts = zip(*rows)
    return Schedule("list", tuple(sessions), tuple(blocks), tuple(texts), (listing,), labelled=labelled)


def _week_schedule(listing: HtmlElement, weeks: list[HtmlElement], context: Context, labelled: bool) -> Schedule | None:
    """A list of "Week N" items without dates: the week label as printed is the date, the first
    topic (the rest of the line, else the first line under it) the title."""
    rows = []
    for item in weeks:
        lines = lines_of(without_struck(item))
        label = WEEK_LABEL.match(lines[0])
        week = lines[0][: label.end()] if label else lines[0]
        rest = lines[0][len(week) :].strip(_AFTER_WEEK)
        date_text, date, rest = _week_date(rest, context)
        title = rest or (lines[1] if len(lines) > 1 else "")
        week = (week + lines[0][len(week) :].split(" ")[0]).strip() if not rest else week
        session = Session(date_text or week.strip(), date, (title,) if title else (), description="\n".join(lines[1:]))
        block = "\n".join(head_lines(session))
        body = "\n".join(f"- {escape_text(line)}" for line in lines[1:])
        if not is_break(session):
            rows.append((session, resolve_line_starts(block + ("\n\n" + body if body else "")), "\n".join(lines)))
    if not rows:
        return None
    sessions, blocks, texts = zip(*rows)
    return Schedule("list", tuple(sessions), tuple(blocks), tuple(texts), (listing,), labelled=labelled)


_AFTER_WEEK = " :：–—-|,、\t"
"""What separates a week label from the rest of its line."""


def _week_date(rest: str, context: Context) -> tuple[str, str | None, str]:
    """(date as printed, ISO date, the rest) when the week's line goes on with its date
    ("Week 1 (3 February): Intro"); else ("", None, `rest`)."""
    found = leading_date(rest)
    if found is None:
        return "", None, rest
    after = rest[found.end :].strip(_AFTER_WEEK + ")）")
    return rest[found.start : found.end], to_iso(found, context.years, context.slash_order), after


def _after_date(first: str) -> str:
    """A dated item's first line after its date, without links in brackets and modality words."""
    found = leading_date(first)
    rest = first[time_end(first, found.end) :].strip(" :–—-|,\t") if found else first
    return MODALITY.sub(" ", BRACKET_LINK.sub(" ", rest))


def _item_session(
    item: HtmlElement, context: Context, order: str | None, speaker_first: bool
) -> tuple[Session, str, str]:
    """`speaker_first`: the list's items name their speaker before the title (`speakers_lead_titles`)."""
    lines = lines_of(without_struck(item))
    first = lines[0]
    found = leading_date(first)
    assert found is not None  # the items come dated
    date_text = first[found.start : time_end(first, found.end)].strip()
    speakers = speakers_from_lines(lines)
    title, by = split_byline(_after_date(first), speaker_first=speaker_first)
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
