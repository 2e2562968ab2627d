"""Where a build spends its time: cProfile of one plugin build and one plain build, grouped by component."""

from __future__ import annotations

import pstats
from dataclasses import dataclass
from pathlib import Path

import util

# (label, file path ending, function name); the largest cumulative time among matches is taken.
COMPONENTS: list[tuple[str, str, str]] = [
    ("whole build (`mkdocs.commands.build.build`)", "mkdocs/commands/build.py", "build"),
    (
        "plugin `on_config`: load + validate trees, render Markdown",
        "build_tools/mkdocs/plugin.py",
        "on_config",
    ),
    ("Markdown -> HTML (`Markdown.convert`), all of it", "markdown/core.py", "convert"),
    ("  of which `md_in_html` (the `<div markdown>` wrappers)", "markdown/extensions/md_in_html.py", "run"),
    ("  of which MkDocs' raw-HTML anchor scan", "mkdocs/structure/pages.py", "_RawHTMLPreprocessor.run"),
    ("search plugin: parse each page into the index", "material/plugins/search/plugin.py", "on_page_context"),
    ("Material templates (`main.html`)", "material/templates/main.html", "root"),
    ("  of which the site navigation block", "material/templates/base.html", "block_site_nav"),
    ("search index written (`on_post_build`)", "material/plugins/search/plugin.py", "on_post_build"),
    ("files written (`write_file`)", "mkdocs/utils/__init__.py", "write_file"),
]


@dataclass(frozen=True)
class Breakdown:
    total: float
    seconds: dict[str, float]


def _raw_html_run_line() -> int:
    from mkdocs.structure import pages

    return pages._RawHTMLPreprocessor.run.__code__.co_firstlineno


def profile_build(config: Path, out: Path) -> Breakdown:
    prof = out.with_suffix(".prof")
    cmd = [util.PYTHON, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-q", "-f", str(config)]
    result = util.run([*cmd, "-d", str(util.fresh(out))])
    if result.returncode != 0:
        raise RuntimeError(f"profiled build failed:\n{result.stderr[-3000:]}")
    stats = pstats.Stats(str(prof))
    raw = stats.stats  # type: ignore[attr-defined]
    raw_line = _raw_html_run_line()
    seconds: dict[str, float] = {}
    for label, suffix, name in COMPONENTS:
        best = 0.0
        for (filename, line, func), (_, _, _, cumulative, _) in raw.items():
            if not filename.replace("\\", "/").endswith(suffix):
                continue
            if name == "_RawHTMLPreprocessor.run":
                if func != "run" or line != raw_line:
                    continue
            elif func != name:
                continue
            best = max(best, cumulative)
        seconds[label] = best
    return Breakdown(float(stats.total_tt), seconds)  # type: ignore[attr-defined]
