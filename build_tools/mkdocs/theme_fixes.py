"""Small fixes to the theme's own markup, made where they fail loudly if the theme changes.

Material's search dialog has no accessible name (axe: aria-dialog-name). Overriding its whole search
partial would mean keeping a copy of Material's template in step with every release; instead the built
page is checked for the dialog and given a name, and a page whose markup no longer looks as expected
stops the build with a message, rather than silently shipping the old violation.
"""

from __future__ import annotations

import re

from ..text import trusted

_SEARCH_MARK = 'data-md-component="search"'
# One opening tag; [^>] cannot run past it, so the scan is linear.
_SEARCH_TAG = re.compile(r'<div\b[^>]*\bdata-md-component="search"[^>]*>')


class ThemeMarkupChanged(Exception):
    """The theme's markup is not what a fix expects: the fix must be updated."""


def name_search_dialog(html: str, name: str = "Search") -> str:
    """`html` with an aria-label on the search dialog; unchanged if the page has no search."""
    if _SEARCH_MARK not in html:
        return html
    match = _SEARCH_TAG.search(html)
    if match is None or 'role="dialog"' not in match.group(0):
        raise ThemeMarkupChanged(
            'the theme\'s search dialog markup changed (expected <div ... data-md-component="search" '
            'role="dialog">); update build_tools/mkdocs/theme_fixes.py'
        )
    tag = match.group(0)
    if "aria-label=" in tag:
        return html
    named = trusted.named_dialog(tag, name)
    return html[: match.start()] + named + html[match.end() :]


# The indentation Material's templates leave before every line: a newline and the spaces after it.
_INDENT = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")
_KEEPS_SPACE = ("<pre", "<textarea")


def drop_indentation(html: str) -> str:
    """`html` with each run of line breaks and indentation made one line break: the same page to a browser
    (both are whitespace between tags or words), about 0.3 KB lighter gzipped on a step page. A page with
    preformatted text is left as it is, since there the spaces show."""
    if any(tag in html for tag in _KEEPS_SPACE):
        return html
    return _INDENT.sub("\n", html)
