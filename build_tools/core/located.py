"""Values that remember where they were written: positions, located mappings and lists, a loaded document.

Every stage after the YAML reader (schema, model, rules) points at these positions, so a problem is always
reported at the line and column a contributor can fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .problems import Problem


class Pos(NamedTuple):
    """1-based line and column."""

    line: int
    col: int


class LocDict(dict[str, Any]):
    """A mapping that remembers where its keys and values are in the file."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class LocList(list[Any]):
    """A sequence that remembers where its items are in the file."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass
class Document:
    path: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def locate(data: Any, path: tuple[str | int, ...], key: bool = False) -> Pos:
    """Where the value at `path` is (its key, with key=True); else its nearest known ancestor."""
    found = getattr(data, "pos", Pos(1, 1))
    current = data
    for depth, step in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(current, LocDict) and isinstance(step, str) and step in current:
            found = current.key_pos[step] if (key and last) else current.value_pos[step]
            if not last and isinstance(current[step], (LocDict, LocList)):
                found = current.key_pos[step]
            current = current[step]
        elif isinstance(current, LocList) and isinstance(step, int) and 0 <= step < len(current):
            found = current.item_pos[step]
            current = current[step]
        else:
            break
    return found
