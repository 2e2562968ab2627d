"""The engine's own words: every language has the same keys and placeholders as English."""

from __future__ import annotations

import pytest

from build_tools.core import locale

LANGUAGES = [lang for lang in locale.available() if lang != locale.SOURCE_LANGUAGE]


def test_there_is_a_second_language() -> None:
    assert "es" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_the_keys_and_placeholders_of_the_english_one(language: str) -> None:
    english = locale.load("en")
    other = locale.load(language)
    assert set(other.texts) == set(english.texts)
    for key, text in english.texts.items():
        assert locale.placeholders(other.texts[key]) == locale.placeholders(text), key
    assert len(other.months) == 12
    assert set(other.glyphs) == set(english.glyphs)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translated_catalogue_leaves_nothing_empty(language: str) -> None:
    """Empty English texts are the notes only a translation needs; a translation says all of them."""
    other = locale.load(language)
    assert [k for k, v in other.texts.items() if not v.strip()] == []


def test_dates_use_the_languages_month_names() -> None:
    assert locale.load("en").date("2026-02-03") == "3 Feb 2026"
    assert locale.load("es").date("2026-02-03") == "3 feb 2026"
    assert locale.load("es").date("2025-12") == "dic 2025"
    assert locale.load("es").date("2024") == "2024"
    assert locale.load("es").date("undated") == "sin fecha"


def test_a_missing_key_or_placeholder_fails_loudly() -> None:
    words = locale.load("es")
    with pytest.raises(KeyError):
        words("no.such.key")
    with pytest.raises(KeyError):
        words("map.title", other="x")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="xx"):
        locale.load("xx")
