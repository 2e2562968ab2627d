"""The rule registry: every problem code the checker can report, with its level, doc and examples.

A rule is a small function registered with `@rule`. Its scope says when it runs and what it gets:

- TEXT: each contributor-written text field, while its file is loaded (possibly in a worker process);
  yields (offset into the text, message).
- TREE: each tree, after every file is loaded and every link resolved; yields Findings. A TREE rule that
  reads nothing but its own tree says so with `own_tree=True`: it then runs while its file is loaded, and
  its findings are kept in the check cache with the file's (check/cache.py).
- PROJECT: once, with everything loaded and linked; yields Findings.
- BUILTIN: reported by the loading stages (YAML reader, schema, file discovery). Registered for the docs
  and the example tests only.

Each rule carries a passing and a failing example, so `tests/test_rules.py` proves every code can fire
and that correct input doesn't make it fire, and `docs/contributing/error-codes.md` shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal, TypeVar, cast, overload

from ..core.located import Pos
from ..core.problems import Level

if TYPE_CHECKING:
    from ..core.model import Text, Tree
    from ..core.project import Project


class Scope(StrEnum):
    TEXT = "text"
    TREE = "tree"
    PROJECT = "project"
    BUILTIN = "builtin"


@dataclass(frozen=True)
class Finding:
    """What a rule found: where and what. The registry adds the code and level; `path` defaults to the
    tree's file (TREE rules) and must be given by PROJECT rules."""

    pos: Pos
    message: str
    path: str | None = None


# A whole tree file's YAML (loaded as t.yaml beside the standard causes list), or several files by name;
# a name mapped to None is passed to the checker but not written (a missing file, or no causes.yaml);
# a name ending in "/" is made as a folder.
Example = str | Mapping[str, str | None]

# What each scope's check gets and gives. `rule()` is overloaded per scope, so mypy rejects a TREE rule
# written with a PROJECT signature, and the runners below hand each check exactly its arguments.
TextCheck = Callable[["Text"], Iterable[tuple[int, str]]]
TreeCheck = Callable[["Project", "Tree"], Iterable[Finding]]
ProjectCheck = Callable[["Project"], Iterable[Finding]]
AnyCheck = TextCheck | TreeCheck | ProjectCheck


@dataclass(frozen=True)
class Rule:
    code: str
    scope: Scope
    doc: str  # one line: what the problem is
    passing: Example
    failing: Example | None  # None only for a guard that other rules always pre-empt (say why in `fix`)
    # Where the failing example's problem is: (line, column), in `t.yaml` or the file named first.
    at: tuple[int, int] | None = None
    level: Level = Level.ERROR
    group: str = "Other"
    fix: str = ""  # longer Markdown for the error-codes page: why it matters and how to fix it
    check: AnyCheck | None = None
    order: int = 0  # rules of one scope run by order, then by registration
    command: str = "check"  # what reports it: `check` (and the build), or `render` (the export)
    own_tree: bool = False  # a TREE rule that reads its tree alone (never the project): see the top

    def text_check(self) -> TextCheck:
        assert self.scope is Scope.TEXT and self.check is not None, self.code
        return cast(TextCheck, self.check)

    def tree_check(self) -> TreeCheck:
        assert self.scope is Scope.TREE and self.check is not None, self.code
        return cast(TreeCheck, self.check)

    def project_check(self) -> ProjectCheck:
        assert self.scope is Scope.PROJECT and self.check is not None, self.code
        return cast(ProjectCheck, self.check)


REGISTRY: dict[str, Rule] = {}
F = TypeVar("F", TextCheck, TreeCheck, ProjectCheck)


@overload
def rule(
    code: str,
    scope: Literal[Scope.TEXT],
    *,
    doc: str,
    passing: Example,
    failing: Example | None,
    at: tuple[int, int] | None = None,
    level: Level = Level.ERROR,
    group: str = "Other",
    fix: str = "",
    order: int = 0,
) -> Callable[[TextCheck], TextCheck]: ...
@overload
def rule(
    code: str,
    scope: Literal[Scope.TREE],
    *,
    doc: str,
    passing: Example,
    failing: Example | None,
    at: tuple[int, int] | None = None,
    level: Level = Level.ERROR,
    group: str = "Other",
    fix: str = "",
    order: int = 0,
    own_tree: bool = False,
) -> Callable[[TreeCheck], TreeCheck]: ...
@overload
def rule(
    code: str,
    scope: Literal[Scope.PROJECT],
    *,
    doc: str,
    passing: Example,
    failing: Example | None,
    at: tuple[int, int] | None = None,
    level: Level = Level.ERROR,
    group: str = "Other",
    fix: str = "",
    order: int = 0,
) -> Callable[[ProjectCheck], ProjectCheck]: ...
def rule(
    code: str,
    scope: Scope,
    *,
    doc: str,
    passing: Example,
    failing: Example | None,
    at: tuple[int, int] | None = None,
    level: Level = Level.ERROR,
    group: str = "Other",
    fix: str = "",
    order: int = 0,
    own_tree: bool = False,
) -> Callable[[F], F]:
    """Register the decorated function as the check for `code`."""
    assert not own_tree or scope is Scope.TREE, code

    def register(fn: F) -> F:
        _add(Rule(code, scope, doc, passing, failing, at, level, group, fix, fn, order, own_tree=own_tree))
        return fn

    return register


def builtin(
    code: str,
    *,
    doc: str,
    passing: Example,
    failing: Example,
    at: tuple[int, int] | None = None,
    level: Level = Level.ERROR,
    group: str = "Other",
    fix: str = "",
    command: str = "check",
) -> None:
    """Register a code that a loading stage (or `render`) reports itself."""
    _add(Rule(code, Scope.BUILTIN, doc, passing, failing, at, level, group, fix, None, command=command))


def _add(new: Rule) -> None:
    if new.code in REGISTRY:
        raise ValueError(f"rule {new.code!r} is registered twice")
    REGISTRY[new.code] = new


def rules(scope: Scope) -> list[Rule]:
    return sorted((r for r in REGISTRY.values() if r.scope is scope), key=lambda r: r.order)
