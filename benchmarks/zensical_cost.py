"""Benchmark 5: the same site built three ways, in alternated runs of one session.

- MkDocs + plugin: `mkdocs build` of the site's mkdocs.yml (trees rendered inside the build);
- Zensical: `python -m build_tools render` (trees -> plain Markdown + mkdocs.yml), then `zensical build`;
- plain Material: `mkdocs build` of that same export, without the plugin (the pages already written).

Zensical keeps a cache next to its config (keyed on content; `render` keeps it); the timed Zensical build
starts with `--clean` and no site folder, so it does the whole work, and a second build of the same pages
right after shows what the cache saves. The render step is timed on its own and counted in the totals.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import util

BUILDERS = ("plugin", "zensical", "plain")
EXTRA = ("render", "cached")  # render before each Zensical build; a second, cached Zensical build


@dataclass
class Timings:
    name: str  # "real site", "N = 500", ...
    pages: dict[str, int] = field(default_factory=dict)  # index.html files each builder wrote
    times: dict[str, list[float]] = field(default_factory=lambda: {b: [] for b in (*BUILDERS, *EXTRA)})
    outs: dict[str, Path] = field(default_factory=dict)  # where each builder's site is
    cpu: dict[str, list[float]] = field(default_factory=dict)  # user + system seconds of each build
    loads: dict[str, list[float]] = field(default_factory=dict)  # the load average as each started

    def site_dir(self, builder: str) -> Path:
        return self.outs[builder]

    def median(self, builder: str) -> float:
        return util.median(self.times[builder])

    def zensical_total(self) -> float:
        """render + zensical build, the whole way from trees to a site."""
        return util.median([r + z for r, z in zip(self.times["render"], self.times["zensical"], strict=True)])

    def cached_total(self) -> float:
        """render + zensical build again with nothing changed: Zensical's cache (kept by render) is used."""
        return util.median([r + z for r, z in zip(self.times["render"], self.times["cached"], strict=True)])


def _check(result: util.Run, what: str) -> util.Run:
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stderr[-3000:]}")
    return result


def _render(config: Path, export: Path) -> util.Run:
    return _check(
        util.run([util.PYTHON, "-m", "build_tools", "render", str(export), "--config", str(config)]),
        f"render of {config}",
    )


def _build(builder: str, config: Path, export: Path, out: Path, clean: bool = True) -> util.Run:
    if builder == "zensical":
        site = export / "site"
        if site.exists():
            shutil.rmtree(site)
        cmd = [util.PYTHON, "-m", "zensical", "build", *(["--clean"] if clean else [])]
        return _check(util.run(cmd, cwd=export), f"zensical build of {export}")
    if out.exists():
        shutil.rmtree(out)
    source = config if builder == "plugin" else export / "mkdocs.yml"
    cmd = [util.PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(source), "-d", str(out)]
    return _check(util.run(cmd, cwd=source.parent), f"mkdocs build of {source}")


def _pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("index.html"))


def measure(name: str, config: Path, work: Path, runs: int, log: util.Log = print) -> Timings:
    """Build the site of `config` `runs` times each way, rotating the order every round."""
    work = util.fresh(work)
    export = work / "export"
    outs = {"plugin": work / "site-plugin", "plain": work / "site-plain", "zensical": export / "site"}
    timings = Timings(name, outs=outs)
    _render(config, export)  # untimed: warm caches, and a failure shows before the long part
    for builder in BUILDERS:
        _build(builder, config, export, outs[builder])
    for round_ in range(runs):
        order = BUILDERS[round_ % 3 :] + BUILDERS[: round_ % 3]
        for builder in order:
            if builder == "zensical":
                timings.times["render"].append(_render(config, export).seconds)
            built = _build(builder, config, export, outs[builder])
            timings.times[builder].append(built.seconds)
            timings.cpu.setdefault(builder, []).append(built.cpu)
            timings.loads.setdefault(builder, []).append(built.load)
            if builder == "zensical":  # the same pages once more: what a rebuild with no change costs
                _render(config, export)
                cached = _build(builder, config, export, outs[builder], clean=False)
                timings.times["cached"].append(cached.seconds)
        log(
            f"  {name} round {round_ + 1}/{runs}: "
            + ", ".join(f"{b} {timings.times[b][-1]:.2f} s" for b in (*BUILDERS, *EXTRA))
        )
    timings.pages = {b: _pages(outs[b]) for b in BUILDERS}
    return timings
