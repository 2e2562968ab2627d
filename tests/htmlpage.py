"""One reader of built pages for every test: what the HTML contract (docs/contributing/html-contract.md)
promises, taken from the HTML alone, independent of the YAML model that produced it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FETCHED_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "manifest",
}
FETCHING_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "embed"}


class PageParser(HTMLParser):
    """What the HTML contract promises, read from one page: the dt element, h1, answers, trail, and what a
    browser would fetch on its own. The one HTML reader of the tests (site, browser, journeys)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, what this element's text is captured as)
        self.texts: dict[str, list[str]] = {}
        self.node_attrs: dict[str, str] = {}
        self.in_node = 0
        self.answers: list[tuple[str, list[str]]] = []
        self.trail = "none"
        self.trail_items: list[tuple[list[str], list[str]]] = []
        self.h1: list[str] = []
        self.h1_count = 0
        self.dt_elements: list[dict[str, str]] = []  # every element with data-dt-kind
        self.references: list[tuple[str, str]] = []  # (tag, URL) of what the page makes the browser fetch

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        self._contract(tag, a)
        capture = None
        if "data-dt-node" in a:
            self.node_attrs = a
            capture = "node"
        elif self.in_node and tag == "h1":
            capture = "h1"
        elif self.in_node and tag == "a" and "dt-answer" in classes:
            self.answers.append((a.get("href", ""), []))
            capture = "answer"
        elif tag == "section" and "dt-trail" in classes:
            self.trail = "hidden" if "hidden" in a else "static"
        elif tag == "span" and "dt-trail-q" in classes:
            self.trail_items.append(([], []))
            capture = "q"
        elif tag == "span" and "dt-trail-a" in classes:
            capture = "a"
        elif tag == "span" and "dt-visually-hidden" in classes:
            capture = "skip"
        if tag not in VOID:
            self.stack.append((tag, capture))
        if capture == "node":
            self.in_node += 1

    def _contract(self, tag: str, a: dict[str, str]) -> None:
        if "data-dt-kind" in a:
            self.dt_elements.append(a)
        if tag == "h1":
            self.h1_count += 1
        # Only what a browser fetches on its own; <a href> and <link rel="canonical"> are not requests.
        if tag == "link" and not set(a.get("rel", "").split()) & FETCHED_RELS:
            return
        if tag in FETCHING_TAGS:
            self.references += [(tag, a[attr]) for attr in ("src", "href", "srcset", "poster") if attr in a]

    def handle_endtag(self, tag: str) -> None:
        # `<input ... />` (content tabs) also arrives here; an end tag with no open element must not
        # close everything that is open.
        if tag in VOID or all(open_tag != tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, capture = self.stack.pop()
            if capture == "node":
                self.in_node -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        captures = {c for _, c in self.stack}
        if "skip" in captures:
            return
        if "h1" in captures:
            self.h1.append(data)
        if "answer" in captures:
            self.answers[-1][1].append(data)
        if "q" in captures:
            self.trail_items[-1][0].append(data)
        if "a" in captures:
            self.trail_items[-1][1].append(data)


def read_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


class Languages(HTMLParser):
    """Each piece of text a screen reader reads on a page, with the language it reads it in: the `lang` of
    its nearest element that has one (WCAG 3.1.2, the language of parts). Scripts, styles and what is
    hidden from screen readers (aria-hidden="true", such as the map's drawing) are not read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = [("", None, False)]  # (tag, lang, not read)
        self.texts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        _, lang, hidden = self.stack[-1]
        hidden = hidden or tag in ("script", "style") or a.get("aria-hidden") == "true"
        self.stack.append((tag, a.get("lang") or lang, hidden))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        _, lang, hidden = self.stack[-1]
        if data.strip() and not hidden:
            self.texts.append((" ".join(data.split()), lang))


def languages_of(html: str, needle: str) -> set[str | None]:
    """The languages the texts of `html` that hold `needle` are read in ({} when none holds it)."""
    parser = Languages()
    parser.feed(html)
    return {lang for text, lang in parser.texts if needle in text}
