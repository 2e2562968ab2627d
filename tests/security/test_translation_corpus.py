"""Hostile translation files (trees/es/) get located errors, never a traceback: every hostile snippet in
every kind of translated field, and files that are hostile as files (bombs, deep nesting, huge strings,
odd roots, links, folders, bytes that are not UTF-8)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from corpus_trees import (
    MULTI_LINE_FIELDS,
    ONE_LINE_FIELDS,
    Place,
    causes_file,
    translated_causes_file,
    translation_file,
    tree_file,
)
from hostile import SNIPPETS, Snippet

from build_tools.check.validate import load_project
from build_tools.cli import main
from build_tools.core.problems import Problem
from build_tools.core.translations import load_translations
from build_tools.rules.examples import CAUSES, VALID
from build_tools.rules.translations import ES, ES_CAUSES


def _site(root: Path, snippet: Snippet) -> list[Place]:
    """English trees in plain words; their Spanish translations carry the snippet in every field."""
    es = root / "es"
    es.mkdir(parents=True)
    (root / "causes.yaml").write_text(causes_file([("c", None, None)])[0], encoding="utf-8")
    files: dict[str, tuple[str | None, str | None]] = {
        "t.yaml": (snippet.text if snippet.one_line else None, snippet.text)
    }
    if not snippet.one_line:
        files["u.yaml"] = (snippet.text, None)  # a multi-line snippet in the one-line fields
    places: list[Place] = []
    for name, (one, multi) in files.items():
        (root / name).write_text(tree_file(name, "c", None, None)[0], encoding="utf-8")
        text, found = translation_file(name, one, multi)
        (es / name).write_text(text, encoding="utf-8")
        places += found
    title = snippet.text if snippet.one_line else None
    text, found = translated_causes_file("c", title, snippet.text)
    (es / "causes.yaml").write_text(text, encoding="utf-8")
    return places + found


def test_the_translation_corpus_reaches_every_kind_of_translated_field(tmp_path: Path) -> None:
    places = _site(tmp_path, Snippet("x", "<b>x</b>"))
    assert {p.field for p in places} == set(ONE_LINE_FIELDS + MULTI_LINE_FIELDS)


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.code], ids=lambda s: s.name)
def test_check_refuses_the_snippet_in_every_translated_field_at_that_field(
    snippet: Snippet, tmp_path: Path
) -> None:
    places = _site(tmp_path / "trees", snippet)
    problems = load_project([tmp_path / "trees"], parallel=False).problems
    missed = []
    for place in places:
        code = snippet.code if snippet.one_line or place.field in MULTI_LINE_FIELDS else "schema"
        hits = [
            p
            for p in problems
            if Path(p.path).parent.name == "es"
            and Path(p.path).name == place.file
            and place.first <= p.line <= place.last
            and p.code == code
        ]
        if not hits:
            missed.append(f"{place.field} (es/{place.file}:{place.first}) expected {code}")
    assert not missed, f"{snippet.name!r} passed check in: {missed}\n{[p.gcc() for p in problems]}"


def _english(root: Path) -> Path:
    trees = root / "trees"
    (trees / "es").mkdir(parents=True)
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "t.yaml").write_text(VALID, encoding="utf-8")
    (trees / "es" / "causes.yaml").write_text(ES_CAUSES, encoding="utf-8")
    return trees


BOMB = "language: es\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
# (name, file bytes, (line, col, code) of the error `check` must report in es/t.yaml)
HOSTILE_FILES: list[tuple[str, bytes, tuple[int, int, str]]] = [
    ("billion-laughs", BOMB.encode(), (3, 8, "yaml-alias")),
    ("merge-key", b"language: es\nbase: &b {text: x}\ntitle:\n  <<: *b\n", (4, 3, "yaml-alias")),
    ("deep-nesting", ("language: es\nnodes: " + "[" * 60 + "]" * 60 + "\n").encode(), (2, 48, "too-deep")),
    (
        "deep-block-nesting",
        ("language: es\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(60))).encode(),
        (43, 83, "too-deep"),
    ),
    ("list-root", b"- language: es\n", (1, 1, "schema")),
    ("scalar-root", b"just words\n", (1, 1, "schema")),
    ("empty", b"# nothing yet\n", (1, 1, "empty-file")),
    ("not-utf8", b'language: es\ntitle: {text: "caf\xe9"}\n', (2, 19, "not-utf8")),
    ("nul-byte", b'language: es\ntitle: {text: "a\x00b"}\n', (2, 17, "yaml-syntax")),
    ("huge-string", ('language: es\ntitle: {text: "' + "a" * 20_000 + '"}\n').encode(), (2, 16, "schema")),
    ("huge-file", ("language: es\n# " + "x" * 1_000_100 + "\n").encode(), (1, 1, "file-too-large")),
    ("duplicate-key", b"language: es\nlanguage: es\n", (2, 1, "duplicate-key")),
    ("plain-string-field", b"language: es\ntitle: La app no abre\n", (2, 8, "schema")),
    ("number-hash", b"language: es\ntitle: {text: La app, from: 12345678}\n", (2, 29, "schema")),
    ("no-language", b"title: {text: La app}\n", (1, 1, "schema")),
    ("python-tag", b"language: es\ntitle: {text: !!python/name:os.system x}\n", (2, 15, "yaml-value")),
    ("bidi-in-text", 'language: es\ntitle: {text: "abc \u202e cba"}\n'.encode(), (2, 20, "hidden-character")),
    (
        "javascript-link",
        b'language: es\nsummary: {text: "[x](javascript:alert(1))"}\n',
        (2, 22, "unsafe-markup"),
    ),
]


@pytest.mark.parametrize(("name", "data", "where"), HOSTILE_FILES, ids=[h[0] for h in HOSTILE_FILES])
def test_a_hostile_translation_file_is_a_located_error_never_a_traceback(
    name: str, data: bytes, where: tuple[int, int, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = _english(tmp_path)
    (trees / "es" / "t.yaml").write_bytes(data)
    problems = load_project([trees], parallel=False).problems
    mine = [(p.line, p.col, p.code) for p in problems if p.path.endswith("es/t.yaml") and p.is_error]
    assert where in mine, [p.gcc() for p in problems]
    if name == "plain-string-field":  # written as in an English tree: the message says how to write it
        assert any("write it as {text: ...}" in p.message for p in problems)
    assert main(["check", "--no-cache", str(trees)]) == 1
    captured = capsys.readouterr()
    assert "internal error" not in captured.err and "Traceback" not in captured.err
    # load_translations reports a file that is broken as a file the same way, and leaves it out of its
    # model. (Text rules live in rules/, above it: a page renders only a project whose check passed.)
    translations, found = load_translations(trees, "es")
    if where[2] not in {"hidden-character", "unsafe-markup"}:
        assert "t" not in translations.trees
        assert any(p.code == where[2] and (p.line, p.col) == where[:2] for p in found)


def _codes_at(trees: Path, suffix: str) -> list[tuple[int, int, str]]:
    problems: list[Problem] = load_project([trees], parallel=False).problems
    return [(p.line, p.col, p.code) for p in problems if p.path.endswith(suffix)]


def test_a_symlinked_translation_is_reported_and_never_read(tmp_path: Path) -> None:
    trees = _english(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text(ES.replace("La app no abre", "SECRET"), encoding="utf-8")
    os.symlink(secret, trees / "es" / "t.yaml")
    assert (1, 1, "not-a-file") in _codes_at(trees, "es/t.yaml")
    project = load_project([trees], parallel=False)
    assert "t" not in project.translations["es"].trees
    assert "SECRET" not in json.dumps([p.message for p in project.problems])


def test_a_symlinked_language_folder_is_reported_and_never_read(tmp_path: Path) -> None:
    trees = tmp_path / "trees"
    trees.mkdir()
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "t.yaml").write_text(VALID, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "t.yaml").write_text(ES, encoding="utf-8")
    os.symlink(elsewhere, trees / "es")
    assert _codes_at(trees, "es") == [(1, 1, "not-a-file")]
    assert load_project([trees], parallel=False).translations == {}


def test_a_folder_or_a_pipe_with_a_translations_name_is_reported_not_read(tmp_path: Path) -> None:
    trees = _english(tmp_path)
    (trees / "es" / "t.yaml").mkdir()
    os.mkfifo(trees / "es" / "u.yaml")
    (trees / "es" / "drafts").mkdir()
    assert (1, 1, "not-a-file") in _codes_at(trees, "es/t.yaml")
    assert (1, 1, "not-a-file") in _codes_at(trees, "es/u.yaml")
    assert (1, 1, "translation-file") in _codes_at(trees, "es/drafts")
