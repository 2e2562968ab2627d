"""Tree problems in the browser during `mkdocs serve`, and the real pages back once they are fixed.

The serve tests run the real `mkdocs serve` on a small copy of a project (free port, strict mode as in the
real mkdocs.yml) and poll with a deadline: a rebuild takes a few seconds on a busy machine.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sitebuild
from browser_support import CHROMIUM, LAUNCH_ARGS

from build_tools.core.problems import Level, Problem
from build_tools.mkdocs.serve_errors import banner, report

pytestmark = pytest.mark.slow(16)

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "fixtures" / "small"
DEADLINE = 90.0  # seconds for a rebuild to show; generous for a shared 2-core machine
BAD_TARGET = "<b>nowhere</b>"  # not a valid id: the located message quotes it, so it must be escaped
CONFIG = """\
site_name: Serve test
theme:
  name: material
  font: false
strict: true
plugins:
  - search
  - decision-trees
"""


# -- the banner -------------------------------------------------------------------------------------------
def test_the_banner_lists_every_problem_located_and_escaped() -> None:
    problems = [
        Problem("trees/a.yaml", 3, 7, "schema", "'<script>x</script>' is not a valid id"),
        Problem("trees/a.yaml", 1, 1, "stale", "check it", Level.WARNING),
    ]
    html = banner(problems, stale=True)
    assert "<script>" not in html
    assert "trees/a.yaml:3:7: error[schema]: &#x27;&lt;script&gt;x&lt;/script&gt;&#x27;" in html
    assert "trees/a.yaml:1:1: warning[stale]: check it" in html
    assert "have 1 error," in html  # counts errors and warnings apart
    assert "last check that passed" in html
    assert 'data-dt-serve-errors="2"' in html


def test_the_terminal_gets_the_same_located_lines() -> None:
    out = io.StringIO()
    problem = Problem("trees/a.yaml", 3, 7, "schema", "bad id")
    report([problem], out)
    assert problem.gcc() in out.getvalue().splitlines()


# -- mkdocs serve -----------------------------------------------------------------------------------------
@dataclass
class Served:
    root: Path
    url: str
    log: Path

    @property
    def tree(self) -> Path:
        return self.root / "trees" / "demo.yaml"

    def break_tree(self) -> None:
        text = self.tree.read_text(encoding="utf-8")
        assert "next: try-wifi" in text
        self.tree.write_text(text.replace("next: try-wifi", f'next: "{BAD_TARGET}"', 1), encoding="utf-8")

    def fix_tree(self) -> None:
        shutil.copy(SMALL / "demo.yaml", self.tree)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(tmp_path: Path, *, broken: bool = False) -> Iterator[Served]:
    """`mkdocs serve` on a copy of the small project (with a broken tree from the start if `broken`)."""
    root = tmp_path / "project"
    shutil.copytree(SMALL, root / "trees")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nA test site.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    port = free_port()
    served = Served(root, f"http://127.0.0.1:{port}/", tmp_path / "serve.log")
    if broken:
        served.break_tree()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with served.log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with serving(tmp_path) as served:
        yield served


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def fetch_status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status), str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return int(error.code), str(error.read().decode("utf-8"))


def poll(what: str, url: str, ready: Callable[[str], bool], log: Path) -> str:
    """The page at url once ready(page) holds; fails with the server's log after DEADLINE seconds."""
    end = time.monotonic() + DEADLINE
    page: str | None = None
    while time.monotonic() < end:
        page = fetch(url)
        if page is not None and ready(page):
            return page
        time.sleep(0.3)
    pytest.fail(f"{what}: not seen within {DEADLINE:.0f}s at {url}\n--- serve log ---\n{log.read_text()}")


def has_banner(page: str) -> bool:
    return "data-dt-serve-errors" in page


def test_serve_shows_problems_in_the_page_and_the_real_page_once_fixed(served: Served) -> None:
    step = served.url + "troubleshoot/demo/"
    page = poll("first build", step, lambda p: "data-dt-node" in p, served.log)
    assert not has_banner(page)

    served.break_tree()
    page = poll("the problems on the page", step, has_banner, served.log)
    assert "data-dt-node" in page, "the last pages that passed are still served"
    assert "demo.yaml:" in page and "error[schema]" in page
    assert "&lt;b&gt;nowhere&lt;/b&gt;" in page and BAD_TARGET not in page
    assert "error[schema]" in served.log.read_text(), "the terminal shows the located problem too"
    # An address the last good build doesn't have (a node being added, say): the problems, and a refresh.
    status, missing = fetch_status(served.url + "troubleshoot/demo/not-built-yet/")
    assert status == 404 and has_banner(missing) and 'http-equiv="refresh"' in missing

    served.fix_tree()
    page = poll("the real page again", step, lambda p: not has_banner(p), served.log)
    assert "data-dt-node" in page
    status, missing = fetch_status(served.url + "troubleshoot/demo/not-built-yet/")
    assert status == 404 and not has_banner(missing), "a plain not-found page once the trees pass"


def test_serve_started_on_broken_trees_says_so_on_the_home_page(tmp_path: Path) -> None:
    with serving(tmp_path, broken=True) as served:
        # Nothing has passed the check yet: the home page says so, above the located problems.
        page = poll("the problems on the home page", served.url, has_banner, served.log)
        assert "pass the check yet" in page and "&lt;b&gt;nowhere&lt;/b&gt;" in page
        served.fix_tree()
        page = poll("the real home page", served.url, lambda p: not has_banner(p), served.log)
        assert "troubleshoot/demo/" in page


def test_build_still_fails_on_broken_trees_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(SMALL, root / "trees")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    Served(root, "", tmp_path / "log").break_tree()
    result = sitebuild.build(tmp_path / "site", root / "mkdocs.yml")
    assert result.returncode != 0
    assert "demo.yaml:" in result.stderr and "error[schema]" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


@pytest.mark.browser
def test_live_reload_brings_the_problems_and_then_the_real_page_to_an_open_tab(
    chromium: None, served: Served
) -> None:
    from playwright.sync_api import sync_playwright

    step = served.url + "troubleshoot/demo/"
    poll("first build", step, lambda p: "data-dt-node" in p, served.log)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(step)
            tab.wait_for_selector("[data-dt-node]")
            served.break_tree()
            # No navigation by the test: live reload must bring the problems into the open tab.
            tab.wait_for_selector("[data-dt-serve-errors]", timeout=DEADLINE * 1000)
            assert "nowhere" in tab.inner_text("[data-dt-serve-errors]")
            served.fix_tree()
            tab.wait_for_selector("[data-dt-serve-errors]", state="detached", timeout=DEADLINE * 1000)
            tab.wait_for_selector("[data-dt-node]")
            assert tab.url == step
        finally:
            browser.close()
