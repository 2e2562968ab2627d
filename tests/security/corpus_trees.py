"""Tree files that carry one hostile snippet in every kind of text field, with where each field is.

A field's place is (file, first line, last line): a one-line field is on its key's line, a multi-line
field is a block scalar on the lines below its key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from hostile import Snippet

from build_tools.core.translations import fingerprint

ONE_LINE_FIELDS = (
    "title",
    "summary",
    "symptoms",
    "faq.question",
    "question",
    "answer",
    "step",
    "resolution",
    "cause.title",
)
MULTI_LINE_FIELDS = (
    "faq.answer",
    "help",
    "step.body",
    "platforms.ios",
    "platforms.android",
    "platforms.web",
    "resolution.body",
    "cause.explanation",
)
PLAIN_LINE = "Plain words"
PLAIN_TEXT = "Plain words."


@dataclass
class Place:
    file: str
    field: str
    first: int
    last: int


@dataclass
class _Writer:
    file: str
    lines: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def line(self, text: str) -> None:
        self.lines.append(text)

    def one_line(self, indent: str, key: str, name: str, value: str | None) -> None:
        """`key: "value"` (JSON is YAML's double-quoted style), or plain words when value is None."""
        if value is None:
            self.line(f"{indent}{key}: {PLAIN_LINE}")
            return
        self.line(f"{indent}{key}: {json.dumps(value, ensure_ascii=False)}")
        n = len(self.lines)
        self.places.append(Place(self.file, name, n, n))

    def block(self, indent: str, key: str, name: str, value: str | None) -> None:
        """`key: |2` and the text two spaces deeper than the key, or plain words when value is None."""
        if value is None:
            self.line(f"{indent}{key}: {PLAIN_TEXT}")
            return
        self.line(f"{indent}{key}: |2")
        first = len(self.lines) + 1
        for text_line in value.split("\n"):
            self.line(f"{indent}  {text_line}" if text_line else "")
        self.places.append(Place(self.file, name, first, len(self.lines)))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def tree_file(file: str, cause: str, one: str | None, multi: str | None) -> tuple[str, list[Place]]:
    """A valid tree with `one` in every one-line field and `multi` in every multi-line field."""
    w = _Writer(file)
    w.one_line("", "title", "title", one)
    w.one_line("", "summary", "summary", one)
    w.line("symptoms:")
    _symptom(w, one)
    w.line("start: q")
    w.line("faq:")
    w.one_line("  - ", "question", "faq.question", one)
    w.block("    ", "answer", "faq.answer", multi)
    w.line("    link: q")
    w.line("nodes:")
    w.line("  q:")
    w.one_line("    ", "question", "question", one)
    w.block("    ", "help", "help", multi)
    w.line("    answers:")
    w.one_line("      - ", "answer", "answer", one)
    w.line("        next: s")
    w.line("      - answer: Another answer")
    w.line("        next: r")
    w.line("  s:")
    w.one_line("    ", "step", "step", one)
    w.block("    ", "body", "step.body", multi)
    w.line("    platforms:")
    for platform in ("ios", "android", "web"):
        w.block("      ", platform, f"platforms.{platform}", multi)
    w.line("    fixed: r")
    w.line("    not_fixed: r")
    w.line("  r:")
    w.one_line("    ", "resolution", "resolution", one)
    w.line("    outcome: fixed")
    w.line(f"    causes: [{cause}]")
    w.block("    ", "body", "resolution.body", multi)
    return w.text(), w.places


def _symptom(w: _Writer, value: str | None) -> None:
    if value is None:
        w.line(f"  - {PLAIN_LINE}")
        return
    w.line(f"  - {json.dumps(value, ensure_ascii=False)}")
    n = len(w.lines)
    w.places.append(Place(w.file, "symptoms", n, n))


def causes_file(entries: list[tuple[str, str | None, str | None]]) -> tuple[str, list[Place]]:
    """causes.yaml with one cause per (id, title, explanation)."""
    w = _Writer("causes.yaml")
    w.line("causes:")
    for cause, title, explanation in entries:
        w.line(f"  {cause}:")
        w.one_line("    ", "title", "cause.title", title)
        w.block("    ", "explanation", "cause.explanation", explanation)
    return w.text(), w.places


def snippet_files(snippet: Snippet, tree_id: str, cause: str) -> dict[str, tuple[str, list[Place]]]:
    """The tree files for one snippet: one-line snippets go everywhere; multi-line ones go into the
    multi-line fields of one tree and into the one-line fields of another (where the schema refuses them)."""
    if snippet.one_line:
        return {f"{tree_id}.yaml": tree_file(f"{tree_id}.yaml", cause, snippet.text, snippet.text)}
    return {
        f"{tree_id}.yaml": tree_file(f"{tree_id}.yaml", cause, None, snippet.text),
        f"{tree_id}-lines.yaml": tree_file(f"{tree_id}-lines.yaml", cause, snippet.text, None),
    }


# Translations (trees/<lang>/, core/translations.py): the same fields of the same tree, as a translation
# file writes them, `{from: <hash of the English text>, text: ...}`, with the text placed as in a tree.
TRANSLATED_LINE = "Palabras sencillas"
TRANSLATED_TEXT = "Palabras sencillas."


class _TranslationWriter(_Writer):
    def translated(self, indent: str, key: str, name: str, value: str | None, multi: bool) -> None:
        """`key:` with `from:` and `text:` below it; `text` as `one_line`/`block` place it."""
        english = PLAIN_TEXT if multi else PLAIN_LINE
        self.line(f"{indent}{key}:")
        inner = " " * (len(indent) + 2)
        self.line(f"{inner}from: {json.dumps(fingerprint(english))}")
        if multi:
            self.block(inner, "text", name, value if value is not None else TRANSLATED_TEXT)
        else:
            self.one_line(inner, "text", name, value if value is not None else TRANSLATED_LINE)
        if value is None:
            self.places.pop()  # plain words: not a place the snippet is in

    def item(self, indent: str, name: str, value: str | None, english: str) -> None:
        """A list item `- {from, text}` (an answer)."""
        self.line(f"{indent}- from: {json.dumps(fingerprint(english))}")
        self.one_line(indent + "  ", "text", name, value if value is not None else TRANSLATED_LINE)
        if value is None:
            self.places.pop()


def translation_file(file: str, one: str | None, multi: str | None) -> tuple[str, list[Place]]:
    """A Spanish translation of `tree_file`'s tree, with `one` in every one-line field and `multi` in
    every multi-line field (translated plain words where they are None)."""
    w = _TranslationWriter(file)
    w.line("language: es")
    w.translated("", "title", "title", one, False)
    w.translated("", "summary", "summary", one, False)
    w.line("symptoms:")
    _symptom(w, one)
    w.line("faq:")
    w.line("  - question:")
    w.line(f"      from: {json.dumps(fingerprint(PLAIN_LINE))}")
    w.one_line("      ", "text", "faq.question", one if one is not None else TRANSLATED_LINE)
    if one is None:
        w.places.pop()
    w.translated("    ", "answer", "faq.answer", multi, True)
    w.line("nodes:")
    w.line("  q:")
    w.translated("    ", "question", "question", one, False)
    w.translated("    ", "help", "help", multi, True)
    w.line("    answers:")
    w.item("      ", "answer", one, PLAIN_LINE)
    w.item("      ", "answer", None, "Another answer")
    w.line("  s:")
    w.translated("    ", "step", "step", one, False)
    w.translated("    ", "body", "step.body", multi, True)
    w.line("    platforms:")
    for platform in ("ios", "android", "web"):
        w.translated("      ", platform, f"platforms.{platform}", multi, True)
    w.line("  r:")
    w.translated("    ", "resolution", "resolution", one, False)
    w.translated("    ", "body", "resolution.body", multi, True)
    return w.text(), w.places


def translated_causes_file(cause: str, title: str | None, explanation: str | None) -> tuple[str, list[Place]]:
    """trees/es/causes.yaml translating `causes_file([(cause, None, None)])`."""
    w = _TranslationWriter("causes.yaml")
    w.line("language: es")
    w.line("causes:")
    w.line(f"  {cause}:")
    w.translated("    ", "title", "cause.title", title, False)
    w.translated("    ", "explanation", "cause.explanation", explanation, True)
    return w.text(), w.places
