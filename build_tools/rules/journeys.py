"""Journeys belong to their tree: `tests/journeys/<tree-id>.yaml` (the site's `journeys_dir`).

A journey is a situation in a person's words, the answers they tap from the tree's first page, and the
answer page they must reach. `check` walks each one through the linked model, the way tests/test_journeys.py
walks the built site, and reports at the journey's own line: an answer the page doesn't offer, a wrong
end, more clicks than the site allows. Every tree has a journeys file, and every resolution is the end of
at least one journey (GOV.UK Smart Answers keeps a test per flow). These rules run when the site keeps
journeys: the folder exists (settings.py).

Journeys in another language live in `tests/journeys/<lang>/<tree-id>.yaml`: the answers are the texts
that language's pages show (the translation's answer, or English where it has none; a step's buttons in the
engine's words, render/locales/<lang>.yaml), walked and checked the same way. Only English journeys count
for `unjourneyed` and `no-journeys`: a translation adds no structure of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import locale
from ..core.loader import load_file
from ..core.located import LocDict, LocList, Pos
from ..core.model import Kind, Link, Node, Role
from ..core.problems import Problem
from ..core.translations import is_language
from .examples import VALID
from .paths import MAX_CLICKS
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Tree
    from ..core.project import Key, Project

GROUP = "Journeys"
KEYS = {
    "situation",
    "answers",
    "end",
    "pending",
    "said_where",
    "first_walk",
    "first_walk_end",
    "nothing_broken",
}
START = Pos(1, 1)


@dataclass(frozen=True)
class Journey:
    path: str  # the journeys file, as shown
    tree: str  # the tree whose first page it starts at: the file's name
    situation: str
    answers: tuple[tuple[str, Pos], ...]
    end: str
    pos: Pos  # of the journey (its first key)
    answers_pos: Pos
    end_pos: Pos
    pending: bool  # the trees don't give this answer yet: not walked, and it ends nothing
    language: str | None = None  # None: the trees' own language; else tests/journeys/<language>/


@dataclass
class Journeys:
    """Every journeys file of the site, read once per check (a fact: `project.fact(journeys)`)."""

    files: dict[str, str] = field(default_factory=dict)  # tree id -> its journeys file, as shown
    journeys: list[Journey] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def journeys(project: Project) -> Journeys:
    """The site's journeys, read with positions; what can't be read is a `bad-journey` problem."""
    found = Journeys()
    folder = project.settings.journeys
    if folder is None:
        return found
    for file in sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
        shown = _display(file)
        found.files[file.stem] = shown
        doc = load_file(file, shown)
        found.problems += doc.problems
        if doc.data is not None:
            _read(found, shown, file.stem, doc.data)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and is_language(p.name)):
        for file in sorted(p for p in sub.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()):
            shown = _display(file)
            doc = load_file(file, shown)
            found.problems += doc.problems
            if doc.data is not None:
                _read(found, shown, file.stem, doc.data, sub.name)
    return found


def _bad(found: Journeys, path: str, pos: Pos, message: str) -> None:
    found.problems.append(Problem(path, pos.line, pos.col, "bad-journey", message))


def _read(found: Journeys, path: str, tree: str, data: object, language: str | None = None) -> None:
    if not isinstance(data, LocDict) or not isinstance(data.get("journeys"), LocList):
        _bad(found, path, START, "a journeys file is a mapping with a `journeys:` list")
        return
    items: LocList = data["journeys"]
    for item, pos in zip(items, items.item_pos, strict=True):
        if not isinstance(item, LocDict):
            _bad(found, path, pos, "a journey is a mapping: situation, answers, end")
            continue
        unknown = [k for k in item if k not in KEYS]
        for key in unknown:
            _bad(
                found,
                path,
                item.key_pos[key],
                f"unknown key {key!r}; a journey has {', '.join(sorted(KEYS))}",
            )
        answers = item.get("answers")
        situation, end = item.get("situation"), item.get("end")
        if not isinstance(situation, str) or not situation.strip():
            _bad(
                found, path, item.key_pos.get("situation", pos), "`situation:` tells it in the person's words"
            )
            continue
        if not isinstance(answers, LocList) or not answers or not all(isinstance(a, str) for a in answers):
            where = item.value_pos.get("answers", pos)
            _bad(found, path, where, "`answers:` is a list of the texts the person taps, in order")
            continue
        if not isinstance(end, str) or "/" not in end:
            _bad(found, path, item.value_pos.get("end", pos), "`end:` is the tree/node of the answer page")
            continue
        found.journeys.append(
            Journey(
                path,
                tree,
                situation,
                tuple(zip(answers, answers.item_pos, strict=True)),
                end,
                pos,
                item.value_pos["answers"],
                item.value_pos["end"],
                item.get("pending") is True,
                language,
            )
        )


def _walk(project: Project, journey: Journey) -> tuple[Key | None, Finding | None]:
    """Where the journey's answers lead from its tree's start, or the first answer that isn't offered."""
    tree = project.trees.get(journey.tree)
    here = project.start(tree) if tree is not None else None
    if here is None:
        return None, None  # the tree's own problems (or unknown-journey-tree) say why
    for answer, pos in journey.answers:
        node = project.node(here)
        offered = {" ".join(label.split()): link for label, link in _labels(project, node, journey.language)}
        link = offered.get(" ".join(answer.split()))
        if link is None:
            choices = "; ".join(offered) or "none: it is an answer page"
            message = f"{node.id!r} ({here[0]}) doesn't offer {answer!r}; it offers: {choices}"
            return None, Finding(pos, message, journey.path)
        target = project.target(here[0], link)
        if target is None:
            return None, None  # a link that leads nowhere: unknown-target says so
        here = target
    return here, None


def _labels(project: Project, node: Node, language: str | None) -> list[tuple[str, Link]]:
    """The answers a node's page shows in `language`, with the links they follow."""
    if language is None:
        return [(link.label, link) for link in node.links]
    translations = project.translations.get(language)
    words = locale.load(language) if language in locale.available() else None
    out: list[tuple[str, Link]] = []
    answer = 0
    for link in node.links:
        if link.role in (Role.FIXED, Role.NOT_FIXED):
            key = "answers.fixed" if link.role is Role.FIXED else "answers.not_fixed"
            out.append((words(key) if words else link.label, link))
            continue
        address = ("nodes", node.id, "answers", answer)
        label = translations.text(node.tree, address, link.label)[0] if translations else link.label
        out.append((label, link))
        answer += 1
    return out


def walks(project: Project) -> list[tuple[Journey, Key | None, Finding | None]]:
    """Every journey walked once (a fact several rules need): where it ended, or what stopped it."""
    return [(j, *_walk(project, j)) for j in project.fact(journeys).journeys if not j.pending]


JOURNEY = (
    "journeys:\n  - situation: My app closes as soon as I open it.\n"
    '    answers: [It closes, "Yes, that fixed it"]\n    end: t/fixed-now\n'
)
WITH_JOURNEYS = {"t.yaml": VALID, "../tests/journeys/t.yaml": JOURNEY}


@rule(
    "bad-journey",
    Scope.PROJECT,
    doc="A journeys file can't be read as journeys: each needs `situation`, `answers` and `end`.",
    fix="See `tests/journeys/README.md`: `situation` in the person's words, `answers` as the texts they "
    "tap in order, `end` as the `tree/node` of the answer page they must reach.",
    passing=WITH_JOURNEYS,
    failing={**WITH_JOURNEYS, "../tests/journeys/t.yaml": JOURNEY.replace("    end: t/fixed-now\n", "")},
    at=(2, 5),
    group=GROUP,
)
def bad_journey(project: Project) -> Iterator[Finding]:
    for problem in project.fact(journeys).problems:
        if problem.code == "bad-journey":
            yield Finding(Pos(problem.line, problem.col), problem.message, problem.path)


@rule(
    "journey-answer",
    Scope.PROJECT,
    doc="A journey's answer is not offered on the page the journey has reached.",
    fix="Walk it yourself on `make serve`. Either the tree changed (fix the tree, or the journey if the "
    "person would now tap another answer), or the answer's text has a typo: it must be the button's text.",
    passing=WITH_JOURNEYS,
    failing={**WITH_JOURNEYS, "../tests/journeys/t.yaml": JOURNEY.replace("[It closes,", "[It crashes,")},
    at=(3, 15),
    group=GROUP,
)
def journey_answer(project: Project) -> Iterator[Finding]:
    for _, _, finding in project.fact(walks):
        if finding is not None:
            yield finding


@rule(
    "journey-end",
    Scope.PROJECT,
    doc="A journey ends on another page than its `end`, or its answers stop before an answer page.",
    fix="The person would be given the wrong answer. If the tree is right, fix `end`; if `end` is right "
    "(decided from the sources), fix the tree.",
    passing=WITH_JOURNEYS,
    failing={
        **WITH_JOURNEYS,
        "../tests/journeys/t.yaml": JOURNEY.replace("end: t/fixed-now", "end: t/restart"),
    },
    at=(4, 10),
    group=GROUP,
)
def journey_end(project: Project) -> Iterator[Finding]:
    for journey, reached, _ in project.fact(walks):
        if reached is None:
            continue
        name = f"{reached[0]}/{reached[1]}"
        if project.node(reached).kind is not Kind.RESOLUTION:
            yield Finding(
                journey.end_pos, f"the answers stop at {name}, which is not an answer page", journey.path
            )
        elif name != journey.end:
            yield Finding(journey.end_pos, f"the answers lead to {name}, not {journey.end}", journey.path)


@rule(
    "journey-clicks",
    Scope.PROJECT,
    doc=f"A journey taps more than {MAX_CLICKS} answers.",
    fix=f"The site promises an answer within {MAX_CLICKS} clicks (`deep-path`); a journey longer than that "
    "tells a path the tree shouldn't have.",
    passing=WITH_JOURNEYS,
    failing={
        **WITH_JOURNEYS,
        "../tests/journeys/t.yaml": JOURNEY.replace('"Yes, that fixed it"', ", ".join(["x"] * MAX_CLICKS)),
    },
    at=(3, 14),
    group=GROUP,
)
def journey_clicks(project: Project) -> Iterator[Finding]:
    for journey in project.fact(journeys).journeys:
        if len(journey.answers) > MAX_CLICKS:
            message = f"{len(journey.answers)} answers; a journey takes at most {MAX_CLICKS} clicks"
            yield Finding(journey.answers_pos, message, journey.path)


@rule(
    "no-journeys",
    Scope.TREE,
    doc="A tree has no journeys file (`tests/journeys/<tree-id>.yaml`), or a journeys file has no tree.",
    fix="Every tree brings its journeys: `python -m build_tools new` writes the first ones with the tree. "
    "A journeys file is named after the tree whose first page its journeys start at.",
    passing=WITH_JOURNEYS,
    failing={"t.yaml": VALID, "../tests/journeys/other.yaml": JOURNEY},
    at=(5, 8),
    group=GROUP,
)
def no_journeys(project: Project, tree: Tree) -> Iterator[Finding]:
    if project.settings.journeys is None:
        return
    files = project.fact(journeys).files
    if tree.id not in files:
        shown = _display(project.settings.journeys / f"{tree.id}.yaml")
        yield Finding(tree.start_pos, f"no journeys for this tree: write {shown}")
    if tree.id == min(project.trees):  # once per check: files named after no tree
        for tree_id, path in sorted(files.items()):
            if tree_id not in project.trees and tree_id not in project.broken_trees:
                yield Finding(START, f"no tree {tree_id!r}: a journeys file is named after its tree", path)


@rule(
    "unjourneyed",
    Scope.PROJECT,
    doc="No journey ends at this resolution.",
    fix="Each answer page is the end of at least one real situation: add a journey to the journeys file "
    "of the tree where that person would start, told in their words, with `end:` this page. A journey "
    "marked `pending` ends nothing yet.",
    passing=WITH_JOURNEYS,
    failing={
        **WITH_JOURNEYS,
        "../tests/journeys/t.yaml": JOURNEY.replace(
            "end: t/fixed-now", "end: t/fixed-now\n    pending: true"
        ),
    },
    at=(19, 3),
    group=GROUP,
    order=10,  # after the walks: only resolutions, of trees that loaded
)
def unjourneyed(project: Project) -> Iterator[Finding]:
    if project.settings.journeys is None:
        return
    ended = {j.end for j in project.fact(journeys).journeys if not j.pending and j.language is None}
    for tree in project.trees.values():
        for node in tree.nodes.values():
            if node.kind is Kind.RESOLUTION and f"{tree.id}/{node.id}" not in ended:
                yield Finding(node.pos, f"no journey ends at {tree.id}/{node.id}", tree.path)
