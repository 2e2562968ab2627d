"""The YAML loader: every kind of broken input becomes one located Problem, and nothing raises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.core.loader import MAX_BYTES, MAX_DEPTH, LocDict, LocList, Pos, load_bytes, load_file, locate
from build_tools.core.problems import Problem


def problems(src: str | bytes) -> list[tuple[str, int, int]]:
    raw = src.encode() if isinstance(src, str) else src
    return [(p.code, p.line, p.col) for p in load_bytes(raw, "t.yaml").problems]


# --- one minimal bad input per rule: code, line and column -------------------------------------------------


def test_unclosed_flow_sequence_is_yaml_syntax_at_the_line_where_parsing_fails() -> None:
    assert problems("a: 1\nb: [1, 2\nc: 3\n") == [("yaml-syntax", 3, 2)]


def test_bad_indentation_is_yaml_syntax_at_the_offending_key() -> None:
    assert problems("a:\n  b: 1\n c: 2\n") == [("yaml-syntax", 3, 2)]


def test_second_document_is_yaml_syntax_not_silently_ignored() -> None:
    assert problems("a: 1\n---\nb: 2\n") == [("yaml-syntax", 2, 1)]


def test_control_character_is_yaml_syntax_not_a_crash() -> None:
    assert [c for c, _, _ in problems("a: \x01\n")] == ["yaml-syntax"]


def test_duplicate_key_is_reported_at_the_second_occurrence_and_first_value_kept() -> None:
    doc = load_bytes(b"title: one\nsummary: s\ntitle: two\n", "t.yaml")
    assert [(p.code, p.line, p.col) for p in doc.problems] == [("duplicate-key", 3, 1)]
    assert doc.data["title"] == "one"


def test_duplicate_key_inside_a_nested_mapping_is_located_at_its_indent() -> None:
    assert problems("a:\n  b: 1\n  c: 2\n  b: 3\n") == [("duplicate-key", 4, 3)]


def test_duplicate_code_can_be_renamed_for_one_mapping_only() -> None:
    src = b"nodes:\n  x: 1\n  x: 2\nother:\n  y: 1\n  y: 2\n"
    doc = load_bytes(src, "t.yaml", duplicate_codes={("nodes",): "duplicate-node"})
    assert [(p.code, p.line) for p in doc.problems] == [("duplicate-node", 3), ("duplicate-key", 6)]


def test_alias_is_reported_at_the_alias_not_the_anchor() -> None:
    assert problems("a: &x hello\nb: *x\n") == [("yaml-alias", 2, 4)]


def test_every_alias_of_one_anchor_gets_its_own_problem() -> None:
    assert problems("a: &x {k: 1}\nb: *x\nc: [1, *x]\n") == [("yaml-alias", 2, 4), ("yaml-alias", 3, 8)]


def test_alias_used_as_a_key_is_reported() -> None:
    assert problems("a: &k foo\n*k : 2\n") == [("yaml-alias", 2, 1)]


def test_self_referencing_alias_is_reported_without_recursing_forever() -> None:
    assert problems("a: &x [1, *x]\n") == [("yaml-alias", 1, 11)]


def test_merge_key_is_reported_at_the_merge_key() -> None:
    src = "base: &b {outcome: fixed}\nnode:\n  <<: *b\n  title: x\n"
    assert ("yaml-alias", 3, 3) in problems(src)


def test_billion_laughs_is_refused_quickly_without_expanding() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    found = problems("\n".join(lines) + "\n")
    assert len(found) == 81
    assert {code for code, _, _ in found} == {"yaml-alias"}


def test_invalid_utf8_is_reported_at_the_line_and_column_of_the_bad_byte() -> None:
    assert problems(b"title: ok\nsummary: caf\xe9 au lait\n") == [("not-utf8", 2, 13)]


def test_utf16_file_is_not_utf8() -> None:
    assert [c for c, _, _ in problems("title: x\n".encode("utf-16"))] == ["not-utf8"]


def test_file_larger_than_the_limit_is_refused_before_parsing() -> None:
    raw = b"a: " + b"x" * MAX_BYTES + b"\n"
    assert problems(raw) == [("file-too-large", 1, 1)]


def test_file_at_the_size_limit_is_still_read() -> None:
    raw = b"a: " + b"x" * (MAX_BYTES - 4) + b"\n"
    assert len(raw) == MAX_BYTES
    assert problems(raw) == []


def test_load_file_refuses_a_large_file_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    doc = load_file(big, "big.yaml")
    assert [(p.path, p.code, p.line) for p in doc.problems] == [("big.yaml", "file-too-large", 1)]


def test_load_file_of_a_folder_is_unreadable_not_an_exception(tmp_path: Path) -> None:
    doc = load_file(tmp_path, "dir")
    assert [p.code for p in doc.problems] == ["unreadable"]


@pytest.mark.parametrize("src", ["", "\n\n", "# only a comment\n"])
def test_empty_file_is_reported_at_line_one(src: str) -> None:
    assert problems(src) == [("empty-file", 1, 1)]


def test_block_nesting_deeper_than_the_limit_is_too_deep_at_the_first_level_past_it() -> None:
    src = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 2)) + "  " * (MAX_DEPTH + 2) + "v\n"
    # The root mapping is depth 0; the value of k{MAX_DEPTH} is the first node deeper than MAX_DEPTH.
    assert problems(src) == [("too-deep", MAX_DEPTH + 2, 2 * (MAX_DEPTH + 1) + 1)]


def test_hundred_thousand_brackets_do_not_crash_the_process() -> None:
    # libyaml's C composer recurses and segfaults near 50,000 levels; run it where a crash cannot take the
    # test session down, and require a clean too-deep problem.
    code = (
        "from build_tools.core.loader import load_bytes\n"
        "for ch in '[{':\n"
        "    d = load_bytes(ch.encode() * 100_000, 'deep.yaml')\n"
        "    print([(p.code, p.line, p.col) for p in d.problems])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    col = MAX_DEPTH + 2
    assert run.stdout.splitlines() == [f"[('too-deep', 1, {col})]"] * 2


# --- positions ---------------------------------------------------------------------------------------------


def test_mappings_and_sequences_remember_one_based_positions_of_keys_values_and_items() -> None:
    doc = load_bytes(b"# comment\ntop:\n  name: x\n  list:\n    - a\n    - b\n", "t.yaml")
    assert not doc.problems
    top = doc.data["top"]
    assert isinstance(doc.data, LocDict) and isinstance(top, LocDict)
    assert doc.data.key_pos["top"] == Pos(2, 1)
    assert top.key_pos["name"] == Pos(3, 3) and top.value_pos["name"] == Pos(3, 9)
    assert isinstance(top["list"], LocList)
    assert top["list"].item_pos == [Pos(5, 7), Pos(6, 7)]


def test_block_scalar_value_position_is_its_first_text_line_not_the_indicator() -> None:
    doc = load_bytes(b"body: |\n    first\n    second\n", "t.yaml")
    assert doc.data.value_pos["body"] == Pos(2, 5)


def test_dates_stay_text_so_the_schema_can_check_their_shape() -> None:
    doc = load_bytes(b"reviewed: 2026-01-01\n", "t.yaml")
    assert doc.data["reviewed"] == "2026-01-01"


def test_unreadable_typed_value_is_a_located_problem() -> None:
    assert problems("a: 1\nb: !!int zz\n") == [("yaml-value", 2, 4)]


def test_python_tags_are_not_executed() -> None:
    doc = load_bytes(
        b"a: !!python/object/apply:os.system [echo hi]\nb: !!python/name:os.system x\n", "t.yaml"
    )
    assert doc.data["a"] == ["echo hi"]
    assert [(p.code, p.line) for p in doc.problems] == [("yaml-value", 2, 4)[:2]]


@pytest.mark.parametrize("value", ["!!int", "!!int ''", "!!bool maybe", "!!float x", "!!binary 'a'"])
def test_value_that_does_not_fit_its_tag_is_a_located_problem_not_an_exception(value: str) -> None:
    assert problems(f"a: 1\nb: {value}\n") == [("yaml-value", 2, 4)]


def test_depth_limit_does_not_depend_on_file_length() -> None:
    # Long files take a pre-parse guard path; it must draw the line exactly where the converter does.
    at_limit = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    assert problems(at_limit) == []
    assert problems(at_limit + "\n#" + "x" * 6000 + "\n") == []
    over = "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2)
    assert problems(over) == [("too-deep", 1, MAX_DEPTH + 2)]
    assert problems(over + "\n#" + "x" * 6000 + "\n") == [("too-deep", 1, MAX_DEPTH + 2)]


def test_complex_key_is_a_located_problem() -> None:
    assert problems("x: 1\n? [a]\n: 1\n") == [("yaml-key", 2, 3)]


def test_locate_returns_key_or_value_position_and_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_bytes(b"nodes:\n  q:\n    answers:\n      - next: r\n", "t.yaml")
    data = doc.data
    assert locate(data, ("nodes", "q", "answers", 0, "next")) == Pos(4, 15)
    assert locate(data, ("nodes", "q"), key=True) == Pos(2, 3)
    assert locate(data, ("nodes", "q", "missing")) == Pos(2, 3)
    assert locate(data, ("nodes", "q", "answers", 5)) == Pos(3, 5)


# --- fuzz: no input raises, every problem is located --------------------------------------------------------

TOKENS = ["a", "-", " ", "  ", ":", "\n", "[", "]", "{", "}", ",", "&x", "*x", "<<", "!!int", "'", '"', "|"]
TOKENS += [">", "#", "?", "---", "...", "%YAML 1.1", "\t", "\x00", "é", "\ufeff", "nodes", "q", "1"]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


def _assert_located(found: list[Problem]) -> None:
    for p in found:
        assert p.line >= 1 and p.col >= 1, p
        assert p.code and p.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_random_bytes_never_raise_and_problems_are_located(raw: bytes) -> None:
    doc = load_bytes(raw, "fuzz.yaml")
    _assert_located(doc.problems)
    assert all(p.path == "fuzz.yaml" for p in doc.problems)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_random_yaml_like_text_never_raises_and_problems_are_located(text: str) -> None:
    doc = load_bytes(text.encode("utf-8"), "fuzz.yaml")
    _assert_located(doc.problems)


def _shape(value: object) -> object:
    """Data and every recorded position, as plain values, so two loads can be compared with ==."""
    if isinstance(value, LocDict):
        return (
            "map",
            value.pos,
            [(k, value.key_pos[k], value.value_pos.get(k), _shape(v)) for k, v in value.items()],
        )
    if isinstance(value, LocList):
        return ("seq", value.pos, list(value.item_pos), [_shape(v) for v in value])
    return value


_SCALARS = st.one_of(
    st.text(alphabet="ab :#&*-'\"\n|>!%@`yesnoNOtrue01.2", max_size=12),
    st.sampled_from(
        ["yes", "No", "~", "null", "1", "0x1F", "1e3", "2026-01-01", "2026-02-30", ".inf", "&a", "*a"]
    ),
    st.integers(),
    st.booleans(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text("abcq:-", min_size=1, max_size=5), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(st.text("abc", min_size=1, max_size=4), _VALUES, min_size=1, max_size=5),
    flow=st.sampled_from([None, True, False]),
    style=st.sampled_from([None, "'", '"', "|", ">"]),
)
def test_fast_path_loads_exactly_what_the_plain_path_does(
    data: dict[str, object], flow: bool | None, style: str | None
) -> None:
    text = yaml.safe_dump(
        data, default_flow_style=flow, default_style=style, allow_unicode=True, sort_keys=False
    )
    fast = load_bytes(text.encode(), "t.yaml")
    plain = load_bytes(text.encode(), "t.yaml", fast=False)
    assert _shape(fast.data) == _shape(plain.data)
    assert fast.problems == plain.problems


@pytest.mark.parametrize(
    "text",
    ["a: &x 1\nb: *x\n", "a: [b, {c: d}]\nc: |\n  x\n  y\n", "a: 1\na: 2\n", "? [k]\n: v\n", "a: !!int zz\n"],
)
def test_fast_path_matches_on_aliases_duplicates_and_bad_values(text: str) -> None:
    fast = load_bytes(text.encode(), "t.yaml")
    plain = load_bytes(text.encode(), "t.yaml", fast=False)
    assert _shape(fast.data) == _shape(plain.data)
    assert fast.problems == plain.problems
