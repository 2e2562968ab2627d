"""Loading files across processes gives exactly what loading them one by one does."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from build_tools.check.validate import load_project

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 6, 1)

BROKEN = {
    "dup-key.yaml": "title: A\ntitle: B\nnodes: {}\n",
    "schema-bad.yaml": "title: T\nsummary: S\nnodes:\n  x:\n    question: 3\n",
    "unsafe.yaml": (FIXTURES / "small" / "demo.yaml")
    .read_text(encoding="utf-8")
    .replace("\n", "\n# <script>\n", 1),
    "syntax.yaml": "title: [unclosed\n",
    "alias.yaml": "a: &x hi\nb: *x\n",
    "Bad_Name.yaml": "title: T\n",
    "demo.yml": "title: duplicate of demo\n",
    "map.yaml": "title: reserved\n",
    "empty.yaml": "",
    "links.yaml": (
        "title: <b>T</b>\nsummary: '[x](javascript:alert(1))'\nreviewed: '2099-01-01'\n"
        "symptoms: [s]\nstart: q\nnodes:\n  q:\n    question: Q <i>?\n    answers:\n"
        "      - answer: A\n        next: demo\n      - answer: B\n        next: nowhere\n"
    ),
}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "trees"
    shutil.copytree(FIXTURES / "small", folder)
    for name, text in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_parallel_and_sequential_give_the_same_problems(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    sequential = load_project([folder], today=TODAY, parallel=False)
    parallel = load_project([folder], today=TODAY, parallel=True)
    # A pool that fails to start falls back to this process; the test must notice, not pass anyway.
    assert parallel.loaded_in_parallel and not sequential.loaded_in_parallel
    assert sequential.problems  # the input is meant to be broken in many ways
    assert parallel.problems == sequential.problems
    assert parallel.trees == sequential.trees
    assert parallel.causes == sequential.causes
    assert parallel.broken_trees == sequential.broken_trees
    assert list(parallel.trees) == list(sequential.trees)


def test_parallel_on_the_clean_fixtures(tmp_path: Path) -> None:
    sequential = load_project([FIXTURES / "small"], today=TODAY, parallel=False)
    parallel = load_project([FIXTURES / "small"], today=TODAY, parallel=True)
    assert parallel.loaded_in_parallel
    assert parallel.problems == sequential.problems
    assert parallel.trees == sequential.trees
