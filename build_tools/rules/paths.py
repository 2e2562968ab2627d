"""The rule behind the site: from every start, every path ends at a resolution, and not too late."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..core import graph
from ..core.model import Kind
from .examples import VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Link, Tree
    from ..core.project import Edge, Key, Project

GROUP = "Paths"
# The most clicks (answers, and a step's fixed / not fixed buttons) from a tree's first page to an answer
# page. The one home of this number: the rule, the docs and the journey tests all read it from here.
MAX_CLICKS = 7


def cycles(project: Project) -> list[tuple[list[Key], Link]]:
    """Each cycle once. A fact several rules need: they ask `project.fact(cycles)`."""
    starts = [k for t in project.trees.values() if (k := project.start(t)) is not None]
    return graph.find_cycles(starts + list(project.edges), project.edges)


def longest(project: Project) -> dict[Key, int]:
    """Clicks from each node to the end of its longest path (a fact: `project.fact(longest)`)."""
    return graph.longest_to_end(project.edges)


@rule(
    "cycle",
    Scope.PROJECT,
    doc="Following the links can come back to a node already on the path, so that branch never ends.",
    fix="The message shows the loop; point the link that closes it somewhere new, usually a resolution.",
    passing=VALID,
    failing=broken("not_fixed: fixed-now", "not_fixed: what-happens"),
    at=(18, 16),
    group=GROUP,
)
def cycle(project: Project) -> Iterator[Finding]:
    for nodes, link in project.fact(cycles):
        tree = project.trees[nodes[-2][0]]
        route = " -> ".join(n[1] if n[0] == tree.id else f"{n[0]}/{n[1]}" for n in nodes)
        yield Finding(link.pos, f"this link makes a loop that never ends: {route}", tree.path)


@rule(
    "unreachable",
    Scope.TREE,
    doc="No path from `start` leads to this node, so nobody can ever see it.",
    fix="Link to it from an answer or a step, or delete it.",
    passing=VALID,
    failing=broken("next: restart", "next: fixed-now"),
    at=(14, 3),
    group=GROUP,
)
def unreachable(project: Project, tree: Tree) -> Iterator[Finding]:
    start = project.start(tree)
    if start is None:
        return
    seen = graph.reachable(start, project.edges)
    for node in tree.nodes.values():
        if node.key not in seen:
            yield Finding(node.pos, f"node {node.id!r} cannot be reached from start {tree.start!r}")


def _clicks_chain(q: int) -> str:
    """A chain of `q` yes/no questions from `start`, the last one leading back into the valid tree."""
    return "".join(
        f"  q{i}:\n    question: Question {i}?\n    answers:\n"
        f"      - answer: 'Yes'\n        next: {f'q{i + 1}' if i < q else 'what-happens'}\n"
        "      - answer: 'No'\n        next: fixed-now\n"
        for i in range(1, q + 1)
    )


@rule(
    "deep-path",
    Scope.TREE,
    doc=f"Some path from the start takes more than {MAX_CLICKS} clicks to reach an answer page.",
    fix=f"Every answer a visitor taps is a click, and so is a step's *fixed* or *not fixed* button. People "
    f"give up on long paths, and the site promises an answer within {MAX_CLICKS} clicks from a tree's first "
    "page (`tests/journeys/` walks them). The message lists the longest path: ask a better first question "
    "that sends people down shorter paths, merge steps, or split the tree.",
    passing=VALID,
    # 6 questions, then the valid tree's question and step: 8 clicks to the resolution.
    failing=broken("start: what-happens\nnodes:\n", "start: q1\nnodes:\n" + _clicks_chain(6)),
    at=(5, 8),
    group=GROUP,
)
def deep_path(project: Project, tree: Tree) -> Iterator[Finding]:
    start = project.start(tree)
    if start is None or project.fact(cycles):
        return  # on a loop the count is endless; the cycle rule says so
    clicks = project.fact(longest)
    if clicks.get(start, 0) <= MAX_CLICKS:
        return
    chain = [start]
    while project.edges.get(chain[-1]):
        here = chain[-1]
        chain.append(max((t for t, _ in project.edges[here]), key=lambda t: clicks.get(t, 0)))
    route = " > ".join(k[1] if k[0] == tree.id else f"{k[0]}/{k[1]}" for k in chain)
    yield Finding(
        tree.start_pos,
        f"a path takes {len(chain) - 1} clicks to reach an answer (at most {MAX_CLICKS}): {route}",
    )


@rule(
    "no-resolution",
    Scope.PROJECT,
    doc="Some path from the start does not end at a resolution.",
    fix="This is the rule behind the other path checks; it is only reported when no other error in that "
    "file already explains it. Follow each branch with `.venv/bin/python -m build_tools graph <tree-id>` "
    "and end it at a resolution.",
    passing=VALID,
    failing=None,  # any tree that breaks it also breaks a rule above; tests/test_rules.py tests it directly
    group=GROUP,
    order=100,  # last: it stays quiet where another error explains the problem
)
def no_resolution(project: Project) -> Iterator[Finding]:
    # The other rules name the reason when this fails; this one guards against a gap in them, so it
    # stays quiet for a file that already has an error.
    explained = {p.path for p in project.problems if p.is_error}
    for tree_id, ends in every_branch_ends(project).items():
        tree = project.trees[tree_id]
        if not ends and tree.path not in explained:
            yield Finding(tree.start_pos, "some path from the start does not end at a resolution", tree.path)


def every_branch_ends(project: Project) -> dict[str, bool]:
    """The rule itself, per tree: every path from the start ends at a resolution.

    Links that lead nowhere count here, as ways to a node that is not there (no tree id is empty); links
    into a file that failed to load stay out, as that file's own problems say why.
    """
    edges: dict[Key, list[Edge]] = {}
    for key, resolved in project.edges.items():
        edges[key] = list(resolved)
        tree_id = key[0]
        for link in project.node(key).links:
            if project.target(tree_id, link) is None and not project.targets_broken_tree(link.target):
                edges[key].append((("", link.target), link))
    return {
        tree.id: graph.all_paths_end(
            start,
            edges,
            lambda k: k in edges and project.node(k).kind is Kind.RESOLUTION,
            # Links that lead nowhere add no cycle, so the project's own answer holds for these edges too.
            acyclic=not project.fact(cycles),
        )
        for tree in project.trees.values()
        if (start := project.start(tree)) is not None
    }
