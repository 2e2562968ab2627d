"""Escape by default: what the generator writes around contributor text, even when `check` was skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.generator import Generator, Page
from build_tools.loader import load_bytes
from build_tools.pages import json_ld, link_text
from build_tools.plugin import _escape_titles
from build_tools.sanitize import render, sanitize
from build_tools.validate import load_project

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
def pages(tmp_path: Path) -> dict[str, Page]:
    (tmp_path / "causes.yaml").write_text(f"causes:\n  c:\n    title: '{EVIL}'\n    explanation: E.\n")
    (tmp_path / "t.yaml").write_text(TREE, encoding="utf-8")
    project = load_project([tmp_path])
    assert not project.ok  # check refuses all of this ...
    project.problems = []  # ... and the generator is used anyway
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


def test_the_converted_markdown_is_sanitized_when_pages_are_wrapped(pages: dict[str, Page]) -> None:
    page = pages["troubleshoot/t/index.md"]
    wrapped = page.html_wrapped(render(f"# {EVIL}\n\n[x](javascript:alert(1))")[0])
    assert "<img" not in wrapped and "javascript:" not in wrapped
    assert wrapped.startswith(page.before) and wrapped.endswith(page.after)


def test_json_ld_and_link_text_filters() -> None:
    assert json_ld({"a": "</script><!--&"}) == '{\n "a": "\\u003c/script\\u003e\\u003c!--\\u0026"\n}'
    assert link_text("a](javascript:x) [b") == "a\\](javascript:x) \\[b"
    assert (
        "href" not in sanitize(render(f"[{link_text('a](javascript:x) [b')}](https://ok.example/)")[0])[20:]
    )


def test_nav_titles_of_generated_pages_are_escaped_and_others_kept() -> None:
    nav = [{"Home": "index.md"}, {"Trees": [{EVIL: "troubleshoot/t/index.md"}]}, {"A & B": "about.md"}]
    escaped = _escape_titles(nav, {"troubleshoot/t/index.md", "index.md"})
    assert escaped == [
        {"Home": "index.md"},
        {"Trees": [{"&lt;img src=x onerror=alert(1)&gt;": "troubleshoot/t/index.md"}]},
        {"A & B": "about.md"},
    ]


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
