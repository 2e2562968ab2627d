"""What contributor text may contain. Every text field reaches every visitor's browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..safety import find_unsafe
from .examples import broken
from .registry import Scope, rule

if TYPE_CHECKING:
    from ..model import Text

GROUP = "Text"


@rule(
    "unsafe-markup",
    Scope.TEXT,
    doc="Text contains markup that could change the page: raw HTML, a link that is not https:, http: or "
    "mailto:, or an attribute list.",
    fix="Write Markdown instead: `**bold**`, a blank line for a new paragraph, and `[text](https://...)` "
    "for links. Plain links in angle brackets, such as `<https://example.org/help>`, are fine.",
    passing=broken(
        "body: It was a bug in the app.", "body: It was a **bug** in the [app](https://example.org/)."
    ),
    failing=broken("body: It was a bug in the app.", "body: It was a <b>bug</b> in the app."),
    group=GROUP,
)
def unsafe_markup(text: Text) -> Iterator[tuple[int, str]]:
    yield from find_unsafe(text.value)


@rule(
    "relative-link",
    Scope.TEXT,
    doc="A link in tree text is relative (such as `other-page.md`); the pages it sits on are generated, so "
    "it would point nowhere.",
    fix="Use a full address (`https://...`). To send people to another step or tree, use an answer, "
    "`still_stuck` or `related` instead of a link in the text.",
    passing=broken("body: It was a bug in the app.", "body: See [help](https://example.org/help)."),
    failing=broken("body: It was a bug in the app.", "body: See [help](../help.md)."),
    group=GROUP,
)
def relative_link(text: Text) -> Iterator[tuple[int, str]]:
    for offset, url in link_targets(text.value):
        if url and not url.startswith("#") and ":" not in url.split("/", 1)[0]:
            yield offset, f"link to {url!r} is relative; use a full https:// address or an answer instead"


def link_targets(text: str) -> Iterator[tuple[int, str]]:
    """(offset, URL) of inline links `](url ...)` and reference definitions `[id]: url`, in linear time."""
    start = text.find("](")
    while start != -1:
        begin = start + 2
        while begin < len(text) and text[begin] in " \t\n<":
            begin += 1
        end = begin
        while end < len(text) and text[end] not in " \t\n)>":
            end += 1
        yield start, text[begin:end]
        start = text.find("](", start + 2)
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith("[") and "]:" in stripped:
            label_end = stripped.index("]:")
            if "]" not in stripped[1:label_end]:
                url = stripped[label_end + 2 :].strip().split(" ", 1)[0].strip("<>")
                yield offset + len(line) - len(stripped), url
        offset += len(line)
