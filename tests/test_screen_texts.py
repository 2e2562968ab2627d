"""The page of on-screen texts: every quote in sources.yaml, what it means, and the pages that show it
(generator.screen_texts), on both ways out, and the check that keeps every entry linked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import TreeDir
from htmlpage import read_page

from build_tools.core.sources import normalize_quote
from build_tools.render import urls
from build_tools.render.generator import Generator, Options, generate

ROOT = Path(__file__).resolve().parent.parent
SOURCES = """\
sources:
  help-page:
    title: Help page
    publisher: The makers
    url: https://example.org/help
    published: "2025-03-01"
    kind: official
    quotes:
      - text: "Something went wrong. Try again."
        means: The app hit an error it can't name.
      - "You can't do that right now."
"""
NODES = """\
q:
  question: What happens?
  sources: [help-page]
  help: It may say "You can't do that right now".
  answers:
    - answer: It fails
      next: done
    - answer: It works
      next: done
done:
  resolution: Done
  outcome: fixed
  causes: [app-bug]
  sources: [help-page]
  body: It said "Something went wrong". Tap **You can't do that right now.** to close it.
"""
HEAD = "title: T\nsummary: S\nsymptoms: [x]\n"


def page(trees: TreeDir) -> str:
    project = trees.check()
    assert project.ok, project.problems
    found = [p for p in generate(project, Options(tree_dates={})) if p.src == urls.SCREEN_TEXTS_SRC]
    assert len(found) == 1
    return found[0].content


def test_every_quote_is_listed_with_its_meaning_and_the_pages_that_show_it(trees: TreeDir) -> None:
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", NODES, head=HEAD)
    text = page(trees)
    headings = re.findall(r"^## “(.+)” \{: #([a-z0-9-]+) \}$", text, re.MULTILINE)
    assert headings == [
        ("Something went wrong. Try again.", "something-went-wrong-try-again"),
        ("You can't do that right now.", "you-can-t-do-that-right-now"),
    ]
    first, second = text.split("\n## ")[1:]
    assert "**What it means:** The app hit an error it can't name." in first
    assert "- [Done](troubleshoot/t/done.md) (T)" in first and "index.md" not in first
    # Shown in bold on the answer and in quotes on the question: both link, the answer page first.
    assert second.index("troubleshoot/t/done.md") < second.index("troubleshoot/t/index.md")
    assert "**What it means:** Done" in second  # no `means`: the title of the first page that shows it
    assert "Quoted by: The makers, [Help page](https://example.org/help) (1 Mar 2025)." in first


def test_a_quote_no_citing_page_shows_is_an_error_at_the_quote(trees: TreeDir) -> None:
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", NODES.replace("Tap **You can't do that right now.** to close it.", ""), head=HEAD)
    shown_elsewhere = trees.check()
    assert trees.where(shown_elsewhere, "quote-not-shown") == []  # the question still shows it
    trees.tree(
        "t.yaml",
        NODES.replace("Tap **You can't do that right now.** to close it.", "").replace(
            '  help: It may say "You can\'t do that right now".\n', ""
        ),
        head=HEAD,
    )
    line, col = trees.at("sources.yaml", '- "You can')
    # Located at the text, inside its quotation mark (as every quoted value).
    assert trees.where(trees.check(), "quote-not-shown") == [("sources.yaml", line, col + 3)]


def test_no_page_and_no_nav_entry_without_quotes(trees: TreeDir) -> None:
    trees.tree("t.yaml", NODES.replace("  sources: [help-page]\n", "  general: true\n"), head=HEAD)
    project = trees.check()
    assert project.ok, project.problems
    generator = Generator(project, Options(tree_dates={}))
    assert generator.site.screen_texts == ()
    assert urls.SCREEN_TEXTS_SRC not in {p.src for p in generator.pages()}


# --- the real site ------------------------------------------------------------------------------------------


def real_quotes() -> list[str]:
    data = yaml.safe_load((ROOT / "trees" / "sources.yaml").read_text(encoding="utf-8"))
    return [
        q["text"] if isinstance(q, dict) else q for s in data["sources"].values() for q in s.get("quotes", [])
    ]


@pytest.mark.xdist_group("build")
def test_the_built_page_lists_every_sourced_quote_and_each_links_to_a_page_that_shows_it(
    built_site: Path,
) -> None:
    html = (built_site / "screen-texts" / "index.html").read_text(encoding="utf-8")
    sections = html.split("<h2 ")[1:]
    assert len(sections) == len(real_quotes())
    for quote in real_quotes():
        section = next(
            s for s in sections if normalize_quote(quote) in normalize_quote(s.replace("&#39;", "'"))
        )
        hrefs = re.findall(r'href="(\.\./troubleshoot/[^"#]+)"', section)
        assert hrefs, f"{quote!r} links to no page"
        for href in hrefs:
            target = (built_site / "screen-texts" / href / "index.html").resolve()
            assert target.is_file(), href
            words = normalize_quote(quote)[:20]
            shown = normalize_quote(
                target.read_text(encoding="utf-8").replace("&#39;", "'").replace("&quot;", '"')
            )
            assert words[:12] in shown, (quote, href)
    home = read_page(built_site / "index.html")
    assert home is not None
    assert 'href="screen-texts/"' in (built_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.xdist_group("build")
def test_search_finds_each_on_screen_text_as_its_own_result(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("screen-texts/#")]
    for quote in real_quotes():
        words = normalize_quote(quote)[:25]
        assert any(words in normalize_quote(d["title"].replace("&#39;", "'")) for d in entries), quote
