"""`tree_to_mermaid` and `python -m build_tools graph`: shapes, edges, labels, ids, other trees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.check.validate import load_project
from build_tools.cli import main
from build_tools.render.mermaid import escape_label, node_id, tree_to_mermaid

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"

# One declaration or edge per line; labels are quoted and hold no raw quote, pipe or angle bracket.
LABEL = r'"[^"|<>\n]*"'
DECL = re.compile(
    rf"^    (?P<id>[A-Za-z0-9_]+)(?P<shape>\{{{LABEL}\}}|\[{LABEL}\]|\(\[{LABEL}\]\)|\[\[{LABEL}\]\])$"
)
EDGE = re.compile(rf"^    (?P<src>[A-Za-z0-9_]+) -->\|(?P<label>{LABEL})\| (?P<dst>[A-Za-z0-9_]+)$")
CLASS = re.compile(r"^    (classDef [A-Za-z]+ \S+|class [A-Za-z0-9_,]+ [A-Za-z]+)$")


def parse(chart: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """(declared id -> shape text, edges as (source, label, target)); fails on any line it can't read."""
    lines = chart.splitlines()
    assert lines[0] == "flowchart TD"
    shapes: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    for line in lines[1:]:
        if m := DECL.match(line):
            assert m["id"] not in shapes, f"declared twice: {line}"
            shapes[m["id"]] = m["shape"]
        elif m := EDGE.match(line):
            edges.append((m["src"], m["label"][1:-1], m["dst"]))
        else:
            assert CLASS.match(line), f"not valid chart syntax: {line!r}"
    for src, _, dst in edges:
        assert src in shapes and dst in shapes, "an edge joins an undeclared node"
    return shapes, edges


def write_tree(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    if not (folder / "causes.yaml").exists():  # the one cause the tiny trees name (none goes unused)
        causes = "causes:\n  app-bug:\n    title: App bug\n    explanation: The app has a bug.\n"
        (folder / "causes.yaml").write_text(causes, encoding="utf-8")
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_shapes_edges_and_labels_of_the_demo_tree() -> None:
    project = load_project([SMALL])
    assert project.ok
    shapes, edges = parse(tree_to_mermaid(project, "demo"))
    assert shapes["n_what_happens"] == '{"Start: What happens?"}'
    assert shapes["n_try_wifi"] == '["Switch to Wi-Fi"]'
    assert shapes["n_fixed_signal"] == '(["The signal was too weak"])'
    assert shapes["n_app_bug"] == '(["The app has a bug"])'
    # "other" is the start of another tree: a distinct shape, named after that tree.
    assert shapes["x_other__crash_kind"] == '[["Other tree: Other problem"]]'
    assert sorted(edges) == sorted(
        [
            ("n_what_happens", "It spins forever", "n_try_wifi"),
            ("n_what_happens", "It crashes", "x_other__crash_kind"),
            ("n_try_wifi", "Yes, that fixed it", "n_fixed_signal"),
            ("n_try_wifi", "No, it still doesn't work", "n_app_bug"),
        ]
    )


def test_a_node_of_another_tree_names_the_node_too() -> None:
    project = load_project([SMALL])
    shapes, edges = parse(tree_to_mermaid(project, "other"))
    assert shapes["x_demo__app_bug"] == '[["Other tree: Demo problem: The app has a bug"]]'
    # Two links to the same outside node make one box.
    assert [e for e in edges if e[2] == "x_demo__app_bug"] == [
        ("n_crash_kind", "At start", "x_demo__app_bug"),
        ("n_restart", "No, it still doesn't work", "x_demo__app_bug"),
    ]


def test_every_node_of_every_real_tree_is_drawn() -> None:
    project = load_project([ROOT / "trees"])
    assert project.trees, "no trees to draw"
    for tree in project.trees.values():
        shapes, edges = parse(tree_to_mermaid(project, tree.id))
        for node in tree.nodes.values():
            assert node_id(tree.id, node.id, tree.id) in shapes
        assert len(edges) == sum(len(n.links) for n in tree.nodes.values())


def test_quotes_and_markup_in_answers_are_escaped(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        "quoting",
        """\
title: Quoting
summary: Labels with awkward characters.
reviewed: "2026-01-01"
symptoms: [odd labels]
start: end
nodes:
  end:
    question: 'Does it say "Error #5"?'
    answers:
      - answer: 'Yes, it says "Error #5" | or > less'
        next: graph
      - answer: "No"
        next: o
  graph:
    resolution: Done
    outcome: fixed
    causes: [app-bug]
    body: Done.
  o:
    resolution: Other
    outcome: wait
    causes: [app-bug]
    body: Wait.
""",
    )
    project = load_project([tmp_path])
    assert project.ok, project.problems
    chart = tree_to_mermaid(project, "quoting")
    shapes, edges = parse(chart)
    # Words Mermaid reserves ("end", "graph", a lone "o") never appear bare as ids.
    assert set(shapes) == {"n_end", "n_graph", "n_o"}
    assert shapes["n_end"] == '{"Start: Does it say #quot;Error #35;5#quot;?"}'
    assert ("n_end", "Yes, it says #quot;Error #35;5#quot; #124; or #gt; less", "n_graph") in edges


def test_a_link_to_nowhere_is_drawn_as_missing(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        "dangling",
        """\
title: Dangling
summary: One answer leads nowhere.
reviewed: "2026-01-01"
symptoms: [broken link]
start: ask
nodes:
  ask:
    question: Which one?
    answers:
      - answer: This one
        next: done
      - answer: That one
        next: not-written-yet
  done:
    resolution: Done
    outcome: fixed
    causes: [app-bug]
    body: Done.
""",
    )
    project = load_project([tmp_path])
    assert [p.code for p in project.problems] == ["unknown-target"]
    shapes, edges = parse(tree_to_mermaid(project, "dangling"))
    assert shapes["missing_1"] == '["Missing: not-written-yet"]'
    assert ("n_ask", "That one", "missing_1") in edges
    assert "class missing_1 missing" in tree_to_mermaid(project, "dangling")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "hi"', "say #quot;hi#quot;"),
        ("#quot; stays literal", "#35;quot; stays literal"),
        ("a <b> c", "a #lt;b#gt; c"),
        ("pipe | here", "pipe #124; here"),
        ("two\nlines", "two lines"),
        ("`code`", "#96;code#96;"),
        # a directive inside a label would reconfigure the chart (issue 19's corpus: issue-19-mermaid-init)
        ("%%{init: {}}%% Tap", "#37;#37;#123;init: #123;#125;#125;#37;#37; Tap"),
    ],
)
def test_escape_label(text: str, expected: str) -> None:
    assert escape_label(text) == expected


def test_ids_are_one_to_one() -> None:
    assert node_id("t", "a-b", "t") == "n_a_b"
    assert node_id("u", "a-b", "t") == "x_u__a_b"
    assert node_id("a-b", "c", "t") != node_id("a", "b-c", "t")


def test_graph_command_prints_the_chart(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "demo", "--dir", str(SMALL)]) == 0
    out = capsys.readouterr().out
    assert out == tree_to_mermaid(load_project([SMALL]), "demo")
    assert main(["graph", "demo", "--dir", str(SMALL), "--markdown"]) == 0
    fenced = capsys.readouterr().out
    assert fenced.startswith("```mermaid\nflowchart TD\n") and fenced.endswith("\n```")


def test_graph_command_unknown_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "nope", "--dir", str(SMALL)]) == 2
    err = capsys.readouterr().err
    assert "no tree 'nope'" in err and "demo" in err


def test_graph_command_broken_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_tree(tmp_path, "broken", "title: [unclosed\n")
    assert main(["graph", "broken", "--dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "yaml-syntax" in err and "fix them first" in err
