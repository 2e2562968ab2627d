"""The search dialog gets a name, and a change in the theme's markup stops the build instead of passing."""

from __future__ import annotations

import pytest

from build_tools.mkdocs.theme_fixes import ThemeMarkupChanged, drop_indentation, name_search_dialog

MATERIAL_9 = '<div class="md-search" data-md-component="search" role="dialog">\n<label for="__search">'


def test_material_search_dialog_gets_an_accessible_name() -> None:
    out = name_search_dialog(f"<body>{MATERIAL_9}</body>")
    assert '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">' in out


def test_attribute_order_does_not_matter_and_a_named_dialog_is_left_alone() -> None:
    reordered = '<div role="dialog" data-md-component="search" class="md-search">'
    assert 'aria-label="Search">' in name_search_dialog(reordered)
    named = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Find">'
    assert name_search_dialog(named) == named


def test_page_without_search_is_unchanged() -> None:
    html = '<div data-md-component="search-query"></div>'
    assert name_search_dialog(html) == html


@pytest.mark.parametrize(
    "changed",
    [
        '<div class="md-search" data-md-component="search">',  # no longer a dialog
        '<dialog class="md-search" data-md-component="search">',  # another element
    ],
)
def test_changed_theme_markup_fails_loudly(changed: str) -> None:
    with pytest.raises(ThemeMarkupChanged):
        name_search_dialog(changed)


def test_the_built_site_names_the_search_dialog_on_every_page(built_site) -> None:  # type: ignore[no-untyped-def]
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'data-md-component="search"' in html:
            assert 'role="dialog" aria-label="Search"' in html, page


def test_indentation_becomes_one_line_break_and_words_stay_apart() -> None:
    html = "<div>\n    <p>Open\n      the app</p>\n\n\n  <a>x</a> <a>y</a>\n</div>"
    assert drop_indentation(html) == "<div>\n<p>Open\nthe app</p>\n<a>x</a> <a>y</a>\n</div>"


def test_a_page_with_preformatted_text_keeps_its_spaces() -> None:
    html = "<div>\n  <pre>a\n    b</pre>\n</div>"
    assert drop_indentation(html) == html
