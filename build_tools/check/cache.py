"""A per-file cache of what `check_file` found, so a warm `check` re-reads only the files that changed.

What is cached is exactly what depends on one file alone: its own problems (YAML, structure, TEXT rules,
at the rules' default levels), its model and its `# check: ignore[...]` comments. Everything that joins
files (linking, TREE and PROJECT rules) and the site's settings (levels, ignores) runs after the cache,
every time, so a cached entry can never hide a problem a fresh run would find.

An entry is found by the file's place (role and path as shown) and trusted only when its key matches: the
SHA-256 of the engine (every source and schema file of `build_tools`, the Python and library versions),
the role, the path as shown and the file's bytes. Entries live in `.cache/check/` beside the trees folder
(git ignores `.cache/`), one file per tree file, replaced atomically, so parallel runs can share them.

A cache file is never trusted beyond what it says: a short, corrupt or foreign file (another version,
another key, anything that does not unpickle to the expected types) counts as a miss, and the unpickler
only builds the model's own classes, so a planted file cannot run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import os
import pickle
import platform
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..core.settings import Ignore
from ..text import sanitize
from .load import FileResult, Job

CACHE_DIR = ".cache"
SUBDIR = "check"
MAGIC = b"dt-check-cache 1\n"
# The libraries whose behaviour shapes a file's findings (YAML parsing, schema checks, text rules).
LIBRARIES = ("PyYAML", "jsonschema", "textstat", "Markdown", "pymdown-extensions")
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
    }
)
ALLOWED_BUILTINS = frozenset({"set", "frozenset", "tuple", "list", "dict", "str", "int", "bool"})


@dataclass
class Entry:
    """What one file gave `check`, and its `# check: ignore[...]` comments."""

    result: FileResult
    ignores: list[Ignore] = field(default_factory=list)


def cache_dir(trees_folder: Path) -> Path:
    """Where the cache of a trees folder lives: `.cache/check/` beside it (the project's root)."""
    return trees_folder.resolve().parent / CACHE_DIR / SUBDIR


@cache
def engine_version() -> str:
    """A hash of everything that decides what `check_file` finds: the engine's own files and versions."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    digest.update(platform.python_version().encode())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"\0{name}={version}".encode())
    return digest.hexdigest()


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
    try:
        blob = slot(folder, job).read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + len(want)
    if len(blob) <= head or blob[: len(MAGIC)] != MAGIC or blob[len(MAGIC) : head] != want:
        return None
    try:
        entry = _Unpickler(io.BytesIO(blob[head:])).load()
    except Exception:  # a damaged file can fail in many ways; every one of them is a miss
        return None
    return entry if _well_formed(entry) else None


def _well_formed(entry: object) -> bool:
    if not isinstance(entry, Entry) or not isinstance(entry.result, FileResult):
        return False
    result = entry.result
    return isinstance(result.problems, list) and isinstance(entry.ignores, list)


def write(folder: Path, job: Job, want: bytes, entry: Entry) -> None:
    """Store `entry` under `job`'s slot, atomically; a cache that can't be written is only slower."""
    with contextlib.suppress(OSError, pickle.PicklingError, RecursionError):
        folder.mkdir(parents=True, exist_ok=True)
        payload = MAGIC + want + pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, slot(folder, job))
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
