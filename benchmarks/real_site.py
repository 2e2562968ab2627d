"""Benchmarks 3 and 4 on the real site: page weight, first-visit transfer, and answer-to-next-step time."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import util
import yaml

STEP_ROOT = "troubleshoot"


# -- Building the real site ---------------------------------------------------------------------------------
@dataclass
class RealBuild:
    site: Path
    config: Path
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _nav_files(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in _nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in _nav_files(value)]
    return []


def _prune_nav(nav: Any, docs: Path, generated: set[str]) -> Any:
    """The nav without entries whose Markdown file does not exist (yet)."""
    if isinstance(nav, str):
        return nav if nav in generated or "://" in nav or (docs / nav).exists() else None
    if isinstance(nav, list):
        kept = [x for x in (_prune_nav(i, docs, generated) for i in nav) if x not in (None, [], {})]
        return kept
    if isinstance(nav, dict):
        out = {
            k: v
            for k, v in ((k, _prune_nav(v, docs, generated)) for k, v in nav.items())
            if v not in (None, [])
        }
        return out or None
    return nav


INSTANT_PORT = 8971


def config_copy(
    work: Path, name: str, instant: bool = False, english_only: bool = False
) -> tuple[Path, list[str]]:
    """The real mkdocs.yml, made to work from benchmarks/.work: absolute paths, missing nav pages dropped;
    with `english_only`, without the plugin's other languages (the site as it was before /es/)."""
    source = util.ROOT / "mkdocs.yml"
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    notes: list[str] = []
    data["docs_dir"] = str(util.ROOT / data.get("docs_dir", "docs"))
    theme = data.setdefault("theme", {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str(util.ROOT / theme["custom_dir"])
    for plugin in data.get("plugins", []):
        if isinstance(plugin, dict) and "decision-trees" in plugin:
            options = plugin["decision-trees"] or {}
            for key in ("trees_dir", "templates"):
                if key in options or key == "trees_dir":
                    options[key] = str(util.ROOT / options.get(key, "trees"))
            # The journeys too (relative to mkdocs.yml, which moved): `check` runs the same rules.
            options["journeys_dir"] = str(util.ROOT / options.get("journeys_dir", "tests/journeys"))
            if english_only:
                options.pop("languages", None)
            plugin["decision-trees"] = options
    if "nav" in data:
        docs = Path(data["docs_dir"])
        generated = {"index.md", "causes.md", "faq.md"}
        missing = [f for f in _nav_files(data["nav"]) if f not in generated and not (docs / f).exists()]
        if missing:
            data["nav"] = _prune_nav(data["nav"], docs, generated)
            notes.append("built without nav entries whose files do not exist yet: " + ", ".join(missing))
    if instant:
        # Material only swaps in pages whose URL matches site_url (it checks them against sitemap.xml).
        data["site_url"] = f"http://127.0.0.1:{INSTANT_PORT}/"
        features = theme.setdefault("features", [])
        if "navigation.instant" not in features:
            features.append("navigation.instant")
    path = work / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path, notes


def timed_builds(config: Path, site: Path, runs: int) -> list[util.Run]:
    """`mkdocs build` of `config` `runs` times, after one untimed build (the caches of a working copy)."""
    cmd = [util.PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
    out = []
    for _ in range(runs + 1):
        result = util.run(cmd)
        if result.returncode != 0:
            raise RuntimeError(f"mkdocs build of {config} failed:\n{result.stderr[-3000:]}")
        out.append(result)
    return out[1:]


def build_real(work: Path, name: str, instant: bool = False) -> RealBuild:
    """Build the real site: mkdocs.yml as it is, else a copy without nav entries for missing files."""
    site = util.fresh(work / name)
    cmd = [util.PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    if not instant:
        result = util.run([*cmd, "-f", str(util.ROOT / "mkdocs.yml")])
        if result.returncode == 0:
            return RealBuild(site, util.ROOT / "mkdocs.yml", [], result.seconds)
        first_error = result.stderr.strip().splitlines()[-1:] or ["(no message)"]
        notes = [f"`mkdocs build -f mkdocs.yml` failed ({first_error[0][:160]}); used a copy"]
    else:
        notes = []
    config, more = config_copy(work, f"mkdocs-{name}.yml", instant)
    result = util.run([*cmd, "-f", str(config)])
    if result.returncode != 0:
        raise RuntimeError(f"the real site does not build:\n{result.stderr[-3000:]}")
    return RealBuild(site, config, notes + more, result.seconds)


# -- Page weight --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageSize:
    path: str
    raw: int
    gzipped: int


def step_pages(site: Path) -> list[PageSize]:
    """Every page under troubleshoot/ that renders a node (has data-dt-node), by gzipped size."""
    out = []
    for html in sorted((site / STEP_ROOT).rglob("*.html")):
        data = html.read_bytes()
        if b"data-dt-node" in data:
            out.append(PageSize(html.relative_to(site).as_posix(), len(data), util.gz(data)))
    return sorted(out, key=lambda p: p.gzipped)


@dataclass
class Transfer:
    url: str
    kind: str
    raw: int
    gzipped: int


@dataclass
class FirstVisit:
    pages: list[str]
    transfers: list[Transfer]
    third_party: list[str]

    @property
    def raw(self) -> int:
        return sum(t.raw for t in self.transfers)

    @property
    def gzipped(self) -> int:
        return sum(t.gzipped for t in self.transfers)

    def by_kind(self) -> dict[str, tuple[int, int, int]]:
        out: dict[str, tuple[int, int, int]] = {}
        for t in self.transfers:
            n, raw, gzipped = out.get(t.kind, (0, 0, 0))
            out[t.kind] = (n + 1, raw + t.raw, gzipped + t.gzipped)
        return out


def _kind(url: str, content_type: str) -> str:
    path = urlsplit(url).path
    if path.endswith("search_index.json"):
        return "search index"
    for kind, pattern in (
        ("HTML", r"text/html"),
        ("CSS", r"text/css"),
        ("JS", r"javascript"),
        ("font", r"font|woff"),
        ("image", r"image/"),
    ):
        if re.search(pattern, content_type):
            return kind
    return "other"


def first_visit(site: Path, step_path: str, wait_ms: int = 1500) -> FirstVisit:
    """Home page, then one step page, in one fresh browser context; each URL counted once (as if cached)."""
    from playwright.sync_api import Request, Response, sync_playwright

    seen: dict[str, Transfer] = {}
    third_party: list[str] = []
    with util.serve(site) as base, sync_playwright() as pw:
        host = urlsplit(base).netloc
        browser = pw.chromium.launch(executable_path=util.CHROMIUM, args=util.CHROMIUM_ARGS)
        context = browser.new_context()

        def on_request(request: Request) -> None:
            if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != host:
                third_party.append(request.url)

        def on_response(response: Response) -> None:
            url = response.url
            if urlsplit(url).netloc != host or url in seen or response.status >= 300:
                return
            try:
                body = response.body()
            except Exception:  # the page navigated away before the body was read
                return
            content_type = response.headers.get("content-type", "")
            seen[url] = Transfer(url[len(base) - 1 :], _kind(url, content_type), len(body), util.gz(body))

        context.on("request", on_request)
        context.on("response", on_response)
        page = context.new_page()
        pages = [base, urljoin(base, step_path)]
        for url in pages:
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(wait_ms)  # late fetches (the search worker loads its index after load)
        context.close()
        browser.close()
    return FirstVisit([urlsplit(p).path for p in pages], list(seen.values()), third_party)


# -- Navigation ---------------------------------------------------------------------------------------------
@dataclass
class Navigation:
    instant: bool
    times_ms: list[float]
    kept_document: int  # clicks after which the old document (a window marker) survived: instant navigation

    @property
    def median(self) -> float:
        return util.median(self.times_ms)


def _target(base: str, page_url: str, href: str) -> tuple[str, str] | None:
    """(tree, node) of a non-start node page the href points to, else None."""
    path = urlsplit(urljoin(page_url, href)).path[len(urlsplit(base).path) :]
    parts = [p for p in path.split("/") if p]
    if len(parts) == 3 and parts[0] == STEP_ROOT:
        return parts[1], parts[2]
    return None


def navigate(site: Path, start_paths: list[str], clicks: int, instant: bool) -> Navigation:
    """Click answers through the trees; time from the click to the next node's heading being visible."""
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    kept = 0
    with util.serve(site, INSTANT_PORT if instant else 0) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=util.CHROMIUM, args=util.CHROMIUM_ARGS)
        page = browser.new_page()
        restart = 0
        page.goto(urljoin(base, start_paths[0]), wait_until="load")
        page.goto(
            urljoin(base, start_paths[0]), wait_until="load"
        )  # once more: everything cached, as for a reader
        attempts = 0
        while len(times) < clicks:
            attempts += 1
            if attempts > clicks * 10:
                raise RuntimeError("could not find enough answers to click")
            answers = page.locator("a.dt-answer")
            options = []
            for i in range(answers.count()):
                target = _target(base, page.url, answers.nth(i).get_attribute("href") or "")
                if target:
                    options.append((i, target))
            if not options:  # an end, or links only to other trees' starts: start again elsewhere
                restart += 1
                page.goto(urljoin(base, start_paths[restart % len(start_paths)]), wait_until="load")
                continue
            index, (tree, node) = options[(len(times) + restart) % len(options)]
            page.evaluate("window.__benchMarker = 1")
            heading = f'[data-dt-tree="{tree}"][data-dt-node="{node}"] h1'
            t0 = time.perf_counter()
            answers.nth(index).click()
            page.wait_for_selector(heading, state="visible")
            times.append((time.perf_counter() - t0) * 1000)
            page.wait_for_load_state("load")
            if page.evaluate("window.__benchMarker === 1"):
                kept += 1
        browser.close()
    return Navigation(instant, times, kept)


# Parts of a Material page, by the markers that start and end them in the HTML.
# (label, where the part begins, where it ends: the first of these found after the beginning). A part the
# page doesn't have (tree pages render no table of contents) is left out of the table.
PARTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("`<head>`", "<head>", ("</head>",)),
    ("header bar (logo, palette toggle, search dialog)", '<header class="md-header', ("</header>",)),
    ("  of which the search dialog", '<div class="md-search"', ('<div class="md-search__output"',)),
    (
        "sidebar navigation",
        '<div class="md-sidebar md-sidebar--primary"',
        ('<div class="md-sidebar md-sidebar--secondary"', '<div class="md-content"'),
    ),
    (
        "table of contents sidebar",
        '<div class="md-sidebar md-sidebar--secondary"',
        ('<div class="md-content"',),
    ),
    ("article (the step itself)", '<article class="md-content__inner', ("</article>",)),
    ("footer", '<footer class="md-footer">', ("</footer>",)),
    ("configuration and scripts at the end", '<script id="__config"', ("</body>",)),
]


def page_parts(html: bytes) -> list[tuple[str, int, int]]:
    """(part, raw bytes, gzipped bytes it adds): gzipped = size of the page minus size without the part."""
    text = html.decode()
    whole = util.gz(html)
    out = []
    for label, begin, ends in PARTS:
        a = text.find(begin)
        found = [(b, end) for end in ends if a >= 0 and (b := text.find(end, a + 1)) >= 0]
        if not found:
            continue
        b, end = found[0]
        b += len(end) if not end.startswith(("<div", "</body")) else 0
        rest = (text[:a] + text[b:]).encode()
        out.append((label, len(text[a:b].encode()), whole - util.gz(rest)))
    return out
