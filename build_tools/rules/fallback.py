"""A way out of every question: someone whose case none of the answers fits must still be able to go on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Kind
from .examples import broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..model import Tree
    from ..project import Project

GROUP = "Questions and steps"
# Two answers are a yes/no question, which covers every case by itself (like a step's "No, it still
# doesn't work"); from three answers on, a visitor may find none that fits.
MULTIPLE_CHOICE = 3

_THREE = broken(
    "      - answer: It shows an error\n        next: fixed-now\n",
    "      - answer: It shows an error\n        next: fixed-now\n"
    "      - answer: It freezes\n        next: restart\n",
)
WITH_FALLBACK = _THREE.replace(
    "      - answer: It freezes\n        next: restart\n",
    "      - answer: It freezes\n        next: restart\n"
    "      - answer: Something else\n        next: restart\n        fallback: true\n",
)


@rule(
    "missing-fallback",
    Scope.TREE,
    doc="A question with three or more answers has no answer marked `fallback: true`.",
    fix='Add the answer for someone none of the others fits ("I\'m not sure", "Something else", '
    '"None of these") with `fallback: true`, and send it to the general fixes or the most likely branch. '
    "The site shows it last, styled differently. A yes/no question doesn't need one.",
    passing=WITH_FALLBACK,
    failing=_THREE,
    at=(7, 3),
    group=GROUP,
)
def missing_fallback(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        if node.kind is not Kind.QUESTION or len(node.links) < MULTIPLE_CHOICE:
            continue
        if not any(link.fallback for link in node.links):
            yield Finding(
                node.pos,
                f"question {node.id!r} has {len(node.links)} answers and none is `fallback: true`: "
                'add a way out such as "I\'m not sure"',
            )


@rule(
    "extra-fallback",
    Scope.TREE,
    doc="A question marks more than one answer `fallback: true`.",
    fix="Only one answer can be the way out that is shown last; remove `fallback: true` from the others.",
    passing=WITH_FALLBACK,
    failing=WITH_FALLBACK.replace(
        "      - answer: It freezes\n        next: restart\n",
        "      - answer: It freezes\n        next: restart\n        fallback: true\n",
    ),
    at=(18, 15),
    group=GROUP,
)
def extra_fallback(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        extra = [link for link in node.links if link.fallback][1:]
        for link in extra:
            yield Finding(link.pos, f"question {node.id!r} already has a fallback answer; keep only one")
