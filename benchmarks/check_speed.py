"""Benchmark 2: `python -m build_tools check <dir>` on 10,000 and 100,000 synthetic nodes, and its profile."""

from __future__ import annotations

import pstats
from dataclasses import dataclass, field
from pathlib import Path

import synth
import util

PER_FILE = 1_000  # nodes per tree file: about 0.57 MB, under the loader's 1 MB limit


@dataclass
class CheckRun:
    nodes: int
    folder: Path
    files: int
    largest_file: int
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)


def prepare(work: Path, nodes: int) -> CheckRun:
    folder = util.fresh(work / f"check-{nodes}") / "trees"
    trees = synth.make_trees(nodes, PER_FILE, "v")
    largest = synth.write_trees(folder, trees)
    synth.write_site_config(folder)
    return CheckRun(nodes, folder, len(trees) + 1, largest)


def _command(folder: Path) -> list[str]:
    return [util.PYTHON, "-m", "build_tools", "check", str(folder)]


def measure(work: Path, sizes: list[int], runs: int, log: util.Log = print) -> list[CheckRun]:
    out = [prepare(work, n) for n in sizes]
    for item in out:
        for i in range(runs):
            result = util.run(_command(item.folder))
            if result.returncode != 0:
                raise RuntimeError(f"check failed on {item.folder}:\n{result.stderr[-3000:]}")
            item.times.append(result.seconds)
            item.cpu.append(result.cpu)
            item.rss_kb.append(result.max_rss_kb)
            log(
                f"  check {item.nodes:,} nodes run {i + 1}/{runs}: {result.seconds:.2f} s, {result.cpu:.2f} "
                f"s CPU"
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
    result = util.run([util.PYTHON, "-m", "cProfile", "-o", str(out), *_command(folder)[1:]])
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
