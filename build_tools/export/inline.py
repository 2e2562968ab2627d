"""A generated page as one Markdown text: its controls inlined as raw HTML blocks around its Markdown.

For builders that take pages as files (Zensical): `md_in_html` keeps the blocks as they are, so the page
converts to what the MkDocs plugin puts together from `Page.before`, the converted Markdown and `Page.after`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..render.pages import Page


@functools.cache
def _block_tags() -> frozenset[str]:
    import markdown  # the converter both builders run: its own list decides what is a raw HTML block

    return frozenset(markdown.Markdown().block_level_elements)


@dataclass
class _Segment:
    start: int
    end: int = -1
    tag: str = ""  # "" for text between elements


@dataclass
class _Split:
    """Top-level pieces of an HTML fragment, and an element it opens but does not close (or closes but
    did not open)."""

    segments: list[_Segment] = field(default_factory=list)
    unclosed: _Segment | None = None  # e.g. the step's wrapper <div>, opened in `before`
    stray_end: int = -1  # offset of an end tag closing an element opened elsewhere


class _Splitter(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(html)]
        self.depth = 0
        self.out = _Split()
        self.current: _Segment | None = None

    def _at(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _text(self, start: int) -> None:
        if self.depth == 0 and self.current is None and self.out.stray_end < 0:
            self.out.segments.append(_Segment(start, -1, ""))
            self.current = self.out.segments[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._at()
        end = start + len(self.get_starttag_text() or "")
        if self.depth == 0 and self.out.stray_end < 0:
            self._close_text(start)
            self.current = _Segment(start, -1, tag)
            self.out.segments.append(self.current)
        if tag not in _VOID:
            self.depth += 1
        elif self.depth == 0 and self.current is not None:
            self.current.end = end
            self.current = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._at()
        if self.depth == 0 and self.out.stray_end < 0:
            self._close_text(start)
            self.out.segments.append(_Segment(start, start + len(self.get_starttag_text() or ""), tag))

    def handle_endtag(self, tag: str) -> None:
        start = self._at()
        end = self.html.index(">", start) + 1
        if self.depth == 0:
            self._close_text(start)
            if self.out.stray_end < 0:
                self.out.stray_end = start
            return
        self.depth -= 1
        if self.depth == 0 and self.current is not None:
            self.current.end = end
            self.current = None

    def handle_data(self, data: str) -> None:
        self._text(self._at())

    def handle_entityref(self, name: str) -> None:
        self._text(self._at())

    def handle_charref(self, name: str) -> None:
        self._text(self._at())

    def _close_text(self, at: int) -> None:
        if self.current is not None and self.current.tag == "":
            self.current.end = at
            self.current = None

    def split(self) -> _Split:
        self.feed(self.html)
        self.close()
        if self.current is not None and self.current.tag == "":
            self.current.end = self.out.stray_end if self.out.stray_end >= 0 else len(self.html)
            self.current = None
        if self.current is not None:  # an element still open at the end
            self.out.segments.pop()
            self.out.unclosed = self.current
        return self.out


_NEWLINE = re.compile("\n")
# Elements with no end tag.
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
)


def _blocks(html: str, segments: Iterable[_Segment]) -> list[str]:
    """Top-level pieces as lines that Markdown keeps as raw HTML blocks.

    A piece that starts with an inline element (e.g. the "Back" link) would become a Markdown paragraph:
    its text converted again and a <p> added. Runs of such pieces go into a plain <div> instead, which
    renders the same and keeps the text as written.
    """
    out: list[str] = []
    inline: list[str] = []
    for seg in segments:
        piece = html[seg.start : seg.end].strip()
        if not piece:
            continue
        if seg.tag in _block_tags():
            if inline:
                out.append("<div>" + " ".join(inline) + "</div>")
                inline = []
            out.append(piece)
        else:
            inline.append(piece)
    if inline:
        out.append("<div>" + " ".join(inline) + "</div>")
    return out


def _with_markdown_attr(start_tag: str) -> str:
    close = -2 if start_tag.endswith("/>") else -1
    return start_tag[:close].rstrip() + ' markdown="1"' + start_tag[close:]


def split_front_matter(content: str) -> tuple[str, str]:
    if content.startswith("---\n"):
        end = content.find("\n---\n", 3)
        if end >= 0:
            return content[: end + 5], content[end + 5 :]
    return "", content


def inline_controls(page: Page) -> str:
    """The page as one Markdown text: its controls around its own Markdown, as raw HTML blocks.

    The element that `before` opens and `after` closes (the step's wrapper) gets `markdown="1"`, so its
    Markdown is still converted (`md_in_html`); everything else stays raw HTML.
    """
    if not (page.before or page.after):
        return page.content
    front, body = split_front_matter(page.content)
    before = _Splitter(page.before).split()
    after = _Splitter(page.after).split()
    lines: list[str] = []
    if before.unclosed is None:
        lines += _blocks(page.before, before.segments)
        lines += ["", body.strip("\n"), ""]
        lines += _blocks(page.after, after.segments)
    else:
        wrapper = before.unclosed
        open_tag = page.before[wrapper.start : page.before.index(">", wrapper.start) + 1]
        inner = _Splitter(page.before[wrapper.start + len(open_tag) :]).split()
        lines += _blocks(page.before, before.segments)
        lines.append(_with_markdown_attr(open_tag))
        lines += _blocks(page.before[wrapper.start + len(open_tag) :], inner.segments)
        lines += ["", body.strip("\n"), ""]
        cut = after.stray_end if after.stray_end >= 0 else len(page.after)
        lines += _blocks(page.after, [s for s in after.segments if s.end <= cut])
        lines.append(f"</{wrapper.tag}>")
        rest = page.after[cut:]
        rest = rest[rest.index(">") + 1 :] if after.stray_end >= 0 else ""
        lines += _blocks(rest, _Splitter(rest).split().segments)
    return front + "\n" + "\n".join(lines) + "\n"
