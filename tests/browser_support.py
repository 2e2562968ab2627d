"""Helpers for tests/test_browser.py: Chromium launch settings, axe-core, and a map of the built site.

`SiteGraph` reads the built HTML (not the YAML) so the browser tests pick their paths from what the
site really links to, and keep working when the trees' content changes.
"""

from __future__ import annotations

import posixpath
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import axe_playwright_python

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Answer:
    label: str
    href: str  # as written in the HTML
    target: str  # absolute path on the site, e.g. "/troubleshoot/x/y/"


@dataclass
class StepPage:
    url: str  # absolute path on the site, e.g. "/troubleshoot/x/"
    tree: str
    node: str
    kind: str
    heading: str
    answers: list[Answer] = field(default_factory=list)
    trail: str = "none"  # "static", "hidden" (filled by dt.js) or "none"
    trail_items: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) of a static trail


class _StepParser(HTMLParser):
    """Collects the parts of a step page the tests rely on: node attributes, h1, answers, trail."""

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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
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


def _text(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def page_url(site_dir: Path, html: Path) -> str:
    rel = html.parent.relative_to(site_dir).as_posix()
    return "/" if rel == "." else f"/{rel}/"


def resolve(url: str, href: str) -> str:
    joined = posixpath.normpath(posixpath.join(url, href))
    return joined if joined.endswith("/") else joined + "/"


class SiteGraph:
    """Every step page of a built site, keyed by absolute path."""

    def __init__(self, site_dir: Path) -> None:
        self.pages: dict[str, StepPage] = {}
        for html in sorted((site_dir / "troubleshoot").glob("**/index.html")):
            parser = _StepParser()
            parser.feed(html.read_text(encoding="utf-8"))
            if not parser.node_attrs:
                continue  # a map page
            url = page_url(site_dir, html)
            a = parser.node_attrs
            self.pages[url] = StepPage(
                url=url,
                tree=a["data-dt-tree"],
                node=a["data-dt-node"],
                kind=a["data-dt-kind"],
                heading=_text(parser.h1),
                answers=[Answer(_text(text), href, resolve(url, href)) for href, text in parser.answers],
                trail=parser.trail,
                trail_items=[(_text(q), _text(ans)) for q, ans in parser.trail_items],
            )

    def starts(self) -> list[str]:
        """The first page of every tree: /troubleshoot/<tree>/."""
        return sorted(u for u in self.pages if u.count("/") == 3)

    def plan(
        self, start: str, goal: Callable[[StepPage, int], bool], *, through_step: bool = False
    ) -> list[tuple[StepPage, int]] | None:
        """Shortest click path from `start` (within its tree) to a page where goal(page, clicks) holds.

        Returns [(page, index of the answer clicked there), ...] ending with (goal page, -1). With
        `through_step`, the path must visit at least one "step" page on the way.
        """
        tree = self.pages[start].tree
        first = (start, self.pages[start].kind == "step")
        parent: dict[tuple[str, bool], tuple[tuple[str, bool], int] | None] = {first: None}
        queue: deque[tuple[tuple[str, bool], int]] = deque([(first, 0)])
        while queue:
            state, clicks = queue.popleft()
            page = self.pages[state[0]]
            if (state[1] or not through_step) and goal(page, clicks):
                path: list[tuple[StepPage, int]] = [(page, -1)]
                link = parent[state]
                while link is not None:
                    state, index = link
                    path.append((self.pages[state[0]], index))
                    link = parent[state]
                return path[::-1]
            for index, answer in enumerate(page.answers):
                target = self.pages.get(answer.target)
                if target is None or target.tree != tree:
                    continue
                nxt = (target.url, state[1] or target.kind == "step")
                if nxt not in parent:
                    parent[nxt] = (state, index)
                    queue.append((nxt, clicks + 1))
        return None

    def path_to_resolution(self, start: str) -> list[tuple[StepPage, int]]:
        """A short path to an answer page, through a "try this" step where the tree has one on the way."""
        is_end = lambda page, clicks: page.kind == "resolution"  # noqa: E731
        path = self.plan(start, is_end, through_step=True) or self.plan(start, is_end)
        assert path is not None, f"no resolution reachable from {start}"
        return path
