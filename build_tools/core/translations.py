"""Translations of the trees: their files, their model, and how a translated field finds its English one.

A translation carries text only. `trees/<lang>/<tree-id>.yaml` overlays one English tree and
`trees/<lang>/causes.yaml` the causes; ids, links, outcomes and sources always come from English, so a
translation can't change where an answer leads. Every translated field is `{text: ..., from: <hash>}`, where
`from` is `fingerprint()` of the English text it was translated from: when English changes, the hash no
longer matches and `check` reports the field as stale (docs/contributing/translating.md).

Public API (what `check`, `stats`, `translate stamp` and the site's renderer use):

- `languages(trees_dir)`: the language codes present, the two-letter folders under `trees/`.
- `project.translations[lang]`: what `check` and the build loaded (check/load.py): every file of one
  language, structure- and text-checked, as a `Translations`. The way in for pages: the build renders only
  a project whose check passed.
- `load_translations(trees_dir, lang)` -> `(Translations, problems)`: the same files read on their own,
  with the located YAML loader and `translation.schema.json` (not the text rules, which live above this
  stage). Problems are located values; nothing raises. A file with problems is left out of the model (its
  stem goes into `broken`).
- `Translations.text(file, address, english)` -> `(text, fell back to English)`, `.symptoms(tree)`,
  `.reviewed(file)`: what the renderer reads (render/localize.py); a stale field falls back to English.
- `fingerprint(text)`: the `from` hash of an English text.
- `english_fields(tree)` / `english_cause_fields(causes)`: every translatable English text, by address.
- `Translated.address`: where a field sits, as a path into the file (`("nodes", "start", "answers", 0)`).
  The same address finds its English text in `english_fields`.
- core/localize.py: `localize(project, translations)`: the text a page shows in a language, field by
  field, with whether it fell back to English.

The model is built only from files that passed the schema; `check` (rules/translations.py) compares it
with the English trees: unknown ids, extra items, missing and stale fields, ambiguous answers, links.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .loader import load_file
from .located import Document, LocDict, LocList, Pos
from .model import Cause, Text, Tree
from .problems import Problem
from .schema import check_structure

SOURCE_LANGUAGE = "en"
TREE_SCHEMA = "translation.schema.json"
CAUSES_SCHEMA = "translation-causes.schema.json"
CAUSES_STEM = "causes"
SUFFIXES = (".yaml", ".yml")
_LANG = re.compile(r"[a-z]{2}\Z")
HASH_LENGTH = 8

Address = tuple[str | int, ...]


def is_language(name: str) -> bool:
    """A folder name that holds a translation: two lowercase letters (ISO 639-1), not English itself."""
    return _LANG.match(name) is not None and name != SOURCE_LANGUAGE


def languages(trees_dir: Path) -> list[str]:
    """The languages present under `trees_dir`: its two-letter folders (a symbolic link is not one)."""
    try:
        entries = list(trees_dir.iterdir())
    except OSError:
        return []
    return sorted(p.name for p in entries if is_language(p.name) and p.is_dir() and not p.is_symlink())


def fingerprint(text: str) -> str:
    """The `from` hash of an English text (as YAML parsed it): the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Translated:
    """One translated field: its text, the `from` hash written beside it, and where both are."""

    address: Address
    field: str  # the English field's name, as Text.field has it ("title", "answer", "platforms.ios", ...)
    text: str
    source: str | None  # the `from` hash; None when it was not stamped yet
    pos: Pos  # where the text starts
    key_pos: Pos  # the field's key (or list item): where `check` reports the field
    from_pos: Pos | None = None

    def as_text(self) -> Text:
        return Text(self.field, self.text, self.pos)


@dataclass(frozen=True)
class Shown:
    """One field as a page in another language shows it."""

    text: str
    english: bool = False  # the English text, because the translation is missing or stale
    stale: bool = False  # there is a translation, but of an older English text


def pick(english: str, translated: Translated | None) -> Shown:
    """The one rule for what a page shows for a field: the translation when it is there and current, else
    English. A stale translation (its `from` is not the hash of `english`) shows English too: the English
    change may have corrected a fact. `Translations.text` (the renderer) and core/localize.py read it."""
    if translated is None:
        return Shown(english, english=True)
    if translated.source is not None and translated.source != fingerprint(english):
        return Shown(english, english=True, stale=True)
    return Shown(translated.text)


@dataclass
class NodeTranslation:
    id: str
    pos: Pos  # of its id
    fields: dict[str, Translated] = field(default_factory=dict)  # by key: question, help, body, platforms.ios
    answers: list[Translated] = field(default_factory=list)
    answers_pos: Pos | None = None


@dataclass
class FaqTranslation:
    pos: Pos
    question: Translated | None = None
    answer: Translated | None = None


@dataclass
class TreeTranslation:
    """trees/<lang>/<tree>.yaml, as read."""

    tree: str
    lang: str  # the folder's language
    path: str
    language: str  # what the file says (`check` reports it when it differs from the folder)
    language_pos: Pos
    reviewed: bool = False
    fields: dict[str, Translated] = field(default_factory=dict)  # title, summary
    symptoms: list[Text] = field(default_factory=list)
    faq: list[FaqTranslation] = field(default_factory=list)
    faq_pos: Pos | None = None
    nodes: dict[str, NodeTranslation] = field(default_factory=dict)
    nodes_pos: Pos | None = None

    def translated(self) -> Iterator[Translated]:
        """Every translated field of the file, in file order by section."""
        yield from self.fields.values()
        for item in self.faq:
            yield from (t for t in (item.question, item.answer) if t is not None)
        for node in self.nodes.values():
            yield from node.fields.values()
            yield from node.answers

    def texts(self) -> list[Text]:
        """What the TEXT rules read: every translated text, and the symptoms."""
        return [t.as_text() for t in self.translated()] + self.symptoms


@dataclass
class CauseTranslation:
    id: str
    pos: Pos
    fields: dict[str, Translated] = field(default_factory=dict)  # title, explanation


@dataclass
class CausesTranslation:
    """trees/<lang>/causes.yaml, as read."""

    lang: str
    path: str
    language: str
    language_pos: Pos
    reviewed: bool = False
    causes: dict[str, CauseTranslation] = field(default_factory=dict)
    causes_pos: Pos | None = None

    def translated(self) -> Iterator[Translated]:
        for cause in self.causes.values():
            yield from cause.fields.values()

    def texts(self) -> list[Text]:
        return [t.as_text() for t in self.translated()]


@dataclass
class Translations:
    """Every translation file of one language."""

    lang: str
    folder: str  # trees/<lang>, as shown in problems
    trees: dict[str, TreeTranslation] = field(default_factory=dict)
    causes: CausesTranslation | None = None
    broken: set[str] = field(default_factory=set)  # stems of files that failed to load
    _index: dict[str, dict[Address, Translated]] = field(default_factory=dict, repr=False, compare=False)

    # The three methods below are what the renderer reads (render/localize.py's `Translations` protocol).

    def lookup(self, file: str, address: Address) -> Translated | None:
        """The translated field at `address` of `file` (a tree id, or "causes"), if the file has it."""
        if file not in self._index:
            model = self.causes if file == CAUSES_STEM else self.trees.get(file)
            self._index[file] = {t.address: t for t in model.translated()} if model else {}
        return self._index[file].get(address)

    def text(self, file: str, address: Address, english: str) -> tuple[str, bool]:
        """What a page in this language shows for the English text `english` at `address` of `file`:
        (text, fell back to English). A missing field, and a stale one (its `from` is not the hash of
        `english`), show English (`pick`); `check` reports both."""
        shown = pick(english, self.lookup(file, address))
        return shown.text, shown.english

    def symptoms(self, tree: str) -> list[str] | None:
        """The tree's search phrases in this language; None when its translation has none."""
        model = self.trees.get(tree)
        return [s.value for s in model.symptoms] if model and model.symptoms else None

    def reviewed(self, file: str) -> bool:
        """Whether a native speaker reviewed this file (`reviewed: true`)."""
        model = self.causes if file == CAUSES_STEM else self.trees.get(file)
        return model is not None and model.reviewed


# -- reading one file ---------------------------------------------------------------------------------


def _field(data: LocDict, key: str, address: Address, name: str) -> Translated | None:
    return _translated(data[key], address, name, data.key_pos[key]) if key in data else None


def _item(items: LocList, index: int, address: Address, name: str) -> Translated | None:
    return _translated(items[index], address, name, items.item_pos[index])


def _translated(value: object, address: Address, name: str, key_pos: Pos) -> Translated | None:
    """A `{text: ..., from: ...}` field at `key_pos`; None when it has no text (the schema reported it)."""
    if not isinstance(value, LocDict) or not isinstance(value.get("text"), str):
        return None
    source = value.get("from")
    return Translated(
        address,
        name,
        value["text"],
        source if isinstance(source, str) else None,
        value.value_pos["text"],
        key_pos,
        value.value_pos.get("from"),
    )


_NODE_KEYS = ("question", "step", "resolution", "help", "body")
PLATFORM_KEYS = ("ios", "android", "web")


def _node(node_id: str, data: LocDict, pos: Pos) -> NodeTranslation:
    node = NodeTranslation(node_id, pos)
    base: Address = ("nodes", node_id)
    for key in _NODE_KEYS:
        found = _field(data, key, (*base, key), key)
        if found is not None:
            node.fields[key] = found
    platforms = data.get("platforms")
    if isinstance(platforms, LocDict):
        for key in PLATFORM_KEYS:
            name = f"platforms.{key}"
            found = _field(platforms, key, (*base, "platforms", key), name)
            if found is not None:
                node.fields[name] = found
    answers = data.get("answers")
    if isinstance(answers, LocList):
        node.answers_pos = data.key_pos["answers"]
        for i in range(len(answers)):
            found = _item(answers, i, (*base, "answers", i), "answer")
            if found is not None:
                node.answers.append(found)
    return node


def _language(doc: Document) -> tuple[str, Pos, bool]:
    data: LocDict = doc.data
    return data["language"], data.value_pos["language"], data.get("reviewed") is True


def build_tree_translation(doc: Document, tree_id: str, lang: str) -> TreeTranslation:
    """The model of a translation file that passed the schema check."""
    data: LocDict = doc.data
    language, language_pos, reviewed = _language(doc)
    out = TreeTranslation(tree_id, lang, doc.path, language, language_pos, reviewed)
    for key in ("title", "summary"):
        found = _field(data, key, (key,), key)
        if found is not None:
            out.fields[key] = found
    symptoms = data.get("symptoms")
    if isinstance(symptoms, LocList):
        out.symptoms = [
            Text("symptoms", s, p)
            for s, p in zip(symptoms, symptoms.item_pos, strict=True)
            if isinstance(s, str)
        ]
    faq = data.get("faq")
    if isinstance(faq, LocList):
        out.faq_pos = data.key_pos["faq"]
        for i, item in enumerate(faq):
            entry = FaqTranslation(faq.item_pos[i])
            if isinstance(item, LocDict):
                entry.question = _field(item, "question", ("faq", i, "question"), "faq.question")
                entry.answer = _field(item, "answer", ("faq", i, "answer"), "faq.answer")
            out.faq.append(entry)
    nodes = data.get("nodes")
    if isinstance(nodes, LocDict):
        out.nodes_pos = data.key_pos["nodes"]
        for node_id, node in nodes.items():
            if isinstance(node, LocDict):
                out.nodes[node_id] = _node(node_id, node, nodes.key_pos[node_id])
    return out


def build_causes_translation(doc: Document, lang: str) -> CausesTranslation:
    data: LocDict = doc.data
    language, language_pos, reviewed = _language(doc)
    out = CausesTranslation(lang, doc.path, language, language_pos, reviewed)
    causes = data.get("causes")
    if isinstance(causes, LocDict):
        out.causes_pos = data.key_pos["causes"]
        for cid, cause in causes.items():
            entry = CauseTranslation(cid, causes.key_pos[cid])
            if isinstance(cause, LocDict):
                for key in ("title", "explanation"):
                    found = _field(cause, key, ("causes", cid, key), key)
                    if found is not None:
                        entry.fields[key] = found
            out.causes[cid] = entry
    return out


def read_translation(
    doc: Document, stem: str, lang: str
) -> tuple[TreeTranslation | CausesTranslation | None, list[Problem]]:
    """A loaded translation file's model (None when it has errors) and its structure problems."""
    problems = list(doc.problems)
    if not doc.ok:
        return None, problems
    causes = stem == CAUSES_STEM
    structure = check_structure(doc, CAUSES_SCHEMA if causes else TREE_SCHEMA)
    if structure:
        return None, problems + structure
    if causes:
        return build_causes_translation(doc, lang), problems
    return build_tree_translation(doc, stem, lang), problems


# -- the files of a language folder -------------------------------------------------------------------


def is_translation_name(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


@dataclass(frozen=True)
class Entry:
    """One entry of a language folder, and why it is not a translation file (None when it is one)."""

    path: Path
    problem: str | None = None
    code: str = ""


def folder_entries(folder: Path) -> list[Entry]:
    """Every entry of `trees/<lang>/`, in name order: a translation file, or what is wrong with it.

    A symbolic link or a folder with a translation's name is `not-a-file` (as for trees); any other file
    does not belong there (`translation-file`), so junk can't hide among translations. Dotfiles (editor
    swap files, .gitkeep) are left alone."""
    try:
        paths = sorted(folder.iterdir())
    except OSError as exc:
        return [Entry(folder, f"cannot read folder: {exc.strerror}", "unreadable")]
    out: list[Entry] = []
    for path in paths:
        if path.name.startswith("."):
            continue
        if path.is_symlink():
            out.append(Entry(path, "is a symbolic link; translations must be regular files", "not-a-file"))
        elif not path.is_file():
            if is_translation_name(path.name):
                out.append(
                    Entry(path, "is not a regular file; translations must be regular files", "not-a-file")
                )
            else:
                out.append(
                    Entry(
                        path,
                        "is a folder; a language folder holds only <tree-id>.yaml files and causes.yaml",
                        "translation-file",
                    )
                )
        elif not is_translation_name(path.name):
            message = (
                "does not belong in a language folder: it holds only <tree-id>.yaml files and causes.yaml"
            )
            out.append(Entry(path, message, "translation-file"))
        else:
            out.append(Entry(path))
    return out


def load_translations(
    trees_dir: Path, lang: str, display: Mapping[Path, str] | None = None
) -> tuple[Translations, list[Problem]]:
    """Every translation file of `lang` under `trees_dir`, read and structure-checked.

    It reads and structure-checks only: the text rules (markup, hidden characters, links) live in rules/,
    above this stage. `check` and the build read the same files through check/load.py, which runs them
    (and rules/translations.py, which needs the English trees), and `project.translations` holds the
    result; a page renders only a project whose check passed."""
    folder = trees_dir / lang
    shown = str(folder)
    out = Translations(lang, shown)
    problems: list[Problem] = []
    for entry in folder_entries(folder):
        path_shown = (display or {}).get(entry.path, str(entry.path))
        if entry.problem is not None:
            problems.append(Problem(path_shown, 1, 1, entry.code, f"{entry.path.name} {entry.problem}"))
            continue
        doc = load_file(entry.path, path_shown)
        stem = entry.path.stem
        model, found = read_translation(doc, stem, lang)
        problems += found
        add_file(out, stem, model)
    return out, problems


def add_file(out: Translations, stem: str, model: TreeTranslation | CausesTranslation | None) -> None:
    """Put one file's model into its language's Translations (or mark it broken)."""
    if isinstance(model, CausesTranslation):
        out.causes = model
    elif isinstance(model, TreeTranslation):
        out.trees[stem] = model
    else:
        out.broken.add(stem)


# -- the English side ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class English:
    """An English text that can be translated, with its field name and where it is."""

    address: Address
    field: str
    text: str
    pos: Pos


def english_fields(tree: Tree) -> dict[Address, English]:
    """Every translatable text of an English tree, by the address its translation has, in page order."""
    out: dict[Address, English] = {}

    def add(address: Address, name: str, text: str, pos: Pos) -> None:
        out[address] = English(address, name, text, pos)

    texts = {t.field: t for t in tree.texts if t.field in ("title", "summary")}
    for key in ("title", "summary"):
        add((key,), key, texts[key].value, texts[key].pos)
    faq_texts = [t for t in tree.texts if t.field.startswith("faq.")]
    questions = [t for t in faq_texts if t.field == "faq.question"]
    answers = [t for t in faq_texts if t.field == "faq.answer"]
    for i, (question, answer) in enumerate(zip(questions, answers, strict=True)):
        add(("faq", i, "question"), "faq.question", question.value, question.pos)
        add(("faq", i, "answer"), "faq.answer", answer.value, answer.pos)
    for node in tree.nodes.values():
        base: Address = ("nodes", node.id)
        answer_index = 0
        for text in node.texts:
            if text.field == "answer":
                add((*base, "answers", answer_index), "answer", text.value, text.pos)
                answer_index += 1
            elif text.field.startswith("platforms."):
                add((*base, "platforms", text.field.split(".", 1)[1]), text.field, text.value, text.pos)
            else:
                add((*base, text.field), text.field, text.value, text.pos)
    return _page_order(out, tree)


def _page_order(fields: dict[Address, English], tree: Tree) -> dict[Address, English]:
    """Node fields in the order a page shows them: title, help/body, platforms, answers."""
    rank = {"question": 0, "step": 0, "resolution": 0, "help": 1, "body": 1, "platforms": 2, "answers": 3}

    def order(item: tuple[Address, English]) -> tuple[Any, ...]:
        address = item[0]
        if address[0] != "nodes":
            return (0,)
        return (1, list(tree.nodes).index(str(address[1])), rank.get(str(address[2]), 9), address[3:])

    return dict(sorted(fields.items(), key=order))


def english_cause_fields(causes: Mapping[str, Cause]) -> dict[Address, English]:
    """The title and explanation of every English cause, by address."""
    return {
        ("causes", cid, t.field): English(("causes", cid, t.field), t.field, t.value, t.pos)
        for cid, cause in causes.items()
        for t in cause.texts
    }
