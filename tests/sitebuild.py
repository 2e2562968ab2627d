"""Build a site with `mkdocs build --strict` (the real site once per test run, shared by every xdist worker)
and serve a built folder on localhost, for the HTML and browser tests."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(
    site_dir: Path, config: Path = ROOT / "mkdocs.yml", *, quiet: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    flags = ["--strict", "-q"] if quiet else ["--strict"]
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-f", str(config), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        cwd=config.parent,
        env=env,
        check=False,
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve a built site on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def shared_build(base: Path, name: str = "real-site", config: Path = ROOT / "mkdocs.yml") -> Path:
    """Build the site once per test run, whichever xdist worker asks first; the others wait and reuse it.

    `base` must be the directory all workers share (the parent of pytest's per-worker base temp). A failed
    build is remembered too, so every test that needs the site fails with the same message.
    """
    from filelock import FileLock

    site = base / name
    failed = base / f"{name}.failed"
    with FileLock(str(base / f"{name}.lock")):
        if not site.is_dir() and not failed.exists():
            result = build(site, config)
            if result.returncode != 0:
                failed.write_text(result.stderr, encoding="utf-8")
    if failed.exists():
        raise AssertionError(f"mkdocs build --strict failed:\n{failed.read_text(encoding='utf-8')}")
    return site
