"""Benchmark 2: `python -m build_tools check <dir>` on 10,000 and 100,000 synthetic nodes and the real trees,
without the cache (as before it existed), cold (empty cache: every file read and stored), warm (nothing
changed) and after one edit (one file changed); and its profile."""

from __future__ import annotations

import pstats
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import synth
import util

# Nodes per tree file: under the 300 a tree may have (rules/budget.py MAX_NODES) and the 1 MB file limit.
PER_FILE = 250


# The ways one round runs `check`, in this order: the cache emptied, then cold, warm, one file edited, and
# without the cache at all (what every run cost before it).
MODES = ("cold", "warm", "edit", "no-cache")


@dataclass
class CheckRun:
    nodes: int
    folder: Path
    files: int
    largest_file: int
    times: list[float] = field(default_factory=list)  # no cache: the figure earlier reports gave
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    by_mode: dict[str, list[float]] = field(default_factory=dict)
    cpu_by_mode: dict[str, list[float]] = field(default_factory=dict)
    load_by_mode: dict[str, list[float]] = field(default_factory=dict)
    name: str = ""

    def label(self) -> str:
        return self.name or f"{self.nodes:,}"


def prepare(work: Path, nodes: int) -> CheckRun:
    folder = util.fresh(work / f"check-{nodes}") / "trees"
    trees = synth.make_trees(nodes, PER_FILE, "v")
    largest = synth.write_trees(folder, trees)
    synth.write_site_config(folder)
    return CheckRun(nodes, folder, len(trees) + 1, largest)


def prepare_real(work: Path) -> CheckRun:
    """A copy of the real trees with the site's mkdocs.yml and journeys (the cache lives beside it)."""
    root = util.fresh(work / "check-real")
    shutil.copytree(util.ROOT / "trees", root / "trees")
    shutil.copy(util.ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if (util.ROOT / "tests" / "journeys").is_dir():
        shutil.copytree(util.ROOT / "tests" / "journeys", root / "tests" / "journeys")
    files = sorted((root / "trees").glob("*.yaml"))
    return CheckRun(0, root / "trees", len(files), max(f.stat().st_size for f in files), name="real trees")


def _command(folder: Path, cache: bool = True) -> list[str]:
    return [util.PYTHON, "-m", "build_tools", "check", *([] if cache else ["--no-cache"]), str(folder)]


def _edit(folder: Path, round_: int) -> None:
    """Change one tree file the way an editor does: a comment line more (every byte of it is hashed)."""
    file = next(f for f in sorted(folder.glob("*.yaml")) if f.name not in ("causes.yaml", "sources.yaml"))
    with file.open("a", encoding="utf-8") as out:
        out.write(f"# edited in round {round_}\n")


def measure(
    work: Path, sizes: list[int], runs: int, log: util.Log = print, real: bool = True
) -> list[CheckRun]:
    out = [prepare(work, n) for n in sizes] + ([prepare_real(work)] if real else [])
    for item in out:
        cache = item.folder.parent / ".cache"
        for i in range(runs):
            shutil.rmtree(cache, ignore_errors=True)
            for mode in MODES:
                if mode == "edit":
                    _edit(item.folder, i)
                result = util.run(_command(item.folder, cache=mode != "no-cache"))
                if result.returncode != 0:
                    raise RuntimeError(f"check failed on {item.folder}:\n{result.stderr[-3000:]}")
                item.by_mode.setdefault(mode, []).append(result.seconds)
                item.cpu_by_mode.setdefault(mode, []).append(result.cpu)
                item.load_by_mode.setdefault(mode, []).append(result.load)
                if mode == "no-cache":
                    item.times.append(result.seconds)
                    item.cpu.append(result.cpu)
                    item.rss_kb.append(result.max_rss_kb)
            log(
                f"  check {item.label()} round {i + 1}/{runs}: "
                + ", ".join(f"{m} {item.by_mode[m][-1]:.2f} s" for m in MODES)
            )
    return out


@dataclass(frozen=True)
class ProfileRow:
    function: str
    calls: int
    own: float
    cumulative: float


def profile(folder: Path, out: Path, top: int = 12) -> tuple[float, list[ProfileRow], list[ProfileRow]]:
    """cProfile of the whole command: (total seconds, top by own time, project functions by cumulative)."""
    result = util.run([util.PYTHON, "-m", "cProfile", "-o", str(out), *_command(folder, cache=False)[1:]])
    if result.returncode != 0:
        raise RuntimeError(f"profiled check failed:\n{result.stderr[-3000:]}")
    stats = pstats.Stats(str(out))
    raw = stats.stats  # type: ignore[attr-defined]
    rows: list[ProfileRow] = []
    for (filename, line, name), (_, calls, own, cumulative, _) in raw.items():
        rows.append(ProfileRow(_short(filename, line, name), calls, own, cumulative))
    by_own = sorted(rows, key=lambda r: r.own, reverse=True)[:top]
    ours = [r for r in rows if r.function.startswith("build_tools/") and "<module>" not in r.function]
    by_cumulative = sorted(ours, key=lambda r: r.cumulative, reverse=True)[:top]
    return float(stats.total_tt), by_own, by_cumulative  # type: ignore[attr-defined]


def _short(filename: str, line: int, name: str) -> str:
    if filename == "~":
        return name  # a built-in, e.g. "<method 'sub' of 're.Pattern' objects>"
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", f"{util.ROOT}/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.rsplit("/", 1)[-1]
    return f"{path}:{line}({name})"
