"""Links and names: every link leads to a node, every cause exists, steps end where they should."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..core.ids import CAUSES_FILE, RESERVED_IDS
from ..core.model import Kind, Role
from .examples import CAUSES, VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Tree
    from ..core.project import Project

GROUP = "Links and causes"
_WHAT = {
    Role.ANSWER: "next node",
    Role.FIXED: "next node",
    Role.NOT_FIXED: "next node",
    Role.STILL_STUCK: "still_stuck link",
    Role.RELATED: "related link",
    Role.FAQ: "FAQ link",
    Role.MOVED: "moved page's target",
}


@rule(
    "missing-start",
    Scope.TREE,
    doc="`start` names a node that is not under `nodes:`.",
    fix="Fix the spelling, or add that node.",
    passing=VALID,
    failing=broken("start: what-happens", "start: what-hapens"),
    at=(5, 8),
    group=GROUP,
)
def missing_start(project: Project, tree: Tree) -> Iterator[Finding]:
    if tree.start not in tree.nodes:
        yield Finding(tree.start_pos, f"start node {tree.start!r} is not defined under nodes")


@rule(
    "unknown-target",
    Scope.PROJECT,
    doc="A link (`next`, `fixed`, `not_fixed`, `still_stuck`, `related` or an FAQ `link`) matches no node "
    "or tree.",
    fix="Usually a typo, or a node that was renamed or not written yet. Fix the id, or add the node. For "
    "another tree use `tree-id` (its start) or `tree-id/node-id`.",
    passing=VALID,
    failing=broken("next: restart", "next: restrat"),
    at=(11, 15),
    group=GROUP,
)
def unknown_target(project: Project) -> Iterator[Finding]:
    for tree, link in project.dangling():
        yield Finding(
            link.pos, f"{_WHAT[link.role]} {link.target!r} does not match any node or tree", tree.path
        )


@rule(
    "unknown-cause",
    Scope.TREE,
    doc="A resolution names a cause that is not in `trees/causes.yaml`.",
    fix="Fix the spelling, or [add the cause](index.md#add-a-cause).",
    passing=VALID,
    failing=broken("causes: [app-bug]", "causes: [app-bugs]"),
    at=(22, 14),
    group=GROUP,
)
def unknown_cause(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.causes_broken:
        return  # causes.yaml has its own problems; every cause would look unknown
    for node in tree.nodes.values():
        for cause, pos in node.causes:
            if cause not in project.causes:
                yield Finding(pos, f"cause {cause!r} is not in {CAUSES_FILE}")


@rule(
    "unused-cause",
    Scope.PROJECT,
    doc="A cause in `trees/causes.yaml` is named by no resolution.",
    fix="The causes page would list a reason nobody is ever told is theirs. Name it in the `causes:` of "
    "the resolution it explains, or delete it.",
    passing=VALID,
    failing={
        "t.yaml": VALID,
        "causes.yaml": CAUSES + "  old-bug:\n    title: Old bug\n    explanation: Gone.\n",
    },
    at=(5, 3),
    group=GROUP,
)
def unused_cause(project: Project) -> Iterator[Finding]:
    if project.causes_broken or project.causes_path is None or project.broken_trees:
        return  # a tree that didn't load may be the one that names it
    used = {c for tree in project.trees.values() for node in tree.nodes.values() for c, _ in node.causes}
    for cause in project.causes.values():
        if cause.id not in used:
            yield Finding(cause.pos, f"cause {cause.id!r} is named by no resolution", project.causes_path)


@rule(
    "fixed-not-resolution",
    Scope.TREE,
    doc="A step's `fixed` leads to a question or a step instead of a resolution.",
    fix='"Yes, that fixed it" must end the path: point it at a resolution (often a new one that says what '
    "was wrong).",
    passing=VALID,
    failing=broken("fixed: fixed-now", "fixed: what-happens"),
    at=(17, 12),
    group=GROUP,
)
def fixed_not_resolution(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        fixed = node.link(Role.FIXED)
        if fixed is None:
            continue
        key = project.target(tree.id, fixed)
        if key is not None and project.node(key).kind is not Kind.RESOLUTION:
            yield Finding(fixed.pos, f"'fixed' of step {node.id!r} must lead to a resolution")


@rule(
    "reserved-id",
    Scope.TREE,
    doc="A node id is reserved for a generated page: "
    + ", ".join(f"`{i}`" for i in sorted(RESERVED_IDS))
    + ".",
    fix="Rename the node and the links to it.",
    passing=VALID,
    failing=broken("  restart:", "  map:").replace("next: restart", "next: map"),
    at=(14, 3),
    group=GROUP,
)
def reserved_id(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        if node.id in RESERVED_IDS:
            yield Finding(node.pos, f"node id {node.id!r} is reserved for a generated page; pick another")


@rule(
    "moved-clash",
    Scope.TREE,
    doc="An id under `moved:` is still a node of the tree (or a reserved id), so its address can't redirect.",
    fix="`moved:` lists only ids that are gone. If the node is back, delete its `moved:` line; otherwise "
    "rename the node.",
    passing=VALID + "moved:\n  old-step: restart\n",
    failing=VALID + "moved:\n  restart: fixed-now\n",
    at=(25, 12),
    group=GROUP,
)
def moved_clash(project: Project, tree: Tree) -> Iterator[Finding]:
    for link in tree.moved:
        if link.label in tree.nodes or link.label in RESERVED_IDS:
            yield Finding(link.pos, f"{link.label!r} is still a node (or reserved), so it can't be moved")
