"""Contributor text -> the HTML the site may publish: the site's own Markdown, then an allowlist sanitizer.

Tree text is hostile input. Rather than guessing from the Markdown source what a browser will get (a
blacklist of patterns, which leaks), each field is converted with the same Markdown extensions the site
uses and the resulting HTML is cleaned by `nh3` (Rust's ammonia) with a small allowlist of elements,
attributes, classes and URL schemes. `check` reports `unsafe-markup` when cleaning would change a field;
the build cleans the converted pages themselves, so text that never went through `check` is safe too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import nh3

from ..core.translations import SOURCE_LANGUAGE

if TYPE_CHECKING:
    import markdown

# The site's Markdown: MkDocs' built-in extensions, then `markdown_extensions` of mkdocs.yml (a test keeps
# them equal). The MkDocs plugin passes the real configuration in with `use_markdown`.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
SITE_EXTENSIONS = (
    "attr_list",
    "md_in_html",
    "admonition",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
)
SITE_EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": False},
    "pymdownx.tabbed": {"alternate_style": True},
}

# -- the allowlist ------------------------------------------------------------------------------------
URL_SCHEMES = frozenset({"https", "http", "mailto"})  # and relative addresses
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAGS = frozenset(
    {
        *("p", "br", "hr", "em", "strong", "code", "pre", "span", "blockquote", "a"),
        *("ul", "ol", "li", "div", "details", "summary", "input", "label"),
        *("table", "thead", "tbody", "tr", "th", "td"),
        *HEADINGS,
    }
)
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "lang"},
    "ol": {"start"},
    "details": {"open"},
    "input": {"type", "id", "name", "checked"},  # content tabs (pymdownx.tabbed) are radio buttons
    "label": {"for"},
    "div": {"data-tabs", "lang"},
    "span": {"lang"},
    **{h: {"id", "lang"} for h in HEADINGS},
}
# Material's admonition types: `!!! tip` and `??? note` (and their aliases) give these classes.
ADMONITION_TYPES = frozenset(
    {
        *("note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success"),
        *("check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure"),
        *("fail", "missing", "danger", "error", "bug", "example", "quote", "cite"),
    }
)
CLASSES: dict[str, set[str]] = {
    "div": {
        *ADMONITION_TYPES,
        *("admonition", "highlight"),
        *("tabbed-set", "tabbed-alternate", "tabbed-labels", "tabbed-content", "tabbed-block"),
    },
    "p": {"admonition-title"},
    "details": set(ADMONITION_TYPES),
}
# Values of the attributes above that are not free text. Heading ids come from the heading's words (toc);
# ids that start with "__" are the theme's own (Material's __drawer, __search, __tabbed_...) and "dt-"
# ones the site's controls' (dt-ask-h, dt-still-stuck-h, ...): a heading in tree text can't take them.
_VALUES = {
    "id": re.compile(r"(?!__|dt-)[\w-]{1,100}"),
    "tab-id": re.compile(r"__tabbed_\d{1,5}_\d{1,5}"),
    "name": re.compile(r"__tabbed_\d{1,5}"),
    "data-tabs": re.compile(r"\d{1,5}:\d{1,5}"),
    "start": re.compile(r"\d{1,9}"),
    "type": re.compile(r"radio"),
    "checked": re.compile(r"(checked)?"),
    "open": re.compile(r"(open)?"),
    # A translated page marks the text it shows in English (a missing or stale translation) as English for
    # screen readers (WCAG 3.1.2). The one value allowed is the trees' own language, so the most tree text
    # can do with `lang` is mark words as English: right for an app's English on-screen words, never a way
    # to switch a voice to any other language.
    "lang": re.compile(re.escape(SOURCE_LANGUAGE)),
}


def attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id" and tag == "input":
        return value if _VALUES["tab-id"].fullmatch(value) else None
    if attr == "for":
        return value if _VALUES["tab-id"].fullmatch(value) else None
    pattern = _VALUES.get(attr)
    if pattern is None:
        return value  # href (nh3 checks its scheme), title
    return value if pattern.fullmatch(value) else None


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=attribute_filter,
    strip_comments=True,
    link_rel=None,
    url_schemes=set(URL_SCHEMES),
    allowed_classes=CLASSES,
)


def sanitize(html_text: str) -> str:
    """HTML cut down to the allowlist. Sanitizing the result again changes nothing (a tested property).

    One pass is not always enough: the HTML parser repairs some tag soup into markup that parses
    differently the next time (`<p><select><option><p>` gives a `<p>` inside a `<p>`), the shape of
    mutation XSS. So it is cleaned until it stops changing; text that keeps changing is kept as text.
    """
    return _sanitized(html_text)[0]


def _sanitized(html_text: str) -> tuple[str, bool]:
    """`sanitize`, and whether the result is a fixed point of the cleaner (else it is `text_only`)."""
    out = _CLEANER.clean(html_text)
    if out == html_text:
        return out, True  # already clean: cleaning it again gives the same text
    for _ in range(4):
        again = _CLEANER.clean(out)
        if again == out:
            return out, True
        out = again
    return text_only(out), False


def text_only(html_text: str) -> str:
    """The text of some HTML, with no element left: stable however often it is cleaned."""
    return nh3.clean(html_text, tags=set(), attributes={}, link_rel=None)


def cleaned(html_text: str) -> str:
    """Converted contributor Markdown sanitized, with tab controls only where the tabs extension put them
    (`trusted.publishable` then makes code blocks focusable)."""
    # Taking out a tag can leave markup the parser repairs differently next time (a label between two
    # headings): clean again until taking out and cleaning both change nothing.
    out, stable = _sanitized(html_text)
    for _ in range(4):
        controls = own_tab_controls(out)
        if controls == out and stable:
            return out  # a fixed point of the cleaner that loses no control: sanitizing it changes nothing
        again, stable = _sanitized(controls)
        if again == out:
            return out
        out = again
    return text_only(out)


_TAB_ID = re.compile(r"__tabbed_(\d{1,5})_(\d{1,5})")
_TAB_SET = re.compile(r"(\d{1,5}):(\d{1,5})")


@dataclass
class _Open:
    tag: str
    tab_set: int = 0  # the set's number, for a `div.tabbed-set`
    tab_count: int = 0
    labels: bool = False  # a `div.tabbed-labels`
    dropped: bool = False  # a <label> whose tags are taken out


class _TabControls(HTMLParser):
    """Finds the <input> and <label> tags that are not the tabs extension's own: the radio buttons are the
    first children of the page's n-th `div.tabbed-set` (numbered in page order, as the extension numbers
    them) with ids `__tabbed_n_k`, each id once per page, and the labels sit in its `div.tabbed-labels`
    pointing at those. Anything else (raw HTML in tree text with the page's own ids) could take over the
    page's tabs: a click on "Android" would check the contributor's button and hide both platforms."""

    def __init__(self, html_text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html_text
        self.lines = [0] + [m.end() for m in re.finditer("\n", html_text)]
        self.stack: list[_Open] = []
        self.sets = 0
        self.ids: set[str] = set()
        self.cut: list[tuple[int, int]] = []  # (start, end) offsets of tags to take out

    def _span(self) -> tuple[int, int]:
        line, col = self.getpos()
        start = self.lines[line - 1] + col
        return start, start + len(self.get_starttag_text() or "")

    def _set(self) -> _Open | None:
        """The tab set that the innermost open element is (for inputs) or holds the labels of."""
        if self.stack and self.stack[-1].tab_set:
            return self.stack[-1]
        if len(self.stack) > 1 and self.stack[-1].labels and self.stack[-2].tab_set:
            return self.stack[-2]
        return None

    def _ours(self, tab_set: _Open | None, control: str | None) -> bool:
        hit = _TAB_ID.fullmatch(control or "")
        return (
            tab_set is not None
            and hit is not None
            and int(hit.group(1)) == tab_set.tab_set
            and 1 <= int(hit.group(2)) <= tab_set.tab_count
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input":
            tab_set = self._set() if self.stack and self.stack[-1].tab_set else None
            control = values.get("id")
            name_ok = tab_set is not None and values.get("name") == f"__tabbed_{tab_set.tab_set}"
            if not (self._ours(tab_set, control) and name_ok and control not in self.ids):
                self.cut.append(self._span())
            elif control:
                self.ids.add(control)
            return
        entry = _Open(tag)
        if tag == "label":
            tab_set = self._set() if self.stack and self.stack[-1].labels else None
            entry.dropped = not self._ours(tab_set, values.get("for"))
            if entry.dropped:
                self.cut.append(self._span())
        classes = (values.get("class") or "").split()
        if tag == "div" and "tabbed-set" in classes:
            numbers = _TAB_SET.fullmatch(values.get("data-tabs") or "")
            if numbers and int(numbers.group(1)) == self.sets + 1:
                self.sets += 1
                entry.tab_set, entry.tab_count = self.sets, int(numbers.group(2))
        entry.labels = tag == "div" and "tabbed-labels" in classes
        self.stack.append(entry)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag != "input" and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        # Sanitized HTML is well formed: the end tag closes the innermost element of its name.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                closed = self.stack[index]
                del self.stack[index:]
                if closed.dropped:
                    line, col = self.getpos()
                    start = self.lines[line - 1] + col
                    self.cut.append((start, self.html.index(">", start) + 1))
                return


def own_tab_controls(html_text: str) -> str:
    """Sanitized HTML without tab radio buttons and labels that the tabs extension didn't write."""
    if "<input" not in html_text and "<label" not in html_text:
        return html_text
    parser = _TabControls(html_text)
    parser.feed(html_text)
    parser.close()
    if not parser.cut:
        return html_text
    out, at = [], 0
    for start, end in sorted(parser.cut):
        out.append(html_text[at:start])
        at = end
    return "".join(out) + html_text[at:]


# -- Markdown, configured like the site ---------------------------------------------------------------
@dataclass(frozen=True)
class MarkdownSetup:
    extensions: tuple[str, ...]
    configs: str  # JSON of {extension: options}: hashable, and the same in a worker process


_setup = MarkdownSetup(
    tuple(dict.fromkeys((*MKDOCS_BUILTIN_EXTENSIONS, *SITE_EXTENSIONS))),
    json.dumps(SITE_EXTENSION_CONFIGS, sort_keys=True),
)
_converters: dict[MarkdownSetup, markdown.Markdown] = {}


def use_markdown(extensions: Sequence[str], configs: Mapping[str, Mapping[str, Any]]) -> None:
    """Check text with the site's configuration (the MkDocs plugin passes mkdocs.yml's)."""
    global _setup
    try:
        encoded = json.dumps(configs, sort_keys=True)
    except TypeError:
        return  # an option JSON can't hold (a callable): the defaults stand in for the site's settings
    # The engine's own extension (text/extension.py) publishes whole pages; tree text is judged without it.
    ours = [e for e in extensions if e.startswith("build_tools.")]
    # MkDocs adds its own three to whatever mkdocs.yml lists; a config read without MkDocs (the export)
    # must get them too, or headings lose their ids and anchors are judged wrongly.
    listed = (e for e in extensions if e not in ours)
    _setup = MarkdownSetup(tuple(dict.fromkeys((*MKDOCS_BUILTIN_EXTENSIONS, *listed))), encoded)


def markdown_setup() -> str:
    """The Markdown configuration text is checked with now, as text (the check cache keys on it)."""
    return json.dumps([list(_setup.extensions), _setup.configs])


def _converter() -> markdown.Markdown:
    md = _converters.get(_setup)
    if md is None:
        import markdown  # here: a warm `check` converts nothing, and Markdown is a fifth of its start-up

        md = markdown.Markdown(
            extensions=list(_setup.extensions), extension_configs=json.loads(_setup.configs)
        )
        _converters[_setup] = md
    return md


def render(text: str) -> tuple[str, dict[str, str]]:
    """Text converted as the site converts it: (HTML, {reference id: URL} of its link definitions)."""
    md = _converter()
    md.reset()
    out = md.convert(text)
    references = {ref: url for ref, (url, _title) in md.references.items()}
    return out, references
