"""`python -m build_tools diff BASE [HEAD]`: what a change to the trees does to visitors' journeys.

A reviewer sees a YAML diff; this says which nodes changed and, above all, which complete paths were added,
removed or now end at another resolution. Both revisions are loaded through `load_project`, and only the
Project / Tree / Node model is compared, never the YAML keys, so the diff follows the format as it evolves.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from ..check.validate import Project
from ..core import graph
from ..core.loader import Pos
from ..core.model import Kind, Link, Node, Tree
from . import git as diff_git
from .changes import Diff, NodeChange, Retarget, TreeDiff
from .paths import Side, compare, signatures
from .render import FORMATS, render

__all__ = ["FORMATS", "Diff", "TreeDiff", "compare_projects", "render", "run"]

Key = tuple[str, str]


@dataclass
class _Revision:
    """One side of the comparison, with what every tree's comparison needs computed once."""

    project: Project
    side: Side
    reachable: set[Key]


def _prepare(project: Project, table: dict[object, int]) -> _Revision:
    starts = [(t.id, t.start) for t in project.trees.values() if t.start in t.nodes]
    reachable: set[Key] = set()
    for start in starts:
        reachable |= graph.reachable(start, project.edges)
    acyclic = not graph.find_cycles(starts, project.edges)
    sig = signatures(project.edges, starts, table) if acyclic else {}  # no shortcut through a loop
    return _Revision(project, Side(project.edges, sig), reachable)


def _plain(value: object) -> object:
    """`value` without source positions, so that moving text around in a file is not a change."""
    if isinstance(value, Pos):
        return None
    if is_dataclass(value) and not isinstance(value, type):
        return tuple(_plain(getattr(value, f.name)) for f in fields(value))
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _plain(v)) for k, v in value.items())
    return value


def _where(project: Project, tree: str, target: str) -> str:
    """A link target as the tree `tree` would write it, after resolving aliases such as a tree's id."""
    key = project.resolve(target, tree)
    if key is None:
        return f"{target} (missing)"
    return key[1] if key[0] == tree else f"{key[0]}/{key[1]}"


def _is_branch(link: Link) -> bool:
    return link.role.is_branch


def _ways(project: Project, node: Node) -> dict[str, str]:
    """Where each answer (or a step's fixed / not fixed button) of `node` leads."""
    ways: dict[str, str] = {}
    for link in node.links:
        if _is_branch(link):
            ways.setdefault(link.label, _where(project, node.tree, link.target))
    return ways


def _link_settings(node: Node) -> dict[str, object]:
    """What else each button says besides its wording and target (e.g. that it is the way-out answer)."""
    skip = ("label", "target", "pos")
    return {
        link.label: tuple(_plain(getattr(link, f.name)) for f in fields(link) if f.name not in skip)
        for link in node.links
    }


def _settings_changed(old: Node, new: Node) -> bool:
    before, after = _link_settings(old), _link_settings(new)
    if any(before[label] != after[label] for label in before.keys() & after.keys()):
        return True  # an added or removed button is a change of links, not of settings
    rest = [f.name for f in fields(Node) if f.name not in _SHOWN]
    return any(_plain(getattr(old, name)) != _plain(getattr(new, name)) for name in rest)


def _see_also(project: Project, node: Node) -> list[str]:
    links = [link for link in node.links if not _is_branch(link)] + list(getattr(node, "still_stuck", []))
    return [_where(project, node.tree, link.target) for link in links]


_SHOWN = {"tree", "id", "kind", "title", "pos", "body", "platforms", "links", "still_stuck", "texts"}


def _node_change(base: Project, head: Project, old: Node, new: Node) -> list[str]:
    what: list[str] = []
    if old.kind != new.kind:
        what.append("type")
    if _plain(old.texts) != _plain(new.texts):
        what.append("text")
    # Where the buttons lead, in order; their wording is text (a reworded answer is still the same way on).
    old_links = (list(_ways(base, old).values()), _see_also(base, old))
    if old_links != (list(_ways(head, new).values()), _see_also(head, new)):
        what.append("links")
    if _settings_changed(old, new):
        what.append("details")
    return what


# Tree fields compared above or that are not settings (positions are stripped by _plain anyway).
_TREE_SHOWN = {"id", "path", "title", "summary", "symptoms", "start", "nodes", "related", "faq", "texts"}


def _header_change(base: Project, head: Project, old: Tree, new: Tree) -> list[str]:
    what: list[str] = []
    if old.start != new.start:
        what.append("start")
    if _plain(old.texts) != _plain(new.texts):
        what.append("text")
    old_links = [_where(base, old.id, link.target) for link in [*old.related, *(f.link for f in old.faq)]]
    new_links = [_where(head, new.id, link.target) for link in [*new.related, *(f.link for f in new.faq)]]
    if old_links != new_links:
        what.append("links")
    rest = [f.name for f in fields(Tree) if f.name not in _TREE_SHOWN]
    if any(_plain(getattr(old, name)) != _plain(getattr(new, name)) for name in rest):
        what.append("details")
    return what


def _compare_nodes(base: Project, head: Project, old: Tree, new: Tree, out: TreeDiff) -> None:
    out.header = _header_change(base, head, old, new)
    out.nodes_added = [n for n in new.nodes if n not in old.nodes]
    out.nodes_removed = [n for n in old.nodes if n not in new.nodes]
    for node_id, before in old.nodes.items():
        after = new.nodes.get(node_id)
        if after is None:
            continue
        what = _node_change(base, head, before, after)
        if what:
            out.nodes_changed.append(NodeChange(node_id, what))
        new_ways = _ways(head, after)
        for label, target in _ways(base, before).items():
            if label in new_ways and new_ways[label] != target:
                out.retargeted.append(Retarget(node_id, label, target, new_ways[label]))


def _root(rev: _Revision, tree: Tree | None) -> tuple[Key | None, str]:
    """The tree's start at one revision, or why its paths cannot be followed there."""
    if tree is None:
        return None, ""
    if tree.start not in tree.nodes:
        return None, f"start node {tree.start!r} is missing"
    start = (tree.id, tree.start)
    if graph.find_cycles([start], rev.project.edges):
        return None, "a path goes round in a loop"
    return start, ""


def _compare_paths(
    base: _Revision, head: _Revision, old: Tree | None, new: Tree | None, out: TreeDiff
) -> None:
    b_root, b_why = _root(base, old)
    h_root, h_why = _root(head, new)
    if b_why or h_why:
        where = [f"{why} at {side}" for why, side in ((b_why, "base"), (h_why, "head")) if why]
        out.paths_skipped = "; ".join(where) + " (`make check` says where)"
        return
    out.paths = compare(base.side, head.side, (b_root, h_root))
    if out.paths.too_many:
        p = out.paths
        out.paths_skipped = (
            f"too many changed paths to list (at least {p.rerouted_count} rerouted, {p.added_count} added, "
            f"{p.removed_count} removed); the node changes above are complete"
        )


def _unreachable(base: _Revision, head: _Revision, old: Tree, new: Tree) -> list[str]:
    return [
        node_id
        for node_id, node in old.nodes.items()
        if node.kind is Kind.RESOLUTION
        and node.key in base.reachable
        and node_id in new.nodes
        and new.nodes[node_id].kind is Kind.RESOLUTION
        and new.nodes[node_id].key not in head.reachable
    ]


def _errors(project: Project, tree_id: str) -> int:
    return sum(1 for p in project.problems if p.is_error and Path(p.path).stem == tree_id)


def _first_error(project: Project, tree_id: str) -> str:
    """Why a tree file could not be read, briefly: its first error (a format change shows up here)."""
    found = [p for p in project.problems if p.is_error and Path(p.path).stem == tree_id]
    if not found:
        return "it could not be read"
    first = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"line {first.line}: {first.message}{more}"


def _tree_diff(base: _Revision, head: _Revision, tree_id: str) -> TreeDiff:
    old, new = base.project.trees.get(tree_id), head.project.trees.get(tree_id)
    out = TreeDiff(tree_id, "changed")
    counts = {"base": _errors(base.project, tree_id), "head": _errors(head.project, tree_id)}
    out.errors = counts if any(counts.values()) else {}
    for side, rev in (("base", base), ("head", head)):
        if tree_id in rev.project.broken_trees:
            out.unreadable[side] = _first_error(rev.project, tree_id)
    if out.unreadable:
        out.status = "unreadable"
        return out
    if old is None or new is None:
        out.status = "added" if old is None else "removed"
        out.nodes_added = list(new.nodes) if new else []
        out.nodes_removed = list(old.nodes) if old else []
    else:
        _compare_nodes(base.project, head.project, old, new, out)
        out.unreachable = _unreachable(base, head, old, new)
    _compare_paths(base, head, old, new, out)
    touched = (out.header, out.nodes_added, out.nodes_removed, out.nodes_changed, out.unreachable)
    if out.status == "changed" and not any(touched) and out.paths.empty and not out.paths_skipped:
        out.status = "unchanged"
    return out


def compare_projects(base: Project, head: Project, base_label: str, head_label: str) -> Diff:
    table: dict[object, int] = {}  # shared, so that equal signatures mean equal journeys across revisions
    old, new = _prepare(base, table), _prepare(head, table)
    ids: Iterable[str] = {*base.trees, *base.broken_trees, *head.trees, *head.broken_trees}
    return Diff(base_label, head_label, [_tree_diff(old, new, tree_id) for tree_id in sorted(ids)])


def run(base: str, head: str | None, folder: Path, fmt: str) -> int:
    """The `diff` command: print the comparison; exit 0, or 2 when a revision cannot be read."""
    try:
        old, old_label, new, new_label = diff_git.load_revisions(base, head, folder)
    except diff_git.RevisionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(render(compare_projects(old, new, old_label, new_label), fmt), end="")
    return 0
