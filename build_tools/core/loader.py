"""Load YAML safely, keeping the line and column of every key and value.

PyYAML quietly accepts things a contributor never means: a duplicate key (the last one wins), aliases (which
also make "billion laughs" bombs possible), and any byte soup. Here each of those becomes a located Problem,
and no input, however broken, raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .located import Document, LocDict, LocList, Pos, locate
from .problems import Problem, clip
from .yaml_text import (
    MAX_DEPTH,
    alias_problems,
    compose,
    decode,
    find_deep_nesting,
    mark_pos,
    may_nest_too_deep,
    new_pos,
)

# The located types live in located.py; they are re-exported here for the code that reads files.
__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "Document",
    "LocDict",
    "LocList",
    "Pos",
    "load_bytes",
    "load_file",
    "locate",
]

MAX_BYTES = 1_000_000
_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


_BLOCK = ("|", ">")
_QUOTED = ("'", '"')


class _Converter:
    def __init__(
        self,
        path: str,
        lines: list[str],
        duplicate_codes: Mapping[tuple[str, ...], str],
        may_alias: bool = True,
        fast: bool = True,
    ) -> None:
        self.path = path
        self.lines = lines
        self.duplicate_codes = duplicate_codes
        # Paths are only needed as deep as a duplicate_codes entry reaches.
        self.path_depth = max((len(k) for k in duplicate_codes), default=0)
        # Without an anchor (&name) in the text there can be no alias, so nodes need no tracking.
        self.may_alias = may_alias
        self.fast = fast
        self.seen: set[int] = set()
        self.aliased = False
        self.problems: list[Problem] = []

    def problem(self, pos: Pos, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, pos.line, pos.col, code, message))

    def value_pos(self, node: yaml.Node) -> Pos:
        mark = node.start_mark
        if isinstance(node, yaml.ScalarNode):
            style = node.style
            if style in _BLOCK:
                # A block scalar's text starts on the line after its indicator; point at that text.
                line = mark.line + 2
                if line <= len(self.lines):
                    text = self.lines[line - 1]
                    return new_pos(Pos, (line, len(text) - len(text.lstrip(" ")) + 1))
            elif style in _QUOTED:
                return new_pos(Pos, (mark.line + 1, mark.column + 2))  # the text, not its opening quote
        return new_pos(Pos, (mark.line + 1, mark.column + 1))

    def convert(self, node: yaml.Node, path: tuple[str, ...] | None, depth: int) -> Any:
        """A YAML node as LocDict / LocList / scalar, with positions and problems recorded.

        Long on purpose: it runs once per value of every file (millions of times in the 100,000-node
        benchmark), and splitting it into helpers costs a Python call per value. Its shortcuts are kept
        equal to the plain road by the fast=False property test in tests/test_loader.py.
        """
        # The composer hands out the anchored node object again for every use of an alias; its mark is the
        # anchor's, so the aliases themselves are located afterwards (see _alias_problems).
        if self.may_alias:
            if id(node) in self.seen:
                self.aliased = True
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(mark_pos(node.start_mark), "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag in (_STR, _TIMESTAMP):
                return node.value  # dates stay text: the schema checks their shape
            try:
                return _constructor.construct_object(node, deep=True)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError, LookupError):
                self.problem(mark_pos(node.start_mark), "yaml-value", f"cannot read value {clip(node.value)}")
                return None
        # Plain text is by far the commonest value: it is taken here, without a call of its own, when that
        # cannot differ from convert() (no alias tracking, and not too deep).
        inline = self.fast and not self.may_alias and depth < MAX_DEPTH
        value_pos = self.value_pos
        if isinstance(node, yaml.SequenceNode):
            seq = LocList(mark_pos(node.start_mark))
            item_pos = seq.item_pos
            deeper = path is not None and depth < self.path_depth
            for index, item in enumerate(node.value):
                if inline and item.__class__ is yaml.ScalarNode and item.tag in (_STR, _TIMESTAMP):
                    seq.append(item.value)
                else:
                    seq.append(self.convert(item, (*path, str(index)) if deeper else None, depth + 1))  # type: ignore[misc]
                item_pos.append(value_pos(item))
            return seq
        if isinstance(node, yaml.MappingNode):
            mapping = LocDict(mark_pos(node.start_mark))
            key_positions = mapping.key_pos
            value_positions = mapping.value_pos
            deeper = path is not None and depth < self.path_depth
            for key_node, value_node in node.value:
                mark = key_node.start_mark
                key_pos: Pos = new_pos(Pos, (mark.line + 1, mark.column + 1))
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_pos, "yaml-key", "a key must be plain text")
                    continue
                if self.may_alias:
                    if id(key_node) in self.seen:
                        self.aliased = True
                        continue
                    self.seen.add(id(key_node))
                key = key_node.value
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_pos, "yaml-alias", "merge keys (<<) are not allowed; write the keys out")
                    continue
                if key in mapping:
                    first = key_positions[key]
                    code = (
                        self.duplicate_codes.get(path, "duplicate-key")
                        if path is not None
                        else "duplicate-key"
                    )
                    self.problem(
                        key_pos,
                        code,
                        f"duplicate key {key!r} (first defined at line {first.line}); "
                        "YAML would silently keep only the last one",
                    )
                    continue
                key_positions[key] = key_pos
                if value_node.__class__ is yaml.ScalarNode:
                    style = value_node.style
                    if style in _BLOCK or style in _QUOTED:
                        value_positions[key] = value_pos(value_node)
                    else:
                        mark = value_node.start_mark
                        value_positions[key] = new_pos(Pos, (mark.line + 1, mark.column + 1))
                    if inline and value_node.tag in (_STR, _TIMESTAMP):
                        mapping[key] = value_node.value
                        continue
                else:
                    value_positions[key] = value_pos(value_node)
                mapping[key] = self.convert(value_node, (*path, key) if deeper else None, depth + 1)  # type: ignore[misc]
            return mapping
        self.problem(mark_pos(node.start_mark), "yaml-value", "unsupported YAML node")
        return None


# What YAML's reader refuses: characters outside its printable set (NUL and other control characters).
def load_bytes(
    raw: bytes, path: str, duplicate_codes: Mapping[tuple[str, ...], str] | None = None, fast: bool = True
) -> Document:
    """Parse one YAML document into LocDict/LocList/scalars, collecting problems instead of raising.

    fast=False takes the plain road: the stock safe resolver, alias tracking and a convert() call for every
    value. The result must be the same; tests/test_loader.py compares the two on generated documents.
    """
    doc = Document(path)
    if len(raw) > MAX_BYTES:
        doc.problems.append(
            Problem(
                path,
                1,
                1,
                "file-too-large",
                f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}; split the tree",
            )
        )
        return doc
    text, problems = decode(raw, path)
    if text is None:
        doc.problems.extend(problems)
        return doc
    lines = text.splitlines()
    if may_nest_too_deep(text, lines):
        deep = find_deep_nesting(text)
        if deep is not None:
            doc.problems.append(
                Problem(path, deep.line, deep.col, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            )
            return doc
    root, problems = compose(text, path, fast)
    if problems:
        doc.problems += problems
        return doc
    if root is None:
        doc.problems.append(Problem(path, 1, 1, "empty-file", "the file is empty"))
        return doc
    converter = _Converter(path, lines, duplicate_codes or {}, may_alias="&" in text or not fast, fast=fast)
    doc.data = converter.convert(root, (), 0)
    doc.problems.extend(converter.problems)
    if converter.aliased:
        doc.problems.extend(alias_problems(text, path))
    return doc


def load_file(
    file: Path, display: str | None = None, duplicate_codes: Mapping[tuple[str, ...], str] | None = None
) -> Document:
    path = display if display is not None else str(file)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            return Document(
                path,
                None,
                [
                    Problem(
                        path,
                        1,
                        1,
                        "file-too-large",
                        f"file is {size:,} bytes; the limit is {MAX_BYTES:,}; split it",
                    )
                ],
            )
        raw = file.read_bytes()
    except OSError as exc:
        return Document(path, None, [Problem(path, 1, 1, "unreadable", f"cannot read file: {exc.strerror}")])
    return load_bytes(raw, path, duplicate_codes)
