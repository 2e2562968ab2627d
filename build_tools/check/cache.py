"""A per-file cache of what `check_file` found, so a warm `check` re-reads only the files that changed.

What is cached is exactly what depends on one file alone: its own problems (YAML, structure, TEXT rules,
at the rules' default levels), its model and its `# check: ignore[...]` comments. Everything that joins
files (linking, TREE and PROJECT rules) and the site's settings (levels, ignores) runs after the cache,
every time, so a cached entry can never hide a problem a fresh run would find.

An entry is found by the file's place (role and path as shown) and trusted only when its key matches: the
SHA-256 of the engine (every source and schema file of `build_tools`, the Python and library versions),
the role, the path as shown and the file's bytes. Entries live in `.cache/check/` beside the trees folder
(git ignores `.cache/`), one file per tree file, replaced atomically, so parallel runs can share them.

A second kind of entry, the *verdict*, keeps what a whole run found after linking and every TREE and
PROJECT rule (the site's levels and ignores applied), with the number of trees and nodes. Its key is every
input those steps read: each file's key above, what the listing of the trees folders found (every other
file under them, by bytes, and the problems of the files' names), the site's settings, the bytes of every
file in the journeys folder and the date the checks judge by. A warm run with nothing changed then reads
the verdict and skips the rules; `check` does not even load the models. Any change to any input is a miss,
and then every rule runs, as on a cold run.

A cache file is never trusted beyond what it says: a short, corrupt or foreign file (another version,
another key, anything that does not unpickle to the expected types) counts as a miss, and the unpickler
only builds the model's own classes, so a planted file cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import multiprocessing
import os
import pickle
import platform
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeGuard

from ..core.problems import Problem
from ..core.settings import Ignore, Silenced
from ..text import sanitize
from .config import find_ignores
from .load import FileResult, Job, Role, check_file

CACHE_DIR = ".cache"
SUBDIR = "check"
MAGIC = b"dt-check-cache 1\n"
VERDICT_MAGIC = b"dt-check-verdict 1\n"
# The libraries whose behaviour shapes a file's findings (YAML parsing, schema checks, text rules).
LIBRARIES = (
    *("PyYAML", "fastjsonschema", "jsonschema", "textstat", "pyphen", "nh3"),
    *("Markdown", "pymdown-extensions"),
)
# Classes an entry may hold: the model's dataclasses and enums, and nothing that runs code when built.
ALLOWED_MODULES = frozenset(
    {
        "build_tools.check.load",
        "build_tools.check.cache",
        "build_tools.core.model",
        "build_tools.core.located",
        "build_tools.core.problems",
        "build_tools.core.settings",
        "build_tools.core.sources",
        "build_tools.core.translations",
    }
)
ALLOWED_BUILTINS = frozenset({"set", "frozenset", "tuple", "list", "dict", "str", "int", "bool"})


@dataclass
class Entry:
    """What one file gave `check`, and its `# check: ignore[...]` comments."""

    result: FileResult
    ignores: list[Ignore] = field(default_factory=list)


@dataclass
class Verdict:
    """What a whole run reported (after levels and ignores), what they silenced, and what it counted."""

    problems: list[Problem]
    silenced: Silenced
    trees: int
    nodes: int


def cache_dir(trees_folder: Path) -> Path:
    """Where the cache of a trees folder lives: `.cache/check/` beside it (the project's root)."""
    return trees_folder.resolve().parent / CACHE_DIR / SUBDIR


@cache
def engine_version() -> str:
    """A hash of everything that decides what `check_file` finds: the engine's own files and versions."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        # The engine's own words too: `check` walks translated journeys with their step buttons.
        wanted = path.suffix in (".py", ".json") or (path.suffix == ".yaml" and path.parent.name == "locales")
        if wanted and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    digest.update(platform.python_version().encode())
    for name, version in _installed(LIBRARIES).items():
        digest.update(f"\0{name}={version}".encode())
    return digest.hexdigest()


def _installed(names: tuple[str, ...]) -> dict[str, str]:
    """The installed version of each library, from its `<name>-<version>.dist-info` folder on sys.path
    (how pip records it): what importlib.metadata reads, without its 0.02 s of imports and scanning."""
    wanted = {_normal(name): name for name in names}
    found = dict.fromkeys(names, "-")
    for place in reversed(sys.path):  # the first on sys.path is the one imported: let it win
        try:
            entries = os.listdir(place or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                name, _, version = entry[: -len(".dist-info")].partition("-")
                if _normal(name) in wanted:
                    found[wanted[_normal(name)]] = version
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def key(job: Job, data: bytes) -> bytes:
    digest = hashlib.sha256(engine_version().encode())
    # TEXT rules convert text with the site's Markdown (the plugin and `render` set it from mkdocs.yml).
    digest.update(sanitize.markdown_setup().encode())
    for part in (job.role.value, job.display, job.file.name):
        digest.update(b"\0" + part.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()


def slot(folder: Path, job: Job) -> Path:
    place = f"{job.role.value}\0{job.display}".encode("utf-8", "surrogateescape")
    return folder / (hashlib.sha256(place).hexdigest()[:32] + ".pickle")


class _Unpickler(pickle.Unpickler):
    """Builds only the model's classes and plain containers; anything else in the file is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if module in ALLOWED_MODULES or (module == "builtins" and name in ALLOWED_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the check cache")


def read(folder: Path, job: Job, want: bytes) -> Entry | None:
    """The cached entry of `job` if there is one for exactly this key; None for anything else."""
    entry = _load(slot(folder, job), MAGIC, want)
    return entry if _well_formed(entry) else None


def verdict_slot(folder: Path, place: str) -> Path:
    """Where the verdict of one kind of run lives (`place` names the paths checked and the settings)."""
    return folder / (
        "verdict-" + hashlib.sha256(place.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".verdict"
    )


def read_verdict(path: Path, want: bytes) -> Verdict | None:
    """The verdict stored at `path` if it was made from exactly the inputs hashed in `want`."""
    found = _load(path, VERDICT_MAGIC, want)
    if not isinstance(found, Verdict) or not isinstance(found.silenced, Silenced):
        return None
    if not isinstance(found.problems, list) or not all(isinstance(p, Problem) for p in found.problems):
        return None
    return found if isinstance(found.trees, int) and isinstance(found.nodes, int) else None


def write_verdict(path: Path, want: bytes, verdict: Verdict) -> None:
    _store(path, VERDICT_MAGIC + want, verdict)


def _load(path: Path, magic: bytes, want: bytes) -> object:
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(magic) + len(want)
    if len(blob) <= head or blob[: len(magic)] != magic or blob[len(magic) : head] != want:
        return None
    try:
        return _Unpickler(io.BytesIO(blob[head:])).load()
    except Exception:  # a damaged file can fail in many ways; every one of them is a miss
        return None


def _well_formed(entry: object) -> TypeGuard[Entry]:
    if not isinstance(entry, Entry) or not isinstance(entry.result, FileResult):
        return False
    result = entry.result
    return isinstance(result.problems, list) and isinstance(entry.ignores, list)


def checked(folder: Path | None, job: Job) -> Entry | bytes:
    """`check_file` and the ignore comments of `job`, stored in `folder` (when given) under its key by the
    process that did the work: with a process pool, pickling and writing the entries is as parallel as
    checking them. A pool worker that stored the entry returns its pickle (`entry_of` reads it), so the
    entry is pickled once, for the cache and for the way back, not twice."""
    entry = Entry(check_file(job), ignores_of(job))
    if folder is None or job.data is None:
        return entry
    pickled = _pickled(entry)
    if pickled is None:
        return entry
    _replace(slot(folder, job), MAGIC + key(job, job.data) + pickled)
    return pickled if multiprocessing.parent_process() is not None else entry


def entry_of(found: Entry | bytes) -> Entry:
    """What `checked` returned, as an entry (the bytes come from this run's own pool, never from disk)."""
    if isinstance(found, Entry):
        return found
    entry = pickle.loads(found)
    assert isinstance(entry, Entry)
    return entry


def ignores_of(job: Job) -> list[Ignore]:
    if job.role is Role.DUPLICATE or job.data is None:
        return []  # unreadable or too large: its own problem says why
    return find_ignores(job.display, job.data.decode("utf-8", "replace"))


def write(folder: Path, job: Job, want: bytes, entry: Entry) -> None:
    """Store `entry` under `job`'s slot, atomically; a cache that can't be written is only slower."""
    _store(slot(folder, job), MAGIC + want, entry)


def _store(path: Path, head: bytes, value: object) -> None:
    pickled = _pickled(value)
    if pickled is not None:
        _replace(path, head + pickled)


def _pickled(value: object) -> bytes | None:
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, RecursionError):
        return None  # not cached: only slower


def _replace(path: Path, payload: bytes) -> None:
    """Write `payload` to `path` atomically; a cache that can't be written is only slower."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
