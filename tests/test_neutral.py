"""The engine carries no topic: a second site about something else builds with no trace of this one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import sitebuild

ROOT = sitebuild.ROOT
OTHER = Path(__file__).parent / "fixtures" / "othersite"
TOPIC = re.compile(r"tik\s*tok", re.IGNORECASE)
# The one place the engine may name the old outcome: loading files that still use it.
MIGRATION = {"load.py", "files.py"}


def test_a_site_on_another_topic_has_no_word_of_this_one(other_site: Path) -> None:
    site = other_site
    pages = [
        p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".js", ".css")
    ]
    assert any("chain-slips" in str(p) for p in pages)
    leaks = [
        str(p.relative_to(site))
        for p in pages
        if TOPIC.search(p.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert leaks == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "one question at a time" in home and "About this site" not in home


def test_engine_sources_name_no_topic() -> None:
    engine = ROOT / "build_tools"
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted(engine.rglob("*"))
        if path.is_file()
        and path.suffix in (".py", ".j2", ".json", ".js", ".css", ".html")
        and path.name not in MIGRATION
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TOPIC.search(line)
    ]
    assert found == []


def test_a_warning_shows_in_the_build_but_does_not_fail_the_strict_build(tmp_path: Path) -> None:
    project = tmp_path / "othersite"
    shutil.copytree(OTHER, project)
    tree = project / "trees" / "chain-slips.yaml"
    text = tree.read_text(encoding="utf-8")
    assert "    outcome: fixed\n" in text
    tree.write_text(text.replace("    outcome: fixed\n", "    kind: fixed\n", 1), encoding="utf-8")
    result = sitebuild.build(tmp_path / "site", project / "mkdocs.yml", quiet=False)
    assert result.returncode == 0, result.stderr
    assert "warning[deprecated-key]" in result.stderr
