"""Work in proportion to the input: a page's size doesn't grow with its path, a text over budget never reaches
the Markdown converter, a file with too many nodes is refused before it is modelled, and a comment in a tree
can't silence the checks that keep the site safe and fast. (Times for 1 MB trees of each shape, and for
`diff` on permuted answers, are measured in benchmarks/hostile_shapes.py.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import shapes
from conftest import TreeDir

from build_tools import cli
from build_tools.check.validate import load_project
from build_tools.render.generator import MAX_TRAIL, Generator
from build_tools.rules.budget import MAX_NODES, MAX_PATH_NODES
from build_tools.rules.examples import CAUSES, VALID, broken
from build_tools.text import safety, sanitize


def _chain(steps: int) -> str:
    """`steps` steps in a row, each `not_fixed` leading to the next, the last to a resolution."""
    out = "".join(
        f"  s{i}:\n    step: Step number {i}\n    body: Do thing {i}.\n    general: true\n"
        f"    fixed: done\n    not_fixed: {f's{i + 1}' if i + 1 < steps else 'done'}\n"
        for i in range(steps)
    )
    return out + "  done:\n    resolution: Done\n    outcome: fixed\n    causes: [app-bug]\n    body: Done.\n"


def _chain_tree(tmp_path: Path, steps: int) -> Path:
    head = VALID[: VALID.index("start:")]
    (tmp_path / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (tmp_path / "t.yaml").write_text(f"{head}start: s0\nnodes:\n{_chain(steps)}", encoding="utf-8")
    return tmp_path


def test_a_page_deep_in_a_long_chain_is_as_big_as_one_near_the_start(tmp_path: Path) -> None:
    project = load_project([_chain_tree(tmp_path, 250)])
    assert "long-path" in {p.code for p in project.problems}  # check refuses it ...
    project.problems = []  # ... and the generator is used anyway
    pages = {p.src: p for p in Generator(project).pages()}

    def size(node: str) -> int:
        page = next(p for src, p in pages.items() if src.rstrip("/").endswith(f"/{node}.md"))
        return len(page.content) + len(page.before) + len(page.after)

    near, deep = size(f"s{MAX_TRAIL + 5}"), size("s249")
    assert deep < near * 1.1, (near, deep)
    deepest = next(p for src, p in pages.items() if src.endswith("/s249.md"))
    assert deepest.after.count('class="dt-trail-q"') == MAX_TRAIL
    assert "Earlier answers are not shown here" in deepest.after


def test_a_path_longer_than_the_node_budget_is_a_located_error(tmp_path: Path) -> None:
    project = load_project([_chain_tree(tmp_path, MAX_PATH_NODES)])  # the steps and the resolution
    found = [(p.line, p.col) for p in project.problems if p.code == "long-path"]
    assert found == [(5, 8)]


def test_a_path_at_the_node_budget_passes_it(tmp_path: Path) -> None:
    project = load_project([_chain_tree(tmp_path, MAX_PATH_NODES - 1)])
    assert "long-path" not in {p.code for p in project.problems}


def test_a_text_over_budget_never_reaches_the_markdown_converter(
    trees: TreeDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    headings = "\n".join(["#"] * 2_000)  # the shape that kept check busy for minutes
    converted: list[str] = []
    render = sanitize.render

    def spy(text: str) -> tuple[str, dict[str, str]]:
        converted.append(text)
        return render(text)

    monkeypatch.setattr(sanitize, "render", spy)  # safety calls sanitize.render
    (trees.root / "t.yaml").write_text(
        broken("body: It was a bug in the app.", "body: |\n      " + headings.replace("\n", "\n      ")),
        encoding="utf-8",
    )
    project = trees.check()
    assert [p.code for p in project.problems if p.is_error] == ["text-budget"]
    assert not [t for t in converted if t.count("#") > safety.MAX_HEADINGS]


def test_too_many_nodes_are_refused_before_the_structure_is_checked(trees: TreeDir) -> None:
    extra = "".join(
        f"  n{i}:\n    resolution: R\n" for i in range(MAX_NODES * 3)
    )  # no outcome: a schema error
    (trees.root / "t.yaml").write_text(VALID + extra, encoding="utf-8")
    problems = trees.check().problems
    assert [p.code for p in problems] == ["too-many-nodes"]
    assert "903 nodes" in problems[0].message


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("unsafe-markup", 'body: "<script>alert(1)</script>"'),
        ("relative-link", "body: See [help](../help.md)."),
    ],
)
def test_a_comment_in_a_tree_cannot_silence_a_safety_check(trees: TreeDir, code: str, line: str) -> None:
    text = broken("body: It was a bug in the app.", f"{line}  # check: ignore[{code}]")
    (trees.root / "t.yaml").write_text(text, encoding="utf-8")
    codes = [p.code for p in trees.check().problems]
    assert code in codes and "bad-ignore" in codes, codes


# The 1 MB shapes of shapes.py (their times: benchmarks/hostile_shapes.py, in RESULTS.md section 6): each is
# refused by the code that bounds its cost, or accepted; permuted revisions are compared within the budget.


@pytest.mark.parametrize("name", list(shapes.SHAPES))
def test_each_1mb_shape_is_refused_by_the_bound_it_breaks_or_accepted(tmp_path: Path, name: str) -> None:
    text = shapes.SHAPES[name]()
    assert 900_000 < len(text.encode()) < 1_000_000
    (tmp_path / "causes.yaml").write_text(shapes.CAUSES, encoding="utf-8")
    (tmp_path / "shape.yaml").write_text(text, encoding="utf-8")
    errors = {p.code for p in load_project([tmp_path], parallel=False).problems if p.is_error}
    expected = shapes.EXPECTED[name]
    assert (expected in errors) if expected else not errors, errors


def test_diff_of_permuted_answers_says_there_are_too_many_paths_to_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = tmp_path / "trees"
    trees.mkdir()
    (trees / "causes.yaml").write_text(shapes.CAUSES, encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, capture_output=True, check=True)

    git("init", "-q")
    for shift in (0, 1):
        (trees / "shape.yaml").write_text(shapes.permuted(shift), encoding="utf-8")
        git("add", "-A")
        git("-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-qm", str(shift))
    assert cli.main(["diff", "HEAD~1", "HEAD", "--dir", str(trees), "--format", "json"]) == 0
    shape = next(t for t in json.loads(capsys.readouterr().out)["trees"] if t["tree"] == "shape")
    assert "too many changed paths to list" in json.dumps(shape)
