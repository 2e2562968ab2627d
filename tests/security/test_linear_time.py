"""Pathological text can't hang `check` (and so the build, which checks first).

Not a benchmark: the bounds are generous (the machine is shared). Before the fix a one-line field written
as a 200,000-character `|` block took over a minute, and 40,000 `{` took 16 s.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from build_tools.check.validate import load_project
from build_tools.text.safety import find_unsafe

GENEROUS = 10.0  # seconds
PATTERNS = ["{", "<", "[", "`", "*", "_", "&", "![", "<a", "[a](", "```\n", "~~~\n", "- ", "> ", "{: ", "|"]
NEAR_LIMIT = 990_000  # the loader refuses files over 1,000,000 bytes


def _tree(field: str, value: str) -> str:
    """A tree whose `field` holds `value` as a block scalar; everything else is ordinary."""
    title = "|\n  " + value + "\n" if field == "title" else "T\n"
    lines = "".join(f"      {line}\n" for line in value.split("\n"))
    body = "|\n" + lines if field == "body" else "Done.\n"
    return (
        f"title: {title}summary: S\nsymptoms: [x]\nstart: r\nnodes:\n  r:\n    resolution: R\n"
        f"    outcome: fixed\n    causes: [c]\n    body: {body}"
    )


@pytest.mark.parametrize("field", ["title", "body"])
@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_megabyte_of_a_pathological_pattern_is_refused_quickly(
    pattern: str, field: str, tmp_path: Path
) -> None:
    (tmp_path / "causes.yaml").write_text("causes:\n  c:\n    title: C\n    explanation: E.\n")
    run = pattern.replace("\n", " ") if field == "title" else pattern
    value = run * (NEAR_LIMIT // (len(run) + 6 * run.count("\n")))  # each line gets 6 spaces of indent
    (tmp_path / "t.yaml").write_text(_tree(field, value), encoding="utf-8")
    started = time.perf_counter()
    project = load_project([tmp_path])
    took = time.perf_counter() - started
    assert took < GENEROUS, f"{pattern!r} in {field}: {took:.1f} s"
    line = 2 if field == "title" else 11  # the first line of the block
    found = [(p.code, p.line) for p in project.problems if "characters long" in p.message]
    assert found == [("schema", line)], project.problems


@pytest.mark.parametrize("pattern", [*PATTERNS, "- a\n    ", "> - ", "1. ", "!!! a\n    ", "<div>"])
def test_the_longest_allowed_text_of_a_pathological_pattern_checks_quickly(pattern: str) -> None:
    text = pattern * (8000 // len(pattern))
    started = time.perf_counter()
    found = find_unsafe(text, heading=True) if "\n" not in pattern else find_unsafe(text)
    took = time.perf_counter() - started
    assert took < GENEROUS, f"{pattern!r}: {took:.1f} s"
    assert all(0 <= offset < len(text) for offset, _ in found)


def test_lists_nested_past_the_converters_recursion_limit_are_refused_at_their_line() -> None:
    ((offset, message),) = find_unsafe("Intro\n" + "- " * 4000)
    assert offset == 6 and "nested" in message


@pytest.mark.parametrize("pattern", ["[", "[a](", "](", "[a]("])
def test_plain_text_for_descriptions_is_linear_on_brackets(pattern: str) -> None:
    # plain_text runs in the build on contributor text (page descriptions, FAQ structured data).
    from build_tools.render.pages import plain_text

    started = time.perf_counter()
    plain_text(pattern * 200_000)
    assert time.perf_counter() - started < GENEROUS
