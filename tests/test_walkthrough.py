"""The contributor guide, followed to the letter on a copy of the repository, does what it promises.

"Your first change in five minutes" in CONTRIBUTING.md is read from the file itself: its YAML snippets are
pasted where it says, `check` must point at the dangling link at the right line and column, and after the
second snippet the strict build must contain the new page. The other tests keep the guide's pages honest:
the site copy matches, every check code is documented, and the annotated example tree is valid.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_tools.check.validate import load_project
from build_tools.cli import build_parser
from build_tools.core.loader import LocDict, LocList, load_file

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow(11)
GUIDE = ROOT / "CONTRIBUTING.md"
SITE_GUIDE = ROOT / "docs" / "contributing" / "index.md"
TREE_FORMAT = ROOT / "docs" / "contributing" / "tree-format.md"
ERROR_CODES = ROOT / "docs" / "contributing" / "error-codes.md"
FENCE = re.compile(r"^( *)```yaml\n(.*?)^\1```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class QuickStart:
    tree_file: str  # e.g. trees/message-wont-send.yaml
    answer: str  # the answer snippet, as it goes into the file
    node: str  # the node snippet
    new_id: str

    @property
    def tree_id(self) -> str:
        return Path(self.tree_file).stem


def yaml_blocks(markdown: str) -> list[str]:
    """The ```yaml blocks of a Markdown text, without the indentation of the list they sit in."""
    return [
        "".join(line[len(indent) :] for line in body.splitlines(keepends=True))
        for indent, body in FENCE.findall(markdown)
    ]


def read_quick_start() -> QuickStart:
    text = GUIDE.read_text(encoding="utf-8")
    assert "## Your first change in five minutes" in text
    section = text.split("## Your first change in five minutes", 1)[1].split("\n## ", 1)[0]
    blocks = yaml_blocks(section)
    answer = next(b for b in blocks if "- answer:" in b)
    node = next(b for b in blocks if re.search(r"^ +step:", b, re.MULTILINE))
    tree_file = re.search(r"`(trees/[a-z0-9-]+\.yaml)`", section)
    new_id = re.search(r"next: ([a-z0-9-]+)", answer)
    assert tree_file and new_id, "the quick start must name a tree file and the new node's id"
    assert node.lstrip().startswith(f"{new_id[1]}:"), "the node snippet must define the id the answer uses"
    return QuickStart(tree_file[1], answer, node, new_id[1])


def copy_repository(dest: Path) -> Path:
    """The files git knows of (tracked, or new and not ignored) as they are on disk now: what a clone of
    the working tree would hold. No .venv, no site, no caches, and, as in a clone, no empty folders."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def run_in(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the copy's own build_tools, not the editable install of the real repository."""
    env = {**os.environ, "PYTHONPATH": str(repo), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONSAFEPATH", None)
    return subprocess.run(
        [sys.executable, *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )


def insert_lines(path: Path, after_line: int, snippet: str) -> int:
    """Insert `snippet` after 1-based line `after_line`; return the line number of its first line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[after_line:after_line] = snippet.splitlines(keepends=True)
    path.write_text("".join(lines), encoding="utf-8")
    return after_line + 1


def test_first_change_in_five_minutes(tmp_path: Path) -> None:
    quick = read_quick_start()
    repo = copy_repository(tmp_path / "repo")
    where = run_in(repo, "-c", "import build_tools; print(build_tools.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(repo), "the copy must run its own build_tools"

    clean = run_in(repo, "-m", "build_tools", "check", "trees")
    assert clean.returncode == 0, f"the trees on main must be clean before the walk-through:\n{clean.stdout}"

    # Step 2: add the answer at the end of the start question's answers, lined up with the others.
    tree_path = repo / quick.tree_file
    doc = load_file(tree_path)
    assert isinstance(doc.data, LocDict)
    start = doc.data["start"]
    question = doc.data["nodes"][start]
    assert "question" in question, f"the start node {start!r} of {quick.tree_file} must be a question"
    assert re.search(rf"`{start}:`", quick_start_text()), f"the guide must name the start node {start!r}"
    answers = question["answers"]
    assert isinstance(answers, LocList) and answers
    last = answers[-1]
    last_line = max(p.line for p in last.value_pos.values())
    snippet_key_col = quick.answer.index("answer:") + 1
    assert last.key_pos["answer"].col == snippet_key_col, (
        "the answer snippet is not lined up with the answers"
    )
    first = insert_lines(tree_path, last_line, quick.answer)
    next_offset, next_text = next(
        (i, line) for i, line in enumerate(quick.answer.splitlines()) if line.lstrip().startswith("next:")
    )
    line, col = first + next_offset, next_text.index(quick.new_id) + 1

    # Step 3: the check points at the link that goes nowhere yet.
    dangling = run_in(repo, "-m", "build_tools", "check", "trees")
    assert dangling.returncode == 1
    expected = (
        f"{quick.tree_file}:{line}:{col}: error[unknown-target]: "
        f"next node '{quick.new_id}' does not match any node or tree"
    )
    # A new English answer is one the translations lack yet: the guide says so (a warning, not an error).
    lines = dangling.stdout.splitlines()
    assert [line for line in lines if "warning[translation-missing]" not in line] == [expected]
    assert ("translation-missing" in dangling.stdout) == (repo / "trees" / "es").is_dir()
    assert "translation-missing" in quick_start_text()

    # Step 4: paste the node at the very end of the file, where the nodes are.
    assert list(doc.data)[-1] == "nodes", f"nodes must be the last key of {quick.tree_file}"
    text = tree_path.read_text(encoding="utf-8")
    tree_path.write_text(text + ("" if text.endswith("\n") else "\n") + quick.node, encoding="utf-8")

    # Step 5: clean again, and the page is in the strict build.
    fixed = run_in(repo, "-m", "build_tools", "check", "trees")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    site = tmp_path / "site"
    built = run_in(repo, "-m", "mkdocs", "build", "--strict", "-d", str(site))
    assert built.returncode == 0, built.stderr
    page = site / "troubleshoot" / quick.tree_id / quick.new_id / "index.html"
    assert page.is_file(), f"no page at /troubleshoot/{quick.tree_id}/{quick.new_id}/"
    title = re.search(r"^ +step: (.+)$", quick.node, re.MULTILINE)
    assert title and title[1] in page.read_text(encoding="utf-8")
    start_page = (site / "troubleshoot" / quick.tree_id / "index.html").read_text(encoding="utf-8")
    label = re.search(r"- answer: (.+)$", quick.answer, re.MULTILINE)
    assert label and label[1] in start_page
    assert re.search(rf'href="[^"]*{re.escape(quick.new_id)}/?"', start_page)


def quick_start_text() -> str:
    return GUIDE.read_text(encoding="utf-8").split("## Your first change in five minutes", 1)[1]


def test_quick_start_targets_exist_in_the_real_tree() -> None:
    """The ids the guide's node snippet links to are real, and `fixed` is a resolution."""
    quick = read_quick_start()
    project = load_project([ROOT / "trees"])
    tree = project.trees[quick.tree_id]
    assert quick.new_id not in tree.nodes, f"{quick.new_id!r} already exists; the guide must add a new node"
    fixed = re.search(r"fixed: ([a-z0-9-]+)", quick.node)
    not_fixed = re.search(r"not_fixed: ([a-z0-9-]+)", quick.node)
    assert fixed and not_fixed
    assert tree.nodes[fixed[1]].kind == "resolution"
    assert not_fixed[1] in tree.nodes


def test_site_guide_is_the_contributing_guide() -> None:
    expected = GUIDE.read_text(encoding="utf-8").replace("](docs/contributing/", "](")
    assert SITE_GUIDE.read_text(encoding="utf-8") == expected, (
        "docs/contributing/index.md is out of date; regenerate it with:\n"
        "  sed 's#](docs/contributing/#](#g' CONTRIBUTING.md > docs/contributing/index.md"
    )


def test_guide_commands_exist() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    used = set(re.findall(r"`make ([a-z]+)`", guide)) | set(re.findall(r"^\s*make ([a-z]+)$", guide, re.M))
    assert used and used <= targets, f"make targets the guide uses but the Makefile lacks: {used - targets}"
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a.choices, dict))
    assert isinstance(subparsers.choices, dict)
    commands = set(re.findall(r"python -m build_tools ([a-z]+)", guide))
    assert commands and commands <= set(subparsers.choices), commands - set(subparsers.choices)


def test_annotated_example_is_a_valid_tree(tmp_path: Path) -> None:
    blocks = yaml_blocks(TREE_FORMAT.read_text(encoding="utf-8"))
    example = next(
        b for b in blocks if b.startswith("# yaml-language-server: $schema=../build_tools/schema/tree")
    )
    trees = tmp_path / "trees"
    shutil.copytree(ROOT / "trees", trees)
    (trees / "annotated-example.yaml").write_text(example, encoding="utf-8")
    project = load_project([trees], today=dt.date(2026, 12, 1))  # before the example's review date
    # (the Spanish translation lacks the new tree: a warning about it, not about the example)
    mine = [p.gcc() for p in project.problems if "annotated-example" in p.path]
    assert [p for p in mine if "warning[translation-missing]" not in p] == []
    assert "annotated-example" in project.trees
    # Every kind of node and every optional key is shown.
    for key in (
        "related:",
        "faq:",
        "help:",
        "platforms:",
        "still_stuck:",
        "not_fixed:",
        "outcome:",
        "causes:",
        "review_by:",
        "valid_from:",
        "valid_until:",
    ):
        assert key in example, key
