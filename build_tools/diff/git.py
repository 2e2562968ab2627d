"""Load the trees as they were at a git revision, without a checkout.

One `git ls-tree` lists the folder and one `git cat-file --batch` reads every file of it, so loading a
revision costs two processes whatever the number of trees.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ..check.load import is_tree_name
from ..check.validate import Project, load_project
from .render import WORKING_TREE

LINK_MODE = "120000"  # git's mode of a symbolic link


class RevisionError(Exception):
    """A revision (or the repository itself) that cannot be read; the message is one line for the user."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except OSError as exc:  # no git at all
        raise RevisionError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = lines[-1] if lines else f"git {args[0]} failed"
        raise RevisionError(message.removeprefix("fatal: "))
    return done.stdout


def repo_root(folder: Path) -> Path:
    """The top of the work tree that holds `folder` (or the current folder if `folder` is gone)."""
    start = folder if folder.is_dir() else Path.cwd()
    return Path(_git(["rev-parse", "--show-toplevel"], start).decode().strip())


def resolve(rev: str, root: Path) -> str:
    """The full commit id of `rev`; RevisionError when it names no commit."""
    if rev.startswith("-"):  # never let a revision be read as an option
        raise RevisionError(f"cannot read revision {rev!r}: not a revision")
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).decode().strip()
    except RevisionError:
        raise RevisionError(f"cannot read revision {rev!r}: no such commit in {root}") from None


def short(commit: str, root: Path) -> str:
    return _git(["rev-parse", "--short", commit], root).decode().strip()


def export(commit: str, folder: Path, root: Path, into: Path) -> int:
    """Write the tree files of `folder` at `commit` into `into`; return how many. Subfolders are not trees."""
    try:
        prefix = folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise RevisionError(f"{folder} is not inside the git repository {root}") from None
    spec = f"{commit}:{prefix}" if prefix != "." else commit
    try:
        listing = _git(["ls-tree", "-z", spec], root)
    except RevisionError:
        return 0  # the folder did not exist yet at that commit: no trees
    blobs: list[tuple[str, str, bool]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.decode("utf-8", "surrogateescape").partition("\t")
        mode, kind, sha = meta.split()
        if kind == "blob" and is_tree_name(name) and "/" not in name:
            blobs.append((sha, name, mode == LINK_MODE))
        elif kind == "tree" and is_tree_name(name):
            (into / name).mkdir()  # a folder with a tree's name: `check` reports it, on both sides
    if not blobs:
        return 0
    out = _git(["cat-file", "--batch"], root, stdin="".join(f"{sha}\n" for sha, _, _ in blobs).encode())
    at = 0
    for _, name, link in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        content = out[header_end + 1 : header_end + 1 + size]
        if link:  # written as the link it is (never followed), so `check` reports it here as well
            os.symlink(os.fsdecode(content), into / name)
        else:
            (into / name).write_bytes(content)
        at = header_end + 1 + size + 1  # the content is followed by a newline
    return len(blobs)


def _load_at(rev: str, folder: Path, root: Path) -> tuple[Project, str]:
    """The project at `rev`, and how to name it: as typed, with the short commit id."""
    commit = resolve(rev, root)
    abbrev = short(commit, root)
    with tempfile.TemporaryDirectory(prefix="trees-") as tmp:
        export(commit, folder, root, Path(tmp))
        project = load_project([Path(tmp)])
    return project, abbrev if rev in (abbrev, commit) else f"{rev} ({abbrev})"


def load_revisions(base: str, head: str | None, folder: Path) -> tuple[Project, str, Project, str]:
    """Both sides as projects with their labels; RevisionError when one cannot be read."""
    root = repo_root(folder)
    base_project, base_label = _load_at(base, folder, root)
    if head is not None:
        return (base_project, base_label, *_load_at(head, folder, root))
    if not folder.is_dir():
        raise RevisionError(f"no folder {folder} in the working tree")
    return base_project, base_label, load_project([folder]), WORKING_TREE
