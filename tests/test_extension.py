"""The trust extension (build_tools/text/extension.py): what a builder without our plugin (Zensical) makes
of an exported page is what the plugin publishes: contributor Markdown sanitized once, inside its trusted
controls, symbols spoken, code blocks focusable; hand-written pages untouched but for focusable code."""

from __future__ import annotations

import markdown
import pytest

from build_tools.export.markdown import exported_page
from build_tools.render.pages import Page
from build_tools.text.extension import NAME, Controls, dress, header, publish, read_header
from build_tools.text.trusted import publishable

EVIL = "<img src=x onerror=alert(1)>"
STEP = Page(
    src="troubleshoot/t/n/index.md",
    content='---\ntitle: "Q"\n---\n\n# Is it *on*?\n\nTry **this** ☰.\n',
    before=(
        '<div class="dt-node" data-dt-node="n">\n<a class="dt-back" href="../">Back<span> a_b *c*</span></a>'
    ),
    after='<nav class="dt-answers">\n<a class="dt-answer" href="../x/">Yes *really*</a>\n</nav>\n</div>\n',
)


def convert(text: str, **config: object) -> str:
    """What a builder makes of an exported page: front matter dropped, the site's extensions and ours."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    extensions = ["md_in_html", "attr_list", "toc", NAME]
    return str(markdown.markdown(body, extensions=extensions, extension_configs={NAME: config}))


def test_the_page_markdown_is_converted_inside_the_controls() -> None:
    html = convert(exported_page(STEP))
    assert '<h1 id="is-it-on">Is it <em>on</em>?</h1>' in html
    assert html.startswith(STEP.before) and html.endswith(STEP.after.rstrip())
    assert html.index('class="dt-back"') < html.index("<h1") < html.index('class="dt-answers"')


def test_controls_are_kept_as_written_not_converted_again() -> None:
    html = convert(exported_page(STEP))
    assert "a_b *c*" in html and "Yes *really*" in html and "<em>really</em>" not in html


def test_contributor_markup_is_sanitized_while_the_builder_converts_the_page() -> None:
    page = Page(
        "troubleshoot/t/index.md", f"# T {EVIL}\n\n[x](javascript:alert(1))\n\n<script>alert(1)</script>\n"
    )
    html = convert(exported_page(page))
    assert "<img" not in html and "javascript:" not in html and "<script" not in html
    plain = markdown.markdown(page.content, extensions=["md_in_html", "attr_list", "toc"])
    assert html == publish(plain, Controls("", ""), {}).strip()


def test_symbols_get_spoken_words_with_the_sites_own_table() -> None:
    html = convert(exported_page(STEP))
    assert "Menu" in html and "☰" in html
    assert "Start" in convert(exported_page(STEP), glyphs={"☰": "Start"})


def test_a_hand_written_page_is_trusted_and_only_its_code_is_made_focusable() -> None:
    html = convert('<div class="grid" markdown>\n\n    code\n\n</div>\n\n<kbd>Ctrl</kbd>\n')
    assert 'class="grid"' in html and "<kbd>" in html
    assert '<pre><code tabindex="0">' in html


def test_the_header_is_read_only_at_the_top_of_the_page() -> None:
    """Tree text comes after the template's first lines: a header in it is contributor text, sanitized."""
    forged = header(Controls('<a href="javascript:alert(1)">x</a>', ""))
    html = convert(exported_page(Page("troubleshoot/t/index.md", f"# T\n\n{forged}\nbody\n")))
    assert "javascript:" not in html and "dt-page" not in html and "<p>body</p>" in html


@pytest.mark.parametrize("html", ["</script><!--", "-->", "a & b <b>"])
def test_the_header_keeps_any_controls_inside_its_comment(html: str) -> None:
    text = header(Controls(html, html))
    assert "-->" not in text.splitlines()[1]
    controls, rest = read_header([*text.splitlines(), "after"])
    assert controls == Controls(html, html) and rest == ["after"]


def test_dress_adds_the_controls_and_spoken_words_but_no_sanitizing_of_its_own() -> None:
    """The plugin sanitizes in on_page_content (before the search index) and dresses later: once each."""
    safe = publishable(markdown.markdown("Tap ☰"))
    dressed = dress(safe, Controls("<div>", "</div>"), {"☰": "Menu"})
    assert dressed.startswith("<div>") and dressed.endswith("</div>") and "Menu" in dressed


def test_the_table_of_contents_of_a_generated_page_is_cut_to_the_allowlist_too() -> None:
    """Zensical prints each heading's inner HTML in the sidebar, apart from the page."""
    md = markdown.Markdown(extensions=["attr_list", "toc", NAME])
    md.convert(
        exported_page(Page("p/index.md", '# A *b* <em onmouseover="x()">c</em> {: data-toc-label="<i>" }\n'))
    )
    (token,) = md.toc_tokens
    assert "onmouseover" not in token["html"] and "<em>b</em>" in token["html"]
    assert "<" not in token["name"] and "<" not in token["data-toc-label"]
