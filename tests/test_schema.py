"""Structure: each schema mistake is one `schema` problem at the key or value a contributor has to fix."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.core.loader import load_bytes
from build_tools.core.schema import (
    CAUSES_SCHEMA,
    TREE_SCHEMA,
    _fast_validator,
    _full_validator,
    check_structure,
)

GOOD = """\
title: T
summary: S
reviewed: "2026-01-01"
symptoms: [x]
start: q
nodes:
  q:
    question: Q?
    answers:
      - answer: A
        next: r
      - answer: B
        next: s
  s:
    step: Try this
    body: Do it.
    fixed: r
    not_fixed: r
  r:
    resolution: R
    outcome: fixed
    causes: [app-bug]
    body: Done.
"""


def schema_problems(src: str, schema: str = TREE_SCHEMA) -> list[tuple[int, int]]:
    doc = load_bytes(src.encode(), "t.yaml")
    assert doc.ok, doc.problems
    found = check_structure(doc, schema)
    assert {p.code for p in found} <= {"schema"}
    return [(p.line, p.col) for p in found]


def pos(src: str, needle: str) -> tuple[int, int]:
    assert src.count(needle) == 1, needle
    i = src.index(needle)
    return src.count("\n", 0, i) + 1, i - (src.rfind("\n", 0, i) + 1) + 1


def node_key(src: str, node_id: str) -> tuple[int, int]:
    line, _ = pos(src, f"\n  {node_id}:")
    return line + 1, 3


def test_the_reference_tree_is_structurally_valid() -> None:
    assert schema_problems(GOOD) == []


def test_unknown_key_in_a_node_is_reported_at_the_key() -> None:
    src = GOOD.replace("    body: Done.\n", "    body: Done.\n    colour: red\n")
    assert schema_problems(src) == [pos(src, "colour")]


def test_unknown_top_level_key_is_reported_at_the_key() -> None:
    src = GOOD.replace("start: q\n", "start: q\nauthor: me\n")
    assert schema_problems(src) == [pos(src, "author")]


def test_wrong_type_is_reported_at_the_value() -> None:
    src = GOOD.replace("symptoms: [x]", "symptoms: just one")
    assert schema_problems(src) == [pos(src, "just one")]


def test_number_where_text_belongs_is_a_wrong_type() -> None:
    src = GOOD.replace("resolution: R", "resolution: 42")
    assert schema_problems(src) == [pos(src, "42")]


def test_missing_required_key_in_a_node_is_reported_at_the_node_id() -> None:
    src = GOOD.replace("    body: Done.\n", "")
    assert schema_problems(src) == [node_key(src, "r")]


def test_missing_required_top_level_key_is_reported_at_the_start_of_the_file() -> None:
    src = GOOD.replace("summary: S\n", "")
    assert schema_problems(src) == [(1, 1)]


def test_node_id_that_is_not_a_slug_is_reported_at_the_id() -> None:
    src = GOOD.replace("  s:\n", "  Try_This:\n").replace("next: s", "next: try-this")
    assert pos(src, "Try_This") in schema_problems(src)


@pytest.mark.parametrize("bad", ["Try This", "try--this", "-try", "try/this/too"])
def test_link_target_that_is_not_an_id_is_reported_at_the_value(bad: str) -> None:
    src = GOOD.replace("next: s", f"next: {bad}")
    assert schema_problems(src) == [pos(src, bad)]


def test_id_with_a_trailing_newline_is_not_an_id() -> None:
    # Python's `$` matches before a final newline; the schema's ECMA `$` does not.
    src = GOOD.replace("  s:\n", '  "s\\n":\n').replace("next: s", 'next: "s\\n"')
    assert schema_problems(src) == sorted(
        [pos(src, '"s\\n":'), pos(src, 's\\n"\n')]
    )  # key at its quote, value at its text


def test_two_line_title_is_not_a_single_line() -> None:
    src = GOOD.replace("title: T", 'title: "T\\n"')
    assert schema_problems(src) == [(1, 9)]


def test_unknown_outcome_is_reported_at_the_value() -> None:
    src = GOOD.replace("outcome: fixed", "outcome: broken")
    assert schema_problems(src) == [pos(src, "broken")]


def test_node_with_two_kinds_is_reported_once_at_the_node_id() -> None:
    src = GOOD.replace("    step: Try this\n", "    step: Try this\n    question: Or this?\n")
    assert schema_problems(src) == [node_key(src, "s")]


def test_node_with_no_kind_is_reported_at_the_node_id() -> None:
    src = GOOD.replace("    step: Try this\n", "")
    assert schema_problems(src) == [node_key(src, "s")]


def test_step_without_body_or_platforms_is_reported_at_the_node_id() -> None:
    src = GOOD.replace("    body: Do it.\n", "")
    assert schema_problems(src) == [node_key(src, "s")]


def test_unknown_platform_is_reported_at_the_key() -> None:
    src = GOOD.replace("    body: Do it.\n", "    platforms:\n      windows: Click it.\n")
    assert schema_problems(src) == [pos(src, "windows")]


def test_reviewed_that_is_not_shaped_like_a_date_is_reported_at_the_value() -> None:
    src = GOOD.replace('reviewed: "2026-01-01"', "reviewed: last week")
    assert schema_problems(src) == [pos(src, "last week")]


def test_empty_nodes_is_reported() -> None:
    src = GOOD[: GOOD.index("nodes:")] + "nodes: {}\n"
    assert schema_problems(src) == [pos(src, "{}")]


def test_file_that_is_a_list_is_reported_at_the_start() -> None:
    assert schema_problems("- a\n- b\n") == [(1, 1)]


def test_causes_file_with_an_unknown_key_is_reported_at_the_key() -> None:
    src = "causes:\n  app-bug:\n    title: App bug\n    explanation: x\n    link: y\n"
    assert schema_problems(src, CAUSES_SCHEMA) == [pos(src, "link")]


def test_several_mistakes_are_all_reported_in_one_check() -> None:
    src = GOOD.replace("outcome: fixed", "outcome: broken").replace("next: s", "next: S!")
    assert schema_problems(src) == sorted([pos(src, "broken"), pos(src, "S!")])


# The fast compiled validator clears valid files; the full one explains invalid ones. If they disagree, an
# invalid file is passed with no problem (or a valid file fails with none): they must agree on every input.

WEIRD = st.one_of(
    st.sampled_from(["q", "r", "s", "x\n", "\n", "", " ", "a b", "Q", "q-", "t/r", "2026-01-01", "2026-1-1"]),
    st.text(alphabet="ab-/\n 9Z", max_size=6),
    st.integers(-2, 2),
    st.none(),
    st.lists(st.sampled_from(["x", "app-bug", "", "\n"]), max_size=2),
)
FIELDS = [
    ("title",),
    ("reviewed",),
    ("start",),
    ("symptoms",),
    ("nodes", "q", "answers", 0, "next"),
    ("nodes", "q", "answers", 1, "answer"),
    ("nodes", "s", "fixed"),
    ("nodes", "r", "outcome"),
    ("nodes", "r", "causes"),
    ("nodes", "r", "body"),
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIELDS), WEIRD), max_size=3))
def test_fast_and_full_validators_agree(changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = yaml.safe_load(GOOD)
    for path, value in changes:
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    fast_ok = True
    try:
        _fast_validator(TREE_SCHEMA)(data)
    except Exception:
        fast_ok = False
    full_ok = not list(_full_validator(TREE_SCHEMA).iter_errors(data))
    assert fast_ok == full_ok
