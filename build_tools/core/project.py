"""The loaded project: every tree, node and cause, and one pass that resolves every link.

`link()` is the only place a link target is turned into a node. Rules, the generator, the map and the
diff all read its results (`edges`, `target()`) instead of resolving links again.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from .model import Cause, Link, Node, Tree
from .problems import Problem
from .settings import Settings, Silenced
from .sources import Source
from .translations import Translations

T = TypeVar("T")
Key = tuple[str, str]  # (tree id, node id)


def build_date() -> dt.date:
    """Today, as the checks and pages judge dates (review due, an event over): the UTC day of
    SOURCE_DATE_EPOCH when it is set (the reproducible-builds convention; tests pin the date with it),
    else the local date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


Edge = tuple[Key, Link]


@dataclass
class Project:
    trees: dict[str, Tree] = field(default_factory=dict)
    causes: dict[str, Cause] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Files that failed to load: links into them and causes from them are not reported again.
    broken_trees: set[str] = field(default_factory=set)
    causes_broken: bool = False
    causes_path: str | None = None
    # trees/sources.yaml: None when the project has none (then citing is not required, see rules/sources.py).
    sources: dict[str, Source] | None = None
    sources_path: str | None = None
    sources_broken: bool = False
    today: dt.date = field(default_factory=build_date)
    # Translations by language code (trees/<lang>/, core/translations.py); their rules: rules/translations.py.
    translations: dict[str, Translations] = field(default_factory=dict)
    loaded_in_parallel: bool = False
    # Files whose own findings came from the check cache (check/cache.py), and files read afresh.
    from_cache: list[str] = field(default_factory=list)
    read_afresh: list[str] = field(default_factory=list)
    # True when no input changed since a run that stored its findings: the rules did not run again.
    rules_from_cache: bool = False
    # Filled by link(): the branches of the graph (answers, fixed, not fixed) that lead to a node.
    edges: dict[Key, list[Edge]] = field(default_factory=dict)
    _targets: dict[tuple[str, Link], Key | None] = field(default_factory=dict, repr=False)
    settings: Settings = field(default_factory=Settings)
    # What the site's rule levels and the ignore comments took out of `problems` (for `stats`).
    silenced: Silenced = field(default_factory=Silenced)
    # Results that several rules need (such as the cycles), computed once after link(): see fact().
    _facts: dict[Callable[[Project], Any], Any] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def node(self, key: Key) -> Node:
        return self.trees[key[0]].nodes[key[1]]

    def link_title(self, key: Key) -> str:
        """What a link to a page says: a tree's title for its first page, else the node's title."""
        tree = self.trees[key[0]]
        return tree.title if key[1] == tree.start else tree.nodes[key[1]].title

    def resolve(self, target: str, from_tree: str) -> Key | None:
        """A link target as (tree, node): "node", "tree" (its start) or "tree/node"."""
        tree_id, _, node_id = target.partition("/")
        if node_id:
            tree = self.trees.get(tree_id)
            return (tree_id, node_id) if tree and node_id in tree.nodes else None
        here = self.trees.get(from_tree)
        if here and target in here.nodes:
            return (from_tree, target)
        other = self.trees.get(target)
        if other and other.start in other.nodes:
            return (target, other.start)
        return None

    def targets_broken_tree(self, target: str) -> bool:
        return target.partition("/")[0] in self.broken_trees

    def link(self) -> None:
        """Resolve every link of every tree once: branches, see-also links and FAQ links."""
        self.edges = {}
        self._targets = {}
        self._facts = {}
        for tree in self.trees.values():
            for link in tree.links():
                self._targets[(tree.id, link)] = self.resolve(link.target, tree.id)
            for node in tree.nodes.values():
                self.edges[node.key] = [
                    (key, link) for link in node.links if (key := self._targets[(tree.id, link)]) is not None
                ]

    def fact(self, compute: Callable[[Project], T]) -> T:
        """`compute(self)`, once per link(): how a rule uses another's result. The rule calls the function
        it needs by name (`project.fact(cycles)`), so the dependency is a typed import, not a string key."""
        if compute not in self._facts:
            self._facts[compute] = compute(self)
        return cast(T, self._facts[compute])

    def target(self, tree_id: str, link: Link) -> Key | None:
        """Where a link of tree `tree_id` leads, as resolved by link(); None if nowhere."""
        return self._targets.get((tree_id, link))

    def dangling(self) -> list[tuple[Tree, Link]]:
        """Links that lead nowhere, except into a file that failed to load (its own problems say why)."""
        return [
            (self.trees[tree_id], link)
            for (tree_id, link), key in self._targets.items()
            if key is None and not self.targets_broken_tree(link.target)
        ]

    def start(self, tree: Tree) -> Key | None:
        return (tree.id, tree.start) if tree.start in tree.nodes else None
