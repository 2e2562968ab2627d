"""Contributor text -> the HTML the site may publish: the site's own Markdown, then an allowlist sanitizer.

Tree text is hostile input. Rather than guessing from the Markdown source what a browser will get (a
blacklist of patterns, which leaks), each field is converted with the same Markdown extensions the site
uses and the resulting HTML is cleaned by `nh3` (Rust's ammonia) with a small allowlist of elements,
attributes, classes and URL schemes. `check` reports `unsafe-markup` when cleaning would change a field;
the build cleans the converted pages themselves, so text that never went through `check` is safe too.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3

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
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TAGS = frozenset(
    {
        *("p", "br", "hr", "em", "strong", "code", "pre", "span", "blockquote", "a"),
        *("ul", "ol", "li", "div", "details", "summary", "input", "label"),
        *("table", "thead", "tbody", "tr", "th", "td"),
        *_HEADINGS,
    }
)
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
    "details": {"open"},
    "input": {"type", "id", "name", "checked"},  # content tabs (pymdownx.tabbed) are radio buttons
    "label": {"for"},
    "div": {"data-tabs"},
    **{h: {"id"} for h in _HEADINGS},
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
}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
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
    attribute_filter=_attribute_filter,
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
    out = _CLEANER.clean(html_text)
    for _ in range(4):
        again = _CLEANER.clean(out)
        if again == out:
            return out
        out = again
    return _text_only(out)


def _text_only(html_text: str) -> str:
    """The text of some HTML, with no element left: stable however often it is cleaned."""
    return nh3.clean(html_text, tags=set(), attributes={}, link_rel=None)


_PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\btabindex=)")


def focusable_code(html_text: str) -> str:
    """Code blocks that may scroll sideways can be reached and scrolled with the keyboard (axe:
    scrollable-region-focusable). Trusted post-processing: run it after `sanitize`, which removes tabindex."""
    return _PRE.sub('<pre tabindex="0"', html_text)


def publishable(html_text: str) -> str:
    """Converted contributor Markdown as the site publishes it: sanitized, code blocks focusable."""
    return focusable_code(sanitize(html_text))


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
    _setup = MarkdownSetup(tuple(dict.fromkeys(extensions)), encoded)


def _converter() -> markdown.Markdown:
    md = _converters.get(_setup)
    if md is None:
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


# -- the check --------------------------------------------------------------------------------------------
# Text without any of these renders to paragraphs, emphasis, lists, quotes, rules, line breaks, headings
# with word ids and code blocks: all inside the allowlist (tests/security/test_sanitizer.py tries that).
_MARKUP = re.compile(r"[<&\[\]{}`~#_\\=|\x00-\x08\x0b-\x1f\x7f-\x9f]|!!!|\?\?\?")


def find_unsafe(text: str, heading: bool = False) -> list[tuple[int, str]]:
    """(offset into text, message) for each way the site would not publish `text` as written.

    `heading`: the text is also a page heading (a title), where an attribute list may close the line; it
    must be safe both ways, since titles are shown as headings and in running text.
    """
    depth, line_start = _deepest_nesting(text)
    if depth > MAX_NESTING:
        return [(line_start, f"lists or quotes nested {depth} deep; the limit is {MAX_NESTING}")]
    if _MARKUP.search(text) is None:
        return []
    for char in _COSTLY:
        if text.count(char) > MAX_COSTLY:
            return [(text.index(char), _too_costly(char))]
    try:
        problems = _problems(text)
        if heading:
            problems += _problems(f"# {text}")
    except RecursionError:  # Python-Markdown recurses once per level of nested lists or quotes
        return [(0, "this text nests lists or quotes too deeply for the site's Markdown; simplify it")]
    found: dict[str, int] = {}
    for needles, message in problems:
        found.setdefault(message, _locate(text, needles))
    return sorted((offset, message) for message, offset in found.items())


# Python-Markdown converts nested lists and quotes by recursion, one level per nesting level: a few
# hundred levels crash it (in `check` and in the build). Nesting is counted in one pass per line.
MAX_NESTING = 20


def _deepest_nesting(text: str) -> tuple[int, int]:
    """(deepest nesting of list items, quotes and indentation on one line, where that line starts)."""
    deepest, where, start = 0, 0, 0
    for line in text.split("\n"):
        depth, i, n, columns = 0, 0, len(line), 0
        while i < n:
            char = line[i]
            if char == " " or char == "\t":
                if depth == 0:  # indentation before the first marker nests too; spaces after markers don't
                    columns += 4 if char == "\t" else 1
                i += 1
            elif char in "-*+>" and (i + 1 == n or line[i + 1] in " \t" or char == ">"):
                depth += 1
                i += 1
            elif char.isdigit():
                j = i
                while j < n and line[j].isdigit():
                    j += 1
                if j < n and line[j] in ".)" and (j + 1 == n or line[j + 1] in " \t"):
                    depth += 1
                    i = j + 1
                else:
                    break
            else:
                break
        depth += columns // 4
        if depth > deepest:
            deepest, where = depth, start
        start += len(line) + 1
    return deepest, where


# Python-Markdown's link, raw-HTML and fence parsing looks ahead from every "[", "<" and fence (5,000 take
# seconds, 20,000 minutes); help text needs a handful. Texts are refused before they reach the converter.
_COSTLY = ("[", "<", "```", "~~~")
MAX_COSTLY = 50


def _too_costly(char: str) -> str:
    return f"more than {MAX_COSTLY} {char!r} characters in one text; split it or use fewer links and tags"


def _problems(text: str) -> list[Problem]:
    rendered, references = render(text)
    tokens = _tokens(rendered)
    problems = _violations(tokens)
    if not problems and sanitize(rendered) != rendered and _tokens(sanitize(rendered)) != tokens:
        problems.append(([], "this markup would be changed on the site; write plain Markdown"))
    problems += _tag_like_text(tokens)
    for ref, url in references.items():
        if not _url_allowed(url) and not any(_short(url) in message for _, message in problems):
            problems.append(
                ([url, f"[{ref}]:", "]:"], f"link definition [{ref}] points to {_short(url)}: {_URL_RULE}")
            )
    return problems


_URL_RULE = "links may use https:, http: or mailto: addresses only"


def _url_allowed(url: str) -> bool:
    probe = f'<a href="{html.escape(url)}">x</a>'
    return 'href="' in sanitize(probe)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


Token = tuple[str, str, tuple[tuple[str, str], ...]]


class _Tokenizer(HTMLParser):
    """HTML as a token list in which entity spelling, attribute order and `<br />` vs `<br>` don't matter."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, ()))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            data = self.tokens.pop()[1] + data
        self.tokens.append(("text", data, ()))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data, ()))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("comment", decl, ()))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(("comment", data, ()))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(("comment", data, ()))


def _tokens(html_text: str) -> list[Token]:
    parser = _Tokenizer()
    parser.feed(html_text)
    parser.close()
    return parser.tokens


_IMAGE = "images are not allowed (they would load from another site); link to the page instead"
Problem = tuple[list[str], str]  # (strings to look for in the source, in order; message)


def _violations(tokens: list[Token]) -> list[Problem]:
    """Everything in converted HTML that is outside the allowlist."""
    out: list[Problem] = []
    for kind, name, attrs in tokens:
        if kind == "comment":
            out.append((["<!", "<?"], "HTML comments, CDATA sections and declarations are not allowed"))
        elif kind == "start" and name not in TAGS:
            if name == "img":
                out.append((["![", "<img"], _IMAGE))
            else:
                out.append(
                    ([f"<{name}", name], f"the HTML element <{name}> is not allowed; write Markdown instead")
                )
        elif kind == "start":
            out += _attribute_violations(name, attrs)
    return out


def _attribute_violations(tag: str, attrs: tuple[tuple[str, str], ...]) -> list[Problem]:
    out: list[Problem] = []
    for attr, value in attrs:
        if attr == "class":
            extra = sorted(set(value.split()) - CLASSES.get(tag, set()))
            if any(c.startswith("language-") for c in extra) or (tag == "span" and extra):
                out.append(
                    (
                        ["```", "~~~", "{"],
                        "a code block may not name a language (the site does not colour code)",
                    )
                )
            elif extra:
                out.append(([*extra, "{"], f"class {' '.join(extra)!r} is not allowed on <{tag}>"))
        elif attr not in ATTRIBUTES.get(tag, ()):
            out.append(([attr, "{"], f"the attribute {attr!r} is not allowed on <{tag}>"))
        elif attr == "href":
            if not _url_allowed(value):
                out.append(([value, "]("], f"the link to {_short(value)} is not allowed: {_URL_RULE}"))
        elif _attribute_filter(tag, attr, value) != value:
            if attr == "id" and tag in _HEADINGS:
                out.append(
                    (
                        ["{", "#"],
                        f"the heading id {value!r} is not allowed (ids starting with __ or dt- are taken)",
                    )
                )
            else:
                out.append(([attr, "{"], f"the value {_short(value)} of {attr!r} is not allowed on <{tag}>"))
    return out


# Text that reads as a tag once the Markdown around it is gone (as in `<!--<[s](x)cript`): harmless in
# the escaped page, but it has no business in help text, and copies of the text (search results,
# descriptions, structured data) are plain text.
_TAG_LIKE = re.compile(r"<[A-Za-z!/?]")


def _tag_like_text(tokens: list[Token]) -> list[Problem]:
    code = 0
    parts: list[str] = []
    for kind, name, _ in tokens:
        if name == "code" and kind in ("start", "end"):
            code += 1 if kind == "start" else -1
        elif kind == "text" and code <= 0:
            parts.append(name)
        elif kind != "text":
            parts.append("")
    plain = "".join(parts)
    hit = _TAG_LIKE.search(plain)
    if hit is None:
        return []
    shown = plain[hit.start() : hit.start() + 12]
    return [
        (
            [hit.group(), "&lt;", "&#"],
            f"{_short(shown)} reads as an HTML tag; put code in `backticks` or rephrase",
        )
    ]


def _locate(text: str, needles: Iterable[str]) -> int:
    lowered = text.lower()
    for needle in needles:
        if needle:
            found = lowered.find(needle.lower())
            if found >= 0:
                return found
    return 0
