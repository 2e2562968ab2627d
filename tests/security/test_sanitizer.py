"""The allowlist sanitizer: stable output, the same Markdown as the site, a sound cheap pre-screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.text import safety, sanitize
from build_tools.text.sanitize import render
from build_tools.text.trusted import publishable

ROOT = Path(__file__).resolve().parents[2]


def _mkdocs_extensions() -> tuple[list[str], dict[str, Any]]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, value),) = entry.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(entry)
    return names, options


def test_text_is_checked_with_the_markdown_extensions_of_mkdocs_yml() -> None:
    names, options = _mkdocs_extensions()
    assert list(sanitize.SITE_EXTENSIONS) == names
    assert {k: v for k, v in options.items() if v} == sanitize.SITE_EXTENSION_CONFIGS


# Tag soup: allowed and forbidden tags, attributes and URLs, comments, entities, broken nesting.
_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<a href='https://ok.example/'>",
        "<a href=javascript:alert(1)>",
        "</a>",
        "<script>",
        "</script>",
        "<style>",
        "<img src=x onerror=alert(1)>",
        "<div class='admonition note evil'>",
        "</div>",
        "<table>",
        "<tr><td>",
        "</table>",
        "<pre>",
        "\n",
        "<code>",
        "</code>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "&amp;",
        "&lt;",
        "&#0;",
        "&nbsp;",
        "<input type=radio id=__tabbed_1_1 checked>",
        "<label for=__drawer>",
        "<h2 id=__search>",
        "<h2 id=steps>",
        "<details open>",
        "<summary>",
        "<math><mtext>",
        "<noscript>",
        "<select><option>",
        "<svg><a>",
        '"',
        "'",
        "text",
        " ",
    ]
)
SOUP = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(SOUP)
@example("<h2 id=__search><label for=__drawer><h2 id=__search>")  # a label taken out between two headings
def test_sanitized_html_is_a_fixed_point(html: str) -> None:
    once = sanitize.sanitize(html)
    assert sanitize.sanitize(once) == once
    published = publishable(html)
    assert publishable(published) == published
    text = sanitize.text_only(html)  # the last resort for markup that never settles
    assert sanitize.sanitize(text) == text


_MARKDOWN_PIECES = st.sampled_from(
    [
        *("[x](", "](", "javascript:alert(1)", ")", "{: ", "onclick=x", "}", "<", ">", "`", "*", "_"),
        *("\n", "\n\n", "!!! note\n    ", '=== "A"\n\n    ', "# ", "- ", "&#106;", "<b>", "</b>", "<!--"),
        *("x", " "),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKDOWN_PIECES, max_size=25).map("".join))
def test_sanitized_markdown_output_is_a_fixed_point(text: str) -> None:
    once = sanitize.sanitize(render(text)[0])
    assert sanitize.sanitize(once) == once


# Everything the pre-screen lets through without converting: no <&[]{}`~#_\=| or control characters,
# no "!!!" or "???" (list markers, quotes, emphasis with *, rules, digits and letters are all in).
_PLAIN = st.text(
    alphabet=st.sampled_from([*"abcXYZ019 .,;:!?-*+>()'\"/%@$^\n\t", "é", "ß", "→", "😀", "\xa0", "\u2028"]),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(_PLAIN)
def test_text_the_pre_screen_clears_is_published_unchanged(text: str) -> None:
    if safety._MARKUP.search(text) is not None:
        return
    for source in (text, f"# {text}"):
        assert safety._problems(source) == [], source


def test_a_site_config_without_mkdocs_own_extensions_still_gives_headings_ids() -> None:
    # The export reads mkdocs.yml without MkDocs, which adds toc, tables and fenced_code itself.
    before = sanitize._setup
    try:
        sanitize.use_markdown(["attr_list"], {})
        assert 'id="why"' in render("## Why")[0]
    finally:
        sanitize._setup = before
