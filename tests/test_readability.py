"""readability.py counts as textstat does (the content tests' measure), only faster; and in linear time."""

from __future__ import annotations

import pytest
import test_content
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.text import readability


@pytest.mark.parametrize(
    ("tree_id", "node_id", "node"), test_content.NODES, ids=[f"{t}/{n}" for t, n, _ in test_content.NODES]
)
def test_every_real_page_gets_the_grade_textstat_gives(
    tree_id: str, node_id: str, node: dict[str, object]
) -> None:
    text = test_content.node_text(node)
    assert readability.grade(text) == pytest.approx(test_content._grade(text), abs=1e-9)


def test_plain_text_reads_markdown_as_the_content_tests_do() -> None:
    for _, _, node in test_content.NODES:
        for key in ("body", "help"):
            if key in node:
                assert readability.plain_text(node[key]) == test_content.plain_text(node[key])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cde\u00e9'\u2019-.!?,:;\n*_[]()>19")), max_size=200))
def test_any_text_gets_the_grade_textstat_gives(text: str) -> None:
    assert readability.grade(text) == pytest.approx(test_content._grade(text), abs=1e-9)


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("abre", 2),  # a-bre: a syllable of one letter (Pyphen's Spanish patterns say 1)
        ("teléfono", 4),
        ("aplicación", 4),
        ("configuración", 5),
        ("cuando", 2),  # a diphthong is one syllable
        ("ciudad", 2),
        ("pingüino", 3),
        ("leer", 2),  # two strong vowels: a hiatus
        ("realidad", 4),
        ("día", 2),  # an accented í or ú breaks a diphthong
        ("país", 2),
        ("muy", 1),
        ("tkt", 1),
    ],
)
def test_spanish_syllables_follow_the_vowel_nuclei(word: str, count: int) -> None:
    assert readability.spanish_syllables(word) == count


def test_spanish_ease_is_higher_for_short_sentences_and_short_words() -> None:
    plain = "Reinicia tu teléfono. Luego abre TikTok. Prueba otra vez."
    hard = (
        "Desafortunadamente, las dificultades intermitentes de sincronización ocasionalmente necesitan "
        "una reinstalación completa de la aplicación, independientemente de la considerable incomodidad."
    )
    assert readability.spanish_ease(plain) > 70 > 0 > readability.spanish_ease(hard)
    # 206.84 - 60 * syllables/words - 1.02 * words/sentences, by hand: 4 words, 8 syllables, 1 sentence
    assert readability.spanish_ease("Mantén pulsado el botón.") == pytest.approx(
        206.84 - 60 * 8 / 4 - 1.02 * 4
    )
    assert readability.spanish_ease("") == 100.0
