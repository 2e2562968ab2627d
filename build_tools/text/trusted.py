"""Every place the site writes HTML without the allowlist sanitizer, by name.

Contributor text is escaped by the templates (autoescape) or cleaned by `sanitize`. The fragments below
are the exceptions: HTML our own code builds, or the site owner's configuration. Each one escapes what it
puts inside, and only this module may mark a string as safe for Jinja (`Markup`) or escape HTML by hand;
tests/test_trusted.py holds one hostile-input test per fragment and fails on `Markup(` or `| safe`
anywhere else in build_tools/.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any, TypeAlias

from markupsafe import Markup

from . import sanitize

# The type of what the functions below return: HTML that Jinja prints as it is. Views name it by this.
Trusted: TypeAlias = Markup


def text(value: object) -> str:
    """`value` as HTML text or a double-quoted attribute value: &, <, >, " and ' escaped."""
    return html.escape(str(value), quote=True)


def front_matter_text(value: object) -> str:
    """Front matter Material prints between tags unescaped (the page title): escaped here, before it."""
    return html.escape(str(value), quote=False)


def front_matter_attr(value: object) -> str:
    """Front matter Material prints inside an attribute unescaped (the description in content="...")."""
    return html.escape(str(value), quote=True)


def site_config_html(value: str) -> Markup:
    """HTML from the site's own configuration (mkdocs.yml `support_html`): trusted, so printed as HTML,
    but still passed through the allowlist, so a pasted <script> or onclick comes out inert."""
    return Markup(sanitize.sanitize(value))


def svg_map(svg: str) -> Markup:
    """The SVG map of a tree, built by `render.svgmap.render_svg`, which writes every label and address
    through `text`."""
    return Markup(svg)


def json_ld(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> element: no <, > or & that HTML could read as markup."""
    encoded = json.dumps(data, ensure_ascii=False, indent=1)
    encoded = encoded.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(encoded)


def spoken_glyph(glyph: str, words: str) -> str:
    """A glyph for the eye (hidden from screen readers) and its words for the ear."""
    return (
        f'<span class="dt-glyph" aria-hidden="true">{text(glyph)}</span>'
        f'<span class="dt-visually-hidden">{text(words)}</span>'
    )


def serve_error_banner(what: str, lines: Iterable[str], count: int) -> str:
    """The alert `mkdocs serve` puts at the top of each page while the trees have problems: `what` in bold,
    then one `path:line:col: ...` line per problem."""
    items = "".join(f"<li><code>{text(line)}</code></li>" for line in lines)
    return (
        f'<div class="dt-serve-errors" role="alert" data-dt-serve-errors="{count:d}">'
        f"<p><strong>{text(what)}</strong> Fix the problems and save: this page reloads by itself.</p>"
        f"<ul>{items}</ul></div>\n"
    )


# A code block's <code>: Material scrolls `pre > code` (overflow: auto), not the <pre> around it. Input is
# serialized HTML, where "<" in text is escaped, so each "<pre" ends at the next ">".
_CODE = re.compile(r"(<pre(?:\s[^>]*)?>(?:<span></span>)?)<code(?=[\s>])(?![^>]*\btabindex=)")


def focusable_code(html_text: str) -> str:
    """Code blocks that may scroll sideways can be reached and scrolled with the keyboard (axe:
    scrollable-region-focusable), on the element that scrolls: tabindex="0" added to existing <code> tags,
    nothing else. Run it after `sanitize`, which removes tabindex."""
    return _CODE.sub(r'\1<code tabindex="0"', html_text)


def named_dialog(tag: str, name: str) -> str:
    """The theme's opening tag `tag` (ending in ">") given an accessible name."""
    return f'{tag[:-1]} aria-label="{text(name)}">'


def publishable(html_text: str) -> str:
    """Converted contributor Markdown as the site publishes it: through the allowlist (`sanitize.cleaned`),
    then code blocks made focusable."""
    return focusable_code(sanitize.cleaned(html_text))
