"""Load every tree and the causes list, check them, and build the project model.

Problems are values: each check appends to one list, so a contributor sees every mistake of every file in
one run. A tree whose structure is broken is still registered by id, so links into it don't also fail.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import multiprocessing
import os
import pickle
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import graph
from .loader import LocDict, Pos, load_file
from .model import Cause, Kind, Link, Node, Tree, build_causes, build_tree, causes_texts
from .problems import Level, Problem
from .safety import find_unsafe
from .schema import CAUSES_SCHEMA, TREE_SCHEMA, check_structure

CAUSES_FILE = "causes.yaml"
RESERVED_IDS = {"map", "index", "causes", "faq"}
MAX_QUESTIONS = 12
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

Key = tuple[str, str]
Edge = tuple[Key, Link]


@dataclass
class Project:
    trees: dict[str, Tree] = field(default_factory=dict)
    causes: dict[str, Cause] = field(default_factory=dict)
    edges: dict[Key, list[Edge]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken_trees: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def node(self, key: Key) -> Node:
        return self.trees[key[0]].nodes[key[1]]

    def resolve(self, target: str, from_tree: str) -> Key | None:
        """A link target as (tree, node): "node", "tree" (its start) or "tree/node"."""
        tree_id, _, node_id = target.partition("/")
        if node_id:
            tree = self.trees.get(tree_id)
            return (tree_id, node_id) if tree and node_id in tree.nodes else None
        here = self.trees.get(from_tree)
        if here and target in here.nodes:
            return (from_tree, target)
        other = self.trees.get(target)
        if other and other.start in other.nodes:
            return (target, other.start)
        return None

    def targets_broken_tree(self, target: str) -> bool:
        return target.partition("/")[0] in self.broken_trees


def discover(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            files.append(path)
    return files


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_project(
    paths: Sequence[Path], today: dt.date | None = None, parallel: bool | None = None
) -> Project:
    """Load, check and link every tree under `paths` (files or folders).

    Files are loaded and checked across processes when there are enough of them to pay for it; `parallel`
    forces that choice either way (the problems are the same).
    """
    # Loading allocates millions of small objects and no reference cycles; without this the collector
    # rescans them again and again and checking 100,000 nodes takes 4x longer.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_project(paths, today, parallel)
    finally:
        if enabled:
            gc.enable()


@dataclass
class _FileResult:
    """What checking one file on its own gives: small and picklable, so a worker process can return it."""

    problems: list[Problem]
    tree: Tree | None = None
    causes: dict[str, Cause] | None = None


_TREE = "tree"
_CAUSES = "causes"
_DUPLICATE = "duplicate"

# Below these a process pool costs more than it saves.
PARALLEL_MIN_FILES = 5
PARALLEL_MIN_BYTES = 1_000_000


def _check_file(file: Path, display: str, role: str) -> _FileResult:
    """Load one file, check its structure and text, build its model: all that needs no other file."""
    problems: list[Problem] = []
    if role == _CAUSES:
        doc = load_file(file, display)
        problems += doc.problems
        if not doc.ok:
            return _FileResult(problems)
        structure = check_structure(doc, CAUSES_SCHEMA)
        problems += structure
        if structure:
            return _FileResult(problems)
        for text in causes_texts(doc.data):
            _check_text(display, text.value, text.pos, problems)
        return _FileResult(problems, causes=build_causes(doc.data))
    doc = load_file(file, display, duplicate_codes={("nodes",): "duplicate-node"})
    problems += doc.problems
    if role == _DUPLICATE or not doc.ok:
        return _FileResult(problems)
    structure = check_structure(doc, TREE_SCHEMA)
    problems += structure
    if structure or not isinstance(doc.data, LocDict):
        return _FileResult(problems)
    tree = build_tree(file.stem, display, doc.data)
    for text in tree.texts:
        _check_text(display, text.value, text.pos, problems)
    for node in tree.nodes.values():
        for text in node.texts:
            _check_text(display, text.value, text.pos, problems)
    return _FileResult(problems, tree=tree)


def _check_file_job(job: tuple[Path, str, str]) -> _FileResult:
    return _check_file(*job)


def _worker_init() -> None:
    gc.disable()


def _use_pool(jobs: Sequence[tuple[Path, str, str]]) -> bool:
    if len(jobs) < PARALLEL_MIN_FILES or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    total = 0
    for file, _, _ in jobs:
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total >= PARALLEL_MIN_BYTES


def _check_files(jobs: Sequence[tuple[Path, str, str]], parallel: bool | None) -> list[_FileResult]:
    """_check_file for every job, in order; across processes when that pays (parallel=None decides)."""
    if parallel is None:
        parallel = _use_pool(jobs)
    if parallel and len(jobs) > 1:
        workers = min(os.cpu_count() or 1, len(jobs))
        chunk = max(1, len(jobs) // (workers * 4))
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
                return list(pool.map(_check_file_job, jobs, chunksize=chunk))
        except (OSError, BrokenProcessPool, pickle.PicklingError, ValueError):
            pass  # no processes to be had here: the same work, in this one
    return [_check_file(*job) for job in jobs]


def _load_project(paths: Sequence[Path], today: dt.date | None, parallel: bool | None = None) -> Project:
    project = Project()
    problems = project.problems
    files = discover(paths)
    have_causes = False
    jobs: list[tuple[Path, str, str]] = []
    registered: set[str] = set()
    for file in files:
        if not file.exists():
            problems.append(Problem(_display(file), 1, 1, "unreadable", "no such file or folder"))
            continue
        display = _display(file)
        if file.name == CAUSES_FILE:
            have_causes = True
            jobs.append((file, display, _CAUSES))
            continue
        tree_id = file.stem
        if not _SLUG.match(tree_id):
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "bad-tree-id",
                    f"file name {file.name!r} must be a tree id: lowercase letters, digits, hyphens",
                )
            )
        if tree_id in registered or tree_id in RESERVED_IDS:
            problems.append(
                Problem(display, 1, 1, "duplicate-tree", f"tree id {tree_id!r} is already used or reserved")
            )
            jobs.append((file, display, _DUPLICATE))
            continue
        registered.add(tree_id)
        jobs.append((file, display, _TREE))
    for (file, _, role), result in zip(jobs, _check_files(jobs, parallel), strict=True):
        problems += result.problems
        if role == _CAUSES:
            if result.causes is not None:
                project.causes.update(result.causes)
        elif role == _TREE:
            if result.tree is not None:
                project.trees[file.stem] = result.tree
            else:
                project.broken_trees.add(file.stem)
    if not have_causes and project.trees:
        first = next(iter(project.trees.values()))
        problems.append(
            Problem(
                first.path,
                1,
                1,
                "missing-causes",
                f"no {CAUSES_FILE} beside the trees: resolutions must name causes from it",
            )
        )
    for tree in project.trees.values():
        _check_tree(project, tree, today or dt.date.today())
    _check_graph(project)
    project.problems = sorted(set(problems))
    return project


def _problem(tree: Tree, pos: Pos, code: str, message: str, level: Level = Level.ERROR) -> Problem:
    return Problem(tree.path, pos.line, pos.col, code, message, level)


def _check_text(path: str, text: str, pos: Pos, out: list[Problem]) -> None:
    for offset, message in find_unsafe(text):
        before = text[:offset]
        newlines = before.count("\n")
        col = pos.col + offset if newlines == 0 else pos.col + offset - (before.rfind("\n") + 1)
        out.append(Problem(path, pos.line + newlines, col, "unsafe-markup", message))


def _check_link(project: Project, tree: Tree, link: Link, code: str, what: str) -> Key | None:
    key = project.resolve(link.target, tree.id)
    if key is None and not project.targets_broken_tree(link.target):
        project.problems.append(
            _problem(tree, link.pos, code, f"{what} {link.target!r} does not match any node or tree")
        )
    return key


def _check_tree(project: Project, tree: Tree, today: dt.date) -> None:
    out = project.problems
    try:
        reviewed = dt.date.fromisoformat(tree.reviewed)
        if reviewed > today:
            out.append(
                _problem(
                    tree,
                    tree.reviewed_pos,
                    "future-review",
                    f"reviewed date {tree.reviewed} is in the future",
                )
            )
    except ValueError:
        out.append(_problem(tree, tree.reviewed_pos, "bad-date", f"{tree.reviewed!r} is not a real date"))
    if tree.start not in tree.nodes:
        out.append(
            _problem(
                tree, tree.start_pos, "missing-start", f"start node {tree.start!r} is not defined under nodes"
            )
        )
    for faq in tree.faq:
        _check_link(project, tree, faq.link, "unknown-target", "FAQ link")
    for link in tree.related:
        _check_link(project, tree, link, "unknown-target", "related link")
    for node in tree.nodes.values():
        if node.id in RESERVED_IDS:
            out.append(
                _problem(
                    tree,
                    node.pos,
                    "reserved-id",
                    f"node id {node.id!r} is reserved for a generated page; pick another",
                )
            )
        edges: list[Edge] = []
        for link in node.links:
            key = _check_link(project, tree, link, "unknown-target", "next node")
            if key is not None:
                edges.append((key, link))
        if node.kind is Kind.QUESTION:
            if not node.links:
                out.append(
                    _problem(
                        tree,
                        node.pos,
                        "dead-end",
                        f"question {node.id!r} has no answers, so the visitor has no way on",
                    )
                )
            elif len(node.links) < 2:
                out.append(
                    _problem(
                        tree,
                        node.pos,
                        "few-answers",
                        f"question {node.id!r} has one answer; a question needs at least two",
                    )
                )
            seen: dict[str, Link] = {}
            for link in node.links:
                norm = " ".join(link.label.lower().split())
                if norm in seen:
                    out.append(
                        _problem(
                            tree,
                            link.pos,
                            "duplicate-answer",
                            f"two answers read {link.label!r} (first at line {seen[norm].pos.line})",
                        )
                    )
                seen.setdefault(norm, link)
        if node.kind is Kind.STEP:
            fixed = project.resolve(node.links[0].target, tree.id)
            if fixed is not None and project.node(fixed).kind is not Kind.RESOLUTION:
                out.append(
                    _problem(
                        tree,
                        node.links[0].pos,
                        "fixed-not-resolution",
                        f"'fixed' of step {node.id!r} must lead to a resolution",
                    )
                )
        for link in node.still_stuck:
            _check_link(project, tree, link, "unknown-target", "still_stuck link")
        for cause, pos in node.causes:
            if cause not in project.causes:
                out.append(_problem(tree, pos, "unknown-cause", f"cause {cause!r} is not in {CAUSES_FILE}"))
        project.edges[node.key] = edges


def _check_graph(project: Project) -> None:
    out = project.problems
    starts = [(t.id, t.start) for t in project.trees.values() if t.start in t.nodes]
    everything = list(project.edges)
    # A cycle is a branch that never ends; report each once, at the link that closes it.
    cycles = graph.find_cycles(starts + everything, project.edges)
    for nodes, link in cycles:
        tree = project.trees[nodes[-2][0]]
        route = " -> ".join(n[1] if n[0] == tree.id else f"{n[0]}/{n[1]}" for n in nodes)
        out.append(_problem(tree, link.pos, "cycle", f"this link makes a loop that never ends: {route}"))
    for tree in project.trees.values():
        if tree.start not in tree.nodes:
            continue
        seen = graph.reachable((tree.id, tree.start), project.edges)
        for node in tree.nodes.values():
            if node.key not in seen:
                out.append(
                    _problem(
                        tree,
                        node.pos,
                        "unreachable",
                        f"node {node.id!r} cannot be reached from start {tree.start!r}",
                    )
                )
        if not cycles:
            stats = graph.path_stats(
                (tree.id, tree.start), project.edges, lambda k: project.node(k).kind is Kind.QUESTION
            )
            if stats.max_questions > MAX_QUESTIONS:
                out.append(
                    _problem(
                        tree,
                        tree.start_pos,
                        "deep-path",
                        f"a path asks {stats.max_questions} questions (more than {MAX_QUESTIONS}); "
                        "visitors give up long before that",
                        Level.WARNING,
                    )
                )
    # The rule itself. The checks above name the reason when it fails; this one guards against a gap in them.
    reported = {p.path for p in out if p.is_error}
    for tree_id, ends in _every_branch_ends(project, acyclic=not cycles).items():
        tree = project.trees[tree_id]
        if not ends and tree.path not in reported:
            out.append(
                _problem(
                    tree,
                    tree.start_pos,
                    "no-resolution",
                    "some path from the start does not end at a resolution",
                )
            )


def every_branch_ends(project: Project) -> dict[str, bool]:
    """The rule itself, per tree: every path from the start ends at a resolution."""
    return _every_branch_ends(project, acyclic=False)


def _every_branch_ends(project: Project, acyclic: bool) -> dict[str, bool]:
    # acyclic: project.edges is known to have no cycle. The edges here add only links to nodes that are not
    # there, which lead nowhere, so they have none either.
    # project.edges leaves out links that resolve to nothing; here they count, as ways to a node that is not
    # there (no tree id is empty). Links into a broken tree stay out: that tree's own problems say why.
    edges: dict[Key, list[Edge]] = {}
    for key in project.edges:
        edges[key] = []
        for link in project.node(key).links:
            target = project.resolve(link.target, key[0])
            if target is not None or not project.targets_broken_tree(link.target):
                edges[key].append((target or ("", link.target), link))
    return {
        tree.id: graph.all_paths_end(
            (tree.id, tree.start),
            edges,
            lambda k: k in edges and project.node(k).kind is Kind.RESOLUTION,
            acyclic,
        )
        for tree in project.trees.values()
        if tree.start in tree.nodes
    }
