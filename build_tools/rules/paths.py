"""The rule behind the site: from every start, every path ends at a resolution, and not too late."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import graph
from ..model import Kind
from ..problems import Level
from .examples import VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..model import Link, Tree
    from ..project import Edge, Key, Project

GROUP = "Paths"
MAX_QUESTIONS = 12


def _cycles(project: Project) -> list[tuple[list[Key], Link]]:
    """Each cycle once (computed once per project: several rules ask)."""
    if "cycles" not in project.memo:
        starts = [k for t in project.trees.values() if (k := project.start(t)) is not None]
        project.memo["cycles"] = graph.find_cycles(starts + list(project.edges), project.edges)
    cycles: list[tuple[list[Key], Link]] = project.memo["cycles"]
    return cycles


@rule(
    "cycle",
    Scope.PROJECT,
    doc="Following the links can come back to a node already on the path, so that branch never ends.",
    fix="The message shows the loop; point the link that closes it somewhere new, usually a resolution.",
    passing=VALID,
    failing=broken("not_fixed: fixed-now", "not_fixed: what-happens"),
    group=GROUP,
)
def cycle(project: Project) -> Iterator[Finding]:
    for nodes, link in _cycles(project):
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


@rule(
    "deep-path",
    Scope.TREE,
    doc=f"Some path asks more than {MAX_QUESTIONS} questions.",
    fix="Visitors give up long before that. Split the tree, or ask a better first question that sends "
    "people down shorter paths. This is a warning: the site still builds.",
    passing=VALID,
    failing=broken(
        "start: what-happens\nnodes:\n",
        "start: q1\nnodes:\n"
        + "".join(
            f"  q{i}:\n    question: Question {i}?\n    answers:\n"
            f"      - answer: 'Yes'\n        next: {f'q{i + 1}' if i < 13 else 'what-happens'}\n"
            "      - answer: 'No'\n        next: fixed-now\n"
            for i in range(1, 14)
        ),
    ),
    level=Level.WARNING,
    group=GROUP,
)
def deep_path(project: Project, tree: Tree) -> Iterator[Finding]:
    start = project.start(tree)
    if start is None or _cycles(project):
        return  # on a loop the count is endless; the cycle rule says so
    stats = graph.path_stats(start, project.edges, lambda k: project.node(k).kind is Kind.QUESTION)
    if stats.max_questions > MAX_QUESTIONS:
        yield Finding(
            tree.start_pos,
            f"a path asks {stats.max_questions} questions (more than {MAX_QUESTIONS}); "
            "visitors give up long before that",
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
            acyclic="cycles" in project.memo and not project.memo["cycles"],
        )
        for tree in project.trees.values()
        if (start := project.start(tree)) is not None
    }
