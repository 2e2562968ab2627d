"""The site's trust point as a Python-Markdown extension, for builders that convert pages themselves.

Zensical (and plain MkDocs building the export) converts every page with Python-Markdown and runs no
plugin of ours, so the export lists this extension in its `markdown_extensions`. A generated page starts
with a header the export writes (`header`): its controls, the trusted HTML the plugin puts around the
converted page. On such a page the extension does what the plugin does: the converted Markdown (contributor
text) goes through `trusted.publishable` once, the controls go around it, and symbols get spoken words.
Every other page (hand-written docs/, trusted) only gets keyboard-focusable code blocks.

Contributor text can't write the header: it is read only from the first lines of the page, which the
export's template writes, and the controls in it are JSON with no `<` or `>` left to end the comment early.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .glyphs import GLYPHS, SEPARATOR, speak_glyphs
from .sanitize import sanitize, text_only
from .trusted import focusable_code, publishable

NAME = "build_tools.text.extension"  # as markdown_extensions names it
_OPEN = "<!-- dt-page"
_CLOSE = "-->"


@dataclass(frozen=True)
class Controls:
    """The trusted HTML before and after a generated page's converted Markdown."""

    before: str
    after: str


def header(controls: Controls) -> str:
    """The first lines of a generated page's Markdown (after its front matter): its controls."""
    data = json.dumps({"before": controls.before, "after": controls.after}, ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"{_OPEN}\n{data}\n{_CLOSE}\n"


def read_header(lines: list[str]) -> tuple[Controls | None, list[str]]:
    """The controls of a page whose first lines are a header, and the lines after it."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if len(lines) < start + 3 or lines[start] != _OPEN or lines[start + 2] != _CLOSE:
        return None, lines
    data = json.loads(lines[start + 1])
    return Controls(str(data["before"]), str(data["after"])), lines[start + 3 :]


def dress(safe: str, controls: Controls, glyphs: Mapping[str, str], separator: str = SEPARATOR) -> str:
    """A generated page's converted Markdown, already through `publishable`, inside its trusted controls,
    with spoken words for symbols (they are trusted output, so they come after sanitizing)."""
    return speak_glyphs(controls.before + safe + controls.after, glyphs, separator)


def publish(
    converted: str, controls: Controls | None, glyphs: Mapping[str, str], separator: str = SEPARATOR
) -> str:
    """A converted page as the site publishes it: the plugin's two steps (`publishable`, then `dress`)."""
    if controls is None:
        return focusable_code(converted)  # a hand-written page: trusted
    return dress(publishable(converted), controls, glyphs, separator)


class _ReadHeader(Preprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, ext: TrustExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        self.ext.whole_page = False  # a builder may convert many pages with one Markdown instance
        self.ext.controls, rest = read_header(lines)
        return rest


class _TreeDone(Treeprocessor):  # type: ignore[misc]
    """Marks the end of the tree stage: before it, postprocessors also run on pieces (toc runs them on each
    heading's text), and only the whole page may be published."""

    def __init__(self, md: Markdown, ext: TrustExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: Any) -> None:
        self.ext.whole_page = True


class _Publish(Postprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, ext: TrustExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, text: str) -> str:
        if not self.ext.whole_page:
            return text
        if self.ext.controls is not None:
            clean_toc(getattr(self.md, "toc_tokens", []))
        return publish(text, self.ext.controls, self.ext.glyphs, self.ext.separator)


def clean_toc(tokens: list[dict[str, Any]]) -> None:
    """The table of contents of a generated page, cut to the allowlist like the page itself: a builder
    prints it apart from the page (Zensical puts each heading's inner HTML in the sidebar)."""
    for token in tokens:
        token["html"] = sanitize(str(token.get("html", "")))
        token["name"] = text_only(token["html"])
        token["data-toc-label"] = text_only(str(token.get("data-toc-label", "")))
        clean_toc(token.get("children", []))


class TrustExtension(Extension):  # type: ignore[misc]  # markdown has no type information
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "glyphs": [{}, "symbol -> spoken words, added to glyphs.GLYPHS ('' turns one off)"],
            "base_glyphs": [{}, "the page language's symbol -> spoken words, instead of glyphs.GLYPHS"],
            "separator": [SEPARATOR, "what a screen reader says for ' > ' in a bold menu path"],
        }
        super().__init__(**kwargs)
        self.controls: Controls | None = None
        self.whole_page = False
        self.glyphs = {**(self.getConfig("base_glyphs") or GLYPHS), **self.getConfig("glyphs")}
        self.separator = str(self.getConfig("separator"))

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After whitespace is normalized (30), before raw HTML blocks are stashed (20).
        md.preprocessors.register(_ReadHeader(md, self), "dt_read_header", 25)
        md.treeprocessors.register(_TreeDone(md, self), "dt_tree_done", -1000)
        # Last: after raw HTML is put back (30) and the other postprocessors ran.
        md.postprocessors.register(_Publish(md, self), "dt_publish", 0)

    def reset(self) -> None:
        self.controls = None
        self.whole_page = False


def makeExtension(**kwargs: Any) -> TrustExtension:
    return TrustExtension(**kwargs)
