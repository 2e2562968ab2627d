"""Building blocks for the rules' examples: one small valid tree, and the causes list beside it.

Each rule's failing example is this tree with one thing broken, so the examples stay short and a change
to the format is made here once.
"""

from __future__ import annotations

CAUSES = """\
causes:
  app-bug:
    title: App bug
    explanation: The app has a bug.
"""

HEAD = """\
title: The app won't open
summary: It closes as soon as you open it.
reviewed: "2026-01-01"
symptoms: [App closes at once]
"""

RESOLUTION = """\
  fixed-now:
    resolution: The app works again
    outcome: fixed
    causes: [app-bug]
    body: It was a bug in the app.
"""

VALID = (
    HEAD
    + """\
start: what-happens
nodes:
  what-happens:
    question: What happens when you open it?
    answers:
      - answer: It closes
        next: restart
      - answer: It shows an error
        next: fixed-now
  restart:
    step: Restart your phone
    body: Hold the power button, then tap Restart.
    fixed: fixed-now
    not_fixed: fixed-now
"""
    + RESOLUTION
)


def broken(old: str, new: str, base: str = VALID) -> str:
    """VALID with the first `old` replaced by `new` (which must be there: examples can't rot silently)."""
    if old not in base:
        raise ValueError(f"example text {old!r} is not in the base tree")
    return base.replace(old, new, 1)
