"""The text a page shows in another language: each field's translation, or English with a flag.

`localize(project, translations)` gives, for every English tree, node, FAQ item and cause, the text to show
in `translations.lang`, as a `Shown`: the text, and `english=True` when the page falls back to the English
text (no translation, or a stale one). The rule is `translations.pick`, the one the renderer reads too.
Pages that show any English field say so in the page's language.

A stale field (its `from` hash no longer matches the English text) is shown in English, not in its old
translation: the English change may have corrected a fact, and an outdated fact is worse than a sentence
in English. `check` warns about it at the translated field (rules/translations.py), so a translator sees
what to redo; `stale=True` lets a page say why.

Only fields the English tree has are looked up, so whatever a translation file adds (an unknown node, an
extra answer) never reaches a page; `check` reports it as an error.

Answers follow the English node's links in order: `LocalizedNode.answers[i]` is the label of
`node.links[i]` for a question (a step's two buttons are site strings, not tree text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Kind
from .project import Project
from .translations import (
    Address,
    English,
    Shown,
    Translated,
    Translations,
    english_cause_fields,
    english_fields,
    fingerprint,
    pick,
)


@dataclass
class LocalizedNode:
    id: str
    title: Shown
    body: Shown | None  # a question's help, a step's or resolution's body; None when English has none
    platforms: dict[str, Shown] = field(default_factory=dict)
    answers: list[Shown] = field(default_factory=list)

    @property
    def fell_back(self) -> bool:
        """Whether anything on the page is in English."""
        shown = [self.title, *([self.body] if self.body else []), *self.platforms.values(), *self.answers]
        return any(s.english for s in shown)


@dataclass
class LocalizedFaq:
    question: Shown
    answer: Shown


@dataclass
class LocalizedTree:
    id: str
    title: Shown
    summary: Shown
    symptoms: list[str]  # the language's own search phrases; the English ones when it has none
    faq: list[LocalizedFaq]
    nodes: dict[str, LocalizedNode]
    reviewed: bool  # the translation file says a native speaker reviewed it
    translated: bool  # there is a translation file for this tree at all


@dataclass
class LocalizedCause:
    id: str
    title: Shown
    explanation: Shown


@dataclass
class Localized:
    lang: str
    trees: dict[str, LocalizedTree]
    causes: dict[str, LocalizedCause]
    causes_reviewed: bool


def localize(project: Project, translations: Translations) -> Localized:
    """Every English tree and cause of `project`, as shown in `translations.lang`."""
    trees = {tree_id: _tree(project, tree_id, translations) for tree_id in project.trees}
    found: dict[Address, Translated] = {}
    if translations.causes is not None:
        found = {t.address: t for t in translations.causes.translated()}
    causes = {
        cid: LocalizedCause(
            cid,
            pick(cause.title, found.get(("causes", cid, "title"))),
            pick(cause.explanation, found.get(("causes", cid, "explanation"))),
        )
        for cid, cause in project.causes.items()
    }
    reviewed = translations.causes is not None and translations.causes.reviewed
    return Localized(translations.lang, trees, causes, reviewed)


def _tree(project: Project, tree_id: str, translations: Translations) -> LocalizedTree:
    tree = project.trees[tree_id]
    translation = translations.trees.get(tree_id)
    found = {t.address: t for t in translation.translated()} if translation else {}
    english = english_fields(tree)

    def shown(address: Address) -> Shown:
        return pick(english[address].text, found.get(address))

    faq = [
        LocalizedFaq(shown(("faq", i, "question")), shown(("faq", i, "answer"))) for i in range(len(tree.faq))
    ]
    nodes: dict[str, LocalizedNode] = {}
    for node in tree.nodes.values():
        base: Address = ("nodes", node.id)
        body_key = "help" if node.kind is Kind.QUESTION else "body"
        body = shown((*base, body_key)) if (*base, body_key) in english else None
        labels = node.links if node.kind is Kind.QUESTION else []
        answers = [shown((*base, "answers", i)) for i in range(len(labels))]
        nodes[node.id] = LocalizedNode(
            node.id,
            shown((*base, node.kind.value)),
            body,
            {p: shown((*base, "platforms", p)) for p in node.platforms},
            answers,
        )
    symptoms = (
        [s.value for s in translation.symptoms] if translation and translation.symptoms else tree.symptoms
    )
    return LocalizedTree(
        tree_id,
        shown(("title",)),
        shown(("summary",)),
        list(symptoms),
        faq,
        nodes,
        reviewed=translation is not None and translation.reviewed,
        translated=translation is not None,
    )


@dataclass(frozen=True)
class Coverage:
    """How much of one English file a language translates (for `stats`)."""

    file: str  # a tree id, or "causes"
    fields: int  # translatable English fields
    current: int  # translated from the English text as it is now
    stale: int  # translated from an older English text
    unstamped: int  # translated, with no `from` yet
    reviewed: bool
    exists: bool  # there is a translation file

    @property
    def missing(self) -> int:
        return self.fields - self.current - self.stale - self.unstamped


def coverage(project: Project, translations: Translations) -> list[Coverage]:
    """Per English tree (then the causes): fields translated, stale, unstamped and missing."""
    out: list[Coverage] = []
    for tree_id, tree in project.trees.items():
        translation = translations.trees.get(tree_id)
        found = list(translation.translated()) if translation else []
        out.append(
            _count(
                tree_id,
                english_fields(tree),
                found,
                translation is not None and translation.reviewed,
                translation is not None,
            )
        )
    causes = translations.causes
    found = list(causes.translated()) if causes else []
    out.append(
        _count(
            "causes",
            english_cause_fields(project.causes),
            found,
            bool(causes and causes.reviewed),
            causes is not None,
        )
    )
    return out


def _count(
    name: str, english: dict[Address, English], found: list[Translated], reviewed: bool, exists: bool
) -> Coverage:
    current = stale = unstamped = 0
    for t in found:
        source = english.get(t.address)
        if source is None:
            continue  # not an English field: an error `check` reports
        if t.source is None:
            unstamped += 1
        elif t.source == fingerprint(source.text):
            current += 1
        else:
            stale += 1
    return Coverage(name, len(english), current, stale, unstamped, reviewed, exists)
