"""`make bench-languages`: what the second language costs the real site's build (issue 22); writes
section 8 of RESULTS.md.

Two configs of the real site, built with `mkdocs build` in fresh processes: the site as it is (English and
every language of the plugin's `languages:`), and a copy without `languages:` (English alone; see
real_site.config_copy). Runs alternate between the two, one untimed build of each first (caches), so both
see the same load; the 1-minute load average is recorded as each run starts. Wall-clock and CPU time
(user + system of the build process) per run; medians.

.venv/bin/python benchmarks/languages.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

import real_site
import util
import yaml

START = "<!-- languages:start -->"
END = "<!-- languages:end -->"
RESULTS = util.ROOT / "benchmarks" / "RESULTS.md"


def pages(site: Path, language: str | None) -> int:
    """Pages written (index.html) of one language: `language` None is the main site without its folders."""
    if language is not None:
        return sum(1 for _ in (site / language).rglob("index.html"))
    return sum(1 for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "es")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = util.WORK / "languages"
    work.mkdir(parents=True, exist_ok=True)
    both, _ = real_site.config_copy(work, "mkdocs-all.yml")
    english, _ = real_site.config_copy(work, "mkdocs-en.yml", english_only=True)
    # Without `languages:`, docs/<page>.es.md would be pages of their own: English alone leaves them out.
    data = yaml.safe_load(english.read_text(encoding="utf-8"))
    data["exclude_docs"] = "*.es.md\n"
    english.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    sites = {"en": work / "site-en", "all": work / "site-all"}
    configs = {"en": english, "all": both}
    runs: dict[str, list[util.Run]] = {"en": [], "all": []}
    for round_ in range(args.runs + 1):
        order = ["en", "all"] if round_ % 2 == 0 else ["all", "en"]
        for name in order:
            cmd = [
                util.PYTHON,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(configs[name]),
                "-d",
                str(sites[name]),
            ]
            result = util.run(cmd)
            if result.returncode != 0:
                print(result.stderr[-3000:], file=sys.stderr)
                return 1
            if round_:  # the first round warms the caches
                runs[name].append(result)
    en_pages = pages(sites["en"], None)
    all_en, all_es = pages(sites["all"], None), pages(sites["all"], "es")
    wall = {k: util.median([r.seconds for r in v]) for k, v in runs.items()}
    cpu = {k: util.median([r.cpu for r in v]) for k, v in runs.items()}
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=util.ROOT, check=False
    ).stdout.strip()
    per_page_first = wall["en"] / en_pages * 1000
    per_page_second = (wall["all"] - wall["en"]) / all_es * 1000
    cpu_first = cpu["en"] / en_pages * 1000
    cpu_second = (cpu["all"] - cpu["en"]) / all_es * 1000
    every = {k: " ".join(f"{r.seconds:.2f}" for r in v) for k, v in runs.items()}
    load = {k: util.loads([r.load for r in v]) for k, v in runs.items()}
    lines = [
        START,
        "## 8. Languages: the build with one and with two languages (issue 22)",
        "",
        f"Written by `make bench-languages` (`benchmarks/languages.py`), commit measured `{head}`, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC. The real site built by `mkdocs build` in a fresh "
        "process: as it is (English, and Spanish under /es/ built by the plugin as a second MkDocs build "
        "after the English one), and a copy of mkdocs.yml without `languages:` (English alone). "
        f"{args.runs} timed runs of each after one untimed run of each, the two alternating (and swapping "
        "order every round) so both see the same load; medians. CPU is user + system time of the build "
        "process; load is the 1-minute load average as each run started (2 cores: above 2, others were "
        "running, so read CPU and the ratios).",
        "",
        "| build | pages written | wall, median | CPU, median | every run, wall s | load at each start |",
        "|---|---|---|---|---|---|",
        f"| English alone | {en_pages} | {wall['en']:.2f} s | {cpu['en']:.2f} s | {every['en']} "
        f"| {load['en']} |",
        f"| English + Spanish | {all_en} + {all_es} = {all_en + all_es} | {wall['all']:.2f} s | "
        f"{cpu['all']:.2f} s | {every['all']} | {load['all']} |",
        "",
        "| per page | wall | CPU |",
        "|---|---|---|",
        f"| first language: its build / its pages | {per_page_first:.1f} ms | {cpu_first:.1f} ms |",
        f"| second language: what it adds / its pages | {per_page_second:.1f} ms | {cpu_second:.1f} ms |",
        f"| second / first | {per_page_second / per_page_first:.2f} | {cpu_second / cpu_first:.2f} |",
        "",
        "The second language pays no start-up of its own (Python, MkDocs' imports, reading and checking the "
        "trees and their translations happen once, in the English build) and builds the same number of "
        "pages with the same templates; it adds Material's work per page, its own search index and its "
        "share of the one sitemap.",
        END,
    ]
    block = "\n".join(lines)
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = old[: old.index(START)] + block + old[old.index(END) + len(END) :]
    elif "<!-- test-loop:start -->" in old:
        at = old.index("<!-- test-loop:start -->")
        new = old[:at].rstrip() + "\n\n" + block + "\n\n" + old[at:]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(new, encoding="utf-8")
    print(block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
