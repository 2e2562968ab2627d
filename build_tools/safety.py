"""What contributor text may contain: the checks behind `unsafe-markup` and `hidden-character`.

`find_unsafe` converts the text with the site's Markdown and asks the allowlist sanitizer (sanitize.py)
whether it would publish the result unchanged; there is no list of forbidden patterns to get around.
`find_hidden` refuses characters that make text read differently from what it says: bidirectional
controls anywhere, and zero-width characters in the short one-line texts people pick from (titles,
answers), where a look-alike could pass for another label.
"""

from __future__ import annotations

import re

from . import sanitize

# Fields shown as a page heading (an attribute list may close their line) and fields that are one line.
HEADING_FIELDS = frozenset({"title", "question", "step", "resolution", "faq.question"})
ONE_LINE_FIELDS = HEADING_FIELDS | {"summary", "symptoms", "answer"}


def find_unsafe(text: str, heading: bool = False) -> list[tuple[int, str]]:
    """(offset into text, message) for each way the site would not publish `text` as written."""
    return sanitize.find_unsafe(text, heading)


_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_HIDDEN_ANYWHERE = re.compile(f"[{_BIDI}{_CONTROL}]")
_HIDDEN_ONE_LINE = re.compile(f"[{_BIDI}{_CONTROL}{_ZERO_WIDTH}\r]")
_NAMES = {
    "\u061c": "arabic letter mark",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\r": "carriage return",
}


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code == 0xFE0F


def find_hidden(text: str, one_line: bool = False) -> list[tuple[int, str]]:
    """(offset, message) for each invisible character that changes how the text reads."""
    pattern = _HIDDEN_ONE_LINE if one_line else _HIDDEN_ANYWHERE
    found: list[tuple[int, str]] = []
    for hit in pattern.finditer(text):
        char = hit.group()
        at = hit.start()
        # A zero-width joiner inside an emoji sequence (👩‍💻) is part of the picture, not a trick.
        if (
            char == "\u200d"
            and 0 < at < len(text) - 1
            and _is_emoji(text[at - 1])
            and _is_emoji(text[at + 1])
        ):
            continue
        name = _NAMES.get(char, "control character")
        found.append((at, f"invisible {name} (U+{ord(char):04X}) is not allowed here; delete it"))
    return found
