"""The main content of a course page: a copy of `<body>` without scripts, navigation,
footers and banners (`main_content`). A tab panel keeps its tab's text
(`TAB_LABEL_ATTRIBUTE`) before the tab bar goes as chrome; an element that holds
most of the page's text is a layout wrapper, never chrome.
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement

from clipper.extract.course_vocab import ALWAYS_BOILERPLATE_HINTS, BOILERPLATE_HINTS
from clipper.extract.text import drop, elements, is_element, link_density, text_of

_DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "link",
    "meta",
)
MAX_CHROME_SHARE = 0.5
"""Chrome never holds most of the page's text: an element that does is a layout wrapper."""


def main_content(root: HtmlElement) -> HtmlElement:
    """A copy of `<body>` without scripts, navigation, footers and banners."""
    body = root.find("body")
    body = copy.deepcopy(body if body is not None else root)
    for element in list(body.iter(*_DROPPED_TAGS)):
        drop(element)
    _mark_tab_panels(body)
    total = len(text_of(body))
    for element in list(elements(body)):
        if element is not body and element.getparent() is not None and _is_chrome(element):
            if len(text_of(element)) <= total * MAX_CHROME_SHARE:  # a layout wrapper named "page-navbar" stays
                drop(element)
    return body


TAB_LABEL_ATTRIBUTE = "data-clipper-tab"


def _mark_tab_panels(body: HtmlElement) -> None:
    """Keep each tab panel's tab text on the panel (`aria-labelledby`), before the tab bar goes as chrome."""
    by_id = {element.get("id"): element for element in body.iter() if is_element(element) and element.get("id")}
    for panel in body.iter():
        if is_element(panel) and panel.get("role") == "tabpanel":
            tab = by_id.get((panel.get("aria-labelledby") or "").split(" ")[0])
            if tab is not None and text_of(tab):
                panel.set(TAB_LABEL_ATTRIBUTE, text_of(tab))


def _mostly_links(element: HtmlElement) -> bool:
    """More than half link text, or no text at all (an empty banner is chrome too)."""
    length = len(text_of(element))
    return not length or link_density(element, length) > 0.5


def _is_chrome(element: HtmlElement) -> bool:
    hints = f"{element.get('id', '')} {element.get('class', '')} {element.get('role', '')}".lower()
    if element.tag == "form":
        return len(text_of(element)) < 300
    if any(hint in hints for hint in ALWAYS_BOILERPLATE_HINTS):
        return True
    if element.tag == "header" or "navigation" in hints:
        return element.find(".//h1") is None and _mostly_links(element)
    if any(hint in hints for hint in BOILERPLATE_HINTS):
        return _mostly_links(element)
    return False
