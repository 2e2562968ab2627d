"""`render`: the generated pages as plain Markdown + mkdocs.yml, without building a site.

The built outputs (Zensical and MkDocs side by side, in a browser too) are checked in test_zensical.py.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from build_tools.cli import main
from build_tools.export.markdown import MARKER
from build_tools.render import urls

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("troubleshoot/t/node.md", "troubleshoot/t/node/index.md"),
        ("troubleshoot/t/index.md", "troubleshoot/t/index.md"),
        ("causes.md", "causes/index.md"),
        ("index.md", "index.md"),
    ],
)
def test_directory_sources_keep_the_url(src: str, expected: str) -> None:
    assert urls.directory_src(src) == expected
    assert urls.src_to_url(urls.directory_src(src)) == urls.src_to_url(src)


# -- the command ----------------------------------------------------------------------------------
@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_render(out: str, cwd: Path, capsys: pytest.CaptureFixture[str]) -> Result:
    """`python -m build_tools render OUT --config CWD/mkdocs.yml`, in this process (one test runs the real
    command in a child process)."""
    code = main(["render", str(cwd / out), "--config", str(cwd / "mkdocs.yml")])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def small_site(tmp_path: Path, trees: str = "tests/fixtures/small") -> Path:
    """A copy of the real mkdocs.yml on the small fixture trees, with one hand-written page."""
    site = tmp_path / "site-src"
    shutil.copytree(ROOT / trees, site / "trees")
    (site / "docs").mkdir()
    (site / "docs" / "about.md").write_text("# About\n\nHand-written.\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"Home": "index.md"}, {"About": "about.md"}]
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "decision-trees" in plugin:
            plugin["decision-trees"].pop("tree_order", None)
            # The fixture trees have no translations: an English-only site (language-without-translations).
            plugin["decision-trees"].pop("languages", None)
    shutil.copytree(ROOT / config["theme"]["custom_dir"], site / config["theme"]["custom_dir"])
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return site


def test_render_writes_docs_config_and_assets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = small_site(tmp_path)
    result = run_render("out", site, capsys)
    assert result.returncode == 0, result.stderr + result.stdout
    out = site / "out"
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert all("decision-trees" not in str(p) for p in config["plugins"])
    assert "md_in_html" in config["markdown_extensions"]
    assert (
        config["extra_css"][-1] == "assets/dt/dt.css" and config["extra_javascript"][-1] == "assets/dt/dt.js"
    )
    assert "edit_uri" not in config  # generated pages have no file in the repository to edit
    assert (out / "overrides" / "main.html").is_file() and config["theme"]["custom_dir"] == "overrides"
    docs = out / "docs"
    assert (docs / "about.md").read_text(encoding="utf-8") == "# About\n\nHand-written.\n"
    for name in ("index.md", "causes.md", "faq.md", "assets/dt/dt.css", "assets/dt/dt.js"):
        assert (docs / name).is_file(), name
    nav_files = {v for entry in config["nav"] for v in _leaves(entry)}
    assert nav_files <= {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    # Every non-home page sits in its own folder: links from the page URL and from the file agree.
    generated = [p.relative_to(docs).as_posix() for p in (docs / "troubleshoot").rglob("*.md")]
    assert generated and all(p.endswith("/index.md") for p in generated)
    assert (out / MARKER).is_file()


def _leaves(entry: object) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, dict):
        return [leaf for v in entry.values() for leaf in _leaves(v)]
    if isinstance(entry, list):
        return [leaf for v in entry for leaf in _leaves(v)]
    return []


def test_render_again_replaces_its_own_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = small_site(tmp_path)
    assert run_render("out", site, capsys).returncode == 0
    (site / "out" / "docs" / "stale.md").write_text("old", encoding="utf-8")
    assert run_render("out", site, capsys).returncode == 0
    assert not (site / "out" / "docs" / "stale.md").exists()


def test_render_again_keeps_the_builders_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = small_site(tmp_path)
    assert run_render("out", site, capsys).returncode == 0
    (site / "out" / ".cache").mkdir()
    (site / "out" / ".cache" / "entry").write_text("cached", encoding="utf-8")
    assert run_render("out", site, capsys).returncode == 0
    assert (site / "out" / ".cache" / "entry").read_text(encoding="utf-8") == "cached"


def test_bad_trees_are_reported_with_locations_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = small_site(tmp_path)
    tree = next(p for p in (site / "trees").glob("*.yaml") if p.name != "causes.yaml")
    text = tree.read_text(encoding="utf-8")
    tree.write_text(text.replace("next: ", "next: nowhere-", 1), encoding="utf-8")
    result = run_render("out", site, capsys)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines and all(": error[" in line for line in lines), result.stdout
    assert lines[0].startswith(f"{site / 'trees' / tree.name}:"), lines[0]
    assert not (site / "out").exists()


def test_a_folder_render_did_not_write_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = small_site(tmp_path)
    (site / "mine").mkdir()
    (site / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run_render("mine", site, capsys)
    assert result.returncode == 1
    assert "error[export-out]" in result.stdout
    assert (site / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"
    result = run_render("docs", site, capsys)
    assert result.returncode == 1 and "error[export-out]" in result.stdout


def test_a_hand_written_page_where_a_generated_one_goes_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = small_site(tmp_path)
    (site / "docs" / "faq.md").write_text("# Mine\n", encoding="utf-8")
    result = run_render("out", site, capsys)
    assert result.returncode == 1
    assert "faq.md:1:1: error[export-clash]" in result.stdout
    assert not (site / "out").exists()


def test_a_config_without_the_plugin_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent("""\
            site_name: X
            plugins:
              - search
        """),
        encoding="utf-8",
    )
    result = run_render("out", tmp_path, capsys)
    assert result.returncode == 1
    assert "mkdocs.yml:1:1: error[export-config]: no `decision-trees` entry" in result.stdout


def test_an_unreadable_config_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: X\nplugins: [search\n", encoding="utf-8")
    result = run_render("out", tmp_path, capsys)
    assert result.returncode == 1
    assert "mkdocs.yml:3:1: error[export-config]" in result.stdout


def test_the_command_line_entry_point_renders_the_real_site(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "render", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "zensical build -f" in result.stdout
    assert (tmp_path / "out" / "docs" / "troubleshoot" / "message-wont-send" / "index.md").is_file()
