"""`make bench-tests`: how long `make test` and `make test-content` take here; writes a section of RESULTS.md.

.venv/bin/python benchmarks/test_loop.py                  # 3 runs of each, medians
.venv/bin/python benchmarks/test_loop.py --base main~5    # and `make test` at another revision, interleaved
.venv/bin/python benchmarks/test_loop.py --runs 5 --no-write

Each run is the make target in a fresh child process, timed wall-clock (CPU time is not reported: Chromium's
processes are not reaped through make, so rusage misses most of the browser tests). The load average is
noted with every run. With --base, that revision is checked out in a temporary git
worktree that shares this checkout's .venv and .tools (make is told not to rebuild them), its lint and
type-check caches are warmed once, and its `make test` runs alternate with this checkout's, so the ratio
compares both under the same load. Both checkouts warm their caches (ruff, mypy) before the first timed run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import util

START = "<!-- test-loop:start -->"
END = "<!-- test-loop:end -->"
RESULTS = util.ROOT / "benchmarks" / "RESULTS.md"
HOSTILE_MARK = "<!-- hostile shapes: written by benchmarks/hostile_shapes.py -->"
# make must never reinstall the shared virtualenv or refetch the HTML checker from a baseline worktree.
KEEP = ["-o", ".venv/.installed", "-o", ".tools/node_modules/vnu-jar/build/dist/vnu.jar"]


@dataclass(frozen=True)
class Timed:
    seconds: float
    load: float  # 1-minute load average when the run started
    ok: bool


def git(*args: str, cwd: Path = util.ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


def make(target: str, cwd: Path) -> Timed:
    """`make target` in `cwd`; its output goes to benchmarks/.work/test-loop-<checkout>-<target>.log."""
    load = os.getloadavg()[0]
    log = util.WORK / f"test-loop-{cwd.name}-{target}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with log.open("wb") as out:
        done = subprocess.run(
            ["make", "-s", *KEEP, target],
            cwd=cwd,
            env=util.env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print(f"make {target} in {cwd} failed (all output in {log}):", *tail, sep="\n", file=sys.stderr)
    return Timed(seconds, load, done.returncode == 0)


def baseline(rev: str) -> Path:
    """A detached worktree of `rev` that uses this checkout's .venv and .tools."""
    where = util.WORK / "test-loop-base"
    if where.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=util.ROOT, check=False)
    where.parent.mkdir(parents=True, exist_ok=True)
    git("worktree", "add", "--detach", str(where), rev)
    for shared in (".venv", ".tools"):
        (where / shared).symlink_to(util.ROOT / shared)
    return where


def median_row(name: str, runs: list[Timed]) -> list[str]:
    every = " ".join(f"{r.seconds:.0f}{'' if r.ok else ' (failed)'}" for r in runs)
    loads = " ".join(f"{r.load:.1f}" for r in runs)
    return [
        name,
        f"{util.median([r.seconds for r in runs]):.0f} s",
        every,
        loads,
    ]


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def section(rows: list[list[str]], ratio: list[str], head: str, base: str | None, runs: int) -> str:
    text = [
        START,
        "## 7. Test loop",
        "",
        f"Written by `make bench-tests` (`benchmarks/test_loop.py`), {runs} runs of each, "
        f"commit measured `{head}`"
        + (f", against `{base}` in the same window (runs alternating)" if base else "")
        + f", {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. Wall-clock time; the load is the 1-minute load "
        "average as each run started (2 cores: above 2 means others were running, and then the ratio to the "
        "other revision, measured in the same window, is the number to trust).",
        "",
        *table(["target", "median", "every run, s", "load at each start"], rows),
    ]
    if ratio:
        text += [*ratio, ""]
    text.append(END)
    return "\n".join(text)


def write(block: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END) :]
    elif HOSTILE_MARK in old:  # hostile_shapes.py owns everything from its mark to the end
        at = old.index(HOSTILE_MARK)
        new = old[:at].rstrip() + "\n\n" + block + "\n\n" + old[at:]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", help="also time `make test` at this git revision, interleaved")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of writing it")
    args = parser.parse_args()

    head = git("rev-parse", "--short", "HEAD") + (
        " (with uncommitted changes)" if git("status", "--porcelain") else ""
    )
    base_dir = baseline(args.base) if args.base else None
    base_name = f"{args.base} ({git('rev-parse', '--short', args.base)})" if args.base else None
    try:
        for where in filter(None, [util.ROOT, base_dir]):
            print(f"warming the lint and type-check caches in {where}", file=sys.stderr)
            make("lint", where)
            make("typecheck", where)
        here: list[Timed] = []
        there: list[Timed] = []
        content: list[Timed] = []
        for i in range(args.runs):
            order = (
                [(util.ROOT, here), (base_dir, there)]
                if i % 2 == 0
                else [(base_dir, there), (util.ROOT, here)]
            )
            for where, into in order:
                if where is None:
                    continue
                into.append(make("test", where))
                print(f"run {i + 1}: make test in {where.name}: {into[-1]}", file=sys.stderr)
            content.append(make("test-content", util.ROOT))
            print(f"run {i + 1}: make test-content: {content[-1]}", file=sys.stderr)
    finally:
        if base_dir is not None:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base_dir)], cwd=util.ROOT, check=False
            )

    rows = [median_row("`make test`", here), median_row("`make test-content`", content)]
    ratio: list[str] = []
    if there:
        rows.insert(1, median_row(f"`make test` at {base_name}", there))
        wall = util.median([r.seconds for r in there]) / util.median([r.seconds for r in here])
        ratio = [f"`make test` at {base_name} takes **{wall:.2f}x** as long as at `{head}` (medians)."]
    block = section(rows, ratio, head, base_name, args.runs)
    if args.no_write:
        print(block)
    else:
        write(block)
        print(block)
    return 0 if all(r.ok for r in here + there + content) else 1


if __name__ == "__main__":
    sys.exit(main())
