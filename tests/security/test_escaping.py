"""Escape by default: what the generator writes around contributor text, even when `check` was skipped."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from corpus_trees import tree_file
from hostile import SNIPPETS

from build_tools.check.validate import load_project
from build_tools.core.loader import load_bytes
from build_tools.core.options import PluginOptions
from build_tools.core.project import Project
from build_tools.render.generator import Generator, Page
from build_tools.render.mermaid import tree_to_mermaid
from build_tools.render.options import DecisionTreesConfig
from build_tools.render.pages import heading_text, link_text
from build_tools.render.site import generated_nav
from build_tools.text.extension import Controls, publish
from build_tools.text.sanitize import own_tab_controls, render, sanitize
from build_tools.text.trusted import json_ld, publishable

EVIL = "<img src=x onerror=alert(1)>"
TREE = f"""\
title: '{EVIL} title'
summary: '{EVIL} summary'
symptoms: ['{EVIL} symptom']
start: q
faq:
  - question: 'Q {EVIL}'
    answer: 'A </script><script>alert(1)</script> <!--'
    link: q
nodes:
  q:
    question: '{EVIL} question'
    help: 'Help "quoted" text'
    answers:
      - answer: '{EVIL} yes'
        next: r
      - answer: Not yet
        next: r
  r:
    resolution: '{EVIL} resolved'
    outcome: fixed
    causes: [c]
    body: Done.
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    (tmp_path / "causes.yaml").write_text(f"causes:\n  c:\n    title: '{EVIL}'\n    explanation: E.\n")
    (tmp_path / "t.yaml").write_text(TREE, encoding="utf-8")
    project = load_project([tmp_path])
    assert not project.ok  # check refuses all of this ...
    project.problems = []  # ... and the generator is used anyway
    return project


@pytest.fixture
def pages(project: Project) -> dict[str, Page]:
    return {p.src: p for p in Generator(project).pages()}


def test_controls_around_a_page_escape_labels_and_titles(pages: dict[str, Page]) -> None:
    question = next(
        p for p in pages.values() if p.src.startswith("troubleshoot/t/") and "question" in p.before
    )
    for html in (question.before, question.after, pages["index.md"].after):
        assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; yes" in question.after


def test_front_matter_is_escaped_for_the_theme(pages: dict[str, Page]) -> None:
    start = pages["troubleshoot/t/index.md"].content
    assert 'title: "\\u0026lt;img src=x onerror=alert(1)\\u0026gt; question"' in start
    assert 'description: "Help \\u0026quot;quoted\\u0026quot; text"' in start


def test_structured_data_cannot_end_its_script_element(pages: dict[str, Page]) -> None:
    script = pages["faq.md"].after
    body = script[script.index(">") + 1 : script.rindex("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body.replace("\\u0026", "")
    assert json.loads(body)["mainEntity"][0]["name"] == f"Q {EVIL}"


def test_the_converted_markdown_is_sanitized_when_pages_are_dressed(pages: dict[str, Page]) -> None:
    page = pages["troubleshoot/t/index.md"]
    controls = Controls(page.before, page.after)
    published = publish(render(f"# {EVIL}\n\n[x](javascript:alert(1))")[0], controls, {})
    assert "<img" not in published and "javascript:" not in published
    assert published.startswith(page.before) and published.endswith(page.after)


def test_json_ld_and_link_text_filters() -> None:
    assert json_ld({"a": "</script><!--&"}) == '{\n "a": "\\u003c/script\\u003e\\u003c!--\\u0026"\n}'
    assert link_text("a](javascript:x) [b") == "a\\](javascript:x) \\[b"
    assert (
        "href" not in sanitize(render(f"[{link_text('a](javascript:x) [b')}](https://ok.example/)")[0])[20:]
    )


# Converted without the sanitizer: the escaping alone must keep these inert where the templates put them.
LINK_TEXT_TRICKS = [
    "App \\*closes\\*{: onfocus=alert(1) autofocus tabindex=0}",  # the contributor's own escapes
    "*x*{: onclick=alert(1) }",
    "x\\",  # a trailing backslash would escape the template's `]`
    "x\\\\\\](javascript:alert(1))",
    "`]` b](javascript:alert(1))",
]


def _attributes(html_text: str) -> set[str]:
    names: set[str] = set()

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names.update(f"{tag} {name}" for name, _ in attrs)

    Attributes().feed(html_text)
    return names


@pytest.mark.parametrize("title", LINK_TEXT_TRICKS)
def test_link_text_keeps_a_title_inside_the_link_as_text(title: str) -> None:
    out = render(f"- [{link_text(title)}](https://ok.example/) (tree)")[0]
    assert _attributes(out) == {"a href"} and 'href="https://ok.example/"' in out


def test_link_text_does_not_undo_the_contributors_escapes() -> None:
    assert link_text("App \\*closes\\*") == "App \\*closes\\*"
    assert link_text("\\[x\\]") == "\\[x\\]"
    escaped = link_text("App \\*closes\\*")
    assert render(f"[{escaped}](https://ok.example/)")[0] == (
        '<p><a href="https://ok.example/">App *closes*</a></p>'
    )


@pytest.mark.parametrize("title", ["Why it fails {: onfocus=alert(1) autofocus tabindex=0", "T {", "T \\"])
def test_a_cause_title_cannot_merge_with_the_templates_attribute_list(title: str) -> None:
    out = render(f"## {heading_text(title)} {{: #c-id }}")[0]
    assert out.startswith('<h2 id="c-id">') and _attributes(out) == {"h2 id"}


def test_nav_titles_of_trees_are_escaped_where_the_nav_is_made(
    pages: dict[str, Page], project: Project
) -> None:
    nav = generated_nav(Generator(project), PluginOptions(), [{"A & B": "about.md"}])
    # The trees' section (their maps are linked from their pages, not listed in the navigation).
    titles = [next(iter(entry)) for group in nav[1:2] for entries in group.values() for entry in entries]
    assert titles == ["&lt;img src=x onerror=alert(1)&gt; title"]
    assert nav[0] == {"A & B": "about.md"}  # the site's own entries are its own


def test_a_nul_byte_is_reported_at_its_line_and_column() -> None:
    (problem,) = load_bytes(b"title: T\nsummary: a\x00b\n", "t.yaml").problems
    assert (problem.line, problem.col, problem.code) == (2, 11, "yaml-syntax")


def test_a_carriage_return_in_a_one_line_field_is_refused_at_that_field(tmp_path: Path) -> None:
    (tmp_path / "causes.yaml").write_text("causes:\n  c:\n    title: C\n    explanation: E.\n")
    tree = TREE.replace(f"'{EVIL} resolved'", '"Fixed\\r# Another heading"')
    (tmp_path / "t.yaml").write_text(tree, encoding="utf-8")
    found = [
        (p.line, p.code) for p in load_project([tmp_path]).problems if "single non-empty line" in p.message
    ]
    assert found == [(tree.splitlines().index('    resolution: "Fixed\\r# Another heading"') + 1, "schema")]


def test_no_label_holds_a_mermaid_directive(tmp_path: Path) -> None:
    directive = next(s.text for s in SNIPPETS if s.name == "issue-19-mermaid-init")
    (tmp_path / "causes.yaml").write_text("causes:\n  c:\n    title: C\n    explanation: E.\n")
    tree = tree_file("t.yaml", "c", directive, directive)[0]
    (tmp_path / "t.yaml").write_text(tree, encoding="utf-8")
    project = load_project([tmp_path])
    chart = tree_to_mermaid(project, "t")
    assert "%%" not in chart and "{init" not in chart and directive.split("%%")[-1].strip() in chart


TABS = '=== "iOS"\n\n    a\n\n=== "Android"\n\n    b\n'
OWN_IDS = (
    '<input type="radio" id="__tabbed_1_2" name="__tabbed_1" checked><label for="__tabbed_1_1">x</label>'
)


@pytest.mark.parametrize("markdown", [f"{OWN_IDS}\n\n{TABS}", f"{TABS}\n\n{OWN_IDS}"])
def test_tree_html_cannot_take_the_tabs_own_controls(markdown: str) -> None:
    """Raw radio buttons and labels with the page's `__tabbed_*` ids pass the allowlist; the published page
    keeps only the tabs extension's own, each id once."""
    page = publishable(render(markdown)[0])
    assert page.count("<input") == 2 and page.count("<label") == 2
    assert page.count('id="__tabbed_1_2"') == 1 and page.count('for="__tabbed_1_1"') == 1
    assert page.index("<input") > page.index('class="tabbed-set')
    tabs = render(TABS)[0]
    assert own_tab_controls(sanitize(tabs)) == sanitize(tabs)  # the extension's own tabs are untouched


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "http://github.com/owner/name",
        'https://github.com/owner/name" onmouseover="alert(1)',
        "https://github.com/owner/name\u202e",
        "https://github.com/owner name",
        "//github.com/owner/name",
    ],
)
def test_the_repository_option_is_an_https_address_without_quotes(url: str) -> None:
    """It is written into every page's feedback and edit links (a maintainer's setting, checked anyway)."""
    config = DecisionTreesConfig()
    config.load_dict({"repository": url})
    failed, _ = config.validate()
    assert [name for name, _ in failed] == ["repository"]


def test_a_real_repository_address_passes() -> None:
    config = DecisionTreesConfig()
    config.load_dict({"repository": "https://github.com/tiktok-dm-help/tiktok-dm-help"})
    assert config.validate() == ([], [])


def test_a_huge_unreadable_value_is_not_echoed_in_full() -> None:
    value = "1" * 900_000
    (problem,) = load_bytes(f"title: !!int {value}x\n".encode(), "t.yaml").problems
    assert problem.code == "yaml-value" and len(problem.message) < 200
