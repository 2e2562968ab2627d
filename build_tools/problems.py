"""Diagnostics: one small sortable problem type and its output formats."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


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
