"""Symbols in instructions get words that screen readers say instead ("☰" is read "trigram for heaven").

Runs on rendered HTML, after Markdown conversion and sanitizing, so the spans it writes are trusted output:
each symbol stays on screen but is hidden from assistive technology, and visually hidden words follow it.
Only text between tags changes; tags, attributes, code, scripts and drawings are left as they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from . import trusted

# Defaults for a site whose instructions name app menus; a site adds or replaces entries (plugin `glyphs`).
GLYPHS: dict[str, str] = {
    "☰": "Menu",
    "⋯": "More",
    "⋮": "More",
    "⚙": "Settings",
    "›": "then",
    "→": "then",
    "⟶": "then",
    "←": "back",
}
# "Profile > ☰ > Settings": a ">" with white space on each side (a line may break there) inside bold text
# is a menu path's separator.
SEPARATOR = "then"

# A tag, with quoted attribute values that may hold ">". The input is serialized HTML (every "<" in text is
# escaped), and each alternative starts with its own character, so matching stays linear.
_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_SKIP = frozenset({"code", "pre", "kbd", "samp", "script", "style", "svg", "textarea", "title"})
_BOLD = frozenset({"strong", "b"})
_MENU_SEPARATOR = re.compile(r"(?<=\s)&gt;(?=\s)")


def spoken(glyph: str, words: str) -> str:
    """The glyph for the eye, the words for the ear."""
    return trusted.spoken_glyph(glyph, words)


@functools.lru_cache(maxsize=8)
def _table(glyphs: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """Each glyph's spoken markup, and one pattern for them all: made once per site, not once a page."""
    table = {g: spoken(g, w) for g, w in glyphs if g and w}
    # One alternation, longest glyph first, so a glyph that starts another never hides it.
    longest_first = sorted(table, key=len, reverse=True)
    return table, (re.compile("|".join(re.escape(g) for g in longest_first)) if table else None)


def speak_glyphs(markup: str, glyphs: Mapping[str, str] = GLYPHS, separator: str = SEPARATOR) -> str:
    """`markup` with every glyph of `glyphs` (and bold " > ", said as `separator`) in text given its
    spoken words."""
    table, pattern = _table(tuple(glyphs.items()))
    has_separator = "&gt;" in markup and _MENU_SEPARATOR.search(markup) is not None
    if not table and not has_separator:
        return markup
    if pattern is not None and not pattern.search(markup) and not has_separator:
        return markup  # most pages have none: skip the walk
    said = spoken(">", separator)
    out: list[str] = []
    skip: list[str] = []  # open elements whose text is left alone
    bold = 0
    position = 0
    for tag in _TAG.finditer(markup):
        out.append(_text(markup[position : tag.start()], pattern, table, said, bold > 0, skip))
        out.append(tag.group())
        position = tag.end()
        name_match = _TAG_NAME.match(tag.group())
        if name_match is None:
            continue  # comment, doctype
        name = name_match.group(1).lower()
        closing = tag.group().startswith("</")
        self_closing = tag.group().endswith("/>")
        if name in _SKIP:
            if closing:
                if name in skip:
                    del skip[len(skip) - 1 - skip[::-1].index(name)]
            elif not self_closing:
                skip.append(name)
        elif name in _BOLD and not self_closing:
            bold = max(0, bold - 1) if closing else bold + 1
    out.append(_text(markup[position:], pattern, table, said, bold > 0, skip))
    return "".join(out)


def _text(
    text: str,
    pattern: re.Pattern[str] | None,
    table: Mapping[str, str],
    separator: str,
    in_bold: bool,
    skip: list[str],
) -> str:
    if not text or skip:
        return text
    if in_bold and "&gt;" in text:
        parts = _MENU_SEPARATOR.split(text)
        return separator.join(_glyphs(p, pattern, table) for p in parts)
    return _glyphs(text, pattern, table)


def _glyphs(text: str, pattern: re.Pattern[str] | None, table: Mapping[str, str]) -> str:
    if pattern is None:
        return text
    return pattern.sub(lambda m: table[m.group()], text)
