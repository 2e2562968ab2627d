"""Questions a visitor can answer: at least two answers, told apart by their words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..core.model import Kind, Link
from ..text.safety import fold
from .examples import VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Tree
    from ..core.project import Project

GROUP = "Questions and steps"
_ANSWERS = """\
    answers:
      - answer: It closes
        next: restart
      - answer: It shows an error
        next: fixed-now
"""


@rule(
    "dead-end",
    Scope.TREE,
    doc="A question has an empty `answers:` list, so the visitor has no way on.",
    fix="Add at least two answers.",
    passing=VALID,
    failing=broken(_ANSWERS, "    answers: []\n"),
    at=(7, 3),
    group=GROUP,
)
def dead_end(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        if node.kind is Kind.QUESTION and not node.links:
            yield Finding(node.pos, f"question {node.id!r} has no answers, so the visitor has no way on")


@rule(
    "few-answers",
    Scope.TREE,
    doc="A question has only one answer.",
    fix="A question needs at least two; if there is nothing to choose, make it a step instead.",
    passing=VALID,
    failing=broken("      - answer: It shows an error\n        next: fixed-now\n", ""),
    at=(7, 3),
    group=GROUP,
)
def few_answers(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        if node.kind is Kind.QUESTION and len(node.links) == 1:
            yield Finding(node.pos, f"question {node.id!r} has one answer; a question needs at least two")


@rule(
    "duplicate-answer",
    Scope.TREE,
    doc="Two answers of one question read the same (ignoring case, spaces, invisible characters and "
    "letters of other scripts that look like Latin ones, such as a Cyrillic ie for an e).",
    fix="The visitor can't tell them apart. Reword one, or merge them.",
    passing=VALID,
    failing=broken("answer: It shows an error", "answer: it  CLOSES"),
    at=(13, 15),
    group=GROUP,
)
def duplicate_answer(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        if node.kind is not Kind.QUESTION:
            continue
        seen: dict[str, Link] = {}
        for link in node.links:
            norm = fold(link.label)
            if norm in seen:
                first = seen[norm].pos.line
                yield Finding(link.pos, f"two answers read {link.label!r} (first at line {first})")
            seen.setdefault(norm, link)
