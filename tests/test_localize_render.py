"""render/localize.py: a project in another language keeps the English structure, takes each field's
translation, falls back to English field by field, and says so in its notes."""

from __future__ import annotations

from conftest import TODAY, TreeDir

from build_tools.core import locale
from build_tools.core.model import Role
from build_tools.render.generator import Generator, Options
from build_tools.render.localize import CAUSES_FILE, FieldPath, Untranslated, localize

TREE = """\
q:
  question: What happens?
  help: Pick one.
  answers:
    - answer: It fails
      next: s
    - answer: It works
      next: r
s:
  step: Try this fix
  body: Do it.
  general: true
  fixed: r
  not_fixed: r
r:
  resolution: Done
  outcome: fixed
  causes: [app-bug]
  body: All good.
  general: true
"""


class Fake:
    """Translations of some fields of tree `t` (and nothing of the causes); `t` reviewed."""

    def __init__(self, texts: dict[FieldPath, str]) -> None:
        self.texts = texts

    def text(self, file: str, path: FieldPath, english: str) -> tuple[str, bool]:
        if file == "t" and path in self.texts:
            return self.texts[path], False
        return english, True

    def symptoms(self, tree: str) -> list[str] | None:
        return ["algo falla"] if tree == "t" else None

    def reviewed(self, file: str) -> bool:
        return file == "t"


def test_a_translated_project_has_the_english_structure_and_the_translated_text(trees: TreeDir) -> None:
    trees.tree("t.yaml", TREE)
    english = trees.check()
    translated = {
        ("title",): "T es",
        ("summary",): "S es",
        ("nodes", "q", "question"): "¿Qué pasa?",
        ("nodes", "q", "help"): "Elige una.",
        ("nodes", "q", "answers", 0): "Falla",
        ("nodes", "q", "answers", 1): "Funciona",
    }
    project, notes = localize(english, Fake(translated), locale.load("es"))
    tree = project.trees["t"]
    assert (tree.title, tree.summary, tree.symptoms) == ("T es", "S es", ["algo falla"])
    q = tree.nodes["q"]
    assert (q.title, q.body, [link.label for link in q.links]) == (
        "¿Qué pasa?",
        "Elige una.",
        ["Falla", "Funciona"],
    )
    # the step's buttons are the engine's words in the language
    step = tree.nodes["s"]
    assert [(link.role, link.label) for link in step.links] == [
        (Role.FIXED, "Sí, eso lo arregló"),
        (Role.NOT_FIXED, "No, sigue sin funcionar"),
    ]
    # links lead where the English ones lead
    assert [t for t, _ in project.edges[("t", "q")]] == [t for t, _ in english.edges[("t", "q")]]
    assert project.ok
    # what fell back: the step and the resolution (their titles and bodies), not the question
    assert notes.nodes == {("t", "s"), ("t", "r")}
    assert not notes.fell_back(["t"], [("t", "q")], ("title",), causes=False)
    assert notes.fell_back(["t"], [("t", "s")], ("title",), causes=False)
    assert notes.causes and notes.fell_back([], [], (), causes=True)
    assert notes.reviewed(["t"], causes=False) and not notes.reviewed(["t"], causes=True)
    assert CAUSES_FILE not in notes.reviewed_files


def test_with_no_translation_every_field_is_english_and_noted(trees: TreeDir) -> None:
    trees.tree("t.yaml", TREE)
    english = trees.check()
    project, notes = localize(english, Untranslated(), locale.load("es"))
    assert project.trees["t"].nodes["q"].title == "What happens?"
    assert notes.nodes == {("t", "q"), ("t", "s"), ("t", "r")}
    assert notes.tree_fields["t"] == {"title", "summary", "symptoms"}
    assert not notes.reviewed(["t"], causes=False)


def test_a_page_with_english_fields_says_so_in_spanish_and_an_english_page_says_nothing(
    trees: TreeDir,
) -> None:
    trees.tree("t.yaml", TREE)
    english = trees.check()
    words = locale.load("es")
    project, notes = localize(english, Fake({("nodes", "q", "question"): "¿Qué pasa?"}), words)
    spanish = Generator(project, Options(language="es", tree_dates={"t": TODAY}), notes)
    pages = {p.src: p for p in spanish.pages()}
    question = pages["troubleshoot/t/index.md"]
    # the question's help is still English: the page says so; its tree file is reviewed (Fake)
    assert words("language.fell_back") in question.before
    assert words("language.not_reviewed") not in question.before
    assert "¿Qué pasa?" in question.content and "Pick one." in question.content
    # the causes file is not reviewed: the causes page says so
    assert words("language.not_reviewed") in pages["causes.md"].before
    plain = Generator(english, Options(tree_dates={"t": TODAY}))
    assert all("data-dt-language-note" not in p.before for p in plain.pages())
