"""Trees are regular files inside the trees folder, and `check` and `diff` read the same set of them.

A symbolic link in trees/ would publish whatever it points at (a file outside the repository too), and
`diff` used to skip links and `*.YAML` while `check` followed and read them, so a reviewer's summary could
leave out a tree that the site publishes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from build_tools.check.load import discover
from build_tools.check.validate import Project, load_project
from build_tools.diff import git as diff_git
from build_tools.rules.examples import CAUSES, VALID

OUTSIDE_TITLE = "Secret tree from outside the repository"


def _trees(root: Path) -> Path:
    trees = root / "trees"
    trees.mkdir(parents=True)
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "t.yaml").write_text(VALID, encoding="utf-8")
    (root / "outside.yaml").write_text(VALID.replace("The app won't open", OUTSIDE_TITLE), encoding="utf-8")
    return trees


def test_a_symlinked_tree_is_a_located_error_and_is_not_read(tmp_path: Path) -> None:
    trees = _trees(tmp_path)
    (trees / "linked.yaml").symlink_to(tmp_path / "outside.yaml")
    project = load_project([trees], parallel=False)
    found = [(Path(p.path).name, p.line, p.col, p.code) for p in project.problems]
    assert ("linked.yaml", 1, 1, "not-a-file") in found
    assert "linked" not in project.trees
    assert all(t.title != OUTSIDE_TITLE for t in project.trees.values())


def test_a_symlink_named_on_the_command_line_is_refused_too(tmp_path: Path) -> None:
    trees = _trees(tmp_path)
    (trees / "linked.yaml").symlink_to(tmp_path / "outside.yaml")
    project = load_project([trees / "causes.yaml", trees / "linked.yaml"], parallel=False)
    assert [p.code for p in project.problems if p.path.endswith("linked.yaml")] == ["not-a-file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_pipe_or_folder_with_a_tree_name_is_reported_not_read(tmp_path: Path) -> None:
    trees = _trees(tmp_path)
    os.mkfifo(trees / "pipe.yaml")  # reading it would never end
    (trees / "folder.yml").mkdir()
    project = load_project([trees], parallel=False)
    codes = {Path(p.path).name: p.code for p in project.problems}
    assert codes == {"pipe.yaml": "not-a-file", "folder.yml": "not-a-file"}


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_diff_reads_the_same_files_as_check(tmp_path: Path) -> None:
    """A committed tree with an upper-case suffix and a committed symlink: the revision `diff` loads
    holds both, as they are, so it finds what `check` finds in the working tree."""
    root = tmp_path / "repo"
    trees = _trees(root)
    (trees / "upper.YAML").write_text(VALID, encoding="utf-8")
    (trees / "linked.yaml").symlink_to("../outside.yaml")
    _git(root, "init", "-q")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "add", "-A", ".")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "base")
    commit = diff_git.resolve("HEAD", root)
    revision = tmp_path / "revision"
    revision.mkdir()
    diff_git.export(commit, trees, root, revision)
    assert [p.name for p in discover([revision])] == [p.name for p in discover([trees])]
    at_revision, working = load_project([revision], parallel=False), load_project([trees], parallel=False)
    assert sorted(at_revision.trees) == sorted(working.trees) == ["t", "upper"]

    def codes(project: Project) -> list[tuple[str, str]]:
        return sorted((Path(p.path).name, p.code) for p in project.problems)

    assert codes(at_revision) == codes(working)
    assert ("linked.yaml", "not-a-file") in codes(working)
