"""What contributor text may contain. Every text field reaches every visitor's browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..core.problems import clip
from ..text.safety import HEADING_FIELDS, ONE_LINE_FIELDS, find_hidden, find_unsafe
from .examples import broken
from .registry import Scope, rule

if TYPE_CHECKING:
    from ..core.model import Text

GROUP = "Text"


@rule(
    "unsafe-markup",
    Scope.TEXT,
    doc="Text would not be published as written: converted with the site's Markdown, it has HTML outside "
    "the allowlist (raw tags, comments, event handlers, styles, a link that is not https:, http: or "
    "mailto:, an image, a class or id the site doesn't use).",
    fix="Write plain Markdown: `**bold**`, `*italic*`, `` `code` ``, lists, `> quotes`, headings, "
    '`[text](https://...)` links and `<https://...>` autolinks, `!!! note` boxes and `=== "Tab"` tabs. '
    "CONTRIBUTING.md lists exactly what is allowed. Put text that looks like a tag (`<b>`) in backticks.",
    passing=broken(
        "body: It was a bug in the app.", "body: It was a **bug** in the [app](https://example.org/)."
    ),
    failing=broken(
        "body: It was a bug in the app.",
        "body: \"[Help](https://example.org/){: title='}' onfocus='alert(1)' }\"",
    ),
    at=(23, 53),
    group=GROUP,
)
def unsafe_markup(text: Text) -> Iterator[tuple[int, str]]:
    yield from find_unsafe(text.value, heading=text.field in HEADING_FIELDS)


@rule(
    "hidden-character",
    Scope.TEXT,
    doc="Text contains an invisible character that changes how it reads: a right-to-left or other "
    "direction control anywhere, a control character, or a zero-width character in a one-line text "
    "(title, answer, symptom).",
    fix="Delete the character (your editor may show it as a small box or not at all). Emoji that are "
    "joined with a zero-width joiner, such as 👩‍💻, are fine.",
    passing=broken("answer: It closes", "answer: It closes 👩\u200d💻"),
    failing=broken("answer: It closes", 'answer: "It \\u202eesolc"'),
    at=(10, 21),
    group=GROUP,
)
def hidden_character(text: Text) -> Iterator[tuple[int, str]]:
    yield from find_hidden(text.value, one_line=text.field in ONE_LINE_FIELDS)


@rule(
    "relative-link",
    Scope.TEXT,
    doc="A link in tree text is relative (such as `other-page.md`); the pages it sits on are generated, so "
    "it would point nowhere.",
    fix="Use a full address (`https://...`). To send people to another step or tree, use an answer, "
    "`still_stuck` or `related` instead of a link in the text.",
    passing=broken("body: It was a bug in the app.", "body: See [help](https://example.org/help)."),
    failing=broken("body: It was a bug in the app.", "body: See [help](../help.md)."),
    at=(23, 20),
    group=GROUP,
)
def relative_link(text: Text) -> Iterator[tuple[int, str]]:
    for offset, url in [*link_targets(text.value), *raw_hrefs(text.value)]:
        probe = url.replace("\\", "/")
        if probe.startswith("//"):  # a browser reads `//host/` (and `\\host`) as another site's address
            yield offset, f"link to {clip(url)} has no scheme; write the full https:// address"
        elif url and not url.startswith("#") and ":" not in probe.split("/", 1)[0]:
            yield offset, f"link to {clip(url)} is relative; use a full https:// address or an answer instead"


_HREF = re.compile(r"""\bhref[ \t\n]*=[ \t\n]*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*))""", re.IGNORECASE)


def raw_hrefs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, URL) of `href=` in raw HTML (`<a href="//host/">`), in linear time."""
    for hit in _HREF.finditer(text):
        yield hit.start(), next(g for g in hit.groups() if g is not None).strip()


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
