"""Problems shown in the browser while a contributor edits trees under `mkdocs serve`.

`mkdocs build` stops at the first failed check (no half-written site). `mkdocs serve` only reloads browsers
after a build that succeeds, so stopping there leaves the preview waiting with no word of why. In serve mode
the plugin therefore lets the build go on with the last pages that passed (or, before any passed, a home page
that says so) and puts the located problems at the top of every page. The next good save rebuilds the real
pages and live reload brings them back.

Problem messages quote contributor text, so every one is escaped here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from ..core.problems import Problem, format_problems
from ..render import urls
from ..render.pages import Page
from ..text import trusted

PLACEHOLDER_HOME = """---
title: The trees don't pass the check yet
---

# The trees don't pass the check yet

The preview shows the site once every tree passes the check. The problems are listed above; fix them and
save, and this page reloads by itself.
"""


def placeholder_pages() -> list[Page]:
    """What serve shows when the trees have never passed since it started: a home page, and the banner."""
    return [Page(urls.HOME_SRC, PLACEHOLDER_HOME)]


def report(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    """The located problems in the terminal, as `make check` prints them.

    Written straight to the terminal: through MkDocs' logger they would count as warnings, and a strict
    build would stop, which is what leaves the browser waiting.
    """
    out = stream or sys.stderr
    errors = sum(1 for p in problems if p.is_error)
    out.write(
        f"{format_problems(problems)}\n"
        f"decision-trees: {errors} error(s), {len(problems) - errors} warning(s) in the trees; "
        "shown in the browser until fixed\n"
    )
    out.flush()


def banner(problems: Sequence[Problem], *, stale: bool) -> str:
    """HTML put at the top of every page while the trees have problems. `stale`: older pages are shown."""
    errors = sum(1 for p in problems if p.is_error)
    if errors:
        counted = f"{errors} error{'s' if errors != 1 else ''}"
        what = f"The trees have {counted}, so the pages can't be rebuilt."
    else:
        counted = f"{len(problems)} warning{'s' if len(problems) != 1 else ''}"
        what = f"The trees have {counted}; a strict build (make build) fails on them."
    if stale:
        what += " These are the pages from the last check that passed."
    return trusted.serve_error_banner(what, (p.gcc() for p in sorted(problems)), len(problems))


def not_found_page(problems: Sequence[Problem]) -> bytes:
    """Served for an address the last good build doesn't have (a node added in a broken save, say).

    MkDocs adds its live reload script only to files it serves, so this page refreshes itself: once the
    trees pass and the page exists, the refresh shows it.
    """
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="2"><title>Not built: the trees have problems</title>'
        "</head><body>"
        f"{banner(problems, stale=True)}"
        "<p>This page is not in the last pages that passed the check.</p></body></html>"
    ).encode()


def wrap_error_handler(
    handler: Callable[[int], bytes | None], problems: Callable[[], Sequence[Problem]]
) -> Callable[[int], bytes | None]:
    """The server's error pages, with the problems instead of "not found" while there are any."""

    def error_page(code: int) -> bytes | None:
        found = problems()
        if code == 404 and any(p.is_error for p in found):  # the pages are stale: it may be new
            return not_found_page(found)
        return handler(code)

    return error_page
