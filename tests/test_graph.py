"""Path analysis against brute force: enumerate every path, and compare with the clever answers.

Brute force here means a DFS that walks every path from a node, one at a time. A path *ends* when it stops at
an end node (a resolution). It *never ends* when it reaches a node with no way on, a link to nothing, or a
node already on the path (a revisit: the visitor could go round forever).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.check.validate import load_project
from build_tools.core import graph
from build_tools.rules.paths import every_branch_ends

Edges = dict[int, list[tuple[int, str]]]

# --- the graph functions on abstract graphs -----------------------------------------------------------------


@st.composite
def graphs(draw: Any, acyclic: bool = False) -> Edges:
    """Nodes 0..n-1 are keys of `edges`; targets n and n+1 are dangling (not keys)."""
    n = draw(st.integers(1, 7))
    edges: Edges = {}
    for node in range(n):
        choices = list(range(node + 1, n + 2)) if acyclic else list(range(n + 2))
        if not choices:
            edges[node] = []
            continue
        targets = draw(st.lists(st.sampled_from(choices), max_size=3))
        edges[node] = [(t, f"{node}->{t}#{i}") for i, t in enumerate(targets)]
    return edges


def brute_all_paths_end(start: int, edges: Edges, ends: set[int]) -> bool:
    def walk(node: int, on_path: frozenset[int]) -> bool:
        if node not in edges:
            return False  # a link to nothing
        out = edges[node]
        if node in ends:
            return not out  # an end is where a path stops, and only there
        if not out:
            return False
        return all(t not in on_path and walk(t, on_path | {t}) for t, _ in out)

    return walk(start, frozenset({start}))


def brute_has_cycle(starts: list[int], edges: Edges) -> bool:
    def walk(node: int, on_path: frozenset[int]) -> bool:
        return any(t in on_path or walk(t, on_path | {t}) for t, _ in edges.get(node, ()))

    return any(walk(s, frozenset({s})) for s in starts)


def complete_paths(node: int, edges: Edges) -> Iterator[list[int]]:
    """Every path from node to a node with no way on (links to nothing are not ways on, as in path_stats)."""
    out = [t for t, _ in edges.get(node, ()) if t in edges]
    if not out:
        yield [node]
    for t in out:
        for rest in complete_paths(t, edges):
            yield [node, *rest]


def partial_paths(node: int, edges: Edges) -> Iterator[list[int]]:
    yield [node]
    for t, _ in edges.get(node, ()):
        for rest in partial_paths(t, edges):
            yield [node, *rest]


SETTINGS = settings(max_examples=200, deadline=None)


@SETTINGS
@given(graphs(), st.sets(st.integers(0, 8)))
def test_all_paths_end_agrees_with_enumerating_every_path(edges: Edges, ends: set[int]) -> None:
    assert graph.all_paths_end(0, edges, ends.__contains__) == brute_all_paths_end(0, edges, ends)


@SETTINGS
@given(graphs(), st.lists(st.integers(0, 8), min_size=1, max_size=3))
def test_find_cycles_finds_a_cycle_exactly_when_some_path_revisits_a_node(
    edges: Edges, starts: list[int]
) -> None:
    cycles = graph.find_cycles(starts, edges)
    assert bool(cycles) == brute_has_cycle(starts, edges)
    for nodes, closing in cycles:
        assert nodes[0] == nodes[-1]
        assert len(set(nodes[:-1])) == len(nodes) - 1  # a simple cycle
        for a, b in itertools.pairwise(nodes):
            assert b in [t for t, _ in edges[a]]
        assert (nodes[-1], closing) in edges[nodes[-2]]


@SETTINGS
@given(graphs(), st.lists(st.integers(0, 8), min_size=1, max_size=3))
def test_find_cycles_reports_each_closing_link_at_most_once(edges: Edges, starts: list[int]) -> None:
    closing = [edge for _, edge in graph.find_cycles(starts, edges)]
    assert len(closing) == len(set(closing))


@SETTINGS
@given(graphs())
def test_reachable_is_every_node_on_some_path_from_start(edges: Edges) -> None:
    def brute(node: int, seen: set[int]) -> set[int]:
        for t, _ in edges.get(node, ()):
            if t not in seen:
                seen.add(t)
                brute(t, seen)
        return seen

    assert graph.reachable(0, edges) == brute(0, {0})


@SETTINGS
@given(graphs(acyclic=True), st.sets(st.integers(0, 8)))
def test_path_stats_match_counts_over_every_complete_path(edges: Edges, questions: set[int]) -> None:
    paths = list(complete_paths(0, edges))
    stats = graph.path_stats(0, edges, questions.__contains__)
    assert stats.paths == len(paths)
    assert stats.longest == max(len(p) for p in paths)
    assert stats.max_questions == max(sum(n in questions for n in p) for p in paths)


@SETTINGS
@given(graphs(acyclic=True))
def test_count_paths_to_matches_the_number_of_distinct_paths_arriving_at_each_node(edges: Edges) -> None:
    expected: dict[int, int] = {}
    for path in partial_paths(0, edges):
        expected[path[-1]] = expected.get(path[-1], 0) + 1
    assert graph.count_paths_to(0, edges) == expected


def test_walks_are_iterative_so_a_long_chain_does_not_hit_the_recursion_limit() -> None:
    n = 100_000
    edges: Edges = {i: [(i + 1, "next")] for i in range(n)}
    edges[n] = []
    assert graph.all_paths_end(0, edges, lambda k: k == n)
    assert graph.path_stats(0, edges, lambda k: True).longest == n + 1
    assert graph.find_cycles([0], edges) == []


# --- the validator on random projects of two trees ----------------------------------------------------------

TREES = ("ta", "tb")
NODE_IDS = [f"n{i}" for i in range(6)]  # a tree defines a prefix of these; the rest are dangling
# Errors that mean "some path never ends". Other errors (few-answers, fixed-not-resolution, unreachable)
# are about style or tidiness, not about paths ending, and are not part of the verdict.
PATH_CODES = {"cycle", "dead-end", "unknown-target", "missing-start", "no-resolution"}


def targets(tree: str, index: int, counts: dict[str, int]) -> st.SearchStrategy[str]:
    """Any kind of link, weighted towards links that exist and lead forward, so that a fair share of the
    generated projects pass: without the bias nearly every random project has a loop or a dangling link."""
    other = TREES[1] if tree == TREES[0] else TREES[0]
    forward = NODE_IDS[index + 1 : counts[tree]]
    return st.sampled_from(
        forward * 6
        + NODE_IDS[: counts[tree] + 1]  # any node of this tree: backwards, itself (a self-loop), or dangling
        + [other]  # the other tree's start
        + [f"{other}/{n}" for n in NODE_IDS[: counts[other] + 1]]  # a node of the other tree, or dangling
        + ["tz", "tz/n0"]  # an unknown tree
    )


@st.composite
def tree_data(draw: Any, tree: str, counts: dict[str, int]) -> dict[str, Any]:
    nodes: dict[str, Any] = {}
    for index, node_id in enumerate(NODE_IDS[: counts[tree]]):
        kind = draw(st.sampled_from(["question", "step", "resolution", "resolution"]))
        if kind == "question":
            answers = draw(st.lists(targets(tree, index, counts), max_size=3))
            nodes[node_id] = {
                "question": f"Question {node_id}?",
                "answers": [{"answer": f"Answer {i}", "next": t} for i, t in enumerate(answers)],
            }
        elif kind == "step":
            nodes[node_id] = {
                "step": f"Step {node_id}",
                "body": "Try it.",
                "fixed": draw(targets(tree, index, counts)),
                "not_fixed": draw(targets(tree, index, counts)),
            }
        else:
            nodes[node_id] = {
                "resolution": "Done",
                "outcome": "fixed",
                "causes": ["app-bug"],
                "body": "Done.",
            }
    return {
        "title": f"Tree {tree}",
        "summary": "A generated tree.",
        "reviewed": "2026-01-01",
        "symptoms": ["it breaks"],
        "start": draw(st.sampled_from(["n0"] * 4 + NODE_IDS[: counts[tree] + 1])),
        "nodes": nodes,
    }


@st.composite
def projects(draw: Any) -> dict[str, dict[str, Any]]:
    counts = {tree: draw(st.integers(1, 5)) for tree in TREES}
    return {tree: draw(tree_data(tree, counts)) for tree in TREES}


class BruteForce:
    """The format's documented link rules, and every path walked one by one."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        self.data = data

    def resolve(self, target: str, here: str) -> tuple[str, str] | None:
        tree, _, node = target.partition("/")
        if node:
            return (tree, node) if tree in self.data and node in self.data[tree]["nodes"] else None
        if target in self.data[here]["nodes"]:
            return (here, target)
        if target in self.data and self.data[target]["start"] in self.data[target]["nodes"]:
            return (target, self.data[target]["start"])
        return None

    def ways_on(self, key: tuple[str, str]) -> list[str]:
        node = self.data[key[0]]["nodes"][key[1]]
        if "question" in node:
            return [a["next"] for a in node["answers"]]
        if "step" in node:
            return [node["fixed"], node["not_fixed"]]
        return []

    def all_paths_end(self, key: tuple[str, str], on_path: frozenset[tuple[str, str]] = frozenset()) -> bool:
        on_path = on_path | {key}
        if "resolution" in self.data[key[0]]["nodes"][key[1]]:
            return True
        ways = self.ways_on(key)
        if not ways:
            return False
        for target in ways:
            nxt = self.resolve(target, key[0])
            if nxt is None or nxt in on_path or not self.all_paths_end(nxt, on_path):
                return False
        return True

    def start(self, tree: str) -> tuple[str, str] | None:
        start = self.data[tree]["start"]
        return (tree, start) if start in self.data[tree]["nodes"] else None


def write_project(root: Path, data: dict[str, dict[str, Any]]) -> None:
    (root / "causes.yaml").write_text("causes:\n  app-bug:\n    title: App bug\n    explanation: A bug.\n")
    for tree, tree_dict in data.items():
        (root / f"{tree}.yaml").write_text(yaml.safe_dump(tree_dict, sort_keys=False), encoding="utf-8")


PROJECT_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROJECT_SETTINGS
@given(projects())
def test_validator_finds_a_path_error_exactly_when_some_path_from_some_node_never_ends(
    tmp_path_factory: Any, data: dict[str, dict[str, Any]]
) -> None:
    # Verdict: the project has an error with a code in PATH_CODES  <=>  some tree's start is missing, or
    # some path from some node (reachable or not: the validator checks every node) never ends.
    root = tmp_path_factory.mktemp("random")
    write_project(root, data)
    project = load_project([root], today=dt.date(2026, 6, 1))
    assert not [p for p in project.problems if p.code.startswith("yaml") or p.code == "schema"]
    brute = BruteForce(data)
    every_path_ends = all(brute.start(tree) is not None for tree in TREES) and all(
        brute.all_paths_end((tree, node)) for tree in TREES for node in data[tree]["nodes"]
    )
    path_errors = sorted({p.code for p in project.problems if p.code in PATH_CODES and p.is_error})
    assert (path_errors == []) == every_path_ends, path_errors


@PROJECT_SETTINGS
@given(projects())
def test_every_branch_ends_agrees_with_walking_every_path_from_each_start(
    tmp_path_factory: Any, data: dict[str, dict[str, Any]]
) -> None:
    root = tmp_path_factory.mktemp("random")
    write_project(root, data)
    project = load_project([root], today=dt.date(2026, 6, 1))
    brute = BruteForce(data)
    expected = {tree: brute.all_paths_end(start) for tree in TREES if (start := brute.start(tree))}
    assert every_branch_ends(project) == expected
    # A tree whose paths do not all end always carries at least one located error in its own file or in a
    # tree it links to: the check can never pass such a project.
    if not all(expected.values()):
        assert not project.ok
