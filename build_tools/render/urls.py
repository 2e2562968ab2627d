"""Where each generated page lives. One place, so links, tests and the plugin agree."""

from __future__ import annotations

import posixpath

from ..core import page_types

ROOT = page_types.ROOT
# The generated pages that are not a tree's: their source paths under docs/ (core/page_types.py).
HOME_SRC = page_types.HOME.src
CAUSES_SRC = page_types.CAUSES.src
FAQ_SRC = page_types.FAQ.src
SCREEN_TEXTS_SRC = page_types.SCREEN_TEXTS.src  # every on-screen text a source quotes, with its pages


def node_src(tree: str, node: str, start: str) -> str:
    """Source path of a node's page; the start node is the tree's own index page."""
    return page_types.NODE.src.format(tree=tree, node="index" if node == start else node)


def map_src(tree: str) -> str:
    return page_types.MAP.src.format(tree=tree)


def tree_url(tree: str) -> str:
    """Where a tree starts, relative to the site root: its first question's page."""
    return f"{ROOT}/{tree}/"


def src_to_url(src: str) -> str:
    """Directory-style URL (relative to the site root) that MkDocs gives a source path."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two directory-style URLs, the way a static site on any base path needs it."""
    here, there = from_url.split("/"), to_url.split("/")
    if from_url.startswith("/") or to_url.startswith("/") or {".", ".."} & {*here, *there}:
        rel = posixpath.relpath(to_url or ".", from_url or ".")  # rare shapes: the general rule
        return "./" if rel == "." else rel + "/"
    # Site URLs are plain segments: drop the common folders, climb out of the rest (a page links to
    # dozens of others, and posixpath.relpath was a tenth of rendering them).
    here, there = [p for p in here if p], [p for p in there if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    return "/".join(parts) + "/" if parts else "./"


def directory_src(src: str) -> str:
    """`a/b.md` as `a/b/index.md`: the same URL, from a source file that sits in the page's own folder.

    Builders disagree on what a relative link in raw HTML is relative to: MkDocs leaves it to the
    browser (the page URL), Zensical rewrites it as a path from the source file. From `a/b/index.md`
    both readings agree, so one set of links works on both.
    """
    url = src_to_url(src)
    return f"{url}index.md" if url else src
