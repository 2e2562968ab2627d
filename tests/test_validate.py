"""The rules over whole trees: one minimal bad tree per rule, pinned to code, file, line and column."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import TreeDir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.check.validate import load_project
from build_tools.core.ids import RESERVED_IDS
from build_tools.core.model import FIXED_LABEL, NOT_FIXED_LABEL, Kind
from build_tools.core.problems import Level
from build_tools.core.project import Project
from build_tools.rules.paths import MAX_CLICKS, every_branch_ends

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent

R = """\
r:
  resolution: R
  outcome: fixed
  causes: [app-bug]
  body: Done.
"""
Q = """\
q:
  question: Q?
  answers:
    - answer: A
      next: r
    - answer: B
      next: r
"""


def resolution(node_id: str) -> str:
    return R.replace("r:", f"{node_id}:", 1)


def test_tiny_tree_has_no_problems(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R)
    project = trees.check()
    assert project.problems == []
    assert project.ok


def test_duplicate_node_id_is_reported_at_the_second_definition(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R + R.replace("body: Done.", "body: Again."))
    assert trees.where(trees.check(), "duplicate-node") == [("a.yaml", *trees.node_at("a.yaml", "r", 2))]


def test_duplicate_key_inside_a_node_is_a_duplicate_key_not_a_duplicate_node(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R + "  body: Again.\n")
    project = trees.check()
    assert trees.where(project, "duplicate-key") == [("a.yaml", *trees.at("a.yaml", "body:", 2))]
    assert trees.where(project, "duplicate-node") == []


def test_start_that_is_not_a_node_is_missing_start_at_the_start_value(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R, start="nope")
    assert trees.where(trees.check(), "missing-start") == [("a.yaml", 5, 8)]


def test_next_naming_no_node_is_unknown_target_at_the_next_value(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: gone", 1) + R)
    assert trees.where(trees.check(), "unknown-target") == [("a.yaml", *trees.at("a.yaml", "gone"))]


@pytest.mark.parametrize("target", ["b/missing-node", "nowhere/r", "nowhere"])
def test_link_to_a_missing_node_of_another_tree_or_an_unknown_tree_is_unknown_target(
    trees: TreeDir, target: str
) -> None:
    trees.tree("a.yaml", Q.replace("next: r", f"next: {target}", 1) + R)
    trees.tree("b.yaml", Q + R)
    assert trees.where(trees.check(), "unknown-target") == [("a.yaml", *trees.at("a.yaml", target))]


def test_links_to_another_trees_node_and_to_its_start_resolve(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: b/r", 1).replace("next: r", "next: b"))
    trees.tree("b.yaml", Q + R)
    project = trees.check()
    assert project.problems == []
    assert [k for k, _ in project.edges[("a", "q")]] == [("b", "r"), ("b", "q")]


def test_local_node_wins_over_a_tree_with_the_same_id(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: b", 1) + R + resolution("b"))
    trees.tree("b.yaml", Q + R)
    project = trees.check()
    assert [k for k, _ in project.edges[("a", "q")]] == [("a", "b"), ("a", "r")]


def test_see_also_links_are_checked_too(trees: TreeDir) -> None:
    head = (
        trees.head
        + "related: [gone-tree]\nfaq:\n  - question: Why?\n    answer: Because.\n    link: gone-node\n"
    )
    trees.tree("a.yaml", Q + R + "  still_stuck: [gone-again]\n", head=head)
    found = trees.where(trees.check(), "unknown-target")
    assert found == [
        ("a.yaml", *trees.at("a.yaml", "gone-tree")),
        ("a.yaml", *trees.at("a.yaml", "gone-node")),
        ("a.yaml", *trees.at("a.yaml", "gone-again")),
    ]


def test_link_into_a_broken_tree_is_not_reported_twice(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: b/r", 1) + R)
    trees.write("b.yaml", "title: [unclosed\n")
    project = trees.check()
    assert {(p.path.rsplit("/", 1)[-1], p.code) for p in project.problems} == {("b.yaml", "yaml-syntax")}


def test_question_leading_only_into_a_broken_tree_has_no_resolution_at_its_start(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: b/x", 1).replace("next: r", "next: b/y"))
    trees.write("b.yaml", "title: [unclosed\n")
    project = trees.check()
    assert trees.where(project, "no-resolution") == [("a.yaml", 5, 8)]
    assert every_branch_ends(project) == {"a": False}


def test_node_nothing_links_to_is_unreachable_at_its_id(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R + resolution("orphan"))
    assert trees.where(trees.check(), "unreachable") == [("a.yaml", *trees.node_at("a.yaml", "orphan"))]


def test_node_reachable_only_from_another_tree_is_still_unreachable_in_its_own(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: b/orphan", 1) + R)
    trees.tree("b.yaml", Q + R + resolution("orphan"))
    assert trees.where(trees.check(), "unreachable") == [("b.yaml", *trees.node_at("b.yaml", "orphan"))]


STEP = """\
s:
  step: Try it
  body: Do it.
  fixed: r
  not_fixed: q
"""


def test_loop_within_a_tree_is_a_cycle_at_the_link_that_closes_it(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: s", 1) + STEP + R)
    project = trees.check()
    assert trees.where(project, "cycle") == [("a.yaml", *trees.value_at("a.yaml", "not_fixed: q"))]
    assert every_branch_ends(project) == {"a": False}


def test_answer_pointing_at_its_own_question_is_a_cycle(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: q", 1) + R)
    assert trees.where(trees.check(), "cycle") == [("a.yaml", *trees.value_at("a.yaml", "next: q"))]


def test_loop_across_two_trees_is_reported_once_at_the_closing_link(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: b", 1) + R)
    trees.tree("b.yaml", Q.replace("next: r", "next: a/q", 1) + R)
    project = trees.check()
    assert trees.where(project, "cycle") == [("b.yaml", *trees.at("b.yaml", "a/q"))]
    assert every_branch_ends(project) == {"a": False, "b": False}


def test_loop_among_unreachable_nodes_is_still_a_cycle(trees: TreeDir) -> None:
    loop = "x:\n  step: X\n  body: b\n  fixed: r\n  not_fixed: y\n"
    loop += "y:\n  step: Y\n  body: b\n  fixed: r\n  not_fixed: x\n"
    trees.tree("a.yaml", Q + R + loop)
    project = trees.check()
    assert trees.where(project, "cycle") == [("a.yaml", *trees.value_at("a.yaml", "not_fixed: x"))]
    assert every_branch_ends(project) == {"a": True}  # the rule itself is about paths from the start


def test_button_leading_nowhere_breaks_the_rule_even_when_the_other_button_ends(trees: TreeDir) -> None:
    step = STEP.replace("fixed: r", "fixed: gone").replace("not_fixed: q", "not_fixed: r")
    trees.tree("a.yaml", Q.replace("next: r", "next: s", 1) + step + R)
    project = trees.check()
    assert trees.where(project, "unknown-target") == [("a.yaml", *trees.value_at("a.yaml", "fixed: gone"))]
    assert every_branch_ends(project) == {"a": False}


def test_question_with_one_answer_is_few_answers_at_the_node_id(trees: TreeDir) -> None:
    one = "q:\n  question: Q?\n  answers:\n    - answer: A\n      next: r\n"
    trees.tree("a.yaml", one + R)
    project = trees.check()
    assert trees.where(project, "few-answers") == [("a.yaml", 7, 3)]
    assert every_branch_ends(project) == {"a": True}


def test_question_with_no_answers_is_a_dead_end_not_few_answers(trees: TreeDir) -> None:
    trees.tree("a.yaml", "q:\n  question: Q?\n  answers: []\n")
    project = trees.check()
    assert trees.where(project, "dead-end") == [("a.yaml", 7, 3)]
    assert not trees.where(project, "few-answers")
    assert every_branch_ends(project) == {"a": False}


def test_two_answers_reading_the_same_are_duplicate_answer_at_the_second(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("answer: B", "answer: '  a '") + R)
    assert trees.where(trees.check(), "duplicate-answer") == [
        ("a.yaml", *trees.value_at("a.yaml", "next: r", 2))
    ]


def test_fixed_leading_to_a_question_is_fixed_not_resolution_at_the_fixed_value(trees: TreeDir) -> None:
    step = STEP.replace("fixed: r", "fixed: q2").replace("not_fixed: q", "not_fixed: r")
    q2 = Q.replace("q:", "q2:")
    trees.tree("a.yaml", Q.replace("next: r", "next: s", 1) + step + q2 + R)
    project = trees.check()
    assert trees.where(project, "fixed-not-resolution") == [("a.yaml", *trees.at("a.yaml", "q2", 1))]


def test_fixed_leading_to_another_trees_resolution_is_fine(trees: TreeDir) -> None:
    step = STEP.replace("fixed: r", "fixed: b/r").replace("not_fixed: q", "not_fixed: r")
    trees.tree("a.yaml", Q.replace("next: r", "next: s", 1) + step + R)
    trees.tree("b.yaml", Q + R)
    assert trees.check().problems == []


def test_reviewed_after_today_is_future_review_at_the_date(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R, head=trees.head.replace("2026-01-01", "2026-06-02"))
    assert trees.where(trees.check(today=dt.date(2026, 6, 2)), "future-review") == []
    assert trees.where(trees.check(today=dt.date(2026, 6, 1)), "future-review") == [("a.yaml", 3, 12)]


def test_impossible_date_is_bad_date_at_the_date(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R, head=trees.head.replace("2026-01-01", "2026-02-30"))
    assert [(p.code, p.line, p.col) for p in trees.check().problems] == [("bad-date", 3, 12)]


def chain(questions: int) -> str:
    nodes = ""
    for i in range(1, questions + 1):
        after = f"q{i + 1}" if i < questions else "r"
        nodes += f"q{i}:\n  question: Q{i}?\n  answers:\n    - answer: Go on\n      next: {after}\n"
        nodes += "    - answer: Stop\n      next: r\n"
    return nodes + R


def test_a_path_of_more_clicks_than_the_limit_is_a_deep_path_error_at_the_start(trees: TreeDir) -> None:
    trees.tree("a.yaml", chain(MAX_CLICKS + 1), start="q1")
    project = trees.check()
    assert [(p.code, p.line, p.col, p.level) for p in project.problems] == [("deep-path", 5, 8, Level.ERROR)]
    route = " > ".join([f"q{i}" for i in range(1, MAX_CLICKS + 2)] + ["r"])
    assert project.problems[0].message.endswith(f"(at most {MAX_CLICKS}): {route}")


def test_a_path_of_exactly_the_limit_is_fine(trees: TreeDir) -> None:
    trees.tree("a.yaml", chain(MAX_CLICKS), start="q1")
    assert trees.check().problems == []


def test_clicks_go_on_into_the_tree_a_link_leads_to(trees: TreeDir) -> None:
    # 4 questions here, then 4 in b.yaml: 8 clicks from a's start, 4 from b's.
    trees.tree(
        "a.yaml", chain(4).replace("next: r\n", "next: b\n", 1).replace("next: r\n", "next: b\n"), start="q1"
    )
    trees.tree("b.yaml", chain(4), start="q1")
    assert [(name, line) for name, line, _ in trees.where(trees.check(), "deep-path")] == [("a.yaml", 5)]


@pytest.mark.parametrize("reserved", sorted(RESERVED_IDS))
def test_node_id_reserved_for_a_generated_page_is_reserved_id_at_the_id(
    trees: TreeDir, reserved: str
) -> None:
    trees.tree("a.yaml", Q.replace("next: r", f"next: {reserved}", 1) + R + resolution(reserved))
    assert trees.where(trees.check(), "reserved-id") == [("a.yaml", *trees.node_at("a.yaml", reserved))]


def test_tree_file_named_like_a_generated_page_is_refused(trees: TreeDir) -> None:
    trees.tree("map.yaml", Q + R)
    assert trees.where(trees.check(), "duplicate-tree") == [("map.yaml", 1, 1)]


def test_tree_file_name_that_is_not_an_id_is_bad_tree_id(trees: TreeDir) -> None:
    trees.tree("My_Tree.yaml", Q + R)
    assert trees.where(trees.check(), "bad-tree-id") == [("My_Tree.yaml", 1, 1)]


def test_cause_missing_from_causes_file_is_unknown_cause_at_the_item(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q + R.replace("[app-bug]", "[app-bug, no-such-cause]"))
    assert trees.where(trees.check(), "unknown-cause") == [("a.yaml", *trees.at("a.yaml", "no-such-cause"))]


def test_trees_without_a_causes_file_get_missing_causes_once_not_one_per_cause(trees: TreeDir) -> None:
    (trees.root / "causes.yaml").unlink()
    trees.tree("a.yaml", Q + R)
    project = trees.check()
    assert trees.where(project, "missing-causes") == [("a.yaml", 1, 1)]
    assert trees.where(project, "unknown-cause") == []


def test_a_broken_causes_file_is_reported_there_and_nowhere_else(trees: TreeDir) -> None:
    trees.write("causes.yaml", "causes: [unclosed\n")
    trees.tree("a.yaml", Q + R)
    project = trees.check()
    assert {Path(p.path).name for p in project.problems} == {"causes.yaml"}


def test_every_problem_of_every_file_is_reported_in_one_run_sorted_by_place(trees: TreeDir) -> None:
    trees.tree("a.yaml", Q.replace("next: r", "next: gone", 1) + R + resolution("orphan"))
    trees.tree("b.yaml", Q + R.replace("outcome: fixed", "outcome: broken"))
    trees.write("c.yaml", "title: a\ntitle: b\n")
    trees.tree("d.yaml", Q + R, start="nope")
    project = trees.check()
    found = [(Path(p.path).name, p.line, p.col, p.code) for p in project.problems]
    assert found == sorted(found)
    assert [(name, code) for name, _, _, code in found] == [
        ("a.yaml", "unknown-target"),
        ("a.yaml", "unreachable"),
        ("b.yaml", "schema"),
        ("c.yaml", "duplicate-key"),
        ("d.yaml", "missing-start"),
    ]


# --- GOV.UK Smart Answers style: for this answer, the next node is ... -------------------------------------

SMALL_FLOW = [
    ("demo", "what-happens", "It spins forever", ("demo", "try-wifi")),
    ("demo", "what-happens", "It crashes", ("other", "crash-kind")),
    ("demo", "try-wifi", FIXED_LABEL, ("demo", "fixed-signal")),
    ("demo", "try-wifi", NOT_FIXED_LABEL, ("demo", "app-bug")),
    ("other", "crash-kind", "At start", ("demo", "app-bug")),
    ("other", "crash-kind", "Later", ("other", "restart")),
    ("other", "restart", FIXED_LABEL, ("other", "restarted")),
    ("other", "restart", NOT_FIXED_LABEL, ("demo", "app-bug")),
]


@pytest.fixture(scope="module")
def small() -> Project:
    return load_project([FIXTURES / "small"], today=dt.date(2026, 6, 1))


@pytest.mark.parametrize(("tree", "node", "label", "expected"), SMALL_FLOW)
def test_for_this_answer_the_next_node_is(
    small: Project, tree: str, node: str, label: str, expected: tuple[str, str]
) -> None:
    next_nodes = [key for key, link in small.edges[(tree, node)] if link.label == label]
    assert next_nodes == [expected]


def test_every_button_of_the_small_fixtures_is_covered_by_the_flow_table(small: Project) -> None:
    buttons = {(key[0], key[1], link.label) for key, edges in small.edges.items() for _, link in edges}
    assert buttons == {(t, n, label) for t, n, label, _ in SMALL_FLOW}


def test_resolutions_of_the_small_fixtures_are_ends_with_no_way_on(small: Project) -> None:
    ends = {key for key in small.edges if small.node(key).kind is Kind.RESOLUTION}
    assert ends == {("demo", "fixed-signal"), ("demo", "app-bug"), ("other", "restarted")}
    assert all(small.edges[key] == [] for key in ends)


def test_small_fixtures_are_valid_and_every_branch_ends(small: Project) -> None:
    assert small.problems == []
    assert every_branch_ends(small) == {"demo": True, "other": True}


# --- the real content --------------------------------------------------------------------------------------


def test_real_trees_have_no_errors() -> None:
    project = load_project([REPO / "trees"])
    assert [p.gcc() for p in project.problems if p.is_error] == []


def test_every_branch_of_every_real_tree_ends_at_a_resolution() -> None:
    project = load_project([REPO / "trees"])
    ends = every_branch_ends(project)
    assert set(ends) == set(project.trees)
    assert [tree for tree, ok in ends.items() if not ok] == []


# --- fuzz: whatever a tree file contains, the project loads and every problem is located -------------------

FRAGMENTS = st.sampled_from(
    ["title: T\n", "summary: S\n", 'reviewed: "2026-01-01"\n', "reviewed: 2026-02-30\n", "symptoms: [x]\n",
     "start: q\n", "nodes:\n", "  q:\n", "    question: Q?\n", "    answers:\n", "      - answer: A\n",
     "        next: r\n", "        next: q\n", "        next: b/q\n", "  r:\n", "    resolution: R\n",
     "    outcome: fixed\n", "    causes: [app-bug]\n", "    body: <script>\n", "    step: S\n",
     "    fixed: r\n", "    not_fixed: q\n", "  &a x: *a\n", "[", "{", "\t", "- ", ": ", "\xff", "\n"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=st.lists(FRAGMENTS, max_size=25).map("".join), b=st.lists(FRAGMENTS, max_size=25).map("".join))
def test_random_tree_files_never_raise_and_every_problem_is_located(
    tmp_path_factory: pytest.TempPathFactory, a: str, b: str
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copy(FIXTURES / "small" / "causes.yaml", root)
    (root / "a.yaml").write_bytes(a.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
    (root / "b.yaml").write_text(b, encoding="utf-8")
    project = load_project([root], today=dt.date(2026, 6, 1))
    for p in project.problems:
        assert p.line >= 1 and p.col >= 1, p
        assert Path(p.path).name in {"a.yaml", "b.yaml", "causes.yaml"}
    assert project.problems == sorted(project.problems)


def test_a_tree_saved_with_an_upper_case_extension_is_loaded_not_skipped(trees: TreeDir) -> None:
    trees.tree("shouting.YAML", Q + R)
    project = trees.check()
    assert "shouting" in project.trees
    assert project.problems == []
