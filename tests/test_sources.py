"""Sources (build_tools/core/sources.py, rules/sources.py, rules/fallback.py): loading, quotations, and the
checks that every page is cited, every quotation is sourced and every multiple-choice question has a way out.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import TreeDir

from build_tools.core.loader import Pos
from build_tools.core.model import Text
from build_tools.core.sources import date_label, normalize_quote, parse_date, quotations
from build_tools.render.generator import Options, generate

SOURCES = """\
sources:
  help-page:
    title: Help page
    publisher: The makers
    url: https://example.org/help
    published: "2025-03-01"
    kind: official
    quotes:
      - "Something went wrong. Try again."
      - "You can't do that right now."
  old-post:
    title: Old post
    publisher: A blog
    url: https://example.org/old
    published: undated
    kind: third-party
"""

CITED_NODES = """\
q:
  question: What happens?
  answers:
    - answer: It fails
      next: s
    - answer: It works
      next: done
s:
  step: Try again
  body: Try again.
  general: true
  fixed: done
  not_fixed: done
done:
  resolution: Done
  outcome: fixed
  causes: [app-bug]
  sources: [help-page, old-post]
  body: It works.
  platforms:
    web: It said "Something went wrong. Try again." or "You can't do that right now."
"""


HEAD = "title: T\nsummary: S\nsymptoms: [x]\n"  # no `reviewed`: a cited project warns about it


def with_sources(trees: TreeDir, nodes: str = CITED_NODES, sources: str = SOURCES) -> None:
    trees.write("sources.yaml", sources)
    trees.tree("t.yaml", nodes, head=HEAD)


# --- quotations ---------------------------------------------------------------------------------------


def test_quotations_finds_straight_and_curly_pairs_with_their_offsets() -> None:
    text = 'It says "Try again" and \u201cNo way\u201d.'
    assert quotations(text) == [(8, "Try again"), (24, "No way")]


def test_a_quotation_may_wrap_onto_the_next_line_but_not_into_the_next_paragraph() -> None:
    assert quotations('It says "Try\nagain".') == [(8, "Try\nagain")]
    assert quotations('It says "Try\n\nagain".') == [(8, None), (19, None)]


def test_single_quotes_are_apostrophes_not_quotations() -> None:
    assert quotations("It's the user's 'setting'") == []


def test_normalized_quotes_ignore_case_spaces_and_curly_apostrophes() -> None:
    assert normalize_quote("You  can\u2019t\n do THAT") == normalize_quote("you can't do that")


def test_pos_at_follows_line_breaks_of_a_block_scalar() -> None:
    text = Text("body", 'line one\nsee "this"', Pos(10, 7))
    assert text.pos_at(4) == Pos(10, 11)
    assert text.pos_at(text.value.index('"')) == Pos(11, 11)


def test_dates_for_people_and_for_comparing() -> None:
    assert date_label("2023-02-02") == "2 Feb 2023"
    assert date_label("2023-12") == "Dec 2023"
    assert date_label("2024") == "2024"
    assert date_label("undated") == "undated"
    assert parse_date("2023-12") == dt.date(2023, 12, 1)
    assert parse_date("undated") is None
    with pytest.raises(ValueError):
        parse_date("2026-02-30")


# --- loading -------------------------------------------------------------------------------------------


def test_a_cited_project_loads_its_sources_and_is_clean(trees: TreeDir) -> None:
    with_sources(trees)
    project = trees.check()
    assert [p.gcc() for p in project.problems] == []
    assert project.sources is not None and set(project.sources) == {"help-page", "old-post"}
    node = project.trees["t"].nodes["done"]
    assert [sid for sid, _ in node.sources] == ["help-page", "old-post"]
    assert project.trees["t"].nodes["s"].general


def test_a_sources_file_with_a_bad_kind_and_a_plain_http_address_is_a_located_schema_error(
    trees: TreeDir,
) -> None:
    bad = SOURCES.replace("kind: official", "kind: rumour").replace(
        "https://example.org/old", "http://example.org/old"
    )
    with_sources(trees, sources=bad)
    found = trees.where(trees.check(), "schema")
    assert ("sources.yaml", *trees.value_at("sources.yaml", "kind: rumour")) in found
    assert ("sources.yaml", *trees.value_at("sources.yaml", "url: http://")) in found


def test_a_cited_project_warns_about_the_old_reviewed_date_at_its_value(trees: TreeDir) -> None:
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", CITED_NODES)  # the shared head still has `reviewed: "2026-01-01"`
    project = trees.check()
    assert project.ok
    line, col = trees.value_at("t.yaml", 'reviewed: "')
    assert trees.where(project, "reviewed-ignored") == [("t.yaml", line, col + 1)]
    assert project.trees["t"].reviewed == "2026-01-01"  # still read, so old files load


def test_without_a_sources_file_citing_is_not_required(trees: TreeDir) -> None:
    trees.tree(
        "t.yaml",
        CITED_NODES.replace("  general: true\n", "").replace("  sources: [help-page, old-post]\n", ""),
    )
    assert [p.gcc() for p in trees.check().problems] == []


# --- rules ---------------------------------------------------------------------------------------------


def test_a_step_with_neither_sources_nor_general_is_uncited_at_the_node(trees: TreeDir) -> None:
    with_sources(trees, CITED_NODES.replace("  general: true\n", ""))
    assert trees.where(trees.check(), "uncited") == [("t.yaml", *trees.node_at("t.yaml", "s"))]


def test_an_unknown_source_id_is_reported_at_the_id(trees: TreeDir) -> None:
    with_sources(trees, CITED_NODES.replace("[help-page, old-post]", "[help-page, old-psot]"))
    line, col = trees.at("t.yaml", "old-psot")
    assert trees.where(trees.check(), "unknown-source") == [("t.yaml", line, col)]


def test_a_source_nobody_cites_is_a_warning_at_its_id(trees: TreeDir) -> None:
    with_sources(trees, CITED_NODES.replace("[help-page, old-post]", "[help-page]"))
    project = trees.check()
    assert project.ok
    line, col = trees.at("sources.yaml", "old-post:")
    assert trees.where(project, "unused-source") == [("sources.yaml", line, col)]


def test_a_quotation_no_source_gives_is_reported_where_its_mark_is(trees: TreeDir) -> None:
    nodes = CITED_NODES.replace(
        "  body: It works.\n",
        '  body: |\n    It works.\n    If it says "Please wait a moment", wait.\n',
    )
    with_sources(trees, nodes)
    line, col = trees.at("t.yaml", '"Please wait')
    assert trees.where(trees.check(), "unsourced-quote") == [("t.yaml", line, col)]


def test_part_of_a_sourced_quote_in_any_case_is_accepted(trees: TreeDir) -> None:
    nodes = (
        CITED_NODES.replace("- answer: It fails", '- answer: It says "something went wrong"')
        .replace("  question: What happens?\n", "  question: What happens?\n  sources: [help-page]\n")
        .replace(
            "  body: It works.\n",
            "  body: |\n    It said \u201cYou can\u2019t do that\n    right now.\u201d\n",
        )
    )
    with_sources(trees, nodes)
    assert trees.where(trees.check(), "unsourced-quote") == []


def test_a_quote_is_checked_against_the_pages_own_sources_not_any_source(trees: TreeDir) -> None:
    # The resolution cites the page that quotes it; the question cites nothing, so it may not quote it.
    nodes = CITED_NODES.replace("- answer: It fails", '- answer: It says "something went wrong"').replace(
        "  body: It works.\n", '  body: It said "Something went wrong. Try again."\n'
    )
    with_sources(trees, nodes)
    line, col = trees.at("t.yaml", '"something went wrong"')
    problems = [p for p in trees.check().problems if p.code == "unsourced-quote"]
    assert [(p.line, p.col) for p in problems] == [(line, col)]
    assert "question 'q'" in problems[0].message


def test_a_faq_quote_needs_a_source_of_the_node_it_links_to(trees: TreeDir) -> None:
    faq = (
        'faq:\n  - question: What does "You can\'t do that right now" mean?\n'
        "    answer: It passes.\n    link: {link}\n"
    )
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", CITED_NODES, head=HEAD + faq.format(link="done"))
    assert trees.where(trees.check(), "unsourced-quote") == []
    trees.tree("t.yaml", CITED_NODES, head=HEAD + faq.format(link="s"))
    line, col = trees.at("t.yaml", '"You can')
    assert trees.where(trees.check(), "unsourced-quote") == [("t.yaml", line, col)]


def test_a_question_with_help_cites_sources_or_is_general(trees: TreeDir) -> None:
    helped = CITED_NODES.replace(
        "  question: What happens?\n", "  question: What happens?\n  help: It fails at once.\n"
    )
    with_sources(trees, helped)
    assert trees.where(trees.check(), "uncited-help") == [("t.yaml", *trees.node_at("t.yaml", "q"))]
    for mark in ("  general: true\n", "  sources: [old-post]\n"):
        with_sources(trees, helped.replace("  help:", mark + "  help:"))
        assert trees.where(trees.check(), "uncited-help") == []


def test_quotations_in_symptoms_and_titles_are_checked_too(trees: TreeDir) -> None:
    head = "title: T\nsummary: S\nsymptoms: [x, '\"Error 42 happened\"']\n"
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", CITED_NODES, head=head)
    line, col = trees.at("t.yaml", '"Error 42')
    assert trees.where(trees.check(), "unsourced-quote") == [("t.yaml", line, col)]


def test_a_quoted_symptom_needs_a_node_of_its_tree_that_cites_it(trees: TreeDir) -> None:
    head = "title: T\nsummary: S\nsymptoms: [x, '\"You can''t do that right now\"']\n"
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", CITED_NODES, head=head)
    assert trees.where(trees.check(), "unsourced-quote") == []
    uncited = CITED_NODES.replace("[help-page, old-post]", "[old-post]").split("  platforms:")[0]
    trees.tree("t.yaml", uncited, head=head)
    line, col = trees.at("t.yaml", '"You can')
    assert trees.where(trees.check(), "unsourced-quote") == [("t.yaml", line, col)]


def test_an_unclosed_quotation_mark_is_reported(trees: TreeDir) -> None:
    with_sources(trees, CITED_NODES.replace("  body: It works.\n", '  body: It says "wait.\n'))
    line, col = trees.at("t.yaml", '"wait')
    problems = [p for p in trees.check().problems if p.code == "unsourced-quote"]
    assert [(p.line, p.col) for p in problems] == [(line, col)]
    assert "not closed" in problems[0].message


def test_a_source_date_in_the_future_is_reported(trees: TreeDir) -> None:
    with_sources(trees, sources=SOURCES.replace("2025-03-01", "2099-01-01"))
    line, col = trees.value_at("sources.yaml", 'published: "2099')
    # A quoted value is located at its first character, inside the quote mark (as everywhere).
    assert trees.where(trees.check(), "bad-source-date") == [("sources.yaml", line, col + 1)]


THREE = textwrap.dedent(
    """\
    q:
      question: What happens?
      answers:
        - answer: It fails
          next: done
        - answer: It hangs
          next: done
        - answer: Something else
          next: done
    done:
      resolution: Done
      outcome: fixed
      causes: [app-bug]
      body: It works.
    """
)


def test_three_answers_without_a_fallback_are_reported_at_the_question(trees: TreeDir) -> None:
    trees.tree("t.yaml", THREE)
    assert trees.where(trees.check(), "missing-fallback") == [("t.yaml", *trees.node_at("t.yaml", "q"))]


def test_a_yes_no_question_needs_no_fallback(trees: TreeDir) -> None:
    two = THREE.replace("    - answer: Something else\n      next: done\n", "")
    trees.tree("t.yaml", two)
    assert trees.where(trees.check(), "missing-fallback") == []


def test_one_fallback_is_enough_and_a_second_is_reported(trees: TreeDir) -> None:
    one = THREE.replace(
        "answer: Something else\n      next: done\n",
        "answer: Something else\n      next: done\n      fallback: true\n",
    )
    trees.tree("t.yaml", one)
    assert trees.where(trees.check(), "missing-fallback") == []
    two = one.replace(
        "answer: It hangs\n      next: done\n", "answer: It hangs\n      next: done\n      fallback: true\n"
    )
    trees.tree("t.yaml", two)
    line, col = trees.value_at("t.yaml", "next: done", 3)  # the second one marked: "Something else"
    assert trees.where(trees.check(), "extra-fallback") == [("t.yaml", line, col)]


# --- pages ---------------------------------------------------------------------------------------------


def test_a_question_page_lists_its_sources_like_a_step_and_one_without_shows_none(trees: TreeDir) -> None:
    cited = CITED_NODES.replace(
        "  question: What happens?\n",
        "  question: What happens?\n  sources: [help-page]\n  help: It fails.\n",
    )
    with_sources(trees, cited)
    pages = {p.src: p.before + p.content + p.after for p in generate(trees.check(), Options(tree_dates={}))}
    question = pages["troubleshoot/t/index.md"]
    assert question.count("data-dt-sources") == 1 and 'href="https://example.org/help"' in question
    assert "data-dt-feedback" not in question
    with_sources(trees)
    pages = {p.src: p.before + p.content + p.after for p in generate(trees.check(), Options(tree_dates={}))}
    assert "data-dt-sources" not in pages["troubleshoot/t/index.md"]


def test_the_home_page_links_a_quoted_symptom_to_the_page_that_cites_it(trees: TreeDir) -> None:
    head = "title: T\nsummary: S\nsymptoms: [It fails, '\"You can''t do that right now\"']\n"
    trees.write("sources.yaml", SOURCES)
    trees.tree("t.yaml", CITED_NODES, head=head)
    home = next(p for p in generate(trees.check(), Options(tree_dates={})) if p.src == "index.md")
    assert (
        '<li><a href="troubleshoot/t/done/">&#34;You can&#39;t do that right now&#34;</a></li>' in home.after
    )
    assert "<li>It fails</li>" in home.after


def test_a_quote_in_a_cause_is_reported_at_its_mark_as_causes_cite_nothing(trees: TreeDir) -> None:
    with_sources(trees)
    trees.write(
        "causes.yaml",
        "causes:\n  app-bug:\n    title: App bug\n"
        '    explanation: It says "Something went wrong. Try again."\n',
    )
    line, col = trees.at("causes.yaml", '"Something')
    assert trees.where(trees.check(), "quote-in-cause") == [("causes.yaml", line, col)]
