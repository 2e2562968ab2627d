"""Find the tree files and load each on its own: YAML, structure, model, and the TEXT rules.

Everything here needs one file only, so files can be loaded across processes when there are enough of
them to pay for it. The result per file is small and picklable.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from ..core import ids
from ..core.loader import MAX_BYTES, Document, LocDict, Pos, load_bytes, load_file
from ..core.model import Cause, Text, Tree, build_causes, build_tree, causes_texts
from ..core.problems import Level, Problem
from ..core.project import Project
from ..core.schema import CAUSES_SCHEMA, SOURCES_SCHEMA, TREE_SCHEMA, check_structure
from ..core.sources import Source, build_sources, sources_texts
from ..core.translations import CausesTranslation, TreeTranslation, read_translation

if TYPE_CHECKING:
    from ..rules import Rule

# The rules (every module of rules/) are imported where a file is checked, not with this module: a warm
# `check` reads its verdict from the cache (check/cache.py) and runs none of them.

T = TypeVar("T")
TREE_SUFFIXES = (".yaml", ".yml")

# Below these a process pool costs more than it saves.
PARALLEL_MIN_FILES = 5
PARALLEL_MIN_BYTES = 1_000_000


class Role(StrEnum):
    TREE = "tree"
    CAUSES = "causes"
    SOURCES = "sources"
    TRANSLATION = "translation"  # trees/<lang>/*.yaml (core/translations.py)
    DUPLICATE = "duplicate"  # a second file with a tree id already taken: read for its own problems only


@dataclass(frozen=True)
class Job:
    file: Path
    display: str
    role: Role
    # The file's bytes when the caller has read them already (the cache keys on them): then these are
    # what is checked, so a file changed meanwhile can't be stored under its old key.
    data: bytes | None = None
    lang: str = ""  # a translation's language (its folder)

    def load(self, duplicate_codes: Mapping[tuple[str, ...], str] | None = None) -> Document:
        if self.data is None:
            return load_file(self.file, self.display, duplicate_codes)
        return load_bytes(self.data, self.display, duplicate_codes)


@dataclass
class FileResult:
    problems: list[Problem]
    tree: Tree | None = None
    causes: dict[str, Cause] | None = None
    sources: dict[str, Source] | None = None
    translation: TreeTranslation | CausesTranslation | None = None


def is_tree_name(name: str) -> bool:
    """A file name `check` and `diff` both read as a tree file: .yaml or .yml in any case (`A.YAML` too)."""
    return name.lower().endswith(TREE_SUFFIXES)


def discover(paths: Sequence[Path]) -> list[Path]:
    """Tree files in the given folders, and files. Every entry with a tree name is listed, links and
    folders too, so that `not_regular` can report them rather than have them skipped or followed."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            files += sorted(p for p in path.iterdir() if is_tree_name(p.name))
        else:
            files.append(path)
    return files


def not_regular(path: Path) -> str | None:
    """Why `path` can't be a tree file, or None: trees are regular files inside the trees folder, never a
    symbolic link (it would publish whatever it points at, outside the repository too), a folder or a
    device (reading a pipe would never end)."""
    if path.is_symlink():
        return "is a symbolic link; trees must be regular files inside the trees folder"
    if path.exists() and not path.is_file():
        return "is not a regular file; trees must be regular files inside the trees folder"
    return None


def read_small(path: Path) -> bytes | None:
    """A file's bytes, or None when it can't be read or is over the size limit (then it is not read at
    all: `load_file` reports it from its size)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check_texts(path: str, texts: Sequence[Text], out: list[Problem]) -> None:
    """Run every TEXT rule on every text; each finding is located at its offset inside the text."""
    for rule in _rules("text"):
        check = rule.text_check()
        for text in texts:
            for offset, message in check(text):
                at = text.pos_at(offset)
                out.append(Problem(path, at.line, at.col, rule.code, message, rule.level))


def _migrate(doc: Document) -> list[Problem]:
    """Old keys still load, with a warning: a resolution's `kind` is now `outcome`."""
    out: list[Problem] = []
    nodes = doc.data.get("nodes") if isinstance(doc.data, LocDict) else None
    if not isinstance(nodes, LocDict):
        return out
    for node in nodes.values():
        if isinstance(node, LocDict) and "resolution" in node and "kind" in node and "outcome" not in node:
            pos: Pos = node.key_pos["kind"]
            value = node.pop("kind")
            node["outcome"] = "contact-support" if value == "contact-tiktok" else value
            node.key_pos["outcome"], node.value_pos["outcome"] = pos, node.value_pos.pop("kind")
            del node.key_pos["kind"]
            message = "'kind' is now called 'outcome' (and contact-tiktok is contact-support); rename it"
            out.append(Problem(doc.path, pos.line, pos.col, "deprecated-key", message, Level.WARNING))
    return out


def check_file(job: Job) -> FileResult:
    """Load one file, check its structure and text, build its model: all that needs no other file."""
    if job.role is Role.CAUSES:
        return _check_list_file(
            job, CAUSES_SCHEMA, causes_texts, lambda data: FileResult([], causes=build_causes(data))
        )
    if job.role is Role.SOURCES:
        return _check_list_file(
            job, SOURCES_SCHEMA, sources_texts, lambda data: FileResult([], sources=build_sources(data))
        )
    if job.role is Role.TRANSLATION:
        return _check_translation(job)
    doc = job.load(duplicate_codes={("nodes",): "duplicate-node"})
    problems = list(doc.problems)
    if job.role is Role.DUPLICATE or not doc.ok:
        return FileResult(problems)
    nodes = doc.data.get("nodes") if isinstance(doc.data, LocDict) else None
    from ..rules.budget import MAX_NODES

    if isinstance(nodes, LocDict) and len(nodes) > MAX_NODES:
        extra = list(nodes.key_pos.values())[MAX_NODES]  # the first node over the limit
        message = f"{len(nodes):,} nodes in one tree (at most {MAX_NODES}); split it into trees"
        problems.append(Problem(job.display, extra.line, extra.col, "too-many-nodes", message))
        return FileResult(problems)  # neither checked nor modelled, its text never converted
    problems += _migrate(doc)
    structure = check_structure(doc, TREE_SCHEMA)
    problems += structure
    if structure or not isinstance(doc.data, LocDict):
        return FileResult(problems)
    tree = build_tree(ids.tree_id(job.file), job.display, doc.data)
    check_texts(job.display, tree.texts, problems)
    for node in tree.nodes.values():
        check_texts(job.display, node.texts, problems)
    check_own_tree(tree, problems)
    return FileResult(problems, tree=tree)


def _check_translation(job: Job) -> FileResult:
    """A translation file on its own: YAML, structure, and the TEXT rules on every translated text (the
    same markup, hidden-character and link rules as English). What needs the English tree runs later."""
    model, problems = read_translation(job.load(), job.file.stem, job.lang)
    if model is not None:
        check_texts(job.display, model.texts(), problems)
    return FileResult(problems, translation=model)


def _rules(scope: Literal["text", "tree"]) -> list[Rule]:
    from ..rules import Scope, rules

    return list(rules(Scope(scope)))


def check_own_tree(tree: Tree, out: list[Problem]) -> None:
    """The TREE rules that read this tree alone (`own_tree`); they get a project with nothing in it."""
    alone = Project()
    for rule in _rules("tree"):
        if rule.own_tree:
            for finding in rule.tree_check()(alone, tree):
                where = finding.path or tree.path
                out.append(
                    Problem(where, finding.pos.line, finding.pos.col, rule.code, finding.message, rule.level)
                )


def _check_list_file(
    job: Job,
    schema: str,
    texts: Callable[[LocDict], list[Text]],
    build: Callable[[LocDict], FileResult],
) -> FileResult:
    """causes.yaml or sources.yaml: read, structure, the TEXT rules on what it shows, then its model."""
    doc = job.load()
    if not doc.ok:
        return FileResult(doc.problems)
    structure = check_structure(doc, schema)
    if structure:
        return FileResult(doc.problems + structure)
    result = build(doc.data)
    result.problems = list(doc.problems)
    check_texts(job.display, texts(doc.data), result.problems)
    return result


def _worker_init() -> None:
    import gc

    gc.disable()


def use_pool(jobs: Sequence[Job]) -> bool:
    if len(jobs) < PARALLEL_MIN_FILES or (os.cpu_count() or 1) < 2:
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    total = 0
    for job in jobs:
        with contextlib.suppress(OSError):
            total += job.file.stat().st_size
    return total >= PARALLEL_MIN_BYTES


def check_files(jobs: Sequence[Job], parallel: bool | None) -> tuple[list[FileResult], bool]:
    """check_file for every job, in order, and whether a process pool did the work.

    parallel=None decides by size. Where no process can be started, the same work runs here; the caller
    learns that from the second value (the tests assert it, so a broken pool cannot pass unnoticed).
    """
    return map_files(check_file, jobs, parallel)


def map_files(work: Callable[[Job], T], jobs: Sequence[Job], parallel: bool | None) -> tuple[list[T], bool]:
    """`check_files` with `work` in place of check_file: a function around it (defined at a module's top
    level, or a partial of one, so the pool can send it), such as the cache's, which stores what it found
    in the process that found it."""
    if parallel is None:
        parallel = use_pool(jobs)
    if jobs:
        from .. import rules  # noqa: F401  (registered once here, before any worker is forked)
    if parallel and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        workers = min(os.cpu_count() or 1, len(jobs))
        chunk = max(1, len(jobs) // (workers * 4))
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
                return list(pool.map(work, jobs, chunksize=chunk)), True
        except (OSError, BrokenProcessPool, pickle.PicklingError, ValueError):
            pass
    return [work(job) for job in jobs], False
