"""Contributor Markdown must not smuggle script into the site.

Tree text needs no HTML at all, so any raw tag is refused (Markdown autolinks such as <https://...> stay
allowed), as are attribute lists that set event handlers and links with a scheme other than http(s)/mailto.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<(?!https?://|mailto:)[/!?]?[A-Za-z]")
_ATTR_LIST = re.compile(r"\{[^}\n]*\bon[a-z]+\s*=", re.IGNORECASE)
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+)", re.MULTILINE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:|data:text/html", re.IGNORECASE)
_SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\s\x00-\x1f\u200b-\u200d\ufeff]+")


def find_unsafe(text: str) -> list[tuple[int, str]]:
    """(offset into text, message) for every unsafe construct."""
    # Each construct needs a character that ordinary prose rarely has; most text is cleared by these `in`
    # checks alone. A script URL needs a ":" (or an "&" character reference that decodes to one).
    has_tag = "<" in text
    has_attr = "{" in text
    has_colon = ":" in text
    has_ref = "&" in text
    has_link = "](" in text or has_colon
    if not (has_tag or has_attr or has_link or has_ref):
        return []
    found: list[tuple[int, str]] = []
    if has_tag:
        _find_tags(text, found)
    if has_attr:
        for m in _ATTR_LIST.finditer(text):
            found.append((m.start(), "event-handler attributes (on...=) are not allowed"))
    if has_link:
        _find_links(text, found)
    if has_colon or has_ref:
        _find_script_urls(text, found)
    return sorted(set(found))


def _find_tags(text: str, found: list[tuple[int, str]]) -> None:
    for m in _TAG.finditer(text):
        found.append((m.start(), "raw HTML is not allowed in tree text; write Markdown instead"))


def _find_links(text: str, found: list[tuple[int, str]]) -> None:
    for m in _LINK_TARGET.finditer(text):
        url = m.group(1) if m.group(1) is not None else m.group(2)
        # Browsers decode character references in href: "javascript&#58;" is "javascript:".
        scheme = _SCHEME.match(_INVISIBLE.sub("", html.unescape(url)))
        if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
            found.append((m.start(), f"links may only use https:, http: or mailto:, not {scheme.group(1)}:"))


def _find_script_urls(text: str, found: list[tuple[int, str]]) -> None:
    squeezed = _INVISIBLE.sub("", html.unescape(text))
    if _SCRIPT_SCHEME.search(squeezed) and not any("links may only" in msg for _, msg in found):
        hit = _SCRIPT_SCHEME.search(text)
        found.append(
            (
                hit.start() if hit else 0,
                "script URLs (javascript:, vbscript:, data:text/html) are not allowed",
            )
        )
