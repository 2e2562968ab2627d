"""How long `python -m build_tools diff` takes on this repository's real trees (target: under 2 s).

.venv/bin/python benchmarks/diff_speed.py [--runs N]

Works on a throwaway clone of the committed state, so the working tree is never touched. Three cases, each the
whole command in a fresh process (median and slowest of N runs), then the median in-process split:
- unchanged: HEAD against its own working tree (the cost of loading both sides);
- all new: a commit without trees/ against HEAD, so every path of every tree is followed and listed;
- everything gone: the reverse.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def clone_with_empty_commit(into: Path) -> tuple[str, str]:
    """A clone of HEAD plus one commit on top that deletes trees/: (that commit, HEAD)."""
    git(ROOT, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(into))
    git(into, "config", "user.name", "bench")
    git(into, "config", "user.email", "bench@example.invalid")
    head = git(into, "rev-parse", "HEAD")
    git(into, "rm", "-r", "-q", "trees")
    git(into, "commit", "-q", "-m", "no trees")
    empty = git(into, "rev-parse", "HEAD")
    git(into, "checkout", "-q", head)  # the working tree has the trees again
    return empty, head


def whole_command(repo: Path, runs: int, *revs: str) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "build_tools", "diff", *revs], cwd=repo, capture_output=True, check=True
        )
        times.append(time.perf_counter() - start)
    return times


def in_process(repo: Path, runs: int, base: str, head: str | None) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from build_tools.diff import git as diff_git
    from build_tools.diff import journeys as diff

    phases: dict[str, list[float]] = {"load both revisions": [], "compare": [], "render markdown": []}
    gc.disable()
    for _ in range(runs):
        t0 = time.perf_counter()
        old, old_label, new, new_label = diff_git.load_revisions(base, head, repo / "trees")
        t1 = time.perf_counter()
        result = diff.compare_projects(old, new, old_label, new_label)
        t2 = time.perf_counter()
        diff.render(result, "markdown")
        t3 = time.perf_counter()
        phases["load both revisions"].append(t1 - t0)
        phases["compare"].append(t2 - t1)
        phases["render markdown"].append(t3 - t2)
    gc.enable()
    return {name: statistics.median(values) for name, values in phases.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="diff-bench-"))
    try:
        repo = tmp / "repo"
        empty, head = clone_with_empty_commit(repo)
        cases = {"unchanged": (head,), "all new": (empty, head), "everything gone": (head, empty)}
        print(f"python -m build_tools diff on {ROOT.name} at {head[:7]}, {runs} runs each")
        for name, revs in cases.items():
            times = whole_command(repo, runs, *revs)
            print(f"  {name:16} median {statistics.median(times):.3f} s   slowest {max(times):.3f} s")
        split = in_process(repo, runs, empty, head)
        print(
            "  all new, in one process (medians): "
            + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in split.items())
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
