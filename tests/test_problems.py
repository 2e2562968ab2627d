"""Problem formats: gcc lines for people and editors, GitHub annotations for CI, JSON for tools."""

from __future__ import annotations

import json
import re

from build_tools.problems import Level, Problem, format_problems, has_errors

GCC = re.compile(r"^[^:]+:\d+:\d+: (error|warning)\[[a-z-]+\]: .+$")
GITHUB = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::.+$")

B = Problem("trees/b.yaml", 3, 1, "cycle", "loops")
A2 = Problem("trees/a.yaml", 10, 2, "dead-end", "stuck")
A1 = Problem("trees/a.yaml", 2, 7, "deep-path", "too deep", Level.WARNING)
A1_EARLIER_COL = Problem("trees/a.yaml", 2, 3, "unknown-target", "nowhere")


def test_gcc_format_is_path_line_col_level_code_message() -> None:
    assert A2.gcc() == "trees/a.yaml:10:2: error[dead-end]: stuck"
    assert A1.gcc() == "trees/a.yaml:2:7: warning[deep-path]: too deep"
    assert all(GCC.match(p.gcc()) for p in (A1, A2, B))


def test_problems_sort_by_path_then_line_then_column() -> None:
    out = format_problems([B, A2, A1, A1_EARLIER_COL]).splitlines()
    assert out == [A1_EARLIER_COL.gcc(), A1.gcc(), A2.gcc(), B.gcc()]


def test_github_format_is_a_workflow_annotation() -> None:
    assert A2.github() == "::error file=trees/a.yaml,line=10,col=2,title=dead-end::stuck"
    assert GITHUB.match(A1.github())
    assert A1.github().startswith("::warning ")


def test_github_format_escapes_what_would_break_the_annotation() -> None:
    p = Problem("a,b:c.yaml", 1, 1, "schema", "100% wrong\nsecond line")
    assert p.github() == "::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=schema::100%25 wrong%0Asecond line"


def test_json_format_is_a_sorted_list_of_objects_with_plain_level() -> None:
    data = json.loads(format_problems([B, A1], "json"))
    assert [(d["path"], d["line"], d["col"], d["code"], d["message"], d["level"]) for d in data] == [
        ("trees/a.yaml", 2, 7, "deep-path", "too deep", "warning"),
        ("trees/b.yaml", 3, 1, "cycle", "loops", "error"),
    ]
    assert set(data[0]) == {"path", "line", "col", "code", "message", "level"}


def test_json_of_no_problems_is_an_empty_list() -> None:
    assert json.loads(format_problems([], "json")) == []


def test_warnings_alone_are_not_errors() -> None:
    assert not has_errors([A1])
    assert has_errors([A1, B])
    assert not A1.is_error and B.is_error
