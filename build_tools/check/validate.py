"""Check a project: load every file, link, then run every registered rule.

Problems are values: each rule adds to one list, so a contributor sees every mistake of every file in one
run. A tree whose file is broken is still registered by id, so links into it don't also fail. The rules
themselves live in `rules/`; this module only runs them in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core import ids
from ..core.problems import Problem
from ..core.project import Key, Project, build_date
from ..core.settings import Ignore, Settings
from ..core.sources import SOURCES_FILE
from ..rules import Finding, Rule, Scope, rules
from ..rules.paths import MAX_CLICKS, every_branch_ends
from . import cache as file_cache
from .config import apply, find_ignores, for_trees
from .load import Job, Role, check_files, discover, display_path, not_regular, read_small

__all__ = ["MAX_CLICKS", "Key", "Project", "every_branch_ends", "load_project", "load_site"]


def load_project(
    paths: Sequence[Path],
    today: dt.date | None = None,
    parallel: bool | None = None,
    settings: Settings | None = None,
    cache: Path | None = None,
) -> Project:
    """Load, link and check every tree under `paths` (files or folders), with a site's `settings` (rule
    levels, the journeys folder: see settings.py; by default none).

    Files are loaded across processes when there are enough of them to pay for it; `parallel` forces that
    choice either way (the problems are the same). `project.loaded_in_parallel` says what happened.
    With a `cache` folder, what each unchanged file found on its own is read from there (check/cache.py);
    `project.from_cache` and `project.read_afresh` say which files were which.
    """
    # Loading allocates millions of small objects and no reference cycles; without this the collector
    # rescans them again and again and checking 100,000 nodes takes 4x longer.
    enabled = gc.isenabled()
    gc.disable()
    try:
        project = Project(today=today or build_date(), settings=settings or Settings())
        ignores = _load(project, paths, parallel, cache)
        project.link()
        _run_rules(project)
        problems, project.silenced = apply(project.settings, project.problems, ignores)
        project.problems = sorted(set(problems))
        return project
    finally:
        if enabled:
            gc.enable()


def load_site(
    paths: Sequence[Path],
    *,
    config: Path | None = None,
    journeys: Path | None = None,
    today: dt.date | None = None,
    parallel: bool | None = None,
    cache: Path | None = None,
) -> Project:
    """`load_project` with the settings of the site the trees belong to: its mkdocs.yml (`config`, by
    default the one beside the first trees folder) and its journeys (settings.py). What `check` runs."""
    folders = [p for p in paths if p.is_dir()] or [p.parent for p in paths]
    settings, problems = for_trees(folders[0] if folders else Path("trees"), config, journeys)
    project = load_project(paths, today, parallel, settings, cache)
    project.problems = sorted(set(project.problems + problems))
    return project


def _load(project: Project, paths: Sequence[Path], parallel: bool | None, cache: Path | None) -> list[Ignore]:
    """Load every file into `project`; returns the `# check: ignore[...]` comments found in them."""
    jobs = _plan(project, paths)
    entries = _check_all(project, jobs, parallel, cache)
    ignores: list[Ignore] = []
    for job, entry in zip(jobs, entries, strict=True):
        result = entry.result
        project.problems += result.problems
        ignores += entry.ignores
        if job.role is Role.CAUSES:
            if result.causes is None:
                project.causes_broken = True
            else:
                project.causes.update(result.causes)
        elif job.role is Role.SOURCES:
            project.sources = result.sources or {}
            project.sources_broken = result.sources is None
        elif job.role is Role.TREE:
            if result.tree is not None:
                project.trees[result.tree.id] = result.tree
            else:
                project.broken_trees.add(ids.tree_id(job.file))
    if project.trees and not any(job.role is Role.CAUSES for job in jobs):
        first = next(iter(project.trees.values()))
        message = f"no {ids.CAUSES_FILE} beside the trees: resolutions must name causes from it"
        project.problems.append(Problem(first.path, 1, 1, "missing-causes", message))
        project.causes_broken = True  # one problem here, not one per resolution
    return ignores


def _check_all(
    project: Project, jobs: Sequence[Job], parallel: bool | None, folder: Path | None
) -> list[file_cache.Entry]:
    """`check_file` and the ignore comments of every job, from the cache where its key matches."""
    keys: list[bytes | None] = []
    entries: list[file_cache.Entry | None] = []
    jobs = [dataclasses.replace(job, data=read_small(job.file)) for job in jobs]
    for job in jobs:
        data = job.data
        want = file_cache.key(job, data) if folder is not None and data is not None else None
        keys.append(want)
        entry = file_cache.read(folder, job, want) if folder is not None and want is not None else None
        entries.append(entry)
        (project.from_cache if entry else project.read_afresh).append(job.display)
    todo = [i for i, entry in enumerate(entries) if entry is None]
    results, project.loaded_in_parallel = check_files([jobs[i] for i in todo], parallel)
    for i, result in zip(todo, results, strict=True):
        entry = file_cache.Entry(result, _ignores(jobs[i]))
        entries[i] = entry
        want = keys[i]
        if folder is not None and want is not None:
            file_cache.write(folder, jobs[i], want, entry)
    return [entry for entry in entries if entry is not None]


def _ignores(job: Job) -> list[Ignore]:
    if job.role is Role.DUPLICATE or job.data is None:
        return []  # unreadable or too large: its own problem says why
    return find_ignores(job.display, job.data.decode("utf-8", "replace"))


def _plan(project: Project, paths: Sequence[Path]) -> list[Job]:
    """What each file is (a tree, the causes, the sources, a duplicate), and the problems of its name."""
    problems = project.problems
    jobs: list[Job] = []
    registered: set[str] = set()
    for file in discover(paths):
        display = display_path(file)
        irregular = not_regular(file)
        if irregular is not None:
            problems.append(Problem(display, 1, 1, "not-a-file", f"{file.name} {irregular}"))
        elif not file.exists():
            problems.append(Problem(display, 1, 1, "unreadable", "no such file or folder"))
        elif file.name == ids.CAUSES_FILE:
            project.causes_path = display
            jobs.append(Job(file, display, Role.CAUSES))
        elif file.name == SOURCES_FILE:
            project.sources_path = display
            jobs.append(Job(file, display, Role.SOURCES))
        else:
            tree_id = ids.tree_id(file)
            if not ids.is_slug(tree_id):
                message = (
                    f"file name {file.name!r} must be a tree id: lowercase letters, digits and single "
                    f"hyphens, at most {ids.MAX_LENGTH} characters"
                )
                problems.append(Problem(display, 1, 1, "bad-tree-id", message))
            if tree_id in registered or tree_id in ids.RESERVED_IDS:
                message = f"tree id {tree_id!r} is already used or reserved"
                problems.append(Problem(display, 1, 1, "duplicate-tree", message))
                jobs.append(Job(file, display, Role.DUPLICATE))
            else:
                registered.add(tree_id)
                jobs.append(Job(file, display, Role.TREE))
    return jobs


def _run_rules(project: Project) -> None:
    for rule in rules(Scope.TREE):
        if rule.own_tree:
            continue  # run while its file was loaded (check/load.py), cached with it
        tree_check = rule.tree_check()
        for tree in project.trees.values():
            _add(project, rule, tree.path, tree_check(project, tree))
    for rule in rules(Scope.PROJECT):
        _add(project, rule, None, rule.project_check()(project))


def _add(project: Project, rule: Rule, path: str | None, findings: Iterable[Finding]) -> None:
    for finding in findings:
        where = finding.path or path
        assert where is not None, f"rule {rule.code} must name the file of a project-wide finding"
        project.problems.append(
            Problem(where, finding.pos.line, finding.pos.col, rule.code, finding.message, rule.level)
        )
