"""Diagnostics: one small sortable problem type and its output formats.

A problem quotes file names, keys and values that a pull request chose, and every format ends up in a
terminal, a CI log or a page. So a Problem holds only visible text: control characters (ESC, BEL, CR, LF,
...), direction controls and line separators are written as escapes (`\\x1b`, `\\u202e`) when it is made,
and a long message is cut, so no format can be used to move the cursor, recolour or forge a line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

MAX_MESSAGE = 500  # characters of a message; a quoted 900 KB value would flood the terminal
MAX_PATH = 300


def _invisible() -> dict[int, str]:
    """Code points that change how a terminal or a line of text shows, mapped to visible escapes."""
    points = [*range(0x00, 0x20), *range(0x7F, 0xA0)]  # C0 and C1 controls, DEL
    points += [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # direction
    points += [0x2028, 0x2029, 0x85, 0xFEFF]  # line and paragraph separators, BOM
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    return {p: named.get(p) or (f"\\x{p:02x}" if p < 0x100 else f"\\u{p:04x}") for p in points}


_ESCAPES = _invisible()


def visible(text: str, limit: int | None = None) -> str:
    """`text` with every invisible or terminal-controlling character as an escape, cut to `limit`."""
    out = text.translate(_ESCAPES)
    if limit is not None and len(out) > limit:
        out = f"{out[:limit]}… ({len(out) - limit:,} more characters)"
    return out


def clip(value: str, limit: int = 80) -> str:
    """A quoted value for a message: repr-quoted and cut, so a huge value is not echoed in full."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value) - limit:,} more characters)"


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A located finding. Line and column are 1-based, like editors show them."""

    path: str
    line: int
    col: int
    code: str
    message: str
    level: Level = Level.ERROR

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", visible(self.path, MAX_PATH))
        object.__setattr__(self, "code", visible(self.code))
        object.__setattr__(self, "message", visible(self.message, MAX_MESSAGE))

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def gcc(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level.value}[{self.code}]: {self.message}"

    def github(self) -> str:
        # Workflow commands need %, CR and LF escaped in the message and , : in properties.
        def prop(value: str) -> str:
            return (
                value.replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.level.value} file={prop(self.path)},line={self.line},col={self.col},"
            f"title={prop(self.code)}::{message}"
        )


FORMATS = ("gcc", "github", "json")


def format_problems(problems: Iterable[Problem], fmt: str = "gcc") -> str:
    ordered = sorted(problems)
    if fmt == "json":
        return json.dumps([{**asdict(p), "level": p.level.value} for p in ordered], indent=2)
    render = Problem.github if fmt == "github" else Problem.gcc
    return "\n".join(render(p) for p in ordered)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)
