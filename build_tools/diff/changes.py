"""What `diff` found: per tree, the nodes and paths a change adds, removes or reroutes."""

from __future__ import annotations

from dataclasses import dataclass, field

from .paths import PathChanges


@dataclass
class NodeChange:
    node: str
    # Among "type", "text", "links" (where it leads) and "details" (causes, outcome, the way-out answer...).
    what: list[str]


@dataclass
class Retarget:
    """An answer that both revisions have, now leading somewhere else."""

    node: str
    answer: str
    old: str
    new: str


@dataclass
class TreeDiff:
    tree: str
    status: str  # "added", "removed", "changed", "unchanged" or "unreadable"
    unreadable: dict[str, str] = field(default_factory=dict)  # "base" / "head": the first error there
    # Check errors in the tree's file at "base" and "head", when there are any.
    errors: dict[str, int] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # tree-level changes: "start", "text", "links", "details"
    nodes_added: list[str] = field(default_factory=list)
    nodes_removed: list[str] = field(default_factory=list)
    nodes_changed: list[NodeChange] = field(default_factory=list)
    retargeted: list[Retarget] = field(default_factory=list)
    paths: PathChanges = field(default_factory=PathChanges)
    paths_skipped: str = ""  # why the paths could not be compared
    unreachable: list[str] = field(default_factory=list)  # resolutions no path reaches any more


@dataclass
class Diff:
    base: str
    head: str
    trees: list[TreeDiff]
