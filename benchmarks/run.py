"""`make bench`: build cost, validator throughput, page weight and navigation; writes benchmarks/RESULTS.md.

.venv/bin/python benchmarks/run.py            # full run (minutes on 2 cores), writes RESULTS.md
.venv/bin/python benchmarks/run.py --quick    # smoke run: small sizes, benchmarks/.work/RESULTS-quick.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

import build_cost
import check_speed
import hostile_shapes
import profiles
import real_site
import util
import zensical_cost


@dataclass(frozen=True)
class Plan:
    build_sizes: list[int]
    build_runs: int
    check_sizes: list[int]
    check_runs: int
    clicks: int
    profile: bool
    out: Path


# Sized to finish in a few minutes on 2 cores: ratios and medians of paired, alternated runs, not long series.
FULL = Plan([500, 1000, 2000], 3, [10_000, 100_000], 3, 20, True, util.ROOT / "benchmarks" / "RESULTS.md")
QUICK = Plan([100, 200], 2, [1_000, 5_000], 1, 5, True, util.WORK / "RESULTS-quick.md")
# Benchmark 5 (Zensical): synthetic sizes and runs per builder; the real site gets ZENSICAL_RUNS[0].
ZENSICAL_SIZES = {"full": [500], "quick": [100]}
ZENSICAL_RUNS = {"full": (5, 3), "quick": (2, 2)}
ZENSICAL_TARGET = 2.0  # the aim: the whole site builds at least twice as fast on Zensical

# Targets from the "Benchmarks" issue.
RATIO_TARGET = 1.3  # issue 23 (the first benchmarks issue asked 1.15)
GROWTH_TARGET = 2.1
CHECK_TARGET_S = 2.0
CHECK_REAL_TARGET_S = 0.2
REAL_BUILD_TARGET_S = 1.5  # the real site's `mkdocs build`, English only (issue 23)
STEP_PAGE_TARGET = 4 * 1024
FIRST_VISIT_TARGET = 100 * 1024


def log(message: str) -> None:
    print(message, flush=True)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""


def machine() -> list[tuple[str, str]]:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in _read("/proc/cpuinfo").splitlines() if "model name" in ln), ""
    )
    mem = next(
        (ln.split()[1] for ln in _read("/proc/meminfo").splitlines() if ln.startswith("MemTotal")), "0"
    )
    try:
        chromium = subprocess.run(
            [util.CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        chromium = "not found"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=util.ROOT
    )
    return [
        ("CPU", cpu or platform.processor() or "unknown"),
        ("Cores (os.cpu_count)", str(os.cpu_count())),
        ("RAM", f"{int(mem) / 1024 / 1024:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("mkdocs / mkdocs-material", f"{_version('mkdocs')} / {_version('mkdocs-material')}"),
        ("Markdown / pymdown-extensions", f"{_version('Markdown')} / {_version('pymdown-extensions')}"),
        ("Chromium / playwright", f"{chromium.strip() or 'unknown'} / {_version('playwright')}"),
        ("Commit measured", commit.stdout.strip() or "unknown"),
        ("Date", dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
    ]


def status(ok: bool) -> str:
    return "met" if ok else "**missed**"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, few runs: a smoke test of the harness"
    )
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    work = util.WORK / ("quick" if args.quick else "full")
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = os.getloadavg()
    host = machine()
    summary: list[list[str]] = []
    # Beside each timed figure: the median CPU time (user + system) of the same runs, and the load average
    # as they started, so a wall time measured while others worked can be read for what it is.
    timing: dict[str, tuple[str, str]] = {}
    body: list[str] = []

    # 1. Build cost ---------------------------------------------------------------------------------------
    log(f"1/4 build cost: N = {plan.build_sizes}, {plan.build_runs} alternated runs each")
    sites = build_cost.measure(work / "build", plan.build_sizes, plan.build_runs, log)
    rows = []
    ratios: dict[int, float] = {}
    for n, (plugin, plain) in sites.items():
        ratios[n] = plugin.median / plain.median
        rows.append(
            [
                f"{n:,}",
                f"{plugin.median:.2f} s",
                f"{plain.median:.2f} s",
                f"**{ratios[n]:.2f}**",
                f"{plugin.median_cpu:.2f} s / {plain.median_cpu:.2f} s = "
                f"{plugin.median_cpu / plain.median_cpu:.2f}",
                f"{plugin.pages + plugin.extra_pages:,} / {plain.pages + plain.extra_pages:,}",
                util.loads(plugin.loads + plain.loads),
                " ".join(f"{t:.1f}" for t in plugin.times)
                + " / "
                + " ".join(f"{t:.1f}" for t in plain.times),
            ]
        )
    sizes = plan.build_sizes
    big, small = sizes[-1], sizes[0]
    for n in (small, big):
        plugin_n, plain_n = sites[n]
        timing[f"Build cost ratio plugin / plain, N = {n:,}"] = (
            f"{plugin_n.median_cpu:.2f} / {plain_n.median_cpu:.2f} s = "
            f"{plugin_n.median_cpu / plain_n.median_cpu:.2f}",
            util.loads(plugin_n.loads + plain_n.loads),
        )
        summary.append(
            [
                f"Build cost ratio plugin / plain, N = {n:,}",
                f"<= {RATIO_TARGET}",
                f"{ratios[n]:.2f}",
                status(ratios[n] <= RATIO_TARGET),
            ]
        )
    growth: list[tuple[int, str, float, float]] = []
    for a, b in itertools.pairwise(sizes):
        if b == 2 * a:
            growth.append((b, "plugin", sites[b][0].median / sites[a][0].median, 0.0))
            growth.append((b, "plain", sites[b][1].median / sites[a][1].median, 0.0))
    worst_growth = max((g for n, who, g, _ in growth if who == "plugin" and n == big), default=0.0)
    if growth:
        summary.append(
            [
                f"Build growth T(2N)/T(N), plugin, N = {big // 2:,}",
                f"<= {GROWTH_TARGET}",
                f"{worst_growth:.2f}",
                status(worst_growth <= GROWTH_TARGET),
            ]
        )
    body += [
        "## 1. Build cost: plugin against hand-written pages",
        "",
        f"Synthetic trees of about {build_cost.PER_TREE} nodes each (questions with 2-3 answers, steps with "
        f"their "
        "own resolution, resolutions; some answers merge into one shared resolution), totalling N node "
        "pages, "
        "built through the `decision-trees` plugin, against N hand-written Markdown pages at the same paths "
        "with "
        "the same heading, paragraphs, tabs and answer links, built by plain Material. Same theme "
        "(`font: false`), same `markdown_extensions`; the plugin site uses `plugins: [search, "
        "decision-trees]`, the "
        "plain one `[search]` with `nav: [Home]` and `not_in_nav: /troubleshoot/`. Each build is "
        "`mkdocs build -q -f <mkdocs.yml> -d <dir>` in a fresh subprocess; wall-clock; runs alternate "
        f"plugin/plain and swap order every round; medians of {plan.build_runs}. The plugin site also "
        f"renders its "
        "own extras (home, causes, FAQ, one map page per tree), counted in *pages written*.",
        "",
    ]
    body += table(
        [
            "N",
            "plugin (median)",
            "plain (median)",
            "ratio",
            "CPU time plugin / plain (median)",
            "pages written plugin / plain",
            "load at the builds' start",
            "every run, s (plugin / plain)",
        ],
        rows,
    )
    if growth:
        body += [
            "Growth: T(2N)/T(N) is the median build time at 2N over the median at N, for each doubling "
            "measured "
            f"(the target is judged on the largest, N = {big // 2:,} -> {big:,}).",
            "",
        ]
        body += table(
            ["doubling", "plugin", "plain"],
            [
                [
                    f"{n // 2:,} -> {n:,}",
                    f"{g:.2f}",
                    f"{next(h for m, w, h, _ in growth if m == n and w == 'plain'):.2f}",
                ]
                for n, who, g, _ in growth
                if who == "plugin"
            ],
        )

    if plan.profile:
        log("  profiling one build of each site (cProfile; times inflated, compare the two columns)")
        plugin_site, plain_site = sites[small]
        a = profiles.profile_build(plugin_site.config, work / "profile-plugin")
        b = profiles.profile_build(plain_site.config, work / "profile-plain")
        body += [
            f"### Where the plugin build's extra time goes (cProfile, N = {small:,})",
            "",
            "Cumulative seconds under cProfile (which slows everything ~2-3x; compare columns, not with the "
            "table "
            "above).",
            "",
        ]
        body += table(
            ["component", "plugin site", "plain site", "difference"],
            [
                [
                    label,
                    f"{a.seconds[label]:.2f}",
                    f"{b.seconds[label]:.2f}",
                    f"{a.seconds[label] - b.seconds[label]:+.2f}",
                ]
                for label, _, _ in profiles.COMPONENTS
            ],
        )

    # 2. Validator ----------------------------------------------------------------------------------------
    log(f"2/4 validator: {plan.check_sizes} nodes, {plan.check_runs} runs each")
    checks = check_speed.measure(work / "check", plan.check_sizes, plan.check_runs, log)
    synthetic = [c for c in checks if not c.name]
    rows = []
    for c in synthetic:
        rows.append(
            [
                f"{c.nodes:,}",
                f"{c.files} ({c.largest_file / 1e6:.2f} MB largest)",
                f"{util.median(c.times):.2f} s",
                f"{util.median(c.cpu):.2f} s",
                f"{max(c.rss_kb) / 1024:.0f} MB",
                f"{c.nodes / util.median(c.times):,.0f}",
                " ".join(f"{t:.2f}" for t in c.times),
            ]
        )
    largest = synthetic[-1]
    cache_rows = []
    for c in checks:
        med = {m: util.median(c.by_mode[m]) for m in check_speed.MODES}
        cache_rows.append(
            [
                c.label(),
                *(f"{med[m]:.2f} s" for m in check_speed.MODES),
                f"{med['cold'] / med['no-cache']:.2f} (CPU "
                f"{util.median(c.cpu_by_mode['cold']) / util.median(c.cpu_by_mode['no-cache']):.2f})",
                f"{med['no-cache'] / med['warm']:.1f}x",
                f"{util.median(c.cpu_by_mode['warm']):.2f} s",
                util.loads(c.load_by_mode["warm"]),
            ]
        )
    warm_big = util.median(largest.by_mode["warm"])
    for c in checks:
        label = (
            "`check` on the real trees, warm"
            if c.name
            else f"`check` on {c.nodes:,} nodes, warm (nothing changed)"
        )
        timing[label] = (f"{util.median(c.cpu_by_mode['warm']):.2f} s", util.loads(c.load_by_mode["warm"]))
    timing[f"`check` on {largest.nodes:,} nodes, without cache"] = (
        f"{util.median(largest.cpu):.2f} s",
        util.loads(largest.load_by_mode["no-cache"]),
    )
    summary.append(
        [
            f"`check` on {largest.nodes:,} nodes, warm (nothing changed)",
            f"<= {CHECK_TARGET_S:.0f} s",
            f"{warm_big:.2f} s",
            status(warm_big <= CHECK_TARGET_S),
        ]
    )
    real_check = next((c for c in checks if c.name), None)
    if real_check is not None:
        warm_real = util.median(real_check.by_mode["warm"])
        summary.append(
            [
                "`check` on the real trees, warm",
                f"<= {CHECK_REAL_TARGET_S}",
                f"{warm_real:.2f} s",
                status(warm_real <= CHECK_REAL_TARGET_S),
            ]
        )
    cold_ratio = util.median(largest.by_mode["cold"]) / util.median(largest.by_mode["no-cache"])
    cold_cpu = util.median(largest.cpu_by_mode["cold"])
    no_cache_cpu = util.median(largest.cpu_by_mode["no-cache"])
    timing[f"`check` on {largest.nodes:,} nodes, cold / without cache"] = (
        f"{cold_cpu:.2f} / {no_cache_cpu:.2f} s = {cold_cpu / no_cache_cpu:.2f}",
        util.loads(largest.load_by_mode["cold"] + largest.load_by_mode["no-cache"]),
    )
    summary.append(
        [
            f"`check` on {largest.nodes:,} nodes, cold / without cache",
            "<= 1.1 (no slower)",
            f"{cold_ratio:.2f}",
            status(cold_ratio <= 1.1),
        ]
    )
    check_ok = util.median(largest.times) <= CHECK_TARGET_S
    summary.append(
        [
            f"`check` on {largest.nodes:,} nodes, without cache",
            f"<= {CHECK_TARGET_S:.0f} s",
            f"{util.median(largest.times):.2f} s",
            status(check_ok),
        ]
    )
    summary.append(
        [
            f"`check` peak memory, {largest.nodes:,} nodes",
            "(reported)",
            f"{max(largest.rss_kb) / 1024:.0f} MB",
            "-",
        ]
    )
    body += [
        "## 2. Validator throughput",
        "",
        f"`python -m build_tools check <dir>` (the whole command, interpreter start included) on synthetic "
        f"trees "
        f"of {check_speed.PER_FILE:,} nodes per file plus `causes.yaml`; every run exits 0 with no problems. "
        f"Median of {plan.check_runs}; peak memory is the child's `ru_maxrss` (via `os.wait4`).",
        "",
        "With the per-file cache (`.cache/check/`, `build_tools/check/cache.py`). Each round empties the "
        "cache, then runs `check` *cold* (every file read, checked and stored), *warm* (nothing changed: "
        "every file is read and hashed, and the stored verdict for exactly those inputs is reported; no "
        "model is loaded and no rule runs), *edit* (one tree file got a comment line: that file is read "
        "afresh, the other files' findings come from the cache, and linking and every cross-tree rule run "
        "again) and *no cache* (`--no-cache`: what every run cost before the cache). Rounds are "
        "interleaved, so load from others hits all modes alike.",
        "",
    ]
    body += table(
        ["trees", *check_speed.MODES, "cold / no cache", "no cache / warm", "warm CPU", "load (warm runs)"],
        cache_rows,
    )
    body += ["Without the cache, in detail:", ""]
    body += table(
        ["nodes", "files", "wall (median)", "CPU (median)", "peak RSS", "nodes/s", "every run, s"], rows
    )
    if plan.profile:
        target = checks[0]
        log(f"  profiling check on {target.nodes:,} nodes")
        total, by_own, by_cum = check_speed.profile(target.folder, work / "check.prof")
        body += [
            f"### Profile of `check` on {target.nodes:,} nodes (cProfile, {total:.2f} s profiled)",
            "",
            "Cost per node is flat between the two sizes (see nodes/s above), so this smaller profile shows "
            "where "
            "the 100,000-node time goes too.",
            "",
            "Top functions by own time:",
            "",
        ]
        body += table(
            ["function", "calls", "own s", "cumulative s"],
            [[f"`{r.function}`", f"{r.calls:,}", f"{r.own:.3f}", f"{r.cumulative:.3f}"] for r in by_own],
        )
        body += ["Project functions by cumulative time:", ""]
        body += table(
            ["function", "calls", "own s", "cumulative s"],
            [[f"`{r.function}`", f"{r.calls:,}", f"{r.own:.3f}", f"{r.cumulative:.3f}"] for r in by_cum],
        )

    # 3. Page weight --------------------------------------------------------------------------------------
    log("3/4 page weight of the real site")
    real = real_site.build_real(work, "site")
    steps = real_site.step_pages(real.site)
    median_page = steps[len(steps) // 2]
    largest_page = steps[-1]
    summary.append(
        [
            "Step page HTML, median, gzipped",
            f"<= {STEP_PAGE_TARGET // 1024} KB",
            util.kb(median_page.gzipped),
            status(median_page.gzipped <= STEP_PAGE_TARGET),
        ]
    )
    summary.append(
        [
            "Step page HTML, largest, gzipped",
            f"<= {STEP_PAGE_TARGET // 1024} KB",
            util.kb(largest_page.gzipped),
            status(largest_page.gzipped <= STEP_PAGE_TARGET),
        ]
    )
    step_url = median_page.path.removesuffix("index.html")
    visit = real_site.first_visit(real.site, step_url)
    summary.append(
        [
            "First visit (home + one step page), gzipped",
            f"<= {FIRST_VISIT_TARGET // 1024} KB",
            util.kb(visit.gzipped),
            status(visit.gzipped <= FIRST_VISIT_TARGET),
        ]
    )
    summary.append(["Third-party requests", "0", str(len(visit.third_party)), status(not visit.third_party)])
    body += [
        "## 3. Page weight of the real site",
        "",
        f"`mkdocs build` of the real site ({len(steps)} node pages under `troubleshoot/` with "
        f"`data-dt-node`).",
    ]
    body += [f"Note: {n}" for n in real.notes]
    body += [""]
    body += table(
        ["page", "raw", "gzipped (level 9)"],
        [
            [f"median: `{median_page.path}`", util.kb(median_page.raw), util.kb(median_page.gzipped)],
            [f"largest: `{largest_page.path}`", util.kb(largest_page.raw), util.kb(largest_page.gzipped)],
            [f"smallest: `{steps[0].path}`", util.kb(steps[0].raw), util.kb(steps[0].gzipped)],
        ],
    )
    parts = real_site.page_parts((real.site / median_page.path).read_bytes())
    body += ["What the median step page is made of (gzipped bytes each part adds to the page):", ""]
    body += table(["part", "raw", "gzipped"], [[label, util.kb(r), util.kb(g)] for label, r, g in parts])
    body += [
        "First visit: headless Chromium (fresh context) loads the home page, then the median step page; "
        "every "
        "response from the local server is counted once (a second request for the same URL would be a cache "
        "hit), "
        "each body gzipped here at level 9 to estimate the transfer (the local server does not compress).",
        "",
    ]
    kinds = visit.by_kind()
    body += table(
        ["kind", "requests", "raw", "gzipped"],
        [
            [k, str(n), util.kb(r), util.kb(g)]
            for k, (n, r, g) in sorted(kinds.items(), key=lambda x: -x[1][2])
        ]
        + [["**total**", str(len(visit.transfers)), util.kb(visit.raw), f"**{util.kb(visit.gzipped)}**"]],
    )
    if visit.third_party:
        body += ["Third-party requests: " + ", ".join(f"`{u}`" for u in visit.third_party), ""]

    # 4. Navigation ---------------------------------------------------------------------------------------
    log(f"4/4 navigation: {plan.clicks} clicks without and with navigation.instant")
    starts = sorted(
        p.parent.relative_to(real.site).as_posix() + "/"
        for p in (real.site / "troubleshoot").glob("*/index.html")
    )
    plain_nav = real_site.navigate(real.site, starts, plan.clicks, instant=False)
    instant = real_site.build_real(work, "site-instant", instant=True)
    instant_nav = real_site.navigate(instant.site, starts, plan.clicks, instant=True)
    body += [
        "## 4. Navigation: answer click to the next step's heading",
        "",
        "Headless Chromium against `http.server` on localhost (in a thread); after two untimed loads, click "
        "an "
        "answer, time until the next node's `h1` is visible (Playwright `wait_for_selector`, timed in "
        "Python); walk "
        "the trees, restarting at another tree's start after each end. Median of "
        f"{plan.clicks} clicks. *Kept document* counts clicks after which a marker on `window` survived, "
        f"i.e. "
        "the page was swapped in place by instant navigation rather than loaded anew.",
        "",
    ]
    rows = []
    for nav in (plain_nav, instant_nav):
        rows.append(
            [
                "with `navigation.instant`" if nav.instant else "without (full page loads)",
                f"{nav.median:.0f} ms",
                f"{min(nav.times_ms):.0f} / {max(nav.times_ms):.0f} ms",
                f"{nav.kept_document} of {len(nav.times_ms)}",
            ]
        )
    body += table(["site", "median", "min / max", "kept document"], rows)
    summary.append(
        ["Answer -> next heading, median (full loads)", "(reported)", f"{plain_nav.median:.0f} ms", "-"]
    )
    summary.append(
        ["Answer -> next heading, median (instant)", "(reported)", f"{instant_nav.median:.0f} ms", "-"]
    )

    # 5. Zensical --------------------------------------------------------------------------------------
    mode = "quick" if args.quick else "full"
    body += zensical_section(work, real, visit, median_page, parts, summary, mode, timing)

    # The real site in English alone: the build issue 23 aims at (the languages' own cost is issue 22's).
    log("  real site, English only: mkdocs build")
    english, _ = real_site.config_copy(work, "mkdocs-english.yml", english_only=True)
    runs = real_site.timed_builds(english, work / "site-english", ZENSICAL_RUNS[mode][0])
    wall = util.median([r.seconds for r in runs])
    label = "Real site, English only: `mkdocs build` (MkDocs + plugin), median"
    timing[label] = (f"{util.median([r.cpu for r in runs]):.2f} s", util.loads([r.load for r in runs]))
    summary.append([label, f"<= {REAL_BUILD_TARGET_S}", f"{wall:.2f} s", status(wall <= REAL_BUILD_TARGET_S)])

    # Scale on paper -----------------------------------------------------------------------------------
    body += scale_section(sites[big][0], real, steps)

    # Report ----------------------------------------------------------------------------------------------
    elapsed = time.perf_counter() - started
    load_after = os.getloadavg()
    host.append(("Load average at start / end", f"{load_before[0]:.2f} / {load_after[0]:.2f}"))
    host.append(("Whole benchmark run", f"{elapsed:.0f} s"))
    text = [
        "# Benchmarks",
        "",
        f"Written by `{'make bench' if not args.quick else 'benchmarks/run.py --quick'}` "
        "(`benchmarks/run.py`); every number below comes from that run. "
        "The machine is shared: read ratios and CPU times with more trust than absolute wall times.",
        "",
        "## Machine",
        "",
        *table(["", ""], [[k, v] for k, v in host]),
        "## Summary",
        "",
        "CPU is the median user + system time of the same runs (for a ratio, of each side); load is the "
        "1-minute load average as those runs started, median (lowest-highest): on these 2 cores, above 2 "
        "means other engineers' work ran beside them, and wall times stretch while CPU times barely move.",
        "",
        *table(
            ["metric", "target", "measured", "CPU", "load", "status"],
            [[m, t, v, *timing.get(m, ("-", "-")), s] for m, t, v, s in summary],
        ),
        *body,
    ]
    analysis = util.ROOT / "benchmarks" / "analysis.md"
    if analysis.exists() and not args.quick:
        text += ["", analysis.read_text(encoding="utf-8").strip(), ""]
    # Section 7 (the test loop) is written by `make bench-tests`; keep the last one (before the hostile
    # shapes, which hostile_shapes.py rewrites from its mark to the end of the file).
    old = plan.out.read_text(encoding="utf-8") if plan.out.exists() else ""
    # Section 8 (languages) is written by `make bench-languages`; keep it too.
    if "<!-- languages:start -->" in old and "<!-- languages:end -->" in old:
        start, end = old.index("<!-- languages:start -->"), old.index("<!-- languages:end -->")
        text += ["", old[start : end + len("<!-- languages:end -->")], ""]
    if "<!-- test-loop:start -->" in old and "<!-- test-loop:end -->" in old:
        start, end = old.index("<!-- test-loop:start -->"), old.index("<!-- test-loop:end -->")
        text += ["", old[start : end + len("<!-- test-loop:end -->")], ""]
    hostile = util.ROOT / "benchmarks" / "hostile.md"  # issue 19's shapes: benchmarks/hostile_shapes.py
    if hostile.exists() and not args.quick:
        text += ["", hostile_shapes.MARK, hostile.read_text(encoding="utf-8").strip(), ""]
    plan.out.write_text("\n".join(text).rstrip() + "\n", encoding="utf-8")
    log(f"wrote {plan.out.relative_to(util.ROOT)} in {elapsed:.0f} s")
    print("\n".join(table(["metric", "target", "measured", "status"], summary)))
    return 0


LANGUAGES, TREES_PER_LANGUAGE = 10, 200


def scale_section(
    plugin: build_cost.Site, real: real_site.RealBuild, steps: list[real_site.PageSize]
) -> list[str]:
    """Build time and output for 10 languages x 200 trees, from this run's per-page costs."""
    per_page = plugin.median / (plugin.pages + plugin.extra_pages)
    per_page_cpu = plugin.median_cpu / (plugin.pages + plugin.extra_pages)
    trees = len([p for p in (real.site / real_site.STEP_ROOT).iterdir() if (p / "map").is_dir()]) or 1
    pages_per_tree = len(steps) / trees + 1  # its nodes and its map
    pages = round(TREES_PER_LANGUAGE * pages_per_tree) + 10  # and a language's own few pages (home, FAQ...)
    raw = sum(p.raw for p in steps) / len(steps)
    gzipped = sum(p.gzipped for p in steps) / len(steps)
    index = real.site / "search" / "search_index.json"
    all_pages = len(list(real.site.rglob("*.html"))) or 1
    index_raw = index.stat().st_size if index.exists() else 0
    index_per_page = index_raw / all_pages
    index_gz_per_page = (util.gz(index.read_bytes()) if index.exists() else 0) / all_pages
    one_language = pages * per_page
    rows = [
        ["pages per language", f"{TREES_PER_LANGUAGE} trees x {pages_per_tree:.1f} pages + 10", f"{pages:,}"],
        ["pages, all languages", f"x {LANGUAGES}", f"{pages * LANGUAGES:,}"],
        ["build of one language", f"{pages:,} x {per_page * 1000:.1f} ms", f"{one_language:.0f} s"],
        [
            "build of one language, CPU",
            f"{pages:,} x {per_page_cpu * 1000:.1f} ms",
            f"{pages * per_page_cpu:.0f} s",
        ],
        [
            "every language, one after another / on 2 cores",
            f"x {LANGUAGES} / x {LANGUAGES / 2:g}",
            f"{one_language * LANGUAGES / 60:.1f} min / {one_language * LANGUAGES / 2 / 60:.1f} min",
        ],
        [
            "tree pages written",
            f"{pages * LANGUAGES:,} x {raw / 1024:.1f} KB",
            f"{pages * LANGUAGES * raw / 1e6:.0f} MB",
        ],
        ["the same, gzipped", f"x {gzipped / 1024:.1f} KB", f"{pages * LANGUAGES * gzipped / 1e6:.0f} MB"],
        [
            "search index of one language (fetched when search opens)",
            f"{pages:,} x {index_per_page / 1024:.2f} KB ({index_gz_per_page / 1024:.2f} KB gzipped)",
            f"{pages * index_per_page / 1e6:.1f} MB ({pages * index_gz_per_page / 1e6:.2f} MB gzipped)",
        ],
    ]
    return [
        f"## Scale on paper: {LANGUAGES} languages x {TREES_PER_LANGUAGE} trees",
        "",
        "A model from this run's measured costs, not a build: the per-page build time of the largest "
        f"synthetic site of section 1 (N = {plugin.pages:,}, {plugin.pages + plugin.extra_pages:,} pages "
        "written; its growth with N is in that section), the real site's pages per tree and its mean tree "
        "page size, and its search index per page. Each language is its own site (its own navigation and "
        "search index), so build time and output add up per language and languages build side by side.",
        "",
        *table(["quantity", "from", "model"], rows),
        "What breaks first: the search index. Material's search downloads one language's whole index "
        "the first time a person opens search and builds it in the browser; at this size that is the "
        "largest download of a visit by far, and on a low-end phone the most noticeable delay, long "
        "before build time matters (builds of each language are independent and parallel). Next is "
        "MkDocs itself: one language is one single-threaded build whose time grows with its pages.",
        "",
    ]


def zensical_section(
    work: Path,
    real: real_site.RealBuild,
    visit: real_site.FirstVisit,
    median_page: real_site.PageSize,
    parts: list[tuple[str, int, int]],
    summary: list[list[str]],
    mode: str,
    timing: dict[str, tuple[str, str]],
) -> list[str]:
    """Benchmark 5: build times on Zensical vs MkDocs + plugin vs plain Material; bytes after lazy search."""
    sizes, runs = ZENSICAL_SIZES[mode], ZENSICAL_RUNS[mode]
    log(f"5/5 Zensical: real site and N = {sizes}, runs {runs}")
    sites = [zensical_cost.measure("real site", real.config, work / "zensical-real", runs[0], log)]
    for n, k in zip(sizes, runs[1:], strict=True):
        plugin, _ = build_cost.prepare(work / "zensical-synth", n)
        sites.append(zensical_cost.measure(f"N = {n:,}", plugin.config, work / f"zensical-{n}", k, log))
    rows = []
    for t in sites:
        plugin = t.median("plugin")
        rows.append(
            [
                t.name,
                f"{len(t.times['plugin'])}",
                f"{plugin:.2f} s",
                f"{t.median('render'):.2f} + {t.median('zensical'):.2f} = {t.zensical_total():.2f} s",
                f"{t.median('cached'):.2f} s",
                f"{t.median('plain'):.2f} s",
                f"**{plugin / t.zensical_total():.2f}**",
                f"{plugin / t.median('zensical'):.2f}",
                f"{plugin / t.cached_total():.2f}",
                f"{plugin / t.median('plain'):.2f}",
                " / ".join(f"{t.pages[b]:,}" for b in zensical_cost.BUILDERS),
            ]
        )
    real_t = sites[0]
    ratio = real_t.median("plugin") / real_t.zensical_total()
    summary.append(
        [
            "Real site: MkDocs + plugin / (render + Zensical)",
            f">= {ZENSICAL_TARGET:.0f}",
            f"{ratio:.2f}",
            status(ratio >= ZENSICAL_TARGET),
        ]
    )
    label = "Real site, every language: `mkdocs build` (MkDocs + plugin), median"
    timing[label] = (f"{util.median(real_t.cpu['plugin']):.2f} s", util.loads(real_t.loads["plugin"]))
    summary.append([label, "(reported)", f"{real_t.median('plugin'):.2f} s", "-"])
    build_only = real_t.median("plugin") / real_t.median("zensical")
    summary.append(
        ["Real site: MkDocs + plugin / Zensical build alone", "(reported)", f"{build_only:.2f}", "-"]
    )
    out = [
        "## 5. Zensical: the same site without the plugin",
        "",
        "Each site built three ways in one session, the order rotating every round: **MkDocs + plugin** "
        "(`mkdocs build` of the site's mkdocs.yml), **Zensical** (`python -m build_tools render`, then "
        "`zensical build --clean` of the export: both timed, the sum is the whole way from trees to a site) "
        "and **plain Material** (`mkdocs build` of the same export, no plugin: the pages already written). "
        "Right after each Zensical build, `render` and a build without `--clean` run again on the same "
        "trees: Zensical's cache (keyed on content, kept by `render`) then spares the unchanged pages. "
        f"Zensical {importlib.metadata.version('zensical')}; medians; wall-clock in fresh processes. "
        "Ratios are MkDocs + plugin time over the other builder's time (above 1: the other is faster).",
        "",
    ]
    out += table(
        [
            "site",
            "runs",
            "MkDocs + plugin",
            "Zensical: render + build = total",
            "Zensical build again, cache kept",
            "plain Material",
            "plugin / Zensical total",
            "plugin / Zensical build",
            "plugin / (render + cached build)",
            "plugin / plain",
            "pages written (plugin / Zensical / plain)",
        ],
        rows,
    )
    log("  first visit on the Zensical build")
    zvisit = real_site.first_visit(real_t.site_dir("zensical"), median_page.path.removesuffix("index.html"))
    summary.append(
        [
            "First visit (home + one step page), gzipped, Zensical export",
            "(reported)",
            util.kb(zvisit.gzipped),
            "-",
        ]
    )
    ours = ("/assets/dt/",)
    article = next((g for label, _, g in parts if label.startswith("article")), 0)
    out += [
        "### The first visit after the search index became lazy",
        "",
        "Material (and Zensical) fetch the whole search index on every first page load; the theme "
        "override `overrides/partials/dt-lazy-search.html` holds that request until the person opens "
        "search. Same harness as section 3 (home, then the median step page, fresh browser).",
        "",
    ]
    out += table(
        [
            "build",
            "requests",
            "gzipped",
            "search index fetched",
            "ours (dt.css, dt.js)",
            "theme's files + page HTML",
        ],
        [
            [
                label,
                str(len(v.transfers)),
                f"**{util.kb(v.gzipped)}**",
                "yes" if any("search" in t.url and t.url.endswith(".json") for t in v.transfers) else "no",
                util.kb(sum(t.gzipped for t in v.transfers if t.url.startswith(ours))),
                util.kb(sum(t.gzipped for t in v.transfers if not t.url.startswith(ours))),
            ]
            for label, v in (("MkDocs + plugin", visit), ("Zensical export", zvisit))
        ],
    )
    out += [
        f"The median step page (`{median_page.path}`, {util.kb(median_page.gzipped)} gzipped) is Material's "
        f"frame around our step: the article, which is all we render, adds {util.kb(article)} of it; the "
        f"other {util.kb(median_page.gzipped - article)} are the frame (head, header and search dialog, "
        "navigation, footer, configuration script); see the parts table in section 3.",
        "",
    ]
    return out


if __name__ == "__main__":
    sys.exit(main())
