"""The project in another language: the same trees, nodes, links and sources, with the translated text.

A translation carries text only (see docs/contributing: translating), so the translated project is the
English one with each text replaced: ids, links, outcomes, sources and the graph are the English tree's,
and every page, link and check of the English site holds for it. A field with no translation keeps its
English text, and `Notes` remembers it, so the page can say so in its own language.

A translated field keeps the app's on-screen words in English, in quotation marks (the translation-quote
rule). `mark_english_quotes` wraps each such quote in `<span lang="en">`, so a screen reader reads those
words with an English voice (WCAG 3.1.2). Both builders read their text from `localize`, so both get it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from ..core.locale import Locale
from ..core.model import Cause, Faq, Link, Node, Role, Tree
from ..core.project import Key, Project
from ..core.sources import quotes_english, quotes_of, translation_quotations
from ..core.translations import SOURCE_LANGUAGE

# Where a text sits in a tree, as the translation file writes it: ("title",), ("faq", 0, "answer"),
# ("nodes", "what-happens", "help"), ("nodes", "q", "answers", 2), ("nodes", "x", "platforms", "ios").
FieldPath = tuple[str | int, ...]
# A one-line text in parts, each with its language where it differs from the page's ("en"), else None.
Parts = tuple[tuple[str, str | None], ...]
CAUSES_FILE = "causes"  # the file key of causes.yaml's translation


class Translations(Protocol):
    """What the translation loader gives the renderer for one language."""

    def text(self, file: str, path: FieldPath, english: str) -> tuple[str, bool]:
        """The text at `path` of translation `file` (a tree id, or CAUSES_FILE): (text, fell back to
        English). `english` is what the page shows when there is no translation."""
        ...

    def symptoms(self, tree: str) -> list[str] | None:
        """The tree's search phrases in this language; None when the translation has none."""
        ...

    def reviewed(self, file: str) -> bool:
        """A native speaker reviewed this file's translation (`reviewed: true`)."""
        ...


class Untranslated:
    """A language with no translation files yet: every field falls back to English, nothing is reviewed."""

    def text(self, file: str, path: FieldPath, english: str) -> tuple[str, bool]:
        return english, True

    def symptoms(self, tree: str) -> list[str] | None:
        return None

    def reviewed(self, file: str) -> bool:
        return False


@dataclass
class Notes:
    """Which texts of a translated project are still English, and which files are reviewed."""

    tree_fields: dict[str, set[str]] = field(default_factory=dict)  # tree id -> "title", "summary", "faq"
    nodes: set[Key] = field(default_factory=set)  # nodes with a field in English
    causes: bool = False  # a cause's title or explanation in English
    reviewed_files: set[str] = field(default_factory=set)
    # Each field shown in English, by (file, path), and each answer label by (its question, label): a page
    # marks these `lang="en"`, so a screen reader reads them with an English voice (WCAG 3.1.2).
    english: set[tuple[str, FieldPath]] = field(default_factory=set)
    english_answers: set[tuple[Key, str]] = field(default_factory=set)
    # A translated one-line text that quotes English words, in parts (`english_parts`): each FAQ question
    # by (file, path), each answer by (its question, label). Texts without such quotes are not here.
    parts: dict[tuple[str, FieldPath], Parts] = field(default_factory=dict)
    answer_parts: dict[tuple[Key, str], Parts] = field(default_factory=dict)

    def lang(self, file: str, path: FieldPath) -> str | None:
        """The language of the text at `path` of `file` when it differs from the page's: English, where
        the page fell back to it; None where the page shows the translation."""
        return SOURCE_LANGUAGE if (file, path) in self.english else None

    def answer_lang(self, node: Key, label: str) -> str | None:
        """`lang` for an answer of question `node`, by its label (labels of one question differ)."""
        return SOURCE_LANGUAGE if (node, label) in self.english_answers else None

    def text_parts(self, file: str, path: FieldPath, text: str) -> Parts:
        """The text at `path` of `file` in parts, its English quotes marked; one plain part without."""
        return self.parts.get((file, path), ((text, None),))

    def label_parts(self, node: Key, label: str) -> Parts:
        """An answer of question `node` in parts, by its label, as `text_parts`."""
        return self.answer_parts.get((node, label), ((label, None),))

    def fell_back(
        self, trees: Iterable[str], nodes: Iterable[Key], tree_fields: Iterable[str], causes: bool
    ) -> bool:
        wanted = set(tree_fields)
        if any(self.tree_fields.get(t, set()) & wanted for t in trees):
            return True
        return any(k in self.nodes for k in nodes) or (causes and self.causes)

    def reviewed(self, trees: Iterable[str], causes: bool) -> bool:
        files = [*trees, *([CAUSES_FILE] if causes else [])]
        return all(f in self.reviewed_files for f in files)


# The marks around English words in a translated field. The quotation marks stay outside: the span holds
# exactly the English words, and the marks (« » in Spanish) are the page's own punctuation.
ENGLISH_OPEN = f'<span lang="{SOURCE_LANGUAGE}">'
ENGLISH_CLOSE = "</span>"

# A quote whose words hold Markdown or HTML syntax could open inside the span and close outside it (`*`,
# `[`, a table's `|`), so it is left unmarked: it still reads, only in the page's voice.
_MARKUP_CHARS = frozenset("`*_<>[]{}\\|#")
# Lines where quotation marks are syntax, not text: an admonition's or a tab's title (`!!! note "Title"`,
# `=== "Tab"`), a reference link definition (`[id]: url "title"`). One pass, no nested quantifiers.
_SYNTAX_LINE = re.compile(r"^[ \t]*(?:!!!|\?\?\?|===|\[[^\]\n]*\]:)[^\n]*(?:\n[^\n]*)?", re.MULTILINE)
# A line of an indented code block: four spaces (or a tab) after a blank line.
_INDENTED = re.compile(r"(?:^|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*(?:\n|$))+)")
_LIST_LINE = re.compile(r"\n[ \t]*(?:[-+]|\d+[.)])[ \t]")


def _closing(text: str, start: int, opener: str, closer: str) -> int:
    """The end of what `opener` at `start` opens: after its `closer`, or the text's end when unclosed."""
    end = text.find(closer, start + len(opener))
    return len(text) if end < 0 else end + len(closer)


def _syntax(text: str) -> list[tuple[int, int]]:
    """Where quotation marks would be Markdown or HTML syntax, not prose, as (start, end) ranges: all from
    the first backtick or `~~~` to the last (code spans and fences, whatever their pairing), a link's
    destination and title `](…)` (parentheses balanced), a tag or autolink `<…>`, an attribute list `{…}`,
    and the lines of `_SYNTAX_LINE` and `_INDENTED`. Each range is found with `str.find` or a linear
    regex, so this is linear in the text; wider than Markdown's own reading is safe (a quote left plain)."""
    ranges: list[tuple[int, int]] = []
    for fence in ("`", "~~~"):
        first = text.find(fence)
        if first >= 0:
            ranges.append((first, text.rfind(fence) + len(fence)))
    for opener, closer in (("<", ">"), ("{", "}")):
        at = text.find(opener)
        while at >= 0:
            end = _closing(text, at, opener, closer)
            ranges.append((at, end))
            at = text.find(opener, end)
    at = text.find("](")
    while at >= 0:
        depth, i = 0, at + 1
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
            if depth == 0:
                break
        ranges.append((at, i))
        at = text.find("](", i)
    ranges += [m.span() for m in _SYNTAX_LINE.finditer(text)]
    ranges += [m.span(1) for m in _INDENTED.finditer(text)]
    return ranges


def _english_quotes(text: str, english: str) -> list[tuple[int, int]]:
    """Where the words of each quotation in `text` (a translated field) that is one of the English field's
    quotes (what the translation-quote rule accepts, found by the same function) start and end, quotation
    marks excluded, in order. A quote in or across Markdown syntax is left out."""
    quotes = quotes_of(english)
    if not quotes:
        return []
    ranges = sorted(_syntax(text))
    starts = [a for a, _ in ranges]
    reach = _running_max([b for _, b in ranges])
    found: list[tuple[int, int]] = []
    done = 0
    for start, inner in sorted(translation_quotations(text)):
        if inner is None or start < done or not quotes_english(inner, quotes):
            continue
        close = start + 1 + len(inner)
        if (
            _MARKUP_CHARS.intersection(inner)
            or _LIST_LINE.search(inner)
            or _overlaps(starts, reach, start, close)
        ):
            continue
        found.append((start + 1, close))
        done = close
    return found


def mark_english_quotes(text: str, english: str) -> str:
    """`text` (a translated field) with each of its English quotes (`_english_quotes`) wrapped in
    ENGLISH_OPEN/CLOSE, so the Markdown reads exactly as written. The result is still contributor text:
    the page's Markdown and the allowlist sanitizer run on it afterwards."""
    out: list[str] = []
    done = 0
    for start, end in _english_quotes(text, english):
        out += [text[done:start], ENGLISH_OPEN, text[start:end], ENGLISH_CLOSE]
        done = end
    out.append(text[done:])
    return "".join(out)


def english_parts(text: str, english: str) -> Parts:
    """A one-line translated text (an answer, a FAQ question) split at its English quotes, found as
    `mark_english_quotes` finds them. The text stays plain wherever it is plain text (a title, the trail,
    journeys); a template marks the English parts. Joined, the parts are `text` again."""
    parts: list[tuple[str, str | None]] = []
    done = 0
    for start, end in _english_quotes(text, english):
        parts += [(text[done:start], None), (text[start:end], SOURCE_LANGUAGE)]
        done = end
    parts.append((text[done:], None))
    return tuple(p for p in parts if p[0])


def _running_max(values: Sequence[int]) -> list[int]:
    best, out = -1, []
    for v in values:
        best = max(best, v)
        out.append(best)
    return out


def _overlaps(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end] meets a range, given the ranges' sorted starts and the running max of ends."""
    i = bisect.bisect_right(starts, end) - 1
    return i >= 0 and reach[i] > start


def localize(project: Project, translations: Translations, words: Locale) -> tuple[Project, Notes]:
    """`project` with its text in the language of `words`: the translation's text, else English (noted).
    The step buttons ("Yes, that fixed it") are the engine's words, from the catalogue."""
    notes = Notes()

    def text(file: str, path: FieldPath, english: str, fallen: set[str] | None = None) -> str:
        value, fell_back = translations.text(file, path, english)
        if fell_back:
            notes.english.add((file, path))
            if fallen is not None:
                fallen.add(str(path[0]))
        return value

    def line(file: str, path: FieldPath, english: str, fallen: set[str]) -> str:
        """A one-line field the page shows as text, its English quotes noted in parts when translated."""
        value = text(file, path, english, fallen)
        if (file, path) not in notes.english and _english_quotes(value, english):
            notes.parts[(file, path)] = english_parts(value, english)
        return value

    def block(file: str, path: FieldPath, english: str, fallen: set[str]) -> str:
        """A field the page shows as a Markdown block, its English quotes marked when translated."""
        value = text(file, path, english, fallen)
        return value if (file, path) in notes.english else mark_english_quotes(value, english)

    trees: dict[str, Tree] = {}
    for tree in project.trees.values():
        fallen: set[str] = set()
        nodes = {nid: _node(tree.id, node, translations, words, notes) for nid, node in tree.nodes.items()}
        faq = [
            Faq(
                line(tree.id, ("faq", i, "question"), f.question, fallen),
                block(tree.id, ("faq", i, "answer"), f.answer, fallen),
                f.link,  # the link keeps its English label: it is resolved, never shown
            )
            for i, f in enumerate(tree.faq)
        ]
        trees[tree.id] = replace(
            tree,
            title=text(tree.id, ("title",), tree.title, fallen),
            summary=text(tree.id, ("summary",), tree.summary, fallen),
            symptoms=translations.symptoms(tree.id) or list(tree.symptoms),
            nodes=nodes,
            faq=faq,
        )
        if translations.symptoms(tree.id) is None:
            fallen.add("symptoms")
        notes.tree_fields[tree.id] = fallen
        if translations.reviewed(tree.id):
            notes.reviewed_files.add(tree.id)
    causes: dict[str, Cause] = {}
    fallen_causes: set[str] = set()
    for cid, cause in project.causes.items():
        causes[cid] = replace(
            cause,
            title=text(CAUSES_FILE, ("causes", cid, "title"), cause.title, fallen_causes),
            explanation=block(CAUSES_FILE, ("causes", cid, "explanation"), cause.explanation, fallen_causes),
        )
    notes.causes = bool(fallen_causes)
    if translations.reviewed(CAUSES_FILE):
        notes.reviewed_files.add(CAUSES_FILE)
    out = Project(
        trees=trees,
        causes=causes,
        sources=project.sources,
        sources_path=project.sources_path,
        causes_path=project.causes_path,
        today=project.today,
        settings=project.settings,
    )
    out.link()
    return out, notes


def _node(tree_id: str, node: Node, translations: Translations, words: Locale, notes: Notes) -> Node:
    fell_back = False

    def text(path: FieldPath, english: str) -> str:
        nonlocal fell_back
        address = ("nodes", node.id, *path)
        value, missing = translations.text(tree_id, address, english)
        if missing:
            notes.english.add((tree_id, address))
        fell_back = fell_back or missing
        return value

    def block(path: FieldPath, english: str) -> str:
        """A body or a platform's instructions: Markdown blocks, their English quotes marked."""
        value = text(path, english)
        return (
            value if notes.lang(tree_id, ("nodes", node.id, *path)) else mark_english_quotes(value, english)
        )

    links: list[Link] = []
    answer = 0
    for link in node.links:
        if link.role is Role.FIXED:
            label = words("answers.fixed")
        elif link.role is Role.NOT_FIXED:
            label = words("answers.not_fixed")
        else:
            label = text(("answers", answer), link.label)
            if notes.lang(tree_id, ("nodes", node.id, "answers", answer)):
                notes.english_answers.add((node.key, label))
            elif _english_quotes(label, link.label):
                notes.answer_parts[(node.key, label)] = english_parts(label, link.label)
            answer += 1
        links.append(replace(link, label=label))
    title_key = node.kind.value
    body_key = "help" if title_key == "question" else "body"
    translated = replace(
        node,
        title=text((title_key,), node.title),
        body=block((body_key,), node.body) if node.body else node.body,
        platforms={k: block(("platforms", k), v) for k, v in node.platforms.items()},
        links=links,
    )
    if fell_back:
        notes.nodes.add(node.key)
    return translated
