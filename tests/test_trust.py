"""What pages show so readers can judge them (render/trust.py), and the built site keeping the promise:
sources, "Updated", "This didn't help" on every step and resolution, and fallbacks last."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from htmlpage import read_page

from build_tools.core.loader import Pos
from build_tools.core.sources import Source
from build_tools.render import trust

ROOT = Path(__file__).resolve().parent.parent


def source(sid: str, published: str) -> Source:
    return Source(
        sid, sid.title(), "P", f"https://example.org/{sid}", published, "news", Pos(1, 1), Pos(1, 1)
    )


def test_feedback_url_fills_in_the_form_fields_by_id() -> None:
    url = trust.feedback_url(
        "https://github.com/o/r/",
        tree="t",
        node="n",
        title="Ask & wait",
        page_url="https://example.org/troubleshoot/t/n/",
        answers=[("What happens?", "It fails"), ("Is it down?", "No")],
    )
    parsed = urlparse(url)
    assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == "https://github.com/o/r/issues/new"
    fields = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    assert fields == {
        "template": "didnt-help.yml",
        "title": "Didn't help: Ask & wait",
        "tree": "t",
        "node": "n",
        "page": "https://example.org/troubleshoot/t/n/",
        "answers": "What happens? → It fails\nIs it down? → No",
    }


def test_long_answer_trails_keep_their_latest_answers() -> None:
    answers = [(f"Question {i} " + "x" * 100, "Yes") for i in range(40)]
    text = trust.answers_text(answers)
    assert len(text) <= trust.MAX_ANSWERS_CHARS
    assert text.endswith("Question 39 " + "x" * 100 + " → Yes")
    assert "Question 0 " not in text


def test_sources_are_listed_newest_first_once_each_undated_last() -> None:
    known = {s.id: s for s in (source("a", "2020"), source("b", "2023-02-02"), source("c", "undated"))}
    cited = trust.cited([("c", None), ("a", None), ("b", None), ("a", None)], known)
    assert [s.id for s in cited] == ["b", "a", "c"]
    newest = trust.newest(cited)
    assert newest is not None and newest.id == "b"
    assert trust.newest([known["c"]]) is None


def test_a_file_outside_git_is_dated_by_the_build(tmp_path: Path) -> None:
    file = tmp_path / "t.yaml"
    file.write_text("x", encoding="utf-8")
    assert trust.git_dates([str(file)], today=dt.date(2030, 1, 2)) == {str(file): dt.date(2030, 1, 2)}


def test_a_committed_file_is_dated_by_its_last_commit(tmp_path: Path) -> None:
    def git(*args: str, date: str = "2024-05-06T12:00:00") -> None:
        env = {
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
            "HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        }
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    (tmp_path / "a.yaml").write_text("a", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("b", encoding="utf-8")
    git("add", "a.yaml", "b.yaml")
    git("commit", "-q", "-m", "first")
    (tmp_path / "b.yaml").write_text("b2", encoding="utf-8")
    git("commit", "-q", "-am", "second", date="2025-07-08T12:00:00")
    dates = trust.git_dates([str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")], today=dt.date(2030, 1, 1))
    assert dates == {
        str(tmp_path / "a.yaml"): dt.date(2024, 5, 6),
        str(tmp_path / "b.yaml"): dt.date(2025, 7, 8),
    }


# --- the built site -------------------------------------------------------------------------------------


def repository() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugin = next(p for p in config["plugins"] if isinstance(p, dict) and "decision-trees" in p)
    address: str = plugin["decision-trees"]["repository"]
    return address


def node_pages(site: Path) -> list[tuple[Path, str, str]]:
    """(page file, kind, html) of every question, step and resolution page."""
    out = []
    for page in sorted((site / "troubleshoot").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        kind = re.search(r'data-dt-kind="([a-z]+)"', html)
        if kind:
            out.append((page, kind[1], html))
    return out


def test_every_step_and_resolution_shows_sources_updated_and_didnt_help(built_site: Path) -> None:
    pages = node_pages(built_site)
    assert pages
    repo = repository()
    for page, kind, html in pages:
        sections = html.count("data-dt-sources")
        feedback = re.findall(r'<a href="([^"]*)"[^>]*data-dt-feedback', html)
        if kind == "question":
            # A question shows sources only when its help states facts (`uncited-help`); never feedback.
            assert sections <= 1 and feedback == [], page
            if sections == 0:
                continue
        else:
            assert sections == 1, page
        section = html[
            html.index("data-dt-sources") : html.index("</section>", html.index("data-dt-sources"))
        ]
        has_sources = "data-dt-source-kind" in section
        assert has_sources or 'class="dt-general"' in section, (
            f"{page} cites nothing and isn't marked general"
        )
        assert "Updated <time" in section, page
        if has_sources and re.search(r'class="dt-source-date">\(\d', section):
            assert "data-dt-newest-source" in section, page
        if kind == "question":
            continue
        assert len(feedback) == 1, page
        url = urlparse(feedback[0].replace("&amp;", "&"))
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{repo}/issues/new", page
        fields = parse_qs(url.query)
        rel = page.parent.relative_to(built_site).as_posix()
        tree, node = rel.split("/")[1], (rel.split("/")[2] if rel.count("/") >= 2 else None)
        assert fields["tree"] == [tree] and fields["template"] == ["didnt-help.yml"], page
        if node:
            assert fields["node"] == [node], page
        assert fields["page"][0].endswith(f"/{rel}/"), page


def test_the_feedback_form_has_the_fields_the_link_fills_in() -> None:
    form = yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "didnt-help.yml").read_text(encoding="utf-8")
    )
    ids = {item["id"] for item in form["body"] if "id" in item}
    assert {"tree", "node", "page", "answers"} <= ids


def test_fallback_answers_come_last_and_are_marked(built_site: Path) -> None:
    seen = 0
    for page, kind, html in node_pages(built_site):
        if kind != "question":
            continue
        classes = re.findall(r'<a class="(dt-answer[^"]*)"', html)
        marked = [i for i, c in enumerate(classes) if "dt-fallback" in c.split()]
        assert len(marked) <= 1, page
        if len(classes) >= 3:
            assert marked == [len(classes) - 1], f"{page}: the fallback must be the last answer"
        seen += len(marked)
    assert seen >= 15


def test_no_page_claims_that_anyone_checked_it(built_site: Path) -> None:
    claims = re.compile(r"\bwe (last )?(checked|verified|tested)\b|last checked", re.IGNORECASE)
    found = [
        str(p.relative_to(built_site))
        for p in built_site.rglob("*.html")
        if "contributing" not in p.parts  # the guide names the phrase in order to forbid it
        and claims.search(p.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize("name", ["common-fixes/restart-app", "account-restricted/wait-out"])
def test_a_step_page_reads_as_the_contract_says(built_site: Path, name: str) -> None:
    page = read_page(built_site / "troubleshoot" / name / "index.html")
    assert len(page.dt_elements) == 1
    # Links to sources and to GitHub are <a href>: nothing is fetched until a click.
    assert all("github.com" not in url for _, url in page.references)
