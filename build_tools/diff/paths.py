"""Path-level comparison of two revisions of the decision graph.

A path is the sequence of buttons a visitor taps from a tree's start until a node with no way on (normally a
resolution). A question's answers are unique, so from a given start the sequence alone names the path, and
the two revisions can be compared sequence by sequence; an answer that is only reworded, still leading to
the same node, counts as the same answer. The revisions are walked side by side, one answer at a time, as
pairs (base node, head node). Two work-savers keep this proportional to what changed, not to the number of
paths:
- every node gets a signature, an interned id of "which answer sequences below it end where"; a pair whose
  signatures are equal has no change below it and is not entered;
- each pair is computed once (a later arrival reuses it), with the lists of paths capped and the counts exact.
Only acyclic graphs can be compared this way; the caller checks that first.

Hostile revisions can still make the pairs many: with every node's answers permuted, each base node pairs
with many head nodes, and the work grows with their product. So the work has a budget (pairs entered and
path steps listed, MAX_WORK): past it the comparison stops, and says so with the counts found until then,
in time and memory bounded whatever the trees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..core import graph
from ..core.model import Link

Key = tuple[str, str]
Edges = Mapping[Key, Sequence[tuple[Key, Link]]]
Answers = tuple[str, ...]
Pair = tuple[Key | None, Key | None]

LIST_LIMIT = 1000  # paths listed per kind of change and tree; the counts stay exact beyond it
MAX_WORK = 2_000_000  # pairs entered plus answers copied into lists, per tree: about 2 s and 200 MB here


@dataclass
class PathChanges:
    """Changes of the complete paths below one pair of nodes (or from a tree's start)."""

    added: list[tuple[Answers, Key]] = field(default_factory=list)
    removed: list[tuple[Answers, Key]] = field(default_factory=list)
    rerouted: list[tuple[Answers, Key, Key]] = field(default_factory=list)
    added_count: int = 0
    removed_count: int = 0
    reroutes: Counter[tuple[Key, Key]] = field(default_factory=Counter)  # (old end, new end): paths
    # The comparison ran out of budget (MAX_WORK): the counts are a lower bound, the lists empty.
    too_many: bool = False

    @property
    def rerouted_count(self) -> int:
        return sum(self.reroutes.values())

    @property
    def empty(self) -> bool:
        return not (self.added_count or self.removed_count or self.reroutes)

    def extend(self, label: str, below: PathChanges) -> int:
        """Add the changes below a child pair, reached by the answer `label`; return the answers copied."""
        added = below.added[: max(LIST_LIMIT - len(self.added), 0)]
        removed = below.removed[: max(LIST_LIMIT - len(self.removed), 0)]
        rerouted = below.rerouted[: max(LIST_LIMIT - len(self.rerouted), 0)]
        self.added += [((label, *a), end) for a, end in added]
        self.removed += [((label, *a), end) for a, end in removed]
        self.rerouted += [((label, *a), old, new) for a, old, new in rerouted]
        self.added_count += below.added_count
        self.removed_count += below.removed_count
        self.reroutes.update(below.reroutes)
        return sum(len(a) + 1 for a, *_ in (*added, *removed, *rerouted))


_NO_CHANGE = PathChanges()


def signatures(edges: Edges, starts: Iterable[Key], table: dict[object, int]) -> dict[Key, int]:
    """An id per node reachable from `starts`, equal for two nodes when the same answer sequences below them
    end at the same nodes. Share `table` between revisions so their ids compare."""
    sig: dict[Key, int] = {}
    for node in graph.postorder_all(starts, edges):  # every successor's id is known first
        out = edges.get(node, ())
        item: object = ("via", tuple((link.label, sig[t]) for t, link in out)) if out else ("end", node)
        sig[node] = table.setdefault(item, len(table))
    return sig


def _ways(edges: Edges, node: Key | None) -> dict[str, Key]:
    ways: dict[str, Key] = {}
    for target, link in edges.get(node, ()) if node is not None else ():
        ways.setdefault(link.label, target)  # a repeated answer is a check error; the first one counts
    return ways


@dataclass
class Side:
    """One revision's graph and its signatures (from `signatures`, with a table shared by both sides)."""

    edges: Edges
    sig: dict[Key, int]


def _children(base: Side, head: Side, pair: Pair) -> list[tuple[str, Pair]]:
    b, h = pair
    if b is not None and h is not None and base.sig.get(b, -1) == head.sig.get(h, -2):
        return []
    b_ways, h_ways = _ways(base.edges, b), _ways(head.edges, h)
    # A reworded answer that still leads to the same node is the same answer: pair it with its new wording.
    reworded: dict[Key, list[str]] = {}
    for label, target in h_ways.items():
        if label not in b_ways:
            reworded.setdefault(target, []).append(label)
    kids: list[tuple[str, Pair]] = []
    for label, target in b_ways.items():
        if label in h_ways:
            kids.append((label, (target, h_ways[label])))
        elif reworded.get(target):
            kids.append((reworded[target].pop(0), (target, target)))
        else:
            kids.append((label, (target, None)))
    paired = {label for label, _ in kids}
    kids += [(label, (None, t)) for label, t in h_ways.items() if label not in b_ways and label not in paired]
    return kids


def _combine(
    base: Side, head: Side, pair: Pair, kids: list[tuple[str, Pair]], done: dict[Pair, PathChanges]
) -> tuple[PathChanges, int]:
    """The changes below `pair` from its children's, and the work that took (answers copied)."""
    b, h = pair
    if b is not None and h is not None and base.sig.get(b, -1) == head.sig.get(h, -2):
        return _NO_CHANGE, 0
    b_end = b is not None and not base.edges.get(b)
    h_end = h is not None and not head.edges.get(h)
    result = PathChanges()
    if b_end and h_end:
        assert b is not None and h is not None
        if b != h:
            result.rerouted.append(((), b, h))
            result.reroutes[(b, h)] += 1
        return result, 0
    if b_end and b is not None:  # this sequence used to end here and now goes on
        result.removed.append(((), b))
        result.removed_count += 1
    if h_end and h is not None:
        result.added.append(((), h))
        result.added_count += 1
    work = 0
    for label, child in kids:
        below = done[child]
        if not below.empty:
            work += result.extend(label, below)
    return result, work


def compare(base: Side, head: Side, root: Pair) -> PathChanges:
    """The complete paths from one tree's start (`root`: its start key at base, at head; None where the tree
    is missing) that were added, removed or now end elsewhere."""
    if root == (None, None):
        return PathChanges()
    done: dict[Pair, PathChanges] = {}
    work = 0
    # Iterative post-order over the pairs, so a very long chain cannot exhaust Python's recursion limit.
    stack: list[tuple[Pair, list[tuple[str, Pair]], int]] = [(root, _children(base, head, root), 0)]
    while stack:
        pair, kids, index = stack[-1]
        if index < len(kids):
            stack[-1] = (pair, kids, index + 1)
            child = kids[index][1]
            if child not in done:
                stack.append((child, _children(base, head, child), 0))
                work += 1
            continue
        stack.pop()
        done[pair], spent = _combine(base, head, pair, kids, done)
        work += spent
        if work > MAX_WORK:
            return _partial(done)
    return done[root]


def _partial(done: Mapping[Pair, PathChanges]) -> PathChanges:
    """What a comparison that ran out of budget reports: that it did, and the most changes one pair held
    (a lower bound on the tree's), without lists."""
    biggest = max(done.values(), key=lambda c: c.added_count + c.removed_count + c.rerouted_count)
    out = PathChanges(too_many=True)
    out.added_count, out.removed_count = biggest.added_count, biggest.removed_count
    out.reroutes = Counter(biggest.reroutes)
    return out
