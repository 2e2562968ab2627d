"""Dates in trees: each must be a real day; `review_by` passed means the facts are due to be checked again;
a time-bound page's span must run forwards. (The old `reviewed` date is still read and checked.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..core.loader import Pos
from ..core.problems import Level
from ..core.sources import date_label
from .examples import VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Tree
    from ..core.project import Project

GROUP = "Dates"
STEP = "    body: Hold the power button, then tap Restart.\n"


def _dates(tree: Tree) -> Iterator[tuple[str, str, Pos, str]]:
    """(key, value, where, whose) of every date written in a tree."""
    if tree.reviewed is not None and tree.reviewed_pos is not None:
        yield "reviewed", tree.reviewed, tree.reviewed_pos, "the tree"
    if tree.review_by is not None:
        yield "review_by", *tree.review_by, "the tree"
    for node in tree.nodes.values():
        for key, (value, pos) in node.dates.items():
            yield key, value, pos, f"{node.kind.value} {node.id!r}"


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@rule(
    "bad-date",
    Scope.TREE,
    doc="A date (`review_by`, `valid_from`, `valid_until`, or the old `reviewed`) has the right shape but "
    "is not a real day, such as `2026-02-30`.",
    fix="Fix the date.",
    passing=VALID,
    failing=broken(STEP, STEP + '    review_by: "2026-02-30"\n'),
    at=(17, 17),
    group=GROUP,
)
def bad_date(project: Project, tree: Tree) -> Iterator[Finding]:
    for _key, value, pos, _whose in _dates(tree):
        if _day(value) is None:
            yield Finding(pos, f"{value!r} is not a real date")


@rule(
    "future-review",
    Scope.TREE,
    doc="`reviewed` is later than today.",
    fix="Use the date you actually checked the facts.",
    passing=VALID,
    failing=broken('reviewed: "2026-01-01"', 'reviewed: "2999-01-01"'),
    at=(3, 12),
    group=GROUP,
)
def future_review(project: Project, tree: Tree) -> Iterator[Finding]:
    if tree.reviewed is None or tree.reviewed_pos is None:
        return
    reviewed = _day(tree.reviewed)
    if reviewed is not None and reviewed > project.today:
        yield Finding(tree.reviewed_pos, f"reviewed date {tree.reviewed} is in the future")


@rule(
    "review-due",
    Scope.TREE,
    at=(17, 17),
    level=Level.WARNING,
    doc="A `review_by` date has passed: the page's facts are due to be checked again.",
    fix="Check each fact on the page against its sources (the service may have renamed a setting or "
    "changed a rule), fix what changed, then set `review_by` to a new date. Until then the page tells "
    "readers it is due for review.",
    passing=broken(STEP, STEP + '    review_by: "2999-01-01"\n'),
    failing=broken(STEP, STEP + '    review_by: "2020-01-01"\n'),
    group=GROUP,
)
def review_due(project: Project, tree: Tree) -> Iterator[Finding]:
    for key, value, pos, whose in _dates(tree):
        day = _day(value)
        if key == "review_by" and day is not None and day < project.today:
            yield Finding(
                pos, f"{whose} was due for review on {date_label(value)}: check its facts and set a new date"
            )


@rule(
    "dates-reversed",
    Scope.TREE,
    doc="A page's `valid_until` is earlier than its `valid_from`.",
    fix="Swap the dates, or fix the one that is wrong: the event runs from `valid_from` to `valid_until`.",
    passing=broken(STEP, STEP + '    valid_from: "2025-01-18"\n    valid_until: "2025-01-19"\n'),
    failing=broken(STEP, STEP + '    valid_from: "2025-01-19"\n    valid_until: "2025-01-18"\n'),
    at=(18, 19),
    group=GROUP,
)
def dates_reversed(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        start, end = node.dates.get("valid_from"), node.dates.get("valid_until")
        if start is None or end is None:
            continue
        first, last = _day(start[0]), _day(end[0])
        if first is not None and last is not None and last < first:
            yield Finding(end[1], f"valid_until {end[0]} is before valid_from {start[0]}")
