"""Helpers for tests/test_browser.py: Chromium launch settings, axe-core, and a map of the built site.

`SiteGraph` reads the built HTML (not the YAML) so the browser tests pick their paths from what the
site really links to, and keep working when the trees' content changes.
"""

from __future__ import annotations

import posixpath
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import axe_playwright_python
from htmlpage import PageParser

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
            parser = PageParser()
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
