"""A way out of every question: someone whose case none of the answers fits must still be able to go on."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..core.model import Kind
from .examples import broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Tree
    from ..core.project import Key, Project

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


# "Is this how it works?" before "is it broken?". Someone who picks a fallback ("Something else", "I'm not
# sure") has met no notice that the tree knows. Most often nothing is broken: a rule, someone else's choice
# or their own earlier action explains it. So a fallback must not reach the generic fixes (a tree marked
# `generic: true`) or "contact support" in fewer clicks than an explanation of how things work (a
# resolution whose outcome says it works as intended, or that it passes with time). Outcomes are the
# engine's own words, so this holds for any topic.
EXPLAINS = frozenset({"by-design", "wait"})
ESCALATES = "contact-support"

_EXPLAINED = broken(
    "      - answer: It shows an error\n        next: fixed-now\n",
    "      - answer: It shows an error\n        next: fixed-now\n"
    "      - answer: It says my phone is too old\n        next: too-old\n"
    "      - answer: Something else\n        next: ask-makers\n        fallback: true\n",
) + (
    "  too-old:\n    resolution: The app needs a newer phone\n    outcome: by-design\n"
    "    causes: [app-bug]\n    body: The makers support phones from the last five years.\n"
    "  switched-off:\n    resolution: The makers switched it off for now\n    outcome: wait\n"
    "    causes: [app-bug]\n    body: They switch the app off while they move it to new servers.\n"
    "  ask-makers:\n    resolution: Ask the makers\n    outcome: contact-support\n"
    "    causes: [app-bug]\n    body: Write to the makers and say what happens.\n"
)
_COULD_BE = (
    "  could-be:\n    question: Could it be one of these?\n    how_it_works: true\n    answers:\n"
    "      - answer: My phone is more than five years old\n        next: too-old\n"
    "      - answer: The makers said they are moving servers\n        next: switched-off\n"
    "      - answer: None of these\n        next: ask-makers\n        fallback: true\n"
)
EXPLAINS_FIRST = (
    _EXPLAINED.replace(
        "      - answer: Something else\n        next: ask-makers\n",
        "      - answer: Something else\n        next: could-be\n",
    )
    + _COULD_BE
)
GENERIC_FIXES_EXAMPLE = (
    "title: Try the general fixes\nsummary: Restart and update.\nsymptoms: [App broken]\ngeneric: true\n"
    "start: restart\nnodes:\n"
    "  restart:\n    step: Restart your phone\n    body: Hold the power button, then tap Restart.\n"
    "    fixed: fixed-by-restart\n    not_fixed: fixed-by-restart\n"
    "  fixed-by-restart:\n    resolution: A restart fixed it\n    outcome: fixed\n    causes: [app-bug]\n"
    "    body: Something got stuck.\n"
)


def _distances(project: Project, start: Key) -> dict[Key, int]:
    """Clicks from `start` to every node it leads to (answers and a step's buttons), breadth first."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for target, _ in project.edges.get(key, ()):
            if target not in seen:
                seen[target] = seen[key] + 1
                queue.append(target)
    return seen


def _generic(project: Project, key: Key) -> bool:
    node = project.node(key)
    return project.trees[key[0]].generic or (node.kind is Kind.RESOLUTION and node.outcome == ESCALATES)


def _explains(project: Project, key: Key) -> bool:
    node = project.node(key)
    return node.kind is Kind.RESOLUTION and node.outcome in EXPLAINS and not project.trees[key[0]].generic


def _nearest(project: Project, start: Key, kind: Callable[[Project, Key], bool]) -> tuple[int, Key] | None:
    found = [(d, key) for key, d in _distances(project, start).items() if kind(project, key)]
    return min(found) if found else None


def explanation_first(
    project: Project, start: Key
) -> tuple[bool, tuple[int, Key] | None, tuple[int, Key] | None]:
    """Whether an explanation is as near as the generic fixes from `start`, with the nearest of each."""
    generic = _nearest(project, start, _generic)
    explained = _nearest(project, start, _explains)
    ok = generic is None or (explained is not None and explained[0] <= generic[0])
    return ok, explained, generic


def _name(tree: Tree, key: Key) -> str:
    return key[1] if key[0] == tree.id else f"{key[0]}/{key[1]}"


@rule(
    "fallback-skips-explanations",
    Scope.TREE,
    doc="A fallback answer reaches the generic fixes or contact support in fewer clicks than any explanation "
    "of how things work.",
    fix='Someone who picks "Something else" or "I\'m not sure" has often met a rule, someone else\'s '
    "choice or the result of their own action, not a fault. Send the fallback to a question marked "
    "`how_it_works: true` that offers those explanations (resolutions with outcome `by-design` or `wait`) "
    "first, with its own fallback to the generic fixes. Fallbacks inside a `generic: true` tree are exempt.",
    passing={"t.yaml": EXPLAINS_FIRST, "fixes.yaml": GENERIC_FIXES_EXAMPLE},
    failing={
        "t.yaml": _EXPLAINED.replace(
            "        next: ask-makers\n        fallback", "        next: fixes\n        fallback"
        ),
        "fixes.yaml": GENERIC_FIXES_EXAMPLE,
    },
    at=(17, 15),
    group=GROUP,
)
def fallback_skips_explanations(project: Project, tree: Tree) -> Iterator[Finding]:
    if tree.generic:
        return  # the visitor already chose the generic fixes
    for node in tree.nodes.values():
        if node.kind is not Kind.QUESTION or node.how_it_works:
            continue  # a how-it-works question has just offered the explanations
        for link in node.links:
            start = project.target(tree.id, link) if link.fallback else None
            if start is None:
                continue
            ok, explained, generic = explanation_first(project, start)
            if ok or generic is None:
                continue
            nearest = (
                f"the nearest explanation, {_name(tree, explained[1])}, takes {explained[0] + 1} click(s)"
                if explained
                else "no explanation of how things work follows"
            )
            yield Finding(
                link.pos,
                f"fallback {link.label!r} of {node.id!r} reaches {_name(tree, generic[1])} in "
                f"{generic[0] + 1} click(s), and {nearest}: offer the explanations first "
                "(a question marked `how_it_works: true`)",
            )


@rule(
    "how-it-works-empty",
    Scope.TREE,
    doc="A question marked `how_it_works: true` offers fewer than two explanations of how things work.",
    fix="Such a question lets its fallback go to the generic fixes, because it has just offered the "
    "explanations: at least two of its other answers must reach a resolution with outcome `by-design` or "
    "`wait` no later than they reach the generic fixes or contact support. Add them, or remove the mark.",
    passing=EXPLAINS_FIRST,
    failing=EXPLAINS_FIRST.replace(
        "      - answer: The makers said they are moving servers\n        next: switched-off\n", ""
    ),
    at=(44, 3),
    group=GROUP,
)
def how_it_works_empty(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        if not node.how_it_works:
            continue
        explained = 0
        for link in node.links:
            start = None if link.fallback else project.target(tree.id, link)
            if start is not None:
                ok, nearest, _ = explanation_first(project, start)
                explained += ok and nearest is not None
        if explained < 2:
            yield Finding(
                node.pos,
                f"question {node.id!r} is marked `how_it_works: true` but {explained} of its answers lead to "
                "an explanation of how things work before the generic fixes; it needs at least 2",
            )
