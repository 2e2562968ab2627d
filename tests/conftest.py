"""Shared fixtures. `trees` is a tmp folder with a causes.yaml, for tiny trees written inline."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sitebuild
import yaml
from browser_support import CHROMIUM, LAUNCH_ARGS
from playwright.sync_api import Browser, sync_playwright

from build_tools.check.validate import Project, load_project

TODAY = dt.date(2026, 6, 1)
CAUSES = """\
causes:
  app-bug:
    title: App bug
    explanation: The app has a bug.
"""
# The four header lines every tiny tree starts with; `start:` is then line 5 and `nodes:` line 6.
HEAD = 'title: T\nsummary: S\nreviewed: "2026-01-01"\nsymptoms: [x]\n'


@pytest.fixture(autouse=True)
def _markdown_setup_is_put_back() -> Iterator[None]:
    """The Markdown configuration text is checked with is process-wide (the plugin and `render` set it from
    a site's mkdocs.yml): put it back after every test, so no test judges text with another test's site."""
    from build_tools.text import sanitize

    before = sanitize._setup
    yield
    sanitize._setup = before


class TreeDir:
    """A folder of trees under tmp_path, with helpers that pin problems to positions in those files."""

    head = HEAD

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, content: str | bytes | dict[str, Any]) -> Path:
        """Write a tree: YAML text (dedented), raw bytes, or a dict dumped in key order."""
        file = self.root / name
        if isinstance(content, bytes):
            file.write_bytes(content)
        elif isinstance(content, dict):
            file.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
        else:
            file.write_text(textwrap.dedent(content), encoding="utf-8")
        return file

    def tree(self, name: str, nodes: str, start: str = "q", head: str = HEAD) -> Path:
        """A tree file: the header, `start:` (line 5), `nodes:` (line 6), then `nodes` indented under it."""
        body = textwrap.indent(textwrap.dedent(nodes), "  ")
        return self.write(name, f"{head}start: {start}\nnodes:\n{body}")

    def check(self, today: dt.date = TODAY) -> Project:
        return load_project([self.root], today=today)

    def at(self, name: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
        """1-based (line, col) of the n-th occurrence of `needle` in file `name`."""
        text = (self.root / name).read_text(encoding="utf-8")
        index = -1
        for _ in range(occurrence):
            index = text.index(needle, index + 1)
        line = text.count("\n", 0, index) + 1
        return line, index - (text.rfind("\n", 0, index) + 1) + 1

    def value_at(self, name: str, key_value: str, occurrence: int = 1) -> tuple[int, int]:
        """Where the value of the n-th `key: value` in file `name` starts."""
        line, col = self.at(name, key_value, occurrence)
        return line, col + key_value.index(": ") + 2

    def node_at(self, name: str, node_id: str, occurrence: int = 1) -> tuple[int, int]:
        """Where the id of the n-th node `node_id` (a key under `nodes:`) is."""
        line, _ = self.at(name, f"\n  {node_id}:", occurrence)
        return line + 1, 3

    @staticmethod
    def where(project: Project, code: str) -> list[tuple[str, int, int]]:
        """(file name, line, col) of every problem with `code`."""
        return [(Path(p.path).name, p.line, p.col) for p in project.problems if p.code == code]


# -- browser tests: one definition of how they get Chromium and the site ------------------------------
@pytest.fixture(scope="module")
def chromium() -> None:
    """Request it first (pytestmark usefixtures): decide about skipping before anything is built.

    Under CI the browser tests never skip: a missing Chromium fails them.
    """
    if os.environ.get("CI") == "true":
        assert CHROMIUM.exists(), f"{CHROMIUM} is missing; CI must run the browser tests"
    elif not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt install chromium); browser tests need it")


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The real site, served on a free localhost port."""
    with sitebuild.serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: None) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once for the whole run (shared by xdist workers). Treat it as read-only."""
    # With xdist, getbasetemp() is per worker; its parent is shared by all of them.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return sitebuild.shared_build(shared)


@pytest.fixture(scope="session")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/othersite (a tiny site on another topic, partly translated into Spanish on purpose),
    built once for the whole run from a copy (a build writes its cache beside mkdocs.yml). Read-only."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    source = shared / "othersite-src"
    with FileLock(str(shared / "othersite-src.lock")):
        if not source.is_dir():
            shutil.copytree(Path(__file__).parent / "fixtures" / "othersite", source)
    return sitebuild.shared_build(shared, "other-site", source / "mkdocs.yml")


@pytest.fixture
def trees(tmp_path: Path) -> TreeDir:
    (tmp_path / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    return TreeDir(tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules marked slow(seconds) first, longest first; the rest keep their order.

    `make test` hands whole files to two xdist workers in this order (--dist loadfile
    --no-loadscope-reorder), so both start on the long files and finish together, instead of one worker
    running the longest file alone at the end. The estimate only orders the run; it is never asserted.
    """

    def seconds(item: pytest.Item) -> float:
        mark = item.get_closest_marker("slow")
        return float(mark.args[0]) if mark and mark.args else 0.0

    items.sort(key=lambda item: -seconds(item))
