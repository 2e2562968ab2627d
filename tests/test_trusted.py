"""text/trusted.py: each fragment written as HTML without the sanitizer keeps hostile input inert, and no
other module of the engine marks HTML safe or escapes it by hand."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_tools.check.validate import load_project
from build_tools.core.options import PluginOptions
from build_tools.render.generator import Generator, Options
from build_tools.render.svgmap import MapNode, render_svg
from build_tools.text import trusted

ENGINE = Path(__file__).resolve().parent.parent / "build_tools"
TRUSTED = ENGINE / "text" / "trusted.py"
FIXTURES = Path(__file__).parent / "fixtures" / "small"
HOSTILE = "</li><script>alert(1)</script><img src=x onerror=\"alert('x')\">&amp;"

# Only text/trusted.py may write these: a Jinja "safe" mark (Python or template), HTML escaped by hand.
_FORBIDDEN = re.compile(r"Markup\(|\|\s*safe\b|html\.escape\(|from html import escape|from markupsafe import")


def forbidden_uses(root: Path) -> list[str]:
    """`path:line: text` for each use of a forbidden construct under `root`, outside text/trusted.py."""
    found: list[str] = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".j2", ".html") or path.resolve() == TRUSTED.resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _FORBIDDEN.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_module_but_trusted_marks_html_safe_or_escapes_it_by_hand() -> None:
    assert forbidden_uses(ENGINE) == []


def test_the_scan_finds_a_safe_mark_in_a_template_and_markup_in_python(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text("<p>\n{{ body | safe }}</p>\n", encoding="utf-8")
    (tmp_path / "m.py").write_text("x = 1\ny = Markup(x)\nz = html.escape(x)\n", encoding="utf-8")
    assert forbidden_uses(tmp_path) == [
        "m.py:2: y = Markup(x)",
        "m.py:3: z = html.escape(x)",
        "t.html.j2:2: {{ body | safe }}</p>",
    ]


def test_text_escapes_every_character_that_could_start_markup_or_end_an_attribute() -> None:
    assert (
        trusted.text("<a href=\"x\" title='y'>&") == "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;"
    )


def test_front_matter_text_and_attribute_escape_markup() -> None:
    assert trusted.front_matter_text("<b>Hi</b> & bye") == "&lt;b&gt;Hi&lt;/b&gt; &amp; bye"
    assert trusted.front_matter_attr('" onmouseover="x') == "&quot; onmouseover=&quot;x"


def test_site_config_html_keeps_the_owners_links_and_drops_scripts_and_handlers() -> None:
    owner = 'Go to <strong>Settings</strong>. Or use <a href="https://example.org/form">the form</a>.'
    assert str(trusted.site_config_html(owner)) == owner
    out = str(trusted.site_config_html('<a href="javascript:alert(1)" onclick="x()">go</a>' + HOSTILE))
    assert "<script" not in out and "onerror" not in out and "onclick" not in out and "javascript:" not in out
    assert "<img" not in out


def test_hostile_support_html_in_the_site_configuration_reaches_the_page_inert() -> None:
    project = load_project([FIXTURES])
    generator = Generator(
        project,
        Options(
            PluginOptions(support_html='<strong>Ask</strong><script>alert(1)</script><a onclick="x">y</a>')
        ),
    )
    pages = [p.before + p.content + p.after for p in generator.pages() if "dt-still-stuck" in p.after]
    assert pages
    for page in pages:
        assert "<strong>Ask</strong>" in page
        assert "<script>alert" not in page and "onclick" not in page


def test_svg_map_labels_and_addresses_stay_text() -> None:
    nodes = {
        "a": MapNode("a", HOSTILE, "question", '"><script>alert(1)</script>'),
        "b": MapNode("b", "</text></svg><script>x</script>", "resolution", "../b/"),
    }
    svg = str(trusted.svg_map(render_svg("T", "a", nodes, {"a": ["b"], "b": []})))
    assert "<script" not in svg and "<img" not in svg and "</li>" not in svg
    assert svg.count("</svg>") == 1
    assert 'href="&quot;&gt;&lt;script&gt;' in svg


def test_json_ld_cannot_end_its_script_element_and_stays_the_same_data() -> None:
    data = {"name": "</script><script>alert(1)</script><!--&"}
    out = str(trusted.json_ld(data))
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == data


def test_a_spoken_glyph_escapes_the_glyph_and_its_words() -> None:
    out = trusted.spoken_glyph("<", HOSTILE)
    assert out.startswith('<span class="dt-glyph" aria-hidden="true">&lt;</span>')
    assert "<script" not in out and "<img" not in out


def test_the_serve_error_banner_shows_problem_text_as_text() -> None:
    out = trusted.serve_error_banner("<b>bad</b>", [f"trees/x.yaml:1:1: error[x]: {HOSTILE}"], 1)
    assert "<script" not in out and "<img" not in out and "<b>bad" not in out
    assert out.count("<li>") == 1 and 'data-dt-serve-errors="1"' in out


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<pre><code>x</code></pre>", '<pre><code tabindex="0">x</code></pre>'),
        ('<pre><code tabindex="-1">x</code></pre>', '<pre><code tabindex="-1">x</code></pre>'),
        ("<p>&lt;pre&gt;&lt;code&gt; as text</p>", "<p>&lt;pre&gt;&lt;code&gt; as text</p>"),
        ("<p><code>inline</code></p>", "<p><code>inline</code></p>"),
    ],
)
def test_focusable_code_adds_only_a_tabindex_to_code_blocks(given: str, expected: str) -> None:
    assert trusted.focusable_code(given) == expected


def test_a_named_dialog_escapes_its_name() -> None:
    tag = '<div class="md-search" data-md-component="search" role="dialog">'
    out = trusted.named_dialog(tag, '"><script>x</script>')
    assert out == tag[:-1] + ' aria-label="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">'
