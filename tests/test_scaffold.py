"""`python -m build_tools new`: the example tree it writes passes `check`, and it refuses what it must."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools import scaffold
from build_tools.check.validate import load_project, load_site
from build_tools.cli import main
from build_tools.core.model import Kind

ROOT = Path(__file__).resolve().parent.parent
CAUSES = ROOT / "trees" / "causes.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../build_tools/schema/tree.schema.json"


@pytest.fixture
def trees(tmp_path: Path) -> Path:
    """A trees folder with the real causes list cut down to its first cause (a new tree names it)."""
    folder = tmp_path / "trees"
    folder.mkdir()
    data = yaml.safe_load(CAUSES.read_text(encoding="utf-8"))
    first = next(iter(data["causes"]))
    (folder / "causes.yaml").write_text(
        yaml.safe_dump({"causes": {first: data["causes"][first]}}, allow_unicode=True), encoding="utf-8"
    )
    return folder


def first_cause_in_file() -> str:
    data = yaml.safe_load(CAUSES.read_text(encoding="utf-8"))
    return str(next(iter(data["causes"])))


def test_new_writes_a_tree_that_passes_check(trees: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "my-new-problem", "--dir", str(trees)]) == 0
    path = trees / "my-new-problem.yaml"
    assert str(path) in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    project = load_project([trees])
    assert project.problems == []
    tree = project.trees["my-new-problem"]
    assert tree.reviewed is None  # deprecated: pages take their date from git
    assert all(n.general for n in tree.nodes.values() if n.kind is not Kind.QUESTION)
    kinds = [n.kind for n in tree.nodes.values()]
    assert kinds.count(Kind.QUESTION) == 1
    assert kinds.count(Kind.STEP) >= 1
    assert kinds.count(Kind.RESOLUTION) >= 2
    question = tree.nodes[tree.start]
    assert question.kind is Kind.QUESTION and len(question.links) == 2
    causes = {cause for node in tree.nodes.values() for cause, _ in node.causes}
    assert causes == {first_cause_in_file()}
    assert main(["check", str(trees)]) == 0


def test_new_writes_the_trees_first_journeys_and_check_walks_them(
    trees: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "my-new-problem", "--dir", str(trees)]) == 0
    journeys = trees.parent / "tests" / "journeys" / "my-new-problem.yaml"
    assert str(journeys) in capsys.readouterr().out
    ends = [j["end"] for j in yaml.safe_load(journeys.read_text(encoding="utf-8"))["journeys"]]
    tree = load_site([trees]).trees["my-new-problem"]
    resolutions = {f"my-new-problem/{n.id}" for n in tree.nodes.values() if n.kind is Kind.RESOLUTION}
    assert set(ends) == resolutions  # one journey ends at each answer page
    assert load_site([trees]).problems == []  # the journey rules ran: the folder is beside the trees
    # A journey the tree doesn't answer any more is a check error at the journey.
    journeys.write_text(journeys.read_text(encoding="utf-8").replace("[It works again now]", "[It works]"))
    assert [p.code for p in load_site([trees]).problems] == ["journey-answer"]


def test_new_refuses_when_the_trees_journeys_exist(trees: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journeys = trees.parent / "tests" / "journeys"
    journeys.mkdir(parents=True)
    (journeys / "taken.yaml").write_text("journeys: []\n", encoding="utf-8")
    assert main(["new", "taken", "--dir", str(trees)]) == 2
    assert "taken.yaml already exists" in capsys.readouterr().err
    assert not (trees / "taken.yaml").exists()


def test_new_through_the_module_entry_point(trees: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "build_tools", "new", "from-the-shell", "--dir", str(trees)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (trees / "from-the-shell.yaml").is_file()


def test_new_refuses_to_overwrite(trees: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = trees / "taken.yaml"
    path.write_text("# mine\n", encoding="utf-8")
    assert main(["new", "taken", "--dir", str(trees)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_new_refuses_a_yml_twin(trees: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (trees / "twin.yml").write_text("# mine\n", encoding="utf-8")
    assert main(["new", "twin", "--dir", str(trees)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert not (trees / "twin.yaml").exists()


@pytest.mark.parametrize(
    "bad", ["Upper", "under_score", "double--hyphen", "-leading", "trailing-", "sp ace", "a/b", "", "x" * 61]
)
def test_new_refuses_an_invalid_id(trees: Path, bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "--dir", str(trees), "--", bad]) == 2
    assert "tree id" in capsys.readouterr().err
    assert sorted(p.name for p in trees.iterdir()) == ["causes.yaml"]


@pytest.mark.parametrize("reserved", ["map", "causes", "index", "faq"])
def test_new_refuses_a_reserved_id(trees: Path, reserved: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", reserved, "--dir", str(trees)]) == 2
    assert "reserved" in capsys.readouterr().err


def test_new_needs_the_causes_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "lonely", "--dir", str(tmp_path)]) == 2
    assert "causes.yaml" in capsys.readouterr().err
    assert not (tmp_path / "lonely.yaml").exists()


def test_new_uses_the_first_cause_of_the_list(trees: Path) -> None:
    (trees / "causes.yaml").write_text(
        "causes:\n  zebra-cause:\n    title: Z\n    explanation: Z.\n"
        "  alpha-cause:\n    title: A\n    explanation: A.\n",
        encoding="utf-8",
    )
    path = scaffold.new_tree("ordered", trees)
    text = path.read_text(encoding="utf-8")
    assert "causes: [zebra-cause]" in text
    assert "reviewed:" not in text
    assert [p.code for p in load_project([trees]).problems] == ["unused-cause"]  # alpha-cause: nobody


def test_a_numeric_id_still_gets_a_text_title(trees: Path) -> None:
    scaffold.new_tree("404", trees)
    project = load_project([trees])
    assert project.problems == []
    assert project.trees["404"].title == "404"


def test_the_real_trees_folder_accepts_the_example(tmp_path: Path) -> None:
    """Beside every real tree, the example adds no problem (its id and links clash with nothing)."""
    copy = tmp_path / "trees"
    shutil.copytree(ROOT / "trees", copy)
    before = set(load_project([copy]).problems)
    scaffold.new_tree("zz-scaffold-example", copy)
    after = load_project([copy])
    new = [p for p in after.problems if p not in before]
    # Only the translations' note that the new tree is not translated yet (a warning; trees/es/ exists).
    assert [p.gcc() for p in new if p.code != "translation-missing"] == []
    assert all(not p.is_error for p in new)
    assert "zz-scaffold-example" in after.trees
