"""Benchmark 1: build time of N tree pages through the plugin against N hand-written pages on plain Material.

Both sites share one theme and Markdown configuration and keep the step pages out of the navigation (the
plugin marks them NOT_IN_NAV; the plain site lists only its home page in `nav` and sets `not_in_nav`). Runs
alternate plugin/plain (and swap order every round) so drift on a shared machine hits both the same way.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import synth
import util
import yaml

PER_TREE = 50  # nodes per synthetic tree; the real trees have 13-27

MARKDOWN_EXTENSIONS: list[Any] = [
    "attr_list",
    "md_in_html",
    "admonition",
    {"toc": {"permalink": False}},
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
]


@dataclass
class Site:
    name: str
    config: Path
    pages: int  # node pages (the N being compared)
    extra_pages: int  # other pages the site renders (home, plus the plugin's maps, causes, FAQ)
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return util.median(self.times)

    @property
    def median_cpu(self) -> float:
        return util.median(self.cpu)


def _config(site_name: str, plugins: list[Any], **extra: Any) -> dict[str, Any]:
    return {
        "site_name": site_name,
        "site_url": "https://example.org/bench/",
        # Both sites use the project's theme overrides (lazy search; tree pages' compact navigation, which
        # only pages with `dt_tree` in their front matter get: the plugin's).
        "theme": {
            "name": "material",
            "font": False,
            "language": "en",
            "custom_dir": str(util.ROOT / "overrides"),
        },
        "plugins": plugins,
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "nav": [{"Home": "index.md"}],
        **extra,
    }


def prepare(work: Path, n: int) -> tuple[Site, Site]:
    trees = synth.make_trees(n, PER_TREE)
    plugin_dir = util.fresh(work / f"plugin-{n}")
    synth.write_trees(plugin_dir / "trees", trees)
    (plugin_dir / "docs").mkdir()
    cfg = _config(
        "Bench plugin", ["search", {"decision-trees": {"trees_dir": "trees", "rules": synth.SITE_RULES}}]
    )
    (plugin_dir / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    plugin = Site("plugin", plugin_dir / "mkdocs.yml", n, 3 + len(trees))  # home, causes, FAQ, one map a tree

    plain_dir = util.fresh(work / f"plain-{n}")
    written = synth.write_plain_docs(plain_dir / "docs", trees)
    assert written == n
    cfg = _config("Bench plain", ["search"], not_in_nav="/troubleshoot/\n")
    (plain_dir / "mkdocs.yml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    plain = Site("plain", plain_dir / "mkdocs.yml", n, 1)
    return plugin, plain


def build(site: Site) -> util.Run:
    out = site.config.parent / "site"
    if out.exists():
        shutil.rmtree(out)  # outside the timing: both sides start from no output
    # ... and from no cache: the plugin's check and template caches (.cache/) would spare it work that
    # the plain site does every time. Warm builds are what `mkdocs serve` and repeated builds get.
    shutil.rmtree(site.config.parent / ".cache", ignore_errors=True)
    result = util.run([util.PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(site.config), "-d", str(out)])
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed for {site.config}:\n{result.stderr[-3000:]}")
    if "WARNING" in result.stderr:
        raise RuntimeError(f"mkdocs build warned for {site.config}:\n{result.stderr[-3000:]}")
    return result


def count_pages(site: Site) -> int:
    return sum(1 for _ in (site.config.parent / "site").rglob("index.html"))


def measure(work: Path, sizes: list[int], runs: int, log: util.Log = print) -> dict[int, tuple[Site, Site]]:
    sites = {n: prepare(work, n) for n in sizes}
    first = sites[sizes[0]]
    for site in first:  # one untimed build: disk cache warm, and a failure shows before the long part
        build(site)
    for round_ in range(runs):
        for n, pair in sites.items():
            order = pair if round_ % 2 == 0 else pair[::-1]
            for site in order:
                result = build(site)
                site.times.append(result.seconds)
                site.cpu.append(result.cpu)
                site.loads.append(result.load)
            log(
                f"  round {round_ + 1}/{runs} N={n}: plugin {pair[0].times[-1]:.2f} s, plain "
                f"{pair[1].times[-1]:.2f} s"
            )
    for n, (plugin, plain) in sites.items():
        log(f"  N={n}: plugin site wrote {count_pages(plugin)} pages, plain site {count_pages(plain)}")
    return sites
