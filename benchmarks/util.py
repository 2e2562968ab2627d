"""Small helpers shared by the benchmarks: timed child processes, medians, sizes, a quiet local web server."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
Log = Callable[[str], None]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + system seconds of the child: steadier than wall time on a shared machine
    max_rss_kb: int  # peak resident memory of the child (Linux reports ru_maxrss in KiB)
    returncode: int
    stderr: str
    load: float = 0.0  # the 1-minute load average as it started (2 cores: above 2, others were running)


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["NO_MKDOCS_2_WARNING"] = "1"
    # A contributor's Python keeps its compiled modules in __pycache__; a harness that turns that off would
    # have every timed command compile the engine's ~50 modules again (about 0.05 s of each `check`).
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def run(cmd: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run a command to completion: wall-clock seconds, and the peak memory of that one child (os.wait4)."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env(), stdout=null, stderr=subprocess.PIPE)
        assert proc.stderr is not None
        err = proc.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stderr.close()
    return Run(seconds, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss), proc.returncode, err, load)


def loads(values: Sequence[float]) -> str:
    """The load averages at the start of some runs: median (lowest-highest)."""
    if not values:
        return "-"
    return f"{median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """A static server for `directory` on localhost (free port unless given), in a thread; yields its URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", port), handler) as httpd:
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()
