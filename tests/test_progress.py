"""The progress line ("This question and at most N more questions") against brute force.

Brute force walks every path from a node, one at a time, counting the answers tapped until a resolution. The
figure on the page must be the largest such count: never less than some path needs, and reached by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from browser_support import SiteGraph
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.check.validate import Key, Project, load_project
from build_tools.core import graph
from build_tools.core.model import Kind
from build_tools.render.generator import Generator

ROOT = Path(__file__).resolve().parent.parent
Edges = dict[int, list[tuple[int, str]]]


@st.composite
def dags(draw: Any) -> Edges:
    """Acyclic graphs: node i links only to higher numbers; n and n+1 are targets that are not keys."""
    n = draw(st.integers(1, 8))
    edges: Edges = {}
    for node in range(n):
        targets = draw(st.lists(st.sampled_from(list(range(node + 1, n + 2))), max_size=3))
        edges[node] = [(t, f"{node}->{t}#{i}") for i, t in enumerate(targets)]
    return edges


def every_path(node: Any, edges: Any) -> Iterator[list[Any]]:
    """Every path from node until a node with no way on, one at a time (no memo: brute force)."""
    out = edges.get(node, ())
    if not out:
        yield [node]
    for target, _ in out:
        for rest in every_path(target, edges):
            yield [node, *rest]


@settings(max_examples=300, deadline=None)
@given(dags())
def test_longest_to_end_is_the_most_edges_on_any_path_from_each_node(edges: Edges) -> None:
    longest = graph.longest_to_end(edges)
    for node in edges:
        assert longest[node] == max(len(path) - 1 for path in every_path(node, edges))


def test_longest_to_end_walks_a_long_chain_without_recursion() -> None:
    n = 50_000
    edges = {i: [(i + 1, "next")] for i in range(n)} | {n: []}
    assert graph.longest_to_end(edges)[0] == n


@pytest.fixture(scope="module")
def project() -> Project:
    project = load_project([ROOT / "trees"])
    assert project.ok, [p.gcc() for p in project.problems if p.is_error]
    return project


_PROGRESS = re.compile(r'<p class="dt-progress" data-dt-remaining="(\d+)">([^<]*)</p>')


def progress_of(project: Project) -> dict[Key, tuple[int, str] | None]:
    """(figure, text) of the progress line in each node page's HTML, or None where it has none."""
    generator = Generator(project)
    found: dict[Key, tuple[int, str] | None] = {}
    for tree in project.trees.values():
        for node in tree.nodes.values():
            content, before, after = generator.node_page(node)
            hits = _PROGRESS.findall(before + content + after)
            assert len(hits) <= 1, f"{node.key}: {len(hits)} progress lines"
            found[node.key] = (int(hits[0][0]), hits[0][1]) if hits else None
    return found


def test_every_question_and_step_of_the_real_trees_shows_its_longest_remaining_path(project: Project) -> None:
    @cache
    def brute(key: Key) -> int:
        # Not the function under test: every path, walked out (the cache only spares repeated subtrees
        # across nodes; each node's answer is still the max over all of its paths' lengths).
        paths = list(every_path(key, project.edges))
        assert all(project.node(p[-1]).kind is Kind.RESOLUTION for p in paths), f"{key}: a path never ends"
        return max(len(p) - 1 for p in paths)

    shown = progress_of(project)
    crosses_trees = False
    for key, progress in shown.items():
        node = project.node(key)
        if node.kind is Kind.RESOLUTION:
            assert progress is None, f"{key}: a resolution has nothing left to answer"
            continue
        assert progress is not None, f"{key}: no progress line"
        figure, text = progress
        assert figure == brute(key), f"{key}: shows {figure}, the longest path needs {brute(key)} answers"
        this, last = (
            ("This step", "Last step") if node.kind is Kind.STEP else ("This question", "Last question")
        )
        more = "question" if figure == 2 else "questions"
        expected = last if figure == 1 else f"{this} and at most {figure - 1} more {more}"
        assert text == expected
        crosses_trees |= any(len({k[0] for k in path}) > 1 for path in every_path(key, project.edges))
    assert crosses_trees, "the real trees should include a path into another tree (it counts too)"


def test_a_path_into_another_tree_counts_the_answers_asked_there(trees: Any) -> None:
    trees.tree(
        "a.yaml",
        """\
        q:
          question: Which one?
          answers:
            - answer: Here
              next: done
            - answer: Elsewhere
              next: b
        done:
          resolution: Done
          outcome: fixed
          causes: [app-bug]
          body: Done.
        """,
    )
    trees.tree(
        "b.yaml",
        """\
        q:
          question: First?
          answers:
            - answer: Go on
              next: q2
            - answer: Stop
              next: end
        q2:
          question: Second?
          answers:
            - answer: Sure
              next: end
            - answer: Not sure
              next: end
        end:
          resolution: End
          outcome: fixed
          causes: [app-bug]
          body: End.
        """,
    )
    project = trees.check()
    assert project.ok, [p.gcc() for p in project.problems]
    shown = progress_of(project)
    assert shown[("a", "q")] == (3, "This question and at most 2 more questions")
    assert shown[("b", "q2")] == (1, "Last question")


def test_the_built_site_agrees_with_the_links_its_pages_really_have(built_site: Path) -> None:
    """From the HTML alone: each page's figure is the longest walk over its answer links to a resolution."""
    site = SiteGraph(built_site)
    links = {url: [(a.target, a.label) for a in page.answers] for url, page in site.pages.items()}
    figures: dict[str, str] = {}
    for url in site.pages:
        html = (built_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        hits = _PROGRESS.findall(html)
        assert len(hits) <= 1, f"{url}: {len(hits)} progress lines"
        if hits:
            figures[url] = hits[0][0]

    @cache
    def brute(url: str) -> int:
        return max((len(path) - 1 for path in every_path(url, links)), default=0)

    for url, page in site.pages.items():
        if page.kind == "resolution":
            assert url not in figures, f"{url}: a resolution shows progress"
        else:
            assert figures.get(url) == str(brute(url)), f"{url}: shows {figures.get(url)}, needs {brute(url)}"
