"""Problem formats: gcc lines for people and editors, GitHub annotations for CI, JSON for tools."""

from __future__ import annotations

import io
import json
import re

import pytest

from build_tools.core.problems import FORMATS, MAX_MESSAGE, Level, Problem, format_problems, has_errors
from build_tools.mkdocs import serve_errors

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
    p = Problem("a,b:c.yaml", 1, 1, "schema", "100% wrong")
    assert p.github() == "::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=schema::100%25 wrong"


# What a key, value or file name may hold to take over a terminal: OSC 52 (write the clipboard), erase the
# line and return to its start (to print a forged line over the real one), a bell, a new line (a second,
# forged diagnostic), C1 CSI, and a right-to-left override that reorders what is shown.
TERMINAL_TRICKS = "\x1b]52;c;ZXZpbA==\x07\x1b[2K\r0 error(s)\nfake.yaml:1:1: ok\x9b31m\u202eyaml.x\u2028"
VISIBLE = r"\x1b]52;c;ZXZpbA==\x07\x1b[2K\r0 error(s)\nfake.yaml:1:1: ok\x9b31m\u202eyaml.x\u2028"


def _hostile_problem() -> Problem:
    return Problem(f"trees/{TERMINAL_TRICKS}.yaml", 1, 1, "yaml-value", f"key {TERMINAL_TRICKS!s} here")


def _raw_control(text: str) -> list[str]:
    """Characters no diagnostic may print as they are."""
    bad = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0)), "\u202e", "\u2028"}
    return sorted({c for c in text if c in bad})


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_control_characters_as_visible_escapes(fmt: str) -> None:
    out = format_problems([_hostile_problem(), B], fmt)
    assert not [line for line in out.split("\n") if _raw_control(line)]
    if fmt == "json":  # what a tool reading the JSON prints is visible too
        data = json.loads(out)
        hostile = next(d for d in data if d["code"] == "yaml-value")
        assert VISIBLE in hostile["path"] and VISIBLE in hostile["message"]
        assert not _raw_control("".join(str(v) for d in data for v in d.values()))
    else:
        assert len(out.split("\n")) == 2, "one line per problem"
        assert VISIBLE in out or VISIBLE.replace(":", "%3A").replace(",", "%2C") in out


def test_the_serve_report_and_page_show_control_characters_as_visible_escapes() -> None:
    stream = io.StringIO()
    serve_errors.report([_hostile_problem()], stream)
    page = serve_errors.banner([_hostile_problem()], stale=False)
    for out in (stream.getvalue(), page):
        assert not [line for line in out.split("\n") if _raw_control(line)]
        assert VISIBLE in out
    assert len(stream.getvalue().split("\n")) == 3  # the problem, the count, and the end of the line


def test_a_long_message_is_cut_and_says_how_much() -> None:
    p = Problem("t.yaml", 1, 1, "yaml-value", "x" * 900_000)
    assert len(p.message) < MAX_MESSAGE + 40
    assert p.message.endswith(f"({900_000 - MAX_MESSAGE:,} more characters)")


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
