"""`check` refuses every hostile snippet in every kind of text field, with an error at that field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_trees import MULTI_LINE_FIELDS, ONE_LINE_FIELDS, Place, causes_file, snippet_files, tree_file
from hostile import SNIPPETS, Snippet

from build_tools.check.validate import load_project
from build_tools.core.problems import Problem
from build_tools.rules.examples import CAUSES
from build_tools.rules.sources import CITED, SOURCES

TEXT_CODES = {"unsafe-markup", "hidden-character"}


def test_the_corpus_is_large_and_reaches_every_kind_of_field() -> None:
    assert len(SNIPPETS) >= 60
    assert len({s.name for s in SNIPPETS}) == len(SNIPPETS)
    places: set[str] = set()
    for snippet in SNIPPETS:
        for _, found in snippet_files(snippet, "t", "c").values():
            places |= {p.field for p in found}
    assert places == set(ONE_LINE_FIELDS + MULTI_LINE_FIELDS) - {"cause.title", "cause.explanation"}


def _check(snippet: Snippet, root: Path) -> tuple[list[Problem], list[Place]]:
    places: list[Place] = []
    for name, (text, found) in snippet_files(snippet, "t", "c").items():
        (root / name).write_text(text, encoding="utf-8")
        places += found
    title = snippet.text if snippet.one_line else None
    causes, found = causes_file([("c", title, snippet.text)])
    (root / "causes.yaml").write_text(causes, encoding="utf-8")
    places += found
    return load_project([root]).problems, places


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.code], ids=lambda s: s.name)
def test_check_refuses_the_snippet_in_every_field_at_that_field(snippet: Snippet, tmp_path: Path) -> None:
    problems, places = _check(snippet, tmp_path)
    missed = []
    for place in places:
        # A multi-line snippet in a one-line field is refused by the schema, at the same place.
        code = snippet.code if snippet.one_line or place.field in MULTI_LINE_FIELDS else "schema"
        hits = [
            p
            for p in problems
            if Path(p.path).name == place.file
            and place.first <= p.line <= place.last
            and p.col >= 1
            and p.code == code
        ]
        if not hits:
            missed.append(f"{place.field} ({place.file}:{place.first}) expected {code}")
    assert not missed, f"{snippet.name!r} passed check in: {missed}\n{problems}"


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if not s.code], ids=lambda s: s.name)
def test_text_that_is_only_dangerous_unescaped_passes_check(snippet: Snippet, tmp_path: Path) -> None:
    problems, _ = _check(snippet, tmp_path)
    assert [p for p in problems if p.code in TEXT_CODES] == []


@pytest.mark.parametrize("twin", ["Y\u0435s", "\uff39\uff45\uff53", "YES", "y\u0435s "])
def test_look_alike_answers_are_duplicates(twin: str, tmp_path: Path) -> None:
    """An answer that reads like another (a Cyrillic ie, full-width letters, case) is a duplicate."""
    text, _ = tree_file("t.yaml", "c", None, None)
    text = text.replace(
        "      - answer: Another answer", f"      - answer: 'Yes'\n        next: r\n      - answer: {twin!r}"
    )
    (tmp_path / "t.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "causes.yaml").write_text(causes_file([("c", None, None)])[0], encoding="utf-8")
    codes = [p.code for p in load_project([tmp_path]).problems]
    assert "duplicate-answer" in codes, codes


# A source's address goes into an href on every page that cites it, and into `check`'s messages.
HOSTILE_URLS = [
    "https://example.org/\x00x",
    "https://example.org/\x1b]52;c;ZXZpbA==\x07",
    "https://example.org/\u202egpj.exe",
    "https://example.org/a'onmouseover='alert(1)",
    "https://example.org/" + "a" * 3000,
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=lambda u: repr(u[:30]))
def test_a_source_url_that_is_long_or_holds_controls_is_refused_at_its_line(url: str, tmp_path: Path) -> None:
    sources = SOURCES.replace("url: https://example.org/help/app-closes", f"url: {json.dumps(url)}")
    (tmp_path / "sources.yaml").write_text(sources, encoding="utf-8")
    (tmp_path / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (tmp_path / "t.yaml").write_text(CITED, encoding="utf-8")
    line = sources.splitlines().index(f"    url: {json.dumps(url)}") + 1
    found = [(p.line, p.code) for p in load_project([tmp_path]).problems if p.path.endswith("sources.yaml")]
    assert (line, "schema") in found, found
