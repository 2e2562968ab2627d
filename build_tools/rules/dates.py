"""The `reviewed` date of a tree must be a real date, and not in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .examples import VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..model import Tree
    from ..project import Project

GROUP = "Dates"


@rule(
    "bad-date",
    Scope.TREE,
    doc="`reviewed` has the right shape but is not a real date, such as `2026-02-30`.",
    fix="Fix the date.",
    passing=VALID,
    failing=broken('reviewed: "2026-01-01"', 'reviewed: "2026-02-30"'),
    group=GROUP,
)
def bad_date(project: Project, tree: Tree) -> Iterator[Finding]:
    if tree.reviewed is None or tree.reviewed_pos is None:  # deprecated key, usually absent
        return
    try:
        dt.date.fromisoformat(tree.reviewed)
    except ValueError:
        yield Finding(tree.reviewed_pos, f"{tree.reviewed!r} is not a real date")


@rule(
    "future-review",
    Scope.TREE,
    doc="`reviewed` is later than today.",
    fix="Use the date you actually checked the facts.",
    passing=VALID,
    failing=broken('reviewed: "2026-01-01"', 'reviewed: "2999-01-01"'),
    group=GROUP,
)
def future_review(project: Project, tree: Tree) -> Iterator[Finding]:
    if tree.reviewed is None or tree.reviewed_pos is None:
        return
    try:
        reviewed = dt.date.fromisoformat(tree.reviewed)
    except ValueError:
        return
    if reviewed > project.today:
        yield Finding(tree.reviewed_pos, f"reviewed date {tree.reviewed} is in the future")
