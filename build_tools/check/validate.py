"""Check a project: load every file, link, then run every registered rule.

Problems are values: each rule adds to one list, so a contributor sees every mistake of every file in one
run. A tree whose file is broken is still registered by id, so links into it don't also fail. The rules
themselves live in `rules/`; this module only runs them in order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import ids
from ..core.loader import MAX_BYTES
from ..core.problems import Problem
from ..core.project import Key, Project, build_date
from ..core.settings import Ignore, Settings
from ..core.sources import SOURCES_FILE
from ..core.translations import Translations, add_file, folder_entries, is_language
from ..text import sanitize
from . import cache as file_cache
from .config import apply, for_trees
from .load import Job, Role, discover, display_path, map_files, not_regular, read_small

if TYPE_CHECKING:
    from ..rules import Finding, Rule

__all__ = ["Key", "Project", "check_site", "load_project", "load_site"]


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
    With a `cache` folder, what each unchanged file found on its own is read from there (check/cache.py),
    and when no input changed at all, what the rules found too; `project.from_cache`, `project.read_afresh`
    and `project.rules_from_cache` say which.
    """
    project = _run(paths, today, parallel, settings, cache, models=True)
    assert isinstance(project, Project)
    return project


def check_site(
    paths: Sequence[Path],
    *,
    config: Path | None = None,
    journeys: Path | None = None,
    today: dt.date | None = None,
    parallel: bool | None = None,
    cache: Path | None = None,
) -> file_cache.Verdict:
    """What `check` reports on the site of `paths`: `load_site`'s problems and counts. When the cache holds
    a verdict for exactly these inputs, that is all it reads: no model is loaded, no rule runs."""
    settings, problems = _site_settings(paths, config, journeys)
    found = _run(paths, today, parallel, settings, cache, models=False)
    if isinstance(found, Project):
        nodes = sum(len(tree.nodes) for tree in found.trees.values())
        found = file_cache.Verdict(found.problems, found.silenced, len(found.trees), nodes)
    found.problems = sorted(set(found.problems + problems))
    return found


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
    default the one beside the first trees folder) and its journeys (settings.py). What `stats` runs."""
    settings, problems = _site_settings(paths, config, journeys)
    project = load_project(paths, today, parallel, settings, cache)
    project.problems = sorted(set(project.problems + problems))
    return project


def _site_settings(
    paths: Sequence[Path], config: Path | None, journeys: Path | None
) -> tuple[Settings, list[Problem]]:
    folders = [p for p in paths if p.is_dir()] or [p.parent for p in paths]
    return for_trees(folders[0] if folders else Path("trees"), config, journeys)


def _run(
    paths: Sequence[Path],
    today: dt.date | None,
    parallel: bool | None,
    settings: Settings | None,
    cache: Path | None,
    models: bool,
) -> Project | file_cache.Verdict:
    """`load_project`; without `models`, a stored verdict for exactly these inputs when there is one."""
    # Loading allocates millions of small objects and no reference cycles; without this the collector
    # rescans them again and again and checking 100,000 nodes takes 4x longer.
    enabled = gc.isenabled()
    gc.disable()
    try:
        project = Project(today=today or build_date(), settings=settings or Settings())
        jobs = [dataclasses.replace(job, data=read_small(job.file)) for job in _plan(project, paths)]
        keys = [_file_key(job, cache) for job in jobs]
        verdict_at, want = _verdict_key(project, paths, jobs, keys, cache)
        verdict = file_cache.read_verdict(verdict_at, want) if verdict_at is not None else None
        if verdict is not None and not models:
            return verdict
        ignores = _load(project, jobs, keys, parallel, cache)
        project.link()
        if verdict is not None:
            project.problems, project.silenced = verdict.problems, verdict.silenced
            project.rules_from_cache = True
            return project
        _run_rules(project)
        problems, project.silenced = apply(project.settings, project.problems, ignores)
        project.problems = sorted(set(problems))
        if verdict_at is not None:
            nodes = sum(len(tree.nodes) for tree in project.trees.values())
            stored = file_cache.Verdict(project.problems, project.silenced, len(project.trees), nodes)
            file_cache.write_verdict(verdict_at, want, stored)
        return project
    finally:
        if enabled:
            gc.enable()


def _file_key(job: Job, cache: Path | None) -> bytes | None:
    return file_cache.key(job, job.data) if cache is not None and job.data is not None else None


def _verdict_key(
    project: Project,
    paths: Sequence[Path],
    jobs: Sequence[Job],
    keys: Sequence[bytes | None],
    cache: Path | None,
) -> tuple[Path | None, bytes]:
    """Where this run's verdict is kept, and the hash of every input the linking and the TREE and PROJECT
    rules read (check/cache.py). No place when some file could not be keyed (unreadable, too large)."""
    if cache is None or any(k is None for k in keys):
        return None, b""
    settings = project.settings
    # The site's languages and the language folders are read by rules/translations_site.py; a folder's
    # files are hashed below, but an empty folder has none, so the folders are named here too.
    languages = sorted(settings.languages.items()) if settings.languages is not None else None
    place = repr(
        (
            [str(p) for p in paths],
            sorted(settings.levels.items()),
            str(settings.journeys),
            languages,
            sorted(project.translations),
        )
    )
    digest = hashlib.sha256(b"verdict\0" + file_cache.engine_version().encode())
    digest.update(sanitize.markdown_setup().encode())
    # Paths are shown relative to where `check` runs, so that place is an input too.
    where = f"\0{place}\0{settings.config_path}\0{project.today.isoformat()}\0{os.getcwd()}\0"
    digest.update(where.encode("utf-8", "surrogateescape"))
    for key in keys:
        digest.update(key or b"")
    for problem in project.problems:  # what the listing found (names, links, missing files)
        digest.update(problem.gcc().encode("utf-8", "surrogateescape") + b"\n")
    keyed = {job.file.resolve() for job in jobs}
    for folder in paths:
        if folder.is_dir() and not folder.is_symlink():
            _hash_folder(digest, folder, keyed)
    if settings.journeys is not None:
        _hash_folder(digest, settings.journeys, set())
    return file_cache.verdict_slot(cache, place), digest.digest()


def _hash_folder(digest: Any, folder: Path, skip: set[Path]) -> None:
    """Every file under `folder` but those in `skip` (already keyed), by path and bytes: a rule may read
    a file `check` does not load (a journey, a translation), and an added or removed one changes the key.
    Only regular files are read (a pipe would never end); a link counts by where it points, a file over
    the size limit by its size and time."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            file = Path(root, name)
            digest.update(b"\0file\0" + os.fsencode(file) + b"\0")
            try:
                info = file.lstat()
                if stat.S_ISLNK(info.st_mode):
                    digest.update(b"link " + os.fsencode(os.readlink(file)))
                elif not stat.S_ISREG(info.st_mode):
                    digest.update(f"mode {info.st_mode}".encode())
                elif info.st_size > MAX_BYTES:
                    digest.update(f"large {info.st_size} {info.st_mtime_ns}".encode())
                elif file.resolve() not in skip:
                    digest.update(file.read_bytes())
            except OSError as exc:
                digest.update(f"unreadable {exc.errno}".encode())


def _load(
    project: Project,
    jobs: Sequence[Job],
    keys: Sequence[bytes | None],
    parallel: bool | None,
    cache: Path | None,
) -> list[Ignore]:
    """Load every file into `project`; returns the `# check: ignore[...]` comments found in them."""
    entries = _check_all(project, jobs, keys, parallel, cache)
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
        elif job.role is Role.TRANSLATION:
            add_file(project.translations[job.lang], job.file.stem, result.translation)
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
    project: Project,
    jobs: Sequence[Job],
    keys: Sequence[bytes | None],
    parallel: bool | None,
    folder: Path | None,
) -> list[file_cache.Entry]:
    """`check_file` and the ignore comments of every job, from the cache where its key matches."""
    entries: list[file_cache.Entry | None] = []
    for job, want in zip(jobs, keys, strict=True):
        entry = file_cache.read(folder, job, want) if folder is not None and want is not None else None
        entries.append(entry)
        (project.from_cache if entry else project.read_afresh).append(job.display)
    todo = [i for i, entry in enumerate(entries) if entry is None]
    work = functools.partial(file_cache.checked, folder)  # checks, and stores where it checked
    found, project.loaded_in_parallel = map_files(work, [jobs[i] for i in todo], parallel)
    for i, returned in zip(todo, found, strict=True):
        entries[i] = file_cache.entry_of(returned)
    return [entry for entry in entries if entry is not None]


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
    for folder in paths:
        if folder.is_dir() and not folder.is_symlink():
            jobs += _plan_translations(project, folder)
    return jobs


def _plan_translations(project: Project, folder: Path) -> list[Job]:
    """The files of every language folder (trees/<lang>/) of `folder`, and the problems of their names."""
    jobs: list[Job] = []
    for sub in sorted(folder.iterdir()):
        if not is_language(sub.name):
            continue  # not a language: left alone, as before translations existed
        display = display_path(sub)
        if sub.is_symlink():
            message = (
                f"{sub.name} is a symbolic link; a language folder must be a folder inside the trees folder"
            )
            project.problems.append(Problem(display, 1, 1, "not-a-file", message))
            continue
        if not sub.is_dir():
            continue
        project.translations[sub.name] = Translations(sub.name, display)
        for entry in folder_entries(sub):
            shown = display_path(entry.path)
            if entry.problem is not None:
                project.problems.append(
                    Problem(shown, 1, 1, entry.code, f"{entry.path.name} {entry.problem}")
                )
            else:
                jobs.append(Job(entry.path, shown, Role.TRANSLATION, lang=sub.name))
    return jobs


def _run_rules(project: Project) -> None:
    from ..rules import Scope, rules  # here: a warm run that finds its verdict runs no rule (cache.py)

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
