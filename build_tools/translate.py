"""`python -m build_tools translate stamp <lang>`: write the missing `from` hashes of a language's files.

Translators write `text` only. Stamping records, beside each translated field that has no `from` yet, the
hash of the English text it translates now (core/translations.py `fingerprint`), so a later change to the
English text makes the field stale. An existing `from` is never rewritten: that would hide staleness. To
confirm a stale field after re-checking it, delete its `from` and stamp again.

The file is edited as text, not re-dumped, so comments, quoting, block scalars and key order stay as the
translator wrote them: a flow mapping `{text: ...}` gets `, from: 1a2b3c4d` before its `}`; a block mapping
gets a `from:` line after its `text` value, at the key's indentation. The edited text is read back before it
is written: if any text changed or a hash did not land where it should, the file is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .check.validate import load_project
from .core.loader import load_bytes
from .core.problems import Problem
from .core.translations import (
    Address,
    CausesTranslation,
    English,
    Translated,
    TreeTranslation,
    english_cause_fields,
    english_fields,
    fingerprint,
    folder_entries,
    read_translation,
)


@dataclass
class Stamped:
    """What stamping one language did."""

    files: dict[str, int] = field(default_factory=dict)  # file -> fields stamped
    problems: list[Problem] = field(default_factory=list)  # files that could not be stamped, and why


def stamp(trees_dir: Path, lang: str, display: str | None = None) -> Stamped:
    """Fill in every missing `from` in `trees_dir/<lang>/`; files with errors are reported, not touched."""
    out = Stamped()
    folder = trees_dir / lang
    if not folder.is_dir() or folder.is_symlink():
        out.problems.append(Problem(str(folder), 1, 1, "unreadable", f"no language folder {lang!r} here"))
        return out
    project = load_project([trees_dir], parallel=False)
    for entry in folder_entries(folder):
        if entry.problem is not None:
            continue  # not a translation file: `check` reports it
        path = entry.path
        shown = str(path) if display is None else f"{display}/{path.name}"
        raw = path.read_bytes()
        doc = load_bytes(raw, shown)
        model, problems = read_translation(doc, path.stem, lang)
        if model is None:
            out.problems += problems
            continue
        if isinstance(model, CausesTranslation):
            english = english_cause_fields(project.causes)
        elif model.tree in project.trees:
            english = english_fields(project.trees[model.tree])
        else:
            continue  # an unknown tree: `check` reports it
        todo = {t.address: fingerprint(english[t.address].text) for t in _unstamped(model, english)}
        if not todo:
            continue
        text = raw.decode("utf-8")
        edited = add_hashes(text, todo)
        problem = _verify(text, edited, todo, shown, path.stem, lang)
        if problem is not None:
            out.problems.append(problem)
            continue
        path.write_bytes(edited.encode("utf-8"))
        out.files[shown] = len(todo)
    return out


def _unstamped(
    model: TreeTranslation | CausesTranslation, english: dict[Address, English]
) -> list[Translated]:
    return [t for t in model.translated() if t.source is None and t.address in english]


def _node_at(root: yaml.Node, address: Address) -> yaml.Node | None:
    node: yaml.Node | None = root
    for step in address:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node


def add_hashes(text: str, hashes: dict[Address, str]) -> str:
    """`text` with `from: <hash>` added to the field mapping at each address (see the module's doc)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, str]] = []  # (offset, what to insert there)
    for address, plain in hashes.items():
        # A hash of digits only (or 0b...) would read as a number: quote it then.
        digest = plain if isinstance(yaml.safe_load(plain), str) else f'"{plain}"'
        node = _node_at(root, address) if root is not None else None
        if not isinstance(node, yaml.MappingNode):
            continue
        if node.flow_style:
            close = node.end_mark.index - 1  # the mapping's "}"
            before = text[:close].rstrip()
            glue = " " if before.endswith((",", "{")) else ", "
            edits.append((close, f"{glue}from: {digest}"))
            continue
        found = next(((k, v) for k, v in node.value if k.value == "text"), None)
        if found is None:
            continue
        key, value = found
        indent = " " * key.start_mark.column
        end = value.end_mark
        line_start = end.index - end.column  # the start of the line the value ends on
        if end.column:  # the value ends inside a line: the new line goes after it
            after = text.find("\n", end.index)
            at = len(text) if after == -1 else after + 1
            prefix = "" if after != -1 else newline
            edits.append((at, f"{prefix}{indent}from: {digest}{newline}"))
        else:
            edits.append((line_start, f"{indent}from: {digest}{newline}"))
    for offset, insert in sorted(edits, reverse=True):
        text = text[:offset] + insert + text[offset:]
    return text


def _verify(
    before: str, after: str, hashes: dict[Address, str], shown: str, stem: str, lang: str
) -> Problem | None:
    """None when `after` reads as `before` with exactly the new hashes; else why the file is left alone."""
    old, _ = read_translation(load_bytes(before.encode("utf-8"), shown), stem, lang)
    new, problems = read_translation(load_bytes(after.encode("utf-8"), shown), stem, lang)
    if old is None or new is None:
        where = problems[0] if problems else None
        message = "stamping would break the file" + (f" ({where.message})" if where else "")
        return Problem(shown, 1, 1, "translation-unstamped", message + "; add the `from` hashes by hand")
    texts_before = {t.address: (t.text, t.source) for t in old.translated()}
    texts_after = {t.address: (t.text, t.source) for t in new.translated()}
    expected = {a: (text, hashes.get(a, source)) for a, (text, source) in texts_before.items()}
    if texts_after != expected:
        wrong = next(a for a in expected if texts_after.get(a) != expected[a])
        at = next(t.key_pos for t in old.translated() if t.address == wrong)
        message = "could not add `from` here without changing the text; add it by hand"
        return Problem(shown, at.line, at.col, "translation-unstamped", message)
    return None
