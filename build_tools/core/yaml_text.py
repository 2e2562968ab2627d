"""From bytes to a YAML node tree: decoding, the guards that run before parsing, and composing.

Everything here works on the text as a whole; loader.py turns the node tree into located values.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .located import Pos
from .problems import Problem

MAX_DEPTH = 40

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# First characters with which a plain scalar may be something other than text (a number, bool, null, ...).
_MAYBE_TYPED = frozenset(ch for ch in yaml.resolver.Resolver.yaml_implicit_resolvers if ch)


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, with a shortcut for the commonest case: plain text that can't be anything else."""

    # No path resolvers are ever registered, so the composer's per-node calls into these can do nothing;
    # builtins taking the same arguments do that without a Python frame per node.
    descend_resolver = staticmethod(slice)  # called as (parent node, index)
    ascend_resolver = staticmethod(tuple)  # called with no arguments

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in _MAYBE_TYPED:
                return "tag:yaml.org,2002:str"
            # A plain scalar's tag depends on its text alone; keys such as "next" or "title" repeat a lot.
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 40 and len(_PLAIN_TAGS) < 10_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_PLAIN_TAGS: dict[str, str] = {}


new_pos = tuple.__new__  # Pos(line, col) without the namedtuple's Python-level __new__: one per value


def mark_pos(mark: Any) -> Pos:
    return new_pos(Pos, (mark.line + 1, mark.column + 1))


NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, col, "not-utf8", "the file is not valid UTF-8; save it as UTF-8")]


def may_nest_too_deep(text: str, lines: list[str]) -> bool:
    # libyaml's composer recurses in C and crashes the process near 50,000 levels. Nesting needs a bracket or
    # an indicator/indent column per level, so this cheap bound clears ordinary files without a second parse.
    longest_line = max(map(len, lines), default=0)
    return longest_line + text.count("[") + text.count("{") > 5_000


def find_deep_nesting(text: str) -> Pos | None:
    depth = -1  # the root collection is depth 0, as in _Converter.convert
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return mark_pos(event.start_mark)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # compose reports the syntax error with its location
    return None


def compose(text: str, path: str, fast: bool) -> tuple[yaml.Node | None, list[Problem]]:
    """The YAML node tree of `text`, or the located reason it has none."""
    problems: list[Problem] = []
    try:
        return yaml.compose(text, Loader=_Loader if fast else _Base), problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = mark_pos(mark) if mark is not None else Pos(1, 1)
        reason = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(path, pos.line, pos.col, "yaml-syntax", reason))
        return None, problems
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark: find the character
        bad = NOT_PRINTABLE.search(text)
        if bad is None:
            problems.append(Problem(path, 1, 1, "yaml-syntax", str(exc).splitlines()[0]))
        else:
            line = text.count("\n", 0, bad.start()) + 1
            col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
            char = f"U+{ord(bad.group()):04X}"
            message = f"control character {char} is not allowed in YAML; delete it"
            problems.append(Problem(path, line, col, "yaml-syntax", message))
        return None, problems
    except RecursionError:
        problems.append(Problem(path, 1, 1, "too-deep", f"nesting deeper than {MAX_DEPTH} levels"))
        return None, problems


def alias_problems(text: str, path: str) -> list[Problem]:
    """A problem at each alias (*name): where the contributor has to write the value out."""
    return [
        Problem(
            path,
            *mark_pos(event.start_mark),
            "yaml-alias",
            "anchors and aliases (&name, *name) are not allowed; write the value out",
        )
        for event in yaml.parse(text, Loader=_Loader)
        if isinstance(event, yaml.AliasEvent)
    ]
