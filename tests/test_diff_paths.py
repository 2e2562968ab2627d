"""The path comparison behind `diff`: exact on graphs far too big to enumerate, and equal to brute force."""

from __future__ import annotations

import random

import pytest

from build_tools.core.loader import Pos
from build_tools.core.model import Link
from build_tools.diff import paths as diff_paths
from build_tools.diff.paths import LIST_LIMIT, PathChanges, Side, compare, signatures

Edges = dict[tuple[str, str], list[tuple[tuple[str, str], Link]]]


def ladder(depth: int, last: str) -> Edges:
    """`depth` questions in a row, both answers of each leading to the next: 2**depth paths, one end."""
    pos = Pos(1, 1)
    edges: Edges = {}
    for i in range(depth):
        here, there = ("t", f"q{i}"), ("t", f"q{i + 1}" if i + 1 < depth else last)
        edges[here] = [(there, Link("A", there[1], pos)), (there, Link("B", there[1], pos))]
    edges[("t", "end-1")] = []
    edges[("t", "end-2")] = []
    return edges


def compare_ladders(depth: int) -> tuple[int, int, int]:
    old, new = ladder(depth, "end-1"), ladder(depth, "end-2")
    table: dict[object, int] = {}
    start = ("t", "q0")
    base = Side(old, signatures(old, [start], table))
    head = Side(new, signatures(new, [start], table))
    changes = compare(base, head, (start, start))
    return changes.rerouted_count, len(changes.rerouted), changes.added_count + changes.removed_count


def test_rerouted_paths_are_counted_exactly_without_enumerating_them() -> None:
    assert compare_ladders(60) == (2**60, LIST_LIMIT, 0)


def test_a_very_long_chain_does_not_hit_the_recursion_limit() -> None:
    pos = Pos(1, 1)
    depth = 1_500  # past Python's recursion limit; the rerouted path's answers are copied once per level
    old: Edges = {}
    for i in range(depth):
        old[("t", f"n{i}")] = [(("t", f"n{i + 1}"), Link("Next", f"n{i + 1}", pos))]
    old[("t", f"n{depth}")] = []
    new = dict(old)
    new[("t", f"n{depth - 1}")] = [(("t", "other-end"), Link("Next", "other-end", pos))]
    new[("t", "other-end")] = []
    table: dict[object, int] = {}
    start = ("t", "n0")
    changes = compare(
        Side(old, signatures(old, [start], table)), Side(new, signatures(new, [start], table)), (start, start)
    )
    assert dict(changes.reroutes) == {(("t", f"n{depth}"), ("t", "other-end")): 1}
    assert len(changes.rerouted[0][0]) == depth


def random_dag(rng: random.Random, size: int) -> Edges:
    """Nodes n0..n{size-1}; each links forward to a few later ones (so no loops); the last few are ends."""
    pos = Pos(1, 1)
    edges: Edges = {}
    for i in range(size):
        later = list(range(i + 1, size))
        # The next node is always among them, so that every node is on some path from n0.
        picks = (
            [i + 1, *rng.sample(later[1:], min(len(later) - 1, rng.randint(0, 2)))] if i < size - 3 else []
        )
        edges[("t", f"n{i}")] = [(("t", f"n{j}"), Link(f"a{k}", f"n{j}", pos)) for k, j in enumerate(picks)]
    return edges


def mutate(rng: random.Random, edges: Edges) -> Edges:
    """Retarget, drop or add a few buttons; never drop and add at one node (that reads as a rewording)."""
    size = len(edges)
    new = {key: list(out) for key, out in edges.items()}
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(size - 1)
        key, out = ("t", f"n{i}"), new[("t", f"n{i}")]
        action = rng.choice(["retarget", "to-an-end", "drop", "add"])
        j = rng.randrange(max(i + 1, size - 3), size) if action == "to-an-end" else rng.randrange(i + 1, size)
        target = ("t", f"n{j}")
        if action in ("retarget", "to-an-end") and out:
            k = rng.randrange(len(out))
            out[k] = (target, Link(out[k][1].label, f"n{j}", out[k][1].pos))
        elif action == "drop" and len(out) > 1 and not any(link.label.startswith("b") for _, link in out):
            out.pop(rng.randrange(len(out)))
        elif action == "add" and len(out) == len(edges[key]):
            out.append((target, Link(f"b{len(out)}", f"n{j}", Pos(1, 1))))
    return new


def every_path(edges: Edges, start: tuple[str, str]) -> dict[tuple[str, ...], tuple[str, str]]:
    """Brute force: every answer sequence from start, and where it ends."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    todo: list[tuple[tuple[str, ...], tuple[str, str]]] = [((), start)]
    while todo:
        answers, node = todo.pop()
        if not edges[node]:
            found[answers] = node
        todo += [((*answers, link.label), target) for target, link in edges[node]]
    return found


@pytest.mark.parametrize("seed", range(60))
def test_the_path_comparison_agrees_with_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    old = random_dag(rng, rng.randint(4, 18))
    new = mutate(rng, old)
    start = ("t", "n0")
    table: dict[object, int] = {}
    changes = compare(
        Side(old, signatures(old, [start], table)), Side(new, signatures(new, [start], table)), (start, start)
    )
    before, after = every_path(old, start), every_path(new, start)
    assert sorted(changes.added) == sorted((a, e) for a, e in after.items() if a not in before)
    assert sorted(changes.removed) == sorted((a, e) for a, e in before.items() if a not in after)
    expected = [(a, before[a], after[a]) for a in before.keys() & after.keys() if before[a] != after[a]]
    assert sorted(changes.rerouted) == sorted(expected)
    assert (changes.added_count, changes.removed_count, changes.rerouted_count) == (
        len(changes.added),
        len(changes.removed),
        len(expected),
    )


def permuted(layers: int, width: int, answers: int, shift: int) -> Edges:
    """`layers` rows of `width` questions, each answer leading into the next row (the last row's into one of
    `answers` ends); `shift` rotates which answer leads where, so two shifts are the same graph with every
    node's answers permuted: each base node then pairs with many head nodes, the shape that blew up `diff`."""
    pos = Pos(1, 1)
    edges: Edges = {}
    for row in range(layers):
        for col in range(width):
            ways = []
            for a in range(answers):
                target = (col * answers + (a + shift) % answers) % width
                there = (
                    ("t", f"r{row + 1}c{target}")
                    if row + 1 < layers
                    else ("t", f"end{(a + shift) % answers}")
                )
                ways.append((there, Link(f"A{a}", there[1], pos)))
            edges[("t", f"r{row}c{col}")] = ways
    for a in range(answers):
        edges[("t", f"end{a}")] = []
    return edges


def compare_permuted(layers: int, width: int, answers: int) -> PathChanges:
    old, new = permuted(layers, width, answers, 0), permuted(layers, width, answers, 1)
    table: dict[object, int] = {}
    start = ("t", "r0c0")
    base = Side(old, signatures(old, [start], table))
    head = Side(new, signatures(new, [start], table))
    return compare(base, head, (start, start))


def test_permuted_answers_stop_at_the_work_budget_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diff_paths, "MAX_WORK", 20_000)
    entered: list[int] = []
    children = diff_paths._children

    def counting(base: Side, head: Side, pair: diff_paths.Pair) -> list[tuple[str, diff_paths.Pair]]:
        entered.append(1)
        return children(base, head, pair)

    monkeypatch.setattr(diff_paths, "_children", counting)
    changes = compare_permuted(layers=30, width=40, answers=3)
    assert changes.too_many
    assert len(entered) <= 20_000 + 1  # the budget bounds the pairs, whatever the graph
    assert (changes.added, changes.removed, changes.rerouted) == ([], [], [])
    assert changes.rerouted_count > 0  # what was found until then: a lower bound


def test_a_small_permuted_graph_is_compared_in_full() -> None:
    changes = compare_permuted(layers=3, width=3, answers=2)
    assert not changes.too_many and changes.rerouted_count == 2**3
