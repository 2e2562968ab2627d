"""Translations (trees/<lang>/, core/translations.py) against the English trees they translate.

A translation carries text only, so everything here compares it with English: ids and list items that
English doesn't have (errors: they would be silently dropped), missing and stale fields (warnings: the page
shows English with a note in the page's language), missing `from` hashes, answers that read the same,
links and on-screen quotations that differ from the English field's. The markup, hidden-character, link and
"we checked" rules run on every translated text while its file is read (check/load.py), as on English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.located import Pos
from ..core.problems import Level, clip
from ..core.sources import normalize_quote, quotes_english, quotes_of, translation_quotations
from ..core.translations import (
    Address,
    CausesTranslation,
    English,
    Translated,
    TreeTranslation,
    english_cause_fields,
    english_fields,
    fingerprint,
)
from ..text import readability
from ..text.safety import fold
from .examples import VALID, broken
from .markup import link_targets
from .registry import Finding, Scope, builtin, rule

if TYPE_CHECKING:
    from ..core.project import Project

GROUP = "Translations"


def _h(text: str) -> str:
    return fingerprint(text)


# A complete, current Spanish translation of the rules' example tree (rules/examples.py) and its causes.
ES = f"""\
language: es
reviewed: false
title: {{text: "La app no abre", from: "{_h("The app won't open")}"}}
summary: {{text: "Se cierra en cuanto la abres.", from: "{_h("It closes as soon as you open it.")}"}}
symptoms: [La app se cierra sola]
nodes:
  what-happens:
    question: {{text: "¿Qué pasa cuando la abres?", from: "{_h("What happens when you open it?")}"}}
    answers:
      - {{text: "Se cierra", from: "{_h("It closes")}"}}
      - {{text: "Muestra un error", from: "{_h("It shows an error")}"}}
  restart:
    step: {{text: "Reinicia tu teléfono", from: "{_h("Restart your phone")}"}}
    body:
      text: Mantén pulsado el botón de encendido. Luego toca Reiniciar.
      from: "{_h("Hold the power button, then tap Restart.")}"
  fixed-now:
    resolution: {{text: "La app ya funciona", from: "{_h("The app works again")}"}}
    body: {{text: "Era un error de la app.", from: "{_h("It was a bug in the app.")}"}}
"""
ES_CAUSES = f"""\
language: es
reviewed: false
causes:
  app-bug:
    title: {{text: "Error de la app", from: "{_h("App bug")}"}}
    explanation: {{text: "La app tiene un error.", from: "{_h("The app has a bug.")}"}}
"""
TITLE = ', from: "' + _h("The app won't open") + '"'
LINKED = "It was a [bug](https://example.org/)."
ES_LINKED = ES.replace(_h("It was a bug in the app."), _h(LINKED))
BODY = f'    body: {{text: "Era un error de la app.", from: "{_h("It was a bug in the app.")}"}}\n'
TRANSLATED: dict[str, str | None] = {"t.yaml": VALID, "es/t.yaml": ES, "es/causes.yaml": ES_CAUSES}


def _with(es: str, causes: str = ES_CAUSES, tree: str = VALID) -> dict[str, str | None]:
    return {"t.yaml": tree, "es/t.yaml": es, "es/causes.yaml": causes}


@dataclass(frozen=True)
class Pair:
    """A translated field, and the English text it translates (None when English has no such field)."""

    translated: Translated
    english: English | None


@dataclass(frozen=True)
class File:
    """One translation file that loaded, with the English fields it overlays."""

    lang: str
    path: str
    model: TreeTranslation | CausesTranslation
    english: dict[Address, English] | None  # None: an unknown tree, or an English file that did not load
    english_path: str | None

    def pairs(self) -> Iterator[Pair]:
        if self.english is None:
            return
        for t in self.model.translated():
            yield Pair(t, self.english.get(t.address))


def files(project: Project) -> list[File]:
    """Every translation file that loaded, matched with its English file; computed once per check."""
    return project.fact(_files)


def _files(project: Project) -> list[File]:
    out: list[File] = []
    for lang, translations in sorted(project.translations.items()):
        for tree_id, model in sorted(translations.trees.items()):
            tree = project.trees.get(tree_id)
            english = english_fields(tree) if tree is not None else None
            out.append(File(lang, model.path, model, english, tree.path if tree else None))
        if translations.causes is not None:
            causes = None if project.causes_broken else english_cause_fields(project.causes)
            out.append(File(lang, translations.causes.path, translations.causes, causes, project.causes_path))
    return out


builtin(
    "translation-file",
    doc="A language folder (`trees/es/`) holds a file that is not a translation: not `.yaml`, or a folder.",
    fix="A language folder holds only `<tree-id>.yaml` translations and `causes.yaml`. Move notes and "
    "drafts elsewhere, so nothing in it is taken for a translation or hidden among them.",
    passing=TRANSLATED,
    failing={**TRANSLATED, "es/notes.txt": "por traducir\n"},
    at=(1, 1),
    group=GROUP,
)


@rule(
    "translation-language",
    Scope.PROJECT,
    doc="A translation file's `language` is not its folder's name.",
    fix="`language: es` belongs in `trees/es/`. Move the file to the folder of its language, or correct "
    "the code.",
    passing=TRANSLATED,
    failing=_with(broken("language: es", "language: pt", ES)),
    at=(1, 11),
    group=GROUP,
)
def translation_language(project: Project) -> Iterator[Finding]:
    for file in files(project):
        if file.model.language != file.lang:
            message = f"language {file.model.language!r} in the folder of {file.lang!r}; they must match"
            yield Finding(file.model.language_pos, message, file.path)


_FIELD_NAMES = {"help": "help", "body": "body", "platforms": "platform tab"}


def _unknown(file: File, project: Project) -> Iterator[Finding]:
    model = file.model
    if isinstance(model, TreeTranslation):
        tree = project.trees.get(model.tree)
        for translated in model.nodes.values():
            if tree is not None and translated.id not in tree.nodes:
                message = (
                    f"no node {translated.id!r} in the English tree {model.tree!r}; translate only its nodes"
                )
                moved = next((link.target for link in tree.moved if link.label == translated.id), None)
                if moved is not None:
                    message = f"English moved node {translated.id!r} to {moved!r}: move its translation there"
                yield Finding(translated.pos, message, file.path)
    for pair in file.pairs():
        t = pair.translated
        if pair.english is not None or t.address[0] == "faq" or t.address[2:3] == ("answers",):
            continue  # list items beyond English are translation-extra-item
        if isinstance(model, TreeTranslation) and t.address[0] == "nodes":
            tree = project.trees[model.tree]
            node = tree.nodes.get(str(t.address[1]))
            if node is None:
                continue  # reported once for the node
            message = (
                f"{node.kind.value} {node.id!r} has no {t.field!r} in English; translate only its fields"
            )
            if t.address[2] in ("question", "step", "resolution"):
                message = (
                    f"node {node.id!r} is a {node.kind.value} in English: its title is '{node.kind.value}:'"
                )
        elif isinstance(model, CausesTranslation):
            cause_id = str(t.address[1])
            if cause_id not in project.causes:
                continue  # reported once for the cause
            message = f"cause {cause_id!r} has no {t.field!r}"
        else:
            message = f"the English tree has no {t.field!r}"
        yield Finding(t.key_pos, message, file.path)
    if isinstance(model, CausesTranslation) and not project.causes_broken:
        for cause in model.causes.values():
            if cause.id not in project.causes:
                yield Finding(cause.pos, f"no cause {cause.id!r} in the English causes.yaml", file.path)


@rule(
    "translation-unknown",
    Scope.PROJECT,
    doc="A translation names a tree, node, cause or field that the English tree doesn't have.",
    fix="A translation carries text only: its file name is an English tree's id, its node ids are that "
    "tree's, and each node has the fields its English node has (a question's `question:` and `help:`, a "
    "step's `step:` and `body:`, ...). Whatever else it adds could never be shown, so it is an error: "
    "correct the id (English may have renamed it: see `moved:` in the English tree) or delete it.",
    passing=TRANSLATED,
    failing=_with(broken("  restart:\n", "  restar:\n", ES)),
    at=(12, 3),
    group=GROUP,
)
def translation_unknown(project: Project) -> Iterator[Finding]:
    for lang, translations in sorted(project.translations.items()):
        for tree_id, model in sorted(translations.trees.items()):
            if tree_id not in project.trees and tree_id not in project.broken_trees:
                message = f"no English tree {tree_id!r} (trees/{tree_id}.yaml) for this {lang!r} translation"
                yield Finding(Pos(1, 1), message, model.path)
    for file in files(project):
        if file.english is not None:
            yield from _unknown(file, project)


def _counted(file: File, project: Project) -> Iterator[tuple[Pos, str]]:
    """(where, message) of each list item beyond the English list: FAQ items and answers."""
    model = file.model
    if not isinstance(model, TreeTranslation) or model.tree not in project.trees:
        return
    tree = project.trees[model.tree]
    for i, item in enumerate(model.faq[len(tree.faq) :], len(tree.faq)):
        yield item.pos, f"FAQ item {i + 1}: the English tree has {len(tree.faq)}; one per English item"
    for node in model.nodes.values():
        english = tree.nodes.get(node.id)
        if english is None:
            continue
        count = len(english.links) if english.kind.value == "question" else 0
        for i, answer in enumerate(node.answers[count:], count):
            message = (
                f"answer {i + 1} of {node.id!r}: English has {count}; one per English answer, same order"
            )
            yield answer.key_pos, message


@rule(
    "translation-extra-item",
    Scope.PROJECT,
    doc="A translation has more answers, or more FAQ items, than the English tree.",
    fix="Answers and FAQ items are translated in order, one item per English item: the third translated "
    "answer is the label of the third English answer, and leads where it leads. An extra item would lead "
    "nowhere. Delete it, or check that the order matches English.",
    passing=TRANSLATED,
    failing=_with(broken('      - {text: "Muestra', '      - {text: "Otro"}\n      - {text: "Muestra', ES)),
    at=(12, 9),
    group=GROUP,
)
def translation_extra_item(project: Project) -> Iterator[Finding]:
    for file in files(project):
        for pos, message in _counted(file, project):
            yield Finding(pos, message, file.path)


def _missing_fields(file: File) -> Iterator[tuple[Pos, str]]:
    """One finding per node (or per file's top level) listing what it doesn't translate yet."""
    assert file.english is not None
    model = file.model
    have = {t.address for t in model.translated()}
    groups: dict[Address, list[English]] = {}
    for address, english in file.english.items():
        if address not in have:
            groups.setdefault(address[:2] if address[0] in ("nodes", "causes") else (), []).append(english)
    for group, missing in groups.items():
        names = ", ".join(dict.fromkeys(_name(e.address) for e in missing))
        if isinstance(model, TreeTranslation) and group and group[0] == "nodes":
            node = model.nodes.get(str(group[1]))
            if node is None:
                where = model.nodes_pos or model.language_pos
                yield where, f"node {group[1]!r} is not translated yet (its page shows English)"
            else:
                yield node.pos, f"node {group[1]!r}: not translated yet: {names} (shown in English)"
        elif isinstance(model, CausesTranslation) and group:
            cause = model.causes.get(str(group[1]))
            where = cause.pos if cause else (model.causes_pos or model.language_pos)
            yield where, f"cause {group[1]!r}: not translated yet: {names} (shown in English)"
        else:
            yield model.language_pos, f"not translated yet: {names} (shown in English)"


def _name(address: Address) -> str:
    if address[0] == "faq":
        return f"FAQ {int(address[1]) + 1} {address[2]}"
    if address[0] in ("nodes", "causes"):
        rest = address[2:]
        if rest[0] == "answers":
            return f"answer {int(rest[1]) + 1}"
        return ".".join(str(r) for r in rest)
    return str(address[0])


@rule(
    "translation-missing",
    Scope.PROJECT,
    doc="A tree, node or field has no translation yet: its page shows the English text, with a note.",
    fix="A translation may be partial: what it lacks is shown in English, with a note in the page's "
    "language, so this is a warning. One line per node lists what it lacks; a tree with no translation "
    "file at all is reported at the English tree. Translate the fields, then run `python -m build_tools "
    "translate stamp <lang>` (see [translating](translating.md)). `stats` shows the coverage per language.",
    passing=TRANSLATED,
    failing=_with(broken(BODY, "", ES)),
    at=(17, 3),
    level=Level.WARNING,
    group=GROUP,
)
def translation_missing(project: Project) -> Iterator[Finding]:
    for lang, translations in sorted(project.translations.items()):
        for tree_id, tree in project.trees.items():
            if tree_id not in translations.trees and tree_id not in translations.broken:
                message = f"not translated into {lang!r} yet: no {translations.folder}/{tree_id}.yaml"
                yield Finding(Pos(1, 1), message, tree.path)
        causes = project.causes_path
        if translations.causes is None and "causes" not in translations.broken and causes and project.causes:
            message = f"not translated into {lang!r} yet: no {translations.folder}/causes.yaml"
            yield Finding(Pos(1, 1), message, causes)
    for file in files(project):
        if file.english is not None:
            for pos, message in _missing_fields(file):
                yield Finding(pos, message, file.path)


@rule(
    "translation-stale",
    Scope.PROJECT,
    doc="The English text changed after this field was translated: its `from` hash no longer matches.",
    fix="Pages show the English text for a stale field (the change may correct a fact), with a note, so "
    "this is a warning, not an error: an English edit never waits for a translator. Compare the field "
    "with the English text now (`git log -p` on the English tree shows what changed), update the "
    "translation, then delete its `from:` and run `python -m build_tools translate stamp <lang>`.",
    passing=TRANSLATED,
    failing=_with(ES, tree=broken("question: What happens when you open it?", "question: What do you see?")),
    at=(8, 5),
    level=Level.WARNING,
    group=GROUP,
)
def translation_stale(project: Project) -> Iterator[Finding]:
    for file in files(project):
        for pair in file.pairs():
            t, english = pair.translated, pair.english
            if english is None or t.source is None:
                continue
            now = fingerprint(english.text)
            if t.source != now:
                where = f"{file.english_path}:{english.pos.line}" if file.english_path else "English"
                message = (
                    f"stale: the English text ({where}) changed since this was translated "
                    f"(from {t.source}, English is now {now}); update it, then re-stamp"
                )
                yield Finding(t.key_pos, message, file.path)


@rule(
    "translation-unstamped",
    Scope.PROJECT,
    doc="A translated field has no `from` hash, so `check` can't tell when English changes.",
    fix="Run `python -m build_tools translate stamp <lang>` (for example `... translate stamp es`): it "
    "writes the hash of the English text beside every field that has none, and changes nothing else.",
    passing=TRANSLATED,
    failing=_with(broken(TITLE, "", ES)),
    at=(3, 1),
    group=GROUP,
)
def translation_unstamped(project: Project) -> Iterator[Finding]:
    for file in files(project):
        for pair in file.pairs():
            if pair.english is not None and pair.translated.source is None:
                lang = file.lang
                message = f"no `from` hash; run `python -m build_tools translate stamp {lang}`"
                yield Finding(pair.translated.key_pos, message, file.path)


@rule(
    "translation-ambiguous",
    Scope.PROJECT,
    doc="Two answers of one question read the same in a translation (ignoring case, spaces, invisible "
    "characters and look-alike letters, as `duplicate-answer` does in English).",
    fix="A visitor could not tell them apart, and each leads somewhere else. Translate the difference "
    "the English answers make.",
    passing=TRANSLATED,
    failing=_with(broken('{text: "Muestra un error"', '{text: "se  CIERRA"', ES)),
    at=(11, 9),
    group=GROUP,
)
def translation_ambiguous(project: Project) -> Iterator[Finding]:
    for file in files(project):
        model = file.model
        if not isinstance(model, TreeTranslation) or file.english is None:
            continue
        for node in model.nodes.values():
            english = tree.nodes.get(node.id) if (tree := project.trees.get(model.tree)) else None
            if english is None:
                continue
            shown: dict[str, int] = {}
            by_index = {int(t.address[3]): t for t in node.answers}
            labels = [
                (i, by_index[i].text if i in by_index else link.label, by_index.get(i))
                for i, link in enumerate(english.links)
            ]
            for i, label, t in labels:
                key = fold(label)
                if key in shown and t is not None:
                    message = f"answer {i + 1} reads the same as answer {shown[key] + 1}: {clip(label)}"
                    yield Finding(t.key_pos, message, file.path)
                shown.setdefault(key, i)


def _links(text: str) -> list[str]:
    return sorted(url for _, url in link_targets(text)) + sorted(_autolinks(text))


def _autolinks(text: str) -> list[str]:
    out: list[str] = []
    start = text.find("<http")
    while start != -1:
        end = text.find(">", start)
        if end == -1:
            break
        out.append(text[start + 1 : end])
        start = text.find("<http", end)
    return out


@rule(
    "translation-link",
    Scope.PROJECT,
    doc="The links in a translated field point somewhere else than the English field's links.",
    fix="A translation changes the words, never where a link leads: keep every `(https://...)` target "
    "of the English field, and add none.",
    passing=_with(
        broken(
            '{text: "Era un error de la app."', '{text: "Era un [error](https://example.org/)."', ES_LINKED
        ),
        tree=broken("body: It was a bug in the app.", f"body: {LINKED}"),
    ),
    failing=_with(
        broken(
            '{text: "Era un error de la app."', '{text: "Era un [error](https://example.com/)."', ES_LINKED
        ),
        tree=broken("body: It was a bug in the app.", f"body: {LINKED}"),
    ),
    at=(19, 5),
    group=GROUP,
)
def translation_link(project: Project) -> Iterator[Finding]:
    for file in files(project):
        for pair in file.pairs():
            if pair.english is None:
                continue
            mine, theirs = _links(pair.translated.text), _links(pair.english.text)
            if mine != theirs:
                extra = [u for u in mine if u not in theirs]
                lost = [u for u in theirs if u not in mine]
                parts = [f"links to {clip(u)}, which English doesn't" for u in extra[:1]]
                parts += [f"lacks English's link to {clip(u)}" for u in lost[:1]]
                message = "; ".join(parts) or "has the English links a different number of times"
                yield Finding(pair.translated.key_pos, message, file.path)


@rule(
    "translation-quote",
    Scope.PROJECT,
    doc="A translation puts text in quotation marks that the English field doesn't quote.",
    fix='Quotation marks mean "these exact words are on the screen", and only a source can say what '
    "the app shows. Without a source for its wording in another language, a quotation stays in English, "
    'exactly as the English field has it, explained in the translation: `Si ves "You are sending '
    'messages too fast." (así aparece en inglés), ...`. Never quote a translated notice. Write app labels '
    "in **bold**, as English does.",
    passing=TRANSLATED,
    failing=_with(broken('{text: "Muestra un error"', "{text: 'Dice \"Error\"'", ES)),
    at=(11, 22),
    group=GROUP,
)
def translation_quote(project: Project) -> Iterator[Finding]:
    for file in files(project):
        for pair in file.pairs():
            if pair.english is None:
                continue
            english = quotes_of(pair.english.text)
            for offset, inner in translation_quotations(pair.translated.text):
                if not inner or not normalize_quote(inner) or quotes_english(inner, english):
                    continue
                message = (
                    f"{clip(inner or '')} is in quotation marks but the English field doesn't quote it: "
                    "quote the English words exactly as English does, or drop the marks"
                )
                yield Finding(pair.translated.as_text().pos_at(offset), message, file.path)


# The least easy Spanish a page may be, as a Fernández-Huerta reading ease (text/readability.py): 60-70
# is "normal", what 12 to 14 year olds read, the match of the English limit (US grade 8, writing.py).
MIN_SPANISH_EASE = 60.0
# Languages with a readability formula here. Flesch-Kincaid is calibrated on English syllable and
# sentence lengths only; another language is not measured until it has a formula of its own.
EASE = {"es": readability.spanish_ease}
HARD_ES = (
    "Desafortunadamente, las dificultades intermitentes de sincronización ocasionalmente necesitan una "
    "reinstalación completa de la aplicación, independientemente de la considerable incomodidad."
)


@rule(
    "translation-hard-to-read",
    Scope.PROJECT,
    doc=f"A translated page, or FAQ entry, is harder to read than the site allows (Spanish: Fernández-Huerta "
    f"reading ease below {MIN_SPANISH_EASE:g}).",
    fix="The same readers as in English: frustrated, often young, on a phone. Use short sentences and "
    "everyday words. The English limit (US grade 8, Flesch-Kincaid) is an English formula; Spanish is "
    f'measured with Fernández-Huerta, where {MIN_SPANISH_EASE:g}-70 is "normal" text, what 12 to 14 '
    "year olds read. Only the translated fields are measured (English fallbacks are measured in English), "
    "and glosses of English labels count too, so keep them short. It is a warning: a faithful translation "
    "can't always be as short as the English. Languages without a formula here are not measured.",
    passing=TRANSLATED,
    failing=_with(broken("Era un error de la app.", HARD_ES, ES)),
    at=(17, 3),
    level=Level.WARNING,
    group=GROUP,
)
def translation_hard_to_read(project: Project) -> Iterator[Finding]:
    for file in files(project):
        ease = EASE.get(file.lang)
        model = file.model
        if ease is None or not isinstance(model, TreeTranslation):
            continue
        for node in model.nodes.values():
            shown = [*node.fields.values(), *node.answers]
            score = ease("\n\n".join(readability.plain_text(t.text) for t in shown))
            if shown and score < MIN_SPANISH_EASE:
                message = f"{node.id!r} reads at ease {score:.0f} (at least {MIN_SPANISH_EASE:g})"
                yield Finding(node.pos, message, file.path)
        for number, item in enumerate(model.faq, 1):
            parts = [t for t in (item.question, item.answer) if t is not None]
            score = ease(" ".join(readability.plain_text(t.text) for t in parts))
            if parts and score < MIN_SPANISH_EASE:
                message = f"FAQ entry {number} reads at ease {score:.0f} (at least {MIN_SPANISH_EASE:g})"
                yield Finding(item.pos, message, file.path)
