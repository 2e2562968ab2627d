"""Path analysis over the decision graph of all trees: the rule "every branch reaches a resolution".

A node's key is (tree id, node id). Edges come from answers and from a step's fixed / not fixed buttons;
"see also" links (still_stuck, related, faq) are not branches and are not part of the graph. All walks are
iterative so a 100,000-node chain cannot hit Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
E = TypeVar("E")


def find_cycles(starts: Iterable[K], edges: Mapping[K, Sequence[tuple[K, E]]]) -> list[tuple[list[K], E]]:
    """Each cycle once, as (nodes on the cycle, the edge that closes it)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour: dict[K, int] = {}
    cycles: list[tuple[list[K], E]] = []
    for root in starts:
        if colour.get(root, WHITE) != WHITE:
            continue
        colour[root] = GREY
        stack: list[tuple[K, int]] = [(root, 0)]
        on_path: list[K] = [root]
        while stack:
            node, index = stack[-1]
            out = edges.get(node, ())
            if index < len(out):
                stack[-1] = (node, index + 1)
                target, edge = out[index]
                state = colour.get(target, WHITE)
                if state == GREY:
                    cycles.append(([*on_path[on_path.index(target) :], target], edge))
                elif state == WHITE and target in edges:
                    colour[target] = GREY
                    stack.append((target, 0))
                    on_path.append(target)
            else:
                colour[node] = BLACK
                stack.pop()
                on_path.pop()
    return cycles


def reachable(start: K, edges: Mapping[K, Sequence[tuple[K, E]]]) -> set[K]:
    seen = {start}
    todo = [start]
    while todo:
        for target, _ in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def postorder(start: K, edges: Mapping[K, Sequence[tuple[K, E]]]) -> list[K]:
    """Nodes reachable from start, each after all its successors (the graph must be acyclic)."""
    return postorder_all([start], edges)


def postorder_all(starts: Iterable[K], edges: Mapping[K, Sequence[tuple[K, E]]]) -> list[K]:
    """Nodes reachable from any of `starts`, each once and after all its successors (acyclic graph)."""
    order: list[K] = []
    done: set[K] = set()
    for root in starts:
        if root in done:
            continue
        done.add(root)
        stack: list[tuple[K, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            out = edges.get(node, ())
            if index < len(out):
                stack[-1] = (node, index + 1)
                target = out[index][0]
                if target not in done:
                    done.add(target)
                    stack.append((target, 0))
            else:
                order.append(node)
                stack.pop()
    return order


def all_paths_end(
    start: K,
    edges: Mapping[K, Sequence[tuple[K, E]]],
    is_end: Callable[[K], bool],
    acyclic: bool = False,
) -> bool:
    """True when every path from start is finite and stops at an end node, and only there.

    A node that is not an end must have a way on, every way on must exist (be a key of `edges`), and no path
    may come back to a node already on it. `acyclic=True` says the caller already knows there is no cycle.
    """
    if start not in edges:
        return False
    if not acyclic and find_cycles([start], edges):
        return False
    for node in postorder(start, edges):
        if node not in edges:
            return False
        out = edges[node]
        if is_end(node):
            if out:
                return False
        elif not out or any(target not in edges for target, _ in out):
            return False
    return True


@dataclass(frozen=True)
class PathStats:
    paths: int
    longest: int  # nodes on the longest path, start and end included
    max_questions: int


def path_stats(
    start: K, edges: Mapping[K, Sequence[tuple[K, E]]], is_question: Callable[[K], bool]
) -> PathStats:
    """Counts over complete paths from start, by dynamic programming (graph must be acyclic)."""
    paths: dict[K, int] = {}
    longest: dict[K, int] = {}
    questions: dict[K, int] = {}
    for node in postorder(start, edges):
        out = [t for t, _ in edges.get(node, ()) if t in edges]
        q = 1 if is_question(node) else 0
        if not out:
            paths[node], longest[node], questions[node] = 1, 1, q
            continue
        paths[node] = sum(paths[t] for t in out)
        longest[node] = 1 + max(longest[t] for t in out)
        questions[node] = q + max(questions[t] for t in out)
    return PathStats(paths.get(start, 0), longest.get(start, 0), questions.get(start, 0))


def count_paths_to(start: K, edges: Mapping[K, Sequence[tuple[K, E]]]) -> dict[K, int]:
    """For every node reachable from start, how many distinct paths lead to it (graph must be acyclic)."""
    order = postorder(start, edges)
    counts: dict[K, int] = dict.fromkeys(order, 0)
    counts[start] = 1
    for node in reversed(order):  # reverse postorder is a topological order
        for target, _ in edges.get(node, ()):
            if target in counts:
                counts[target] += counts[node]
    return counts


def longest_to_end(edges: Mapping[K, Sequence[tuple[K, E]]]) -> dict[K, int]:
    """For every node of `edges`, the most edges on a path from it to a node with no way on.

    This is the "at most N more answers" figure: a visitor taps one answer per edge, so no path from a node
    asks for more taps than its figure, and one path asks for exactly that many. Targets that are not keys
    count as ends. The whole graph is walked once (the graph must be acyclic, as the validator guarantees).
    """
    longest: dict[K, int] = {}
    for node in postorder_all(edges, edges):  # every successor comes first
        longest[node] = max((1 + longest.get(t, 0) for t, _ in edges.get(node, ())), default=0)
    return longest
