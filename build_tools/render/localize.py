"""The project in another language: the same trees, nodes, links and sources, with the translated text.

A translation carries text only (see docs/contributing: translating), so the translated project is the
English one with each text replaced: ids, links, outcomes, sources and the graph are the English tree's,
and every page, link and check of the English site holds for it. A field with no translation keeps its
English text, and `Notes` remembers it, so the page can say so in its own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

from ..core.locale import Locale
from ..core.model import Cause, Faq, Link, Node, Role, Tree
from ..core.project import Key, Project
from ..core.translations import SOURCE_LANGUAGE

# Where a text sits in a tree, as the translation file writes it: ("title",), ("faq", 0, "answer"),
# ("nodes", "what-happens", "help"), ("nodes", "q", "answers", 2), ("nodes", "x", "platforms", "ios").
FieldPath = tuple[str | int, ...]
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

    def lang(self, file: str, path: FieldPath) -> str | None:
        """The language of the text at `path` of `file` when it differs from the page's: English, where
        the page fell back to it; None where the page shows the translation."""
        return SOURCE_LANGUAGE if (file, path) in self.english else None

    def answer_lang(self, node: Key, label: str) -> str | None:
        """`lang` for an answer of question `node`, by its label (labels of one question differ)."""
        return SOURCE_LANGUAGE if (node, label) in self.english_answers else None

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

    trees: dict[str, Tree] = {}
    for tree in project.trees.values():
        fallen: set[str] = set()
        nodes = {nid: _node(tree.id, node, translations, words, notes) for nid, node in tree.nodes.items()}
        faq = [
            Faq(
                text(tree.id, ("faq", i, "question"), f.question, fallen),
                text(tree.id, ("faq", i, "answer"), f.answer, fallen),
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
            explanation=text(CAUSES_FILE, ("causes", cid, "explanation"), cause.explanation, fallen_causes),
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
            answer += 1
        links.append(replace(link, label=label))
    title_key = node.kind.value
    body_key = "help" if title_key == "question" else "body"
    translated = replace(
        node,
        title=text((title_key,), node.title),
        body=text((body_key,), node.body) if node.body else node.body,
        platforms={k: text(("platforms", k), v) for k, v in node.platforms.items()},
        links=links,
    )
    if fell_back:
        notes.nodes.add(node.key)
    return translated
