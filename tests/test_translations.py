"""core/translations.py, core/localize.py, translate.py and rules/translations.py: translations carry text
only, are read with their locations, stamped without losing a byte of the translator's file, and checked
against the English trees at file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.check.validate import load_project, load_site
from build_tools.cli import main
from build_tools.core.localize import localize
from build_tools.core.located import Pos
from build_tools.core.translations import fingerprint, languages, load_translations
from build_tools.rules.examples import CAUSES, VALID
from build_tools.rules.translations import ES, ES_CAUSES
from build_tools.translate import add_hashes, stamp


def write(tmp_path: Path, es: str = ES, tree: str = VALID, causes: str | None = ES_CAUSES) -> Path:
    trees = tmp_path / "trees"
    (trees / "es").mkdir(parents=True)
    (trees / "causes.yaml").write_text(CAUSES, encoding="utf-8")
    (trees / "t.yaml").write_text(tree, encoding="utf-8")
    (trees / "es" / "t.yaml").write_text(es, encoding="utf-8")
    if causes is not None:
        (trees / "es" / "causes.yaml").write_text(causes, encoding="utf-8")
    return trees


def found(trees: Path, code: str) -> list[tuple[str, int, int]]:
    project = load_project([trees], parallel=False)
    return [
        (Path(p.path).relative_to(trees).as_posix(), p.line, p.col)
        for p in project.problems
        if p.code == code
    ]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_complete_current_translation_is_clean_and_loads_with_positions(tmp_path: Path) -> None:
    trees = write(tmp_path)
    project = load_project([trees], parallel=False)
    assert [p.gcc() for p in project.problems] == []
    es = project.translations["es"].trees["t"]
    question = es.nodes["what-happens"].fields["question"]
    assert question.text == "¿Qué pasa cuando la abres?"
    assert question.key_pos == Pos(line_of(ES, "question:"), 5)
    assert question.source == fingerprint("What happens when you open it?")
    assert [a.text for a in es.nodes["what-happens"].answers] == ["Se cierra", "Muestra un error"]


def test_languages_are_the_two_letter_folders_only(tmp_path: Path) -> None:
    trees = write(tmp_path)
    (trees / "images").mkdir()
    (trees / "en").mkdir()  # the source language is not a translation
    (trees / "pt").mkdir()
    assert languages(trees) == ["es", "pt"]


def test_load_translations_is_the_renderers_way_in(tmp_path: Path) -> None:
    trees = write(tmp_path)
    translations, problems = load_translations(trees, "es")
    assert problems == []
    assert set(translations.trees) == {"t"} and translations.causes is not None
    assert translations.causes.causes["app-bug"].fields["title"].text == "Error de la app"


def test_a_changed_english_sentence_makes_its_spanish_field_stale_at_file_line_col(tmp_path: Path) -> None:
    trees = write(tmp_path)
    assert found(trees, "translation-stale") == []
    english = trees / "t.yaml"
    english.write_text(VALID.replace("Hold the power button, then tap Restart.", "Hold the side button."))
    body = line_of(ES, "    body:\n      text: Mantén")
    assert found(trees, "translation-stale") == [("es/t.yaml", body, 5)]
    project = load_project([trees], parallel=False)
    shown = localize(project, project.translations["es"]).trees["t"].nodes["restart"].body
    assert shown is not None and shown.english and shown.stale and shown.text == "Hold the side button."


def test_localize_falls_back_to_english_field_by_field(tmp_path: Path) -> None:
    partial = ES.replace(
        '      - {text: "Muestra un error", from: "' + fingerprint("It shows an error") + '"}\n', ""
    )
    trees = write(tmp_path, es=partial, causes=None)
    project = load_project([trees], parallel=False)
    shown = localize(project, project.translations["es"])
    node = shown.trees["t"].nodes["what-happens"]
    assert [(a.text, a.english) for a in node.answers] == [("Se cierra", False), ("It shows an error", True)]
    assert node.fell_back and not shown.trees["t"].nodes["restart"].fell_back
    assert shown.trees["t"].title.text == "La app no abre" and not shown.trees["t"].reviewed
    assert shown.causes["app-bug"].title.english and not shown.causes_reviewed
    assert shown.trees["t"].symptoms == ["La app se cierra sola"]
    missing = found(trees, "translation-missing")
    assert ("es/t.yaml", line_of(ES, "  what-happens:"), 3) in missing
    assert ("causes.yaml", 1, 1) in missing


@pytest.mark.parametrize(
    ("old", "new", "code", "needle"),
    [
        ("  restart:\n", "  restar:\n", "translation-unknown", "  restart:"),
        ("    step: {text", "    question: {text", "translation-unknown", "    step: {text"),
        (
            '      - {text: "Muestra',
            '      - {text: "Otra"}\n      - {text: "Muestra',
            "translation-extra-item",
            '      - {text: "Muestra',
        ),
        (
            '{text: "Muestra un error"',
            '{text: "se  CIERRA"',
            "translation-ambiguous",
            '      - {text: "Muestra',
        ),
        ("language: es", "language: pt", "translation-language", "language: es"),
    ],
)
def test_structure_mistakes_are_located_errors(
    tmp_path: Path, old: str, new: str, code: str, needle: str
) -> None:
    trees = write(tmp_path, es=ES.replace(old, new, 1))
    line = line_of(ES, needle)
    col = {"translation-language": 11, "translation-unknown": 3 if "restart" in needle else 5}.get(code, 9)
    assert found(trees, code) == [("es/t.yaml", line + (code == "translation-extra-item"), col)]
    project = load_project([trees], parallel=False)
    assert not project.ok


def test_an_unknown_tree_file_is_an_error_and_junk_in_the_language_folder_too(tmp_path: Path) -> None:
    trees = write(tmp_path)
    (trees / "es" / "nope.yaml").write_text(ES, encoding="utf-8")
    (trees / "es" / "notes.txt").write_text("por hacer", encoding="utf-8")
    assert found(trees, "translation-unknown") == [("es/nope.yaml", 1, 1)]
    assert found(trees, "translation-file") == [("es/notes.txt", 1, 1)]


def test_quotes_links_and_markup_in_a_translation_are_checked_like_english(tmp_path: Path) -> None:
    hostile = ES.replace(
        "Era un error de la app.", 'Era un error. Dice \\"Error grave\\". <script>x</script>'
    )
    hostile = hostile.replace('"Se cierra"', '"Se [cierra](javascript:alert(1))"')
    trees = write(tmp_path, es=hostile)
    codes = {p.code for p in load_project([trees], parallel=False).problems}
    assert {"translation-quote", "unsafe-markup", "translation-link"} <= codes


def test_the_spanish_we_checked_claim_is_refused(tmp_path: Path) -> None:
    trees = write(tmp_path, es=ES.replace("Era un error de la app.", "Lo comprobamos: era un error."))
    assert found(trees, "checked-claim") == [("es/t.yaml", line_of(ES, "Era un error"), 22)]


def test_stamp_fills_only_missing_hashes_and_keeps_comments_and_layout(tmp_path: Path) -> None:
    unstamped = """\
# Spanish, first draft
language: es
title: {text: "La app no abre"}   # short
summary: {text: "Se cierra en cuanto la abres.", from: "00000000"}
nodes:
  restart:
    body:
      text: |
        Mantén pulsado el botón.

        Luego toca Reiniciar.
      # a comment after the text
    step:
      text: Reinicia tu teléfono
  what-happens:
    answers:
      - text: Se cierra
      - {text: "Muestra un error", }
"""
    trees = write(tmp_path, es=unstamped)
    result = stamp(trees, "es")
    assert result.problems == [] and list(result.files.values()) == [5]
    after = (trees / "es" / "t.yaml").read_text(encoding="utf-8")
    assert (
        "# Spanish, first draft\n" in after
        and "   # short" in after
        and "# a comment after the text" in after
    )
    assert 'summary: {text: "Se cierra en cuanto la abres.", from: "00000000"}' in after  # never rewritten
    title = fingerprint("The app won't open")
    assert 'title: {text: "La app no abre", from: ' + title + "}   # short" in after
    translations, problems = load_translations(trees, "es")
    assert problems == []
    es = translations.trees["t"]
    assert es.nodes["restart"].fields["body"].text == "Mantén pulsado el botón.\n\nLuego toca Reiniciar.\n"
    assert es.nodes["restart"].fields["body"].source == fingerprint(
        "Hold the power button, then tap Restart."
    )
    assert [a.source for a in es.nodes["what-happens"].answers] == [
        fingerprint("It closes"),
        fingerprint("It shows an error"),
    ]
    assert stamp(trees, "es").files == {}  # nothing left to do
    # the summary keeps its old hash, so check still says it is stale
    assert found(trees, "translation-stale") == [("es/t.yaml", 4, 1)]


def test_a_hash_of_digits_only_is_quoted_so_it_stays_text() -> None:
    text = "title: {text: x}\n"
    assert add_hashes(text, {("title",): "12345678"}) == 'title: {text: x, from: "12345678"}\n'


def test_stamp_leaves_a_broken_file_alone_and_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = write(tmp_path, es="language: es\ntitle: [oops\n")
    before = (trees / "es" / "t.yaml").read_bytes()
    assert main(["translate", "stamp", "es", "--dir", str(trees)]) == 1
    assert (trees / "es" / "t.yaml").read_bytes() == before
    assert "yaml-syntax" in capsys.readouterr().out


def test_check_of_one_translation_file_reads_it_with_its_english_trees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = write(tmp_path, es=ES.replace("  restart:\n", "  restar:\n"))
    assert main(["check", "--no-cache", str(trees / "es" / "t.yaml")]) == 1
    out = capsys.readouterr().out
    assert "error[translation-unknown]" in out and "error[schema]" not in out


def test_the_real_trees_have_no_translation_errors() -> None:
    root = Path(__file__).resolve().parent.parent
    project = load_site([root / "trees"])
    errors = [p.gcc() for p in project.problems if p.is_error]
    assert errors == []


def test_stats_reports_coverage_per_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale_title = ES.replace(fingerprint("The app won't open"), "00000000")
    trees = write(tmp_path, es=stale_title.replace("reviewed: false", "reviewed: true"), causes=None)
    assert main(["stats", "--no-cache", str(trees)]) == 0
    out = capsys.readouterr().out
    section = out[out.index("language es") :]
    assert "language es" in section and "of fields translated and current" in section
    rows = {line.split()[0]: line.split()[1:] for line in section.splitlines()[2:] if line.strip()}
    # t: title, summary, the question and its 2 answers, the step and its body, the resolution and its body
    assert rows["t"] == ["9", "8", "1", "0", "0", "yes"]
    assert rows["causes"] == ["2", "0", "0", "0", "2", "-"]
    assert rows["total"] == ["11", "8", "1", "0", "2", "1", "of", "2"]


def test_the_renderer_reads_current_translations_and_english_for_missing_or_stale_fields(
    tmp_path: Path,
) -> None:
    from build_tools.render.localize import Translations as RendererView

    trees = write(tmp_path, es=ES.replace(fingerprint("It closes"), "00000000"))
    translations, _ = load_translations(trees, "es")
    view: RendererView = translations  # the protocol render/localize.py reads
    assert view.text("t", ("title",), "The app won't open") == ("La app no abre", False)
    assert view.text("t", ("nodes", "what-happens", "answers", 0), "It closes") == ("It closes", True)
    assert view.text("t", ("faq", 0, "question"), "Why?") == ("Why?", True)
    assert view.text("causes", ("causes", "app-bug", "title"), "App bug") == ("Error de la app", False)
    assert view.symptoms("t") == ["La app se cierra sola"] and view.symptoms("nope") is None
    assert not view.reviewed("t") and not view.reviewed("causes")


def test_on_the_real_trees_an_english_edit_makes_exactly_that_spanish_field_stale(tmp_path: Path) -> None:
    import shutil

    root = Path(__file__).resolve().parent.parent
    trees = tmp_path / "trees"
    shutil.copytree(root / "trees", trees)
    english = trees / "message-wont-send.yaml"
    old = "question: What happens when you try to send a message?"
    english.write_text(english.read_text(encoding="utf-8").replace(old, "question: What do you see?", 1))
    spanish = (trees / "es" / "message-wont-send.yaml").read_text(encoding="utf-8")
    node = spanish.index("\n  what-happens:\n")
    line = spanish[: spanish.index("    question:", node)].count("\n") + 1
    assert found(trees, "translation-stale") == [("es/message-wont-send.yaml", line, 5)]
    project = load_project([trees], parallel=False)
    assert project.ok  # a warning: the English edit never waits for a translator
    shown = localize(project, project.translations["es"]).trees["message-wont-send"].nodes["what-happens"]
    assert shown.title.text == "What do you see?" and shown.title.stale


def test_a_translated_node_that_english_moved_says_where_it_went(tmp_path: Path) -> None:
    tree = VALID.replace("  restart:\n", "  reboot:\n").replace("next: restart", "next: reboot")
    tree = tree.replace("start: what-happens\n", "start: what-happens\nmoved:\n  restart: reboot\n")
    trees = write(tmp_path, tree=tree)
    problems = [p for p in load_project([trees], parallel=False).problems if p.code == "translation-unknown"]
    assert [(p.line, p.col) for p in problems] == [(line_of(ES, "  restart:"), 3)]
    assert "moved node 'restart' to 'reboot'" in problems[0].message


def test_check_of_a_language_folder_reports_its_files_only_with_the_english_trees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trees = write(tmp_path, es=ES.replace("  restart:\n", "  restar:\n"))
    (trees / "t.yaml").write_text(VALID.replace("next: restart", "next: nowhere", 1), encoding="utf-8")
    assert main(["check", "--no-cache", str(trees / "es")]) == 1
    out = capsys.readouterr().out
    assert "es/t.yaml" in out and "error[translation-unknown]" in out
    assert "unknown-target" not in out and "error[schema]" not in out  # the English tree's, and as a tree


def test_stamp_keeps_windows_line_endings_and_a_file_without_a_final_newline(tmp_path: Path) -> None:
    text = 'language: es\r\ntitle:\r\n  text: "La app no abre"\r\nsummary:\r\n  text: "Se cierra."'
    trees = write(tmp_path, es=text)
    (trees / "es" / "t.yaml").write_bytes(text.encode())  # write_text would translate the line endings
    assert stamp(trees, "es").problems == []
    after = (trees / "es" / "t.yaml").read_bytes().decode()
    assert "\n" not in after.replace("\r\n", "")  # every line ends as the file's did
    translations, problems = load_translations(trees, "es")
    assert problems == []
    fields = translations.trees["t"].fields
    assert fields["summary"].source == fingerprint("It closes as soon as you open it.")
    assert fields["title"].text == "La app no abre"
