"""render/localize.py: a project in another language keeps the English structure, takes each field's
translation, falls back to English field by field, and says so in its notes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, TreeDir
from htmlpage import Languages, languages_of

from build_tools.core import locale
from build_tools.core.model import Role
from build_tools.export.markdown import render
from build_tools.render.generator import Generator, Options
from build_tools.render.localize import (
    CAUSES_FILE,
    FieldPath,
    Untranslated,
    english_parts,
    localize,
    mark_english_quotes,
)
from build_tools.text.sanitize import ATTRIBUTES, sanitize
from build_tools.text.sanitize import render as markdown

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


def test_notes_know_each_field_shown_in_english_and_each_english_answer(trees: TreeDir) -> None:
    trees.tree("t.yaml", TREE)
    texts: dict[FieldPath, str] = {
        ("nodes", "q", "question"): "¿Qué pasa?",
        ("nodes", "q", "answers", 0): "Falla",
    }
    _, notes = localize(trees.check(), Fake(texts), locale.load("es"))
    assert notes.lang("t", ("nodes", "q", "question")) is None
    assert notes.lang("t", ("nodes", "q", "help")) == "en"
    assert notes.lang(CAUSES_FILE, ("causes", "app-bug", "title")) == "en"
    assert notes.answer_lang(("t", "q"), "Falla") is None
    assert notes.answer_lang(("t", "q"), "It works") == "en"


# The fixture site's Spanish translation (tests/fixtures/othersite/trees/es/) leaves out the tree's title,
# the FAQ question, tune-gears' step and the worn chain's title, and is stale on the answer "I'm not sure",
# check-chain's body and the worn chain's explanation: pages show those in English.
SPANISH = "es/troubleshoot/chain-slips/"
# (page, text shown in English, text of its kind shown in Spanish): each kind of place a tree's text goes.
PLACES = [
    # titles: the h1, the tree's title above it, a map's list, a back link's words
    (f"{SPANISH}tune-gears/", "Tune the gears", "Gira el tensor"),
    (f"{SPANISH}check-chain/", "My bike chain slips", "Mira qué tan gastada está la cadena"),
    (f"{SPANISH}map/", "Tune the gears", "Mira qué tan gastada está la cadena"),
    (f"{SPANISH}map/", "My bike chain slips", "Este mapa muestra todos los caminos"),
    # answers: a button, and the trail of answers given
    (SPANISH, "I'm not sure", "En todos los cambios"),
    (f"{SPANISH}cross-chained/", "I'm not sure", "La cadena va del plato grande al piñón más grande"),
    # bodies (Markdown blocks)
    (f"{SPANISH}check-chain/", "Lift the chain off the front ring", "Mira qué tan gastada está la cadena"),
    # the FAQ: a question; its answer is translated
    ("es/faq/", "Why does my chain slip?", "Casi siempre la cadena está gastada"),
    # causes: a title and an explanation, on the causes page and on a resolution
    ("es/causes/", "A worn chain", "Cambios desajustados"),
    ("es/causes/", "A stretched chain no longer sits well", "El cable se estiró"),
    (f"{SPANISH}new-on-old/", "A worn chain", "Una cadena nueva salta en piñones gastados"),
    # the home page's entry
    ("es/", "My bike chain slips", "Los pedales saltan hacia adelante"),
    # one-line texts quoting English words: a button and a FAQ question (their quotes alone read as English)
    (f"{SPANISH}could-be/", "Chain worn: replace now", "Dice"),
    ("es/faq/", "Chain worn: replace now", "¿Qué significa"),
    # an on-screen text quoted in English inside a translated body: its words alone read as English
    (f"{SPANISH}new-chain/", "Chain worn: replace now", "Si tu computadora de bici dice"),
    (f"{SPANISH}new-chain/", "Chain worn: replace now", "(así aparece en inglés), hazle caso"),
]


@pytest.mark.parametrize("page", sorted({page for page, _, _ in PLACES}))
def test_text_shown_in_english_on_a_spanish_page_is_marked_english_and_translated_text_is_not(
    other_site: Path, page: str
) -> None:
    html = (other_site / page / "index.html").read_text(encoding="utf-8")
    # The page's content: the theme's header, navigation and <title> repeat the title where our templates
    # can't mark it (not done yet).
    start = html.index("<article")
    _assert_marked('<div lang="es">' + html[start : html.index("</article>", start)] + "</div>", page)


def _assert_marked(html: str, page: str) -> None:
    """The English text of `page` (PLACES) is read as English, the Spanish text as Spanish. Not the map's
    Mermaid source for contributors: code, with the titles as they are."""
    html = html.partition('id="dt-mermaid-h"')[0]
    for where, english, spanish in PLACES:
        if where == page:
            assert languages_of(html, english) == {"en"}, (page, english)
            assert languages_of(html, spanish) == {"es"}, (page, spanish)


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        (f"{SPANISH}could-be/", [('Dice "', "es"), ("Chain worn: replace now", "en"), ('"', "es")]),
        ("es/faq/", [('¿Qué significa "', "es"), ("Chain worn: replace now", "en"), ('"?', "es")]),
    ],
)
def test_an_answer_or_faq_question_quoting_english_reads_the_quote_as_english_and_the_rest_as_spanish(
    other_site: Path, page: str, shown: list[tuple[str, str]]
) -> None:
    """The button and the heading mark the quoted words; the same text stays plain wherever it is plain
    text (the FAQ's table of contents and structured data, the search index), so no markup shows."""
    html = (other_site / page / "index.html").read_text(encoding="utf-8")
    parser = Languages()
    parser.feed('<div lang="es">' + _article(other_site / page / "index.html") + "</div>")
    at = parser.texts.index(("Chain worn: replace now", "en"))
    assert parser.texts[at - 1 : at + 2] == shown
    plain = shown[0][0] + shown[1][0] + shown[2][0]
    nav = html[: html.index("<article")]
    assert "span lang=&#34;" not in html and "&lt;span" not in html and "<span lang" not in nav
    if page == "es/faq/":
        assert plain in nav  # the table of contents
        assert '"name": "¿Qué significa \\"Chain worn: replace now\\"?"' in html
        index = json.loads((other_site / "es" / "search" / "search_index.json").read_text(encoding="utf-8"))
        titles = {doc["location"]: doc["title"] for doc in index["docs"]}
        assert titles["faq/#que-significa-chain-worn-replace-now"] == plain


def test_english_pages_mark_no_part_as_english(other_site: Path) -> None:
    pages = [
        p for p in other_site.rglob("*.html") if not p.relative_to(other_site).as_posix().startswith("es/")
    ]
    assert len(pages) > 10
    marked = [p for p in pages if 'lang="en"' in p.read_text(encoding="utf-8").replace('<html lang="en"', "")]
    assert marked == []


def test_zensical_builds_the_export_with_the_same_text_marked_english(tmp_path: Path) -> None:
    """The same pages, exported by `render` and built by Zensical (no plugin of ours: the trust extension
    sanitizes each page as it converts it)."""
    project = tmp_path / "othersite"
    shutil.copytree(Path(__file__).parent / "fixtures" / "othersite", project)
    export, problems = render(project / "mkdocs.yml", tmp_path / "export")
    assert export is not None, problems
    spanish = tmp_path / "export" / "es"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "zensical", "build", "--strict", "--clean"]
    done = subprocess.run(cmd, cwd=spanish, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for page in sorted({page for page, _, _ in PLACES}):
        html = (spanish / "site" / page.removeprefix("es/") / "index.html").read_text(encoding="utf-8")
        start = html.index("<article")
        _assert_marked('<div lang="es">' + html[start : html.index("</article>", start)] + "</div>", page)


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    start = html.index("<article")
    return html[start : html.index("</article>", start)]


def test_on_the_spanish_screen_texts_page_the_quotes_and_their_sources_read_as_english(
    built_site: Path,
) -> None:
    """TikTok's words stay in English on every page (no source gives them in Spanish), and so do the
    sources' titles and what the sources say they mean."""
    parser = Languages()
    parser.feed('<div lang="es">' + _article(built_site / "es" / "screen-texts" / "index.html") + "</div>")
    quotes = [lang for text, lang in parser.texts if text.startswith("“")]
    assert len(quotes) > 5 and set(quotes) == {"en"}
    assert {lang for text, lang in parser.texts if text.startswith("Qué quiere decir")} == {"es"}
    assert 'lang="en"' not in _article(built_site / "screen-texts" / "index.html")


# --- TikTok's English words inside a translated field ----------------------------------------------------

ENGLISH = 'It says "Try again later". Or "Too fast". Never "Slow down" (not on the screen).'


def _shown(text: str, english: str = ENGLISH) -> str:
    """A translated field as a page shows it: marked, converted with the site's Markdown, sanitized."""
    return sanitize(markdown(mark_english_quotes(text, english))[0])


def test_a_quote_of_the_english_field_reads_as_english_and_the_rest_as_spanish() -> None:
    text = 'Dice "Try again later" (así aparece en inglés) o «too  FAST».'
    assert mark_english_quotes(text, ENGLISH) == (
        'Dice "<span lang="en">Try again later</span>" (así aparece en inglés) o '
        '«<span lang="en">too  FAST</span>».'
    )
    parser = Languages()
    parser.feed('<div lang="es">' + _shown(text) + "</div>")
    assert parser.texts == [
        ('Dice "', "es"),
        ("Try again later", "en"),
        ('" (así aparece en inglés) o «', "es"),
        ("too FAST", "en"),
        ("».", "es"),
    ]


def test_a_one_line_text_splits_at_the_quotes_mark_english_quotes_marks_and_joins_back() -> None:
    text = 'Dice "Try again later" o «*Too fast*» o "Vuelve luego"'
    assert english_parts(text, ENGLISH) == (
        ('Dice "', None),
        ("Try again later", "en"),
        ('" o «*Too fast*» o "Vuelve luego"', None),
    )
    assert "".join(part for part, _ in english_parts(text, ENGLISH)) == text
    assert english_parts("Dice Try again later", ENGLISH) == (("Dice Try again later", None),)


def test_a_quote_english_does_not_have_or_a_field_without_quotes_is_left_as_it_is() -> None:
    for text in ('Dice "Vuelve luego".', "Dice Try again later.", 'Dice "Try again later, please".'):
        assert mark_english_quotes(text, ENGLISH) == text
    assert (
        mark_english_quotes('Dice "Try again later".', "It says to try again.") == 'Dice "Try again later".'
    )


def test_a_quote_of_words_english_quotes_across_a_line_break_is_marked() -> None:
    text = '1. Si dice "Try again\n   later", espera.\n2. Luego sigue.'
    html = _shown(text)
    assert '"<span lang="en">Try again\n   later</span>", espera.</li>' in html


def test_a_quote_in_a_code_span_stays_code_and_one_outside_it_is_marked() -> None:
    text = 'Escribe `"Try again later"` y verás "Try again later".'
    html = _shown(text)
    assert '<code>"Try again later"</code>' in html
    assert 'verás "<span lang="en">Try again later</span>".' in html


def test_a_quote_in_a_fence_or_an_indented_code_block_stays_code() -> None:
    for text in ('```\nDice "Try again later"\n```', 'Mira:\n\n    Dice "Try again later"\n'):
        assert mark_english_quotes(text, ENGLISH) == text
        assert "lang=" not in _shown(text)


def test_a_quote_as_link_text_is_marked_inside_the_link_and_a_link_title_or_url_is_left_alone() -> None:
    english = 'Tap ["Try again later"](https://example.org/a) or [here](https://example.org/b "Too fast").'
    text = 'Toca ["Try again later"](https://example.org/a) o [aquí](https://example.org/b "Too fast").'
    assert _shown(text, english) == (
        '<p>Toca <a href="https://example.org/a">"<span lang="en">Try again later</span>"</a> o '
        '<a href="https://example.org/b" title="Too fast">aquí</a>.</p>'
    )
    # a quotation mark inside a URL is part of the URL, whatever follows it
    text = 'Abre [esto](https://example.org/?q="Too fast") y [eso](https://example.org/(x) "Too fast").'
    assert mark_english_quotes(text, english + ' "Too fast"') == text


def test_a_quote_in_bold_is_marked_inside_the_bold_and_bold_inside_a_quote_is_left_alone() -> None:
    assert _shown('Toca **"Try again later"**.') == (
        '<p>Toca <strong>"<span lang="en">Try again later</span>"</strong>.</p>'
    )
    english = 'It says "Try **again** later".'
    text = 'Dice "Try **again** later".'
    assert mark_english_quotes(text, english) == text
    assert "<strong>again</strong>" in _shown(text, english)


def test_quotation_marks_that_are_markdown_syntax_are_left_alone() -> None:
    english = '"Too fast" and "Try again later"'
    for text in (
        '!!! note "Too fast"\n    Dice algo.',
        '=== "Too fast"\n\n    Dice algo.',
        'Ve [aquí][r].\n\n[r]: https://example.org/ "Too fast"',
        'Dice algo.\n{: title="Too fast" }',
        '<abbr title="Too fast">TF</abbr>',
    ):
        assert mark_english_quotes(text, english) == text, text


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every element of some HTML, with its attributes."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str | None]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Parser().feed(html)
    return found


def test_a_translated_field_cannot_smuggle_markup_through_the_english_mark() -> None:
    """The mark goes into contributor text before the page is converted and sanitized, so whatever a
    translation writes around or inside a quote meets the same allowlist as any field."""
    english = (
        'It says "<img src=x onerror=alert(1)>", "</span><script>alert(1)</script>", '
        '"x onmouseover=alert(1)" and "Try again".'
    )
    hostile = [
        'Dice "<img src=x onerror=alert(1)>" y "</span><script>alert(1)</script>".',
        'Dice «x onmouseover=alert(1)» y <span lang="fr" onclick="alert(1)">"Try again"</span>.',
        'Dice <a href="javascript:alert(1)">"Try again"</a> y «Try again" onclick="alert(1)».',
        'Dice "Try again</span><span lang="de">".',
    ]
    for text in hostile:
        html = _shown(text, english)
        for tag, attrs in _elements(html):
            assert tag != "script", text
            assert set(attrs) <= ATTRIBUTES.get(tag, set()), (text, tag, attrs)
            assert attrs.get("lang") in (None, "en"), text
            assert not (attrs.get("href") or "").startswith("javascript"), text


def test_a_field_shown_in_english_is_not_marked_word_by_word(trees: TreeDir) -> None:
    """A field that falls back to English is marked English as a whole by its page; its quotes get no
    span of their own. A translated body is marked."""
    trees.tree("t.yaml", TREE.replace("body: Do it.", 'body: It says "Try again".'))
    english = trees.check()
    project, _ = localize(english, Fake({("nodes", "r", "body"): 'Dice "Try again".'}), locale.load("es"))
    assert project.trees["t"].nodes["s"].body == 'It says "Try again".'
    assert project.trees["t"].nodes["r"].body == 'Dice "Try again".'  # English's own body doesn't quote it
    project, _ = localize(english, Fake({("nodes", "s", "body"): 'Dice "Try again".'}), locale.load("es"))
    assert project.trees["t"].nodes["s"].body == 'Dice "<span lang="en">Try again</span>".'
