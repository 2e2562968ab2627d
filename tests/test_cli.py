"""`python -m build_tools check|stats`: exit codes 0 clean / 1 problems / 2 usage, and parseable output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import cli

SMALL = Path(__file__).parent / "fixtures" / "small"
REPO = Path(__file__).parent.parent
GCC = re.compile(r"^[^:]+:\d+:\d+: (error|warning)\[[a-z-]+\]: .+$")
GITHUB = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::.+$")


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A private copy of the small valid fixtures, to break."""
    return Path(shutil.copytree(SMALL, tmp_path / "small"))


def break_next(folder: Path) -> None:
    """Point a button of demo.yaml at a node that does not exist (nothing else changes)."""
    demo = folder / "demo.yaml"
    demo.write_text(demo.read_text().replace("not_fixed: app-bug", "not_fixed: nowhere"))


def value_pos(file: Path, key_value: str) -> tuple[int, int]:
    line, col = line_col(file, key_value)
    return line, col + key_value.index(": ") + 2


def line_col(file: Path, needle: str) -> tuple[int, int]:
    text = file.read_text()
    i = text.index(needle)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


# --- exit codes ---------------------------------------------------------------------------------------------


def test_check_of_valid_trees_exits_0_prints_nothing_and_summarises_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["check", str(SMALL)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "checked 2 trees, 7 nodes: 0 error(s), 0 warning(s)"


def test_check_with_an_error_exits_1_with_gcc_lines(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_next(small)
    assert cli.main(["check", str(small)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(GCC.match(line) for line in lines), lines
    assert any("error[unknown-target]" in line for line in lines)


def test_check_with_only_a_warning_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SMALL / "causes.yaml", tmp_path)
    head = 'title: T\nsummary: S\nreviewed: "2026-01-01"\nsymptoms: [x]\nstart: q1\nnodes:\n'
    question = "  q1:\n    question: Q?\n    answers:\n"
    question += "      - {answer: 'On', next: r}\n      - {answer: 'Off', next: r}\n"
    res = "  r:\n    resolution: R\n    kind: fixed\n    causes: [app-bug, weak-signal]\n    body: Done.\n"
    (tmp_path / "old.yaml").write_text(head + question + res)
    assert cli.main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"[^\n]*old\.yaml:14:5: warning\[deprecated-key\]: [^\n]+\n", out), out


@pytest.mark.parametrize(
    "argv",
    [["frobnicate"], [], ["check", "--format", "xml"], ["check", "--bogus"], ["stats", "--format", "json"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_usage_error_exits_2_from_the_command_line_without_a_traceback() -> None:
    result = run("check", "--format", "xml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--format" in result.stderr


# --- formats ------------------------------------------------------------------------------------------------


def test_github_format_prints_one_annotation_per_problem(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_next(small)
    assert cli.main(["check", "--format", "github", str(small)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    line, col = line_col(small / "demo.yaml", "nowhere")
    assert lines == [
        f"::error file={small / 'demo.yaml'},line={line},col={col},title=unknown-target::"
        + lines[0].split("::")[-1]
    ]
    assert all(GITHUB.match(x) for x in lines)
    assert err == ""  # no human summary mixed into machine output


def test_json_format_parses_and_carries_code_and_position(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_next(small)
    assert cli.main(["check", "--format", "json", str(small)]) == 1
    data = json.loads(capsys.readouterr().out)
    line, col = line_col(small / "demo.yaml", "nowhere")
    assert [(Path(d["path"]).name, d["line"], d["col"], d["code"], d["level"]) for d in data] == [
        ("demo.yaml", line, col, "unknown-target", "error")
    ]


def test_json_format_of_a_clean_check_is_an_empty_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--format", "json", str(SMALL)]) == 0
    assert json.loads(capsys.readouterr().out) == []


# --- paths --------------------------------------------------------------------------------------------------


def test_missing_path_is_a_clean_located_error_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-tree.yaml"
    result = run("check", str(missing))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.fullmatch(rf"{re.escape(str(missing))}:1:1: error\[unreadable\]: .+\n", result.stdout)


def test_check_without_paths_checks_the_trees_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(SMALL, tmp_path / "trees")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 0
    assert "checked 2 trees" in capsys.readouterr().err


def test_single_file_reports_only_its_own_problems_but_resolves_links_to_sibling_trees(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # other.yaml links into demo.yaml; break demo.yaml so the folder has problems outside other.yaml.
    break_next(small)
    other = small / "other.yaml"
    other.write_text(other.read_text().replace("not_fixed: demo/app-bug", "not_fixed: demo/gone"))
    assert cli.main(["check", str(other)]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines() if line]
    line, col = line_col(other, "demo/gone")
    assert problems == [
        f"{other}:{line}:{col}: error[unknown-target]: next node 'demo/gone' does not match any node or tree"
    ]


def test_single_valid_file_linking_to_a_sibling_tree_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(SMALL / "other.yaml")]) == 0
    assert capsys.readouterr().out == ""


def test_named_file_that_is_not_yaml_by_name_is_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n")
    assert cli.main(["check", str(notes)]) == 1
    assert f"{notes}:1:1: error[schema]" in capsys.readouterr().out


def test_hundred_thousand_brackets_in_a_tree_exit_1_with_too_deep_not_a_crash(tmp_path: Path) -> None:
    shutil.copy(SMALL / "causes.yaml", tmp_path)
    (tmp_path / "deep.yaml").write_text("[" * 100_000)
    result = run("check", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'deep.yaml'}:1:42: error[too-deep]: nesting deeper than 40 levels"
    ]


# --- deleting a node that something points to --------------------------------------------------------------


def test_deleting_a_node_that_is_a_next_target_fails_with_errors_at_every_dangling_reference(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo, other = small / "demo.yaml", small / "other.yaml"
    text = demo.read_text()
    demo.write_text(text[: text.index("  app-bug:\n")])  # app-bug is the last node of demo.yaml
    assert cli.main(["check", str(small)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert all("error[unknown-target]" in line for line in out), out
    located = [line.split(": error[")[0] for line in out]
    assert located == [
        "{}:{}:{}".format(demo, *value_pos(demo, "not_fixed: app-bug")),
        "{}:{}:{}".format(other, *value_pos(other, "next: demo/app-bug")),
        "{}:{}:{}".format(other, *value_pos(other, "not_fixed: demo/app-bug")),
    ]


# --- stats --------------------------------------------------------------------------------------------------


def test_stats_prints_a_row_per_tree_with_complete_path_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["stats", str(SMALL)]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == [
        "tree",
        "nodes",
        "questions",
        "steps",
        "resolutions",
        "paths",
        "clicks",
        "max",
        "questions",
    ]
    # demo: what-happens -> try-wifi -> 2 ends, and -> other's 3 paths; other: 1 + 2 paths.
    assert rows[1:] == [
        ["demo", "4", "1", "1", "2", "5", "3", "2"],
        ["other", "3", "1", "1", "1", "3", "2", "1"],
    ]


def test_stats_of_invalid_trees_exits_1_with_the_problems(
    small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_next(small)
    assert cli.main(["stats", str(small)]) == 1
    assert "error[unknown-target]" in capsys.readouterr().out


def test_check_from_the_command_line_runs_clean_on_the_small_fixtures() -> None:
    result = run("check", str(SMALL))
    assert result.returncode == 0
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
