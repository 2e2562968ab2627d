"""What contributor text may contain: the checks behind `unsafe-markup` and `hidden-character`.

`find_unsafe` converts the text with the site's Markdown and asks the allowlist sanitizer (sanitize.py)
whether it would publish the result unchanged; there is no list of forbidden patterns to get around.
`find_hidden` refuses characters that make text read differently from what it says: bidirectional
controls anywhere, and zero-width characters in the short one-line texts people pick from (titles,
answers), where a look-alike could pass for another label.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

from . import sanitize, trusted

# Fields shown as a page heading (an attribute list may close their line) and fields that are one line.
HEADING_FIELDS = frozenset({"title", "question", "step", "resolution", "faq.question"})
ONE_LINE_FIELDS = HEADING_FIELDS | {"summary", "symptoms", "answer"}


_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff"
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Letters and symbols that draw nothing: an answer made of them looks empty, or like another answer.
_BLANK = "\u115f\u1160\u3164\uffa0\u2800"
_HIDDEN_ANYWHERE = re.compile(f"[{_BIDI}{_CONTROL}{_BLANK}]")
_HIDDEN_ONE_LINE = re.compile(f"[{_BIDI}{_CONTROL}{_ZERO_WIDTH}{_BLANK}\r]")
_NAMES = {
    "\u061c": "arabic letter mark",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
    "\u115f": "Hangul choseong filler",
    "\u1160": "Hangul jungseong filler",
    "\u3164": "Hangul filler",
    "\uffa0": "halfwidth Hangul filler",
    "\u2800": "blank Braille pattern",
    "\r": "carriage return",
}


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or code == 0xFE0F


def find_hidden(text: str, one_line: bool = False) -> list[tuple[int, str]]:
    """(offset, message) for each invisible character that changes how the text reads."""
    pattern = _HIDDEN_ONE_LINE if one_line else _HIDDEN_ANYWHERE
    found: list[tuple[int, str]] = []
    for hit in pattern.finditer(text):
        char = hit.group()
        at = hit.start()
        # A zero-width joiner inside an emoji sequence (👩‍💻) is part of the picture, not a trick.
        if (
            char == "\u200d"
            and 0 < at < len(text) - 1
            and _is_emoji(text[at - 1])
            and _is_emoji(text[at + 1])
        ):
            continue
        name = _NAMES.get(char, "control character")
        found.append((at, f"invisible {name} (U+{ord(char):04X}) is not allowed here; delete it"))
    return found


# Look-alikes: letters of other scripts drawn like Latin ones, folded onto them (after NFKC and casefold),
# so that "Yes" and "Y\u0435s" (a Cyrillic ie) count as the same answer. A short list of the common ones,
# not all of Unicode's confusables: enough that a duplicate can't be made by swapping one letter.
_LOOK_ALIKE = str.maketrans(
    {
        **dict.fromkeys("\u0430\u0251\u03b1", "a"),
        **dict.fromkeys("\u0435\u0454\u03b5", "e"),
        **dict.fromkeys("\u043e\u03bf\u03c30", "o"),
        **dict.fromkeys("\u0440\u03c1", "p"),
        **dict.fromkeys("\u0441", "c"),
        **dict.fromkeys("\u0443\u03b3", "y"),
        **dict.fromkeys("\u0445\u03c7", "x"),
        **dict.fromkeys("\u0456\u03b9\u01311", "i"),
        **dict.fromkeys("\u0458", "j"),
        **dict.fromkeys("\u0455", "s"),
        **dict.fromkeys("\u0501", "d"),
        **dict.fromkeys("\u0261", "g"),
        **dict.fromkeys("\u03ba\u043a", "k"),
        **dict.fromkeys("\u03bd\u0475", "v"),
        **dict.fromkeys("\u0442", "t"),
        **dict.fromkeys("\u04bb", "h"),
        **dict.fromkeys("\u0578", "n"),
        **dict.fromkeys("\u051d", "w"),
        **dict.fromkeys("\u043c", "m"),
        **dict.fromkeys("\u029f", "l"),
    }
)
_INVISIBLE = re.compile(f"[\\s{_BIDI}{_CONTROL}{_ZERO_WIDTH}{_BLANK}\ufe00-\ufe0f]+")


def fold(text: str) -> str:
    """Text as a reader tells it apart: NFKC, case folded, look-alike letters as Latin ones, invisible
    characters gone and spaces collapsed. Linear in the text."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOK_ALIKE)
    return " ".join(_INVISIBLE.sub(" ", folded).split())


# -- the check --------------------------------------------------------------------------------------------
# Text without any of these renders to paragraphs, emphasis, lists, quotes, rules, line breaks, headings
# with word ids and code blocks: all inside the allowlist (tests/security/test_sanitizer.py tries that).
_MARKUP = re.compile(r"[<&\[\]{}`~#_\\=|\x00-\x08\x0b-\x1f\x7f-\x9f]|!!!|\?\?\?")


def find_unsafe(text: str, heading: bool = False) -> list[tuple[int, str]]:
    """(offset into text, message) for each way the site would not publish `text` as written.

    `heading`: the text is also a page heading (a title), where an attribute list may close the line; it
    must be safe both ways, since titles are shown as headings and in running text.
    """
    if over_budget(text) is not None:
        return []  # never converted: the text-budget rule reports it
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


# Python-Markdown re-reads a block for every heading in it, so a text of a few thousand one-character
# headings takes minutes; lines are counted too. Both are counted in one pass, before any conversion.
MAX_LINES = 200
MAX_HEADINGS = 20


def over_budget(text: str) -> tuple[int, str] | None:
    """(offset, message) when `text` has more lines or headings than a help text may, else None."""
    headings = 0
    offset = 0
    previous = ""
    for number, line in enumerate(text.split("\n"), start=1):
        mark = line.strip()
        setext = mark != "" and previous.strip() != "" and set(mark) in ({"="}, {"-"})
        if line.lstrip(" ").startswith("#") or setext:
            headings += 1
            if headings > MAX_HEADINGS:
                return offset, f"more than {MAX_HEADINGS} headings in one text; split it or use a list"
        if number > MAX_LINES:
            return offset, f"more than {MAX_LINES} lines in one text; split it into steps"
        offset += len(line) + 1
        previous = line
    return None


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
    rendered, references = sanitize.render(text)
    tokens = _tokens(rendered)
    problems = _violations(tokens) + _tab_controls(text, tokens)
    cleaned = sanitize.sanitize(rendered)
    if not problems and cleaned != rendered and _tokens(cleaned) != tokens:
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
    probe = f'<a href="{trusted.text(url)}">x</a>'
    return 'href="' in sanitize.sanitize(probe)


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
        elif kind == "start" and name not in sanitize.TAGS:
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
            extra = sorted(set(value.split()) - sanitize.CLASSES.get(tag, set()))
            if any(c.startswith("language-") for c in extra) or (tag == "span" and extra):
                out.append(
                    (
                        ["```", "~~~", "{"],
                        "a code block may not name a language (the site does not colour code)",
                    )
                )
            elif extra:
                out.append(([*extra, "{"], f"class {' '.join(extra)!r} is not allowed on <{tag}>"))
        elif attr not in sanitize.ATTRIBUTES.get(tag, ()):
            out.append(([attr, "{"], f"the attribute {attr!r} is not allowed on <{tag}>"))
        elif attr == "href":
            if not _url_allowed(value):
                out.append(([value, "]("], f"the link to {_short(value)} is not allowed: {_URL_RULE}"))
        elif sanitize.attribute_filter(tag, attr, value) != value:
            if attr == "id" and tag in sanitize.HEADINGS:
                out.append(
                    (
                        ["{", "#"],
                        f"the heading id {value!r} is not allowed (ids starting with __ or dt- are taken)",
                    )
                )
            else:
                out.append(([attr, "{"], f"the value {_short(value)} of {attr!r} is not allowed on <{tag}>"))
    return out


# The content tabs' radio buttons and labels (`__tabbed_N_M`) are written by the tabs extension for `===`
# blocks. Written as raw HTML they pass the allowlist, and with the page's own ids they take over its tabs
# (a click on "Android" then checks the contributor's button and hides both platform blocks).
_TAB_CONTROL = re.compile(r"<[ \t\n]*(input|label)\b", re.IGNORECASE)


def _tab_controls(text: str, tokens: list[Token]) -> list[Problem]:
    """Raw <input> or <label> in the text that reached the page as an element (not as code)."""
    hit = _TAB_CONTROL.search(text)
    if hit is None or not any(kind == "start" and name in ("input", "label") for kind, name, _ in tokens):
        return []
    tag = hit.group(1).lower()
    return [([hit.group()], f'the HTML element <{tag}> is not allowed; write tabs with === "Label" instead')]


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
