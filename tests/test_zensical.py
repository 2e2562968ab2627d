"""The real site built three ways, read as built HTML: through the MkDocs plugin (the reference), and from
`render`'s export by Zensical and by plain MkDocs + Material (no plugin).

The export must give the same pages at the same addresses with the same steps and answers, every link
must land on a page (and anchor) that exists, and every path must end at an answer. In Chromium: the
Zensical step pages are axe-clean, request nothing from other sites, click through to an answer; on both
builders the search index is fetched only once search is opened, and search then finds things.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

import pytest
import sitebuild
from browser_support import AXE_JS, CHROMIUM, LAUNCH_ARGS, SiteGraph
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = sitebuild.ROOT
pytestmark = pytest.mark.slow(55)  # the export in two languages, built twice


@dataclass(frozen=True)
class Builds:
    plugin: Path  # mkdocs build of mkdocs.yml (with the plugin)
    zensical: Path  # zensical build of the export
    mkdocs_export: Path  # mkdocs build of the export (plain Material, no plugin)


def _run(cmd: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, check=False)
    assert result.returncode == 0, f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def builds(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The session's plugin build (see conftest.built_site), and the export built by the other two."""
    plugin = built_site
    export = tmp_path_factory.mktemp("export") / "out"
    _run([sys.executable, "-m", "build_tools", "render", str(export)], ROOT)
    # Each other language is a site of its own (export/<lang>/), published below the main one.
    languages = sorted(d.name for d in export.iterdir() if (d / "mkdocs.yml").is_file())
    assert languages == ["es"]
    for folder in (export, *(export / lang for lang in languages)):
        _run([sys.executable, "-m", "zensical", "build", "--strict", "--clean"], folder)
    zensical = tmp_path_factory.mktemp("zensical") / "site"
    _run([sys.executable, "-m", "build_tools", "join", str(export), str(zensical)], ROOT)
    mkdocs_export = tmp_path_factory.mktemp("mkdocs-export")
    _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(mkdocs_export)], export)
    for lang in languages:
        target = str(mkdocs_export / lang)
        _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", target], export / lang)
    return Builds(plugin, zensical, mkdocs_export)


EXPORTS = ["zensical", "mkdocs_export"]


def pages(site: Path) -> set[str]:
    """Every page's address, e.g. "/troubleshoot/x/" (404.html aside)."""
    return {"/" + p.parent.relative_to(site).as_posix().removeprefix(".") for p in site.rglob("index.html")}


def normal(url: str) -> str:
    return "/" if url in ("", "/") else "/" + url.strip("/") + "/"


# -- the same site ----------------------------------------------------------------------------------
@pytest.mark.parametrize("which", EXPORTS)
def test_the_export_has_the_same_page_addresses(builds: Builds, which: str) -> None:
    expected = pages(builds.plugin)
    assert len(expected) > 20
    assert pages(getattr(builds, which)) == expected


@pytest.mark.parametrize("which", EXPORTS)
@pytest.mark.parametrize("language", ["", "es"])  # the main site, and the site in Spanish below it
def test_every_step_has_the_same_heading_answers_and_trail(builds: Builds, which: str, language: str) -> None:
    reference = SiteGraph(builds.plugin / language).pages
    exported = SiteGraph(getattr(builds, which) / language).pages
    assert len(reference) > 20
    assert exported.keys() == reference.keys()
    for url, page in reference.items():
        other = exported[url]
        assert (other.tree, other.node, other.kind, other.heading) == (
            page.tree,
            page.node,
            page.kind,
            page.heading,
        ), url
        assert [(a.label, a.target) for a in other.answers] == [(a.label, a.target) for a in page.answers], (
            url
        )
        assert (other.trail, other.trail_items) == (page.trail, page.trail_items), url


class _Nav(HTMLParser):
    """(title, address) of every page link in Material's primary navigation."""

    def __init__(self, here: str) -> None:
        super().__init__(convert_charrefs=True)
        self.here = here
        self.depth = 0  # >0 inside nav.md-nav--primary
        self.href: str | None = None
        self.text: list[str] = []
        self.links: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "nav" and ("md-nav--primary" in a.get("class", "") or self.depth):
            self.depth += 1
        # Links into the current page's own headings are its table of contents, not the navigation
        # (Zensical lists them even under `hide: toc`, such as a page's "Sources").
        elif (
            self.depth
            and tag == "a"
            and "md-nav__link" in a.get("class", "")
            and not a.get("href", "#").startswith("#")
        ):
            self.href, self.text = a["href"], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1
        elif tag == "a" and self.href is not None:
            title = " ".join("".join(self.text).split())
            if title:
                self.links.add((title, normal(posixpath.normpath(posixpath.join(self.here, self.href)))))
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.href is not None:
            self.text.append(data)


def nav_links(site: Path, url: str) -> set[tuple[str, str]]:
    parser = _Nav(url)
    parser.feed((site / url.lstrip("/") / "index.html").read_text(encoding="utf-8"))
    return parser.links


# The home page lists every tree in the navigation; a tree's pages have the compact one (overrides/main.html).
NAV_PAGES = {"/": "My messages won't send", "/troubleshoot/message-wont-send/": "Troubleshoot"}


@pytest.mark.parametrize("which", EXPORTS)
@pytest.mark.parametrize("url", NAV_PAGES)
def test_the_export_has_the_plugins_navigation(builds: Builds, which: str, url: str) -> None:
    expected = nav_links(builds.plugin, url)
    assert {t for t, _ in expected} >= {"Home", "FAQ", NAV_PAGES[url]}
    # Zensical also links a section's first page from the section title: compare the pages, not the markup.
    assert nav_links(getattr(builds, which), url) >= expected
    assert {u for _, u in nav_links(getattr(builds, which), url)} == {u for _, u in expected}


# -- links ------------------------------------------------------------------------------------------
class _Links(HTMLParser):
    """Every <a href> and every id of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[tuple[str, str]] = []  # (class, href)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append((a.get("class", ""), a["href"]))


@pytest.mark.parametrize("which", EXPORTS)
def test_every_link_on_every_page_lands_on_a_built_page_and_anchor(builds: Builds, which: str) -> None:
    site: Path = getattr(builds, which)
    scanned: dict[str, _Links] = {}
    for html in site.rglob("index.html"):
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        scanned[normal(html.parent.relative_to(site).as_posix().removeprefix("."))] = parser
    broken: list[str] = []
    answers = 0
    for url, parser in scanned.items():
        here = normal(url)
        for cls, href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = normal(posixpath.normpath(posixpath.join(here, parts.path))) if parts.path else here
            answers += "dt-answer" in cls
            if target.rstrip("/").endswith((".css", ".js", ".png", ".svg", ".xml", ".json")):
                ok = (site / target.strip("/")).is_file()
            else:
                ok = target in scanned and (not parts.fragment or parts.fragment in scanned[target].ids)
            if not ok:
                broken.append(f"{url}: <a class={cls!r} href={href!r}> -> {target}#{parts.fragment}")
    assert answers > 0
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:30])


@pytest.mark.parametrize("which", ["plugin", *EXPORTS])
def test_every_path_from_every_first_page_ends_on_an_answer(builds: Builds, which: str) -> None:
    graph = SiteGraph(getattr(builds, which))
    starts = graph.starts()
    assert len(starts) >= 6
    memo: dict[str, int] = {}

    def paths(url: str, seen: frozenset[str]) -> int:
        assert url not in seen, f"loop through {url}"
        page = graph.pages.get(url)
        assert page is not None, f"{url} is linked as an answer but is not a step page"
        if page.kind == "resolution":
            return 1
        assert page.answers, f"{url} ({page.kind}) is a dead end"
        if url not in memo:
            memo[url] = sum(paths(a.target, seen | {url}) for a in page.answers)
        return memo[url]

    for start in starts:
        assert paths(start, frozenset()) >= 2, start


class _Fetched(HTMLParser):
    """What a browser fetches on its own: scripts, stylesheets, images, frames, media."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(
            a.get("rel", "").split()
        ):
            return
        if tag in ("script", "link", "img", "iframe", "source", "video", "audio", "embed"):
            self.refs += [a[k] for k in ("src", "href", "srcset") if a.get(k)]


def test_zensical_pages_reference_nothing_on_other_sites(builds: Builds) -> None:
    foreign = []
    for html in builds.zensical.rglob("*.html"):
        parser = _Fetched()
        parser.feed(html.read_text(encoding="utf-8"))
        foreign += [
            f"{html}: {r}"
            for r in parser.refs
            if urlsplit(r).netloc or urlsplit(r).scheme not in ("", "data")
        ]
    assert not foreign, "\n".join(foreign[:20])


# -- in a browser -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    if os.environ.get("CI") == "true":
        assert CHROMIUM.exists(), f"{CHROMIUM} is missing; CI must run the browser tests"
    elif not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt install chromium); browser tests need it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def servers(builds: Builds) -> Iterator[dict[str, str]]:
    with sitebuild.serve(builds.plugin) as plugin, sitebuild.serve(builds.zensical) as zensical:
        yield {"plugin": plugin, "zensical": zensical}


def one_of_each_kind(site: Path) -> dict[str, str]:
    graph = SiteGraph(site)
    path = graph.path_to_resolution("/troubleshoot/message-wont-send/")
    found = {p.kind: p.url for p, _ in path}
    assert set(found) == {"question", "step", "resolution"}, found
    return found


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_zensical_step_pages_have_no_serious_accessibility_problems(
    chromium: Browser, builds: Builds, servers: dict[str, str], scheme: Literal["light", "dark"]
) -> None:
    context = chromium.new_context(color_scheme=scheme)
    problems = []
    try:
        page = context.new_page()
        urls = {**one_of_each_kind(builds.zensical), "map": "/troubleshoot/message-wont-send/map/"}
        for kind, url in urls.items():
            page.goto(urljoin(servers["zensical"], url))
            page.add_script_tag(path=str(AXE_JS))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = ", ".join(" ".join(n["target"]) for n in violation["nodes"][:5])
                    problems.append(f"{kind} {url}: {violation['id']} ({violation['impact']}) at {targets}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_zensical_clicks_through_to_an_answer_with_nothing_from_other_sites(
    chromium: Browser, builds: Builds, servers: dict[str, str]
) -> None:
    base = servers["zensical"]
    context = chromium.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        path = SiteGraph(builds.zensical).path_to_resolution("/troubleshoot/message-wont-send/")
        page.goto(urljoin(base, path[0][0].url))
        for current, index in path[:-1]:
            assert page.locator("[data-dt-node]").get_attribute("data-dt-node") == current.node
            page.locator("[data-dt-node] a.dt-answer").nth(index).click()
            page.wait_for_url(urljoin(base, current.answers[index].target))
        assert page.locator("[data-dt-node]").get_attribute("data-dt-kind") == "resolution"
        # dt.js runs on Zensical too: the answers given are kept for "Your answers so far".
        trail = page.evaluate("() => JSON.parse(sessionStorage.getItem('dt-trail') || '[]')")
        assert len(trail) == len(path) - 1
        for url in ("/", "/faq/", "/troubleshoot/message-wont-send/map/"):
            page.goto(urljoin(base, url), wait_until="networkidle")
    finally:
        context.close()
    foreign = [u for u in requests if not (u.startswith(base) or u.startswith("data:"))]
    assert not foreign, f"requests to other sites: {foreign}"


# Watches the page's XMLHttpRequest from below the site's lazy-search script (an init script runs first, so
# that script wraps these wrappers): `opened` when the theme asks for the search index at start-up, `sent`
# when that request really goes out. The theme asks in one task (open, then send), so once it has opened,
# whether it was sent is settled: a positive point to wait for before asserting that nothing was fetched.
WATCH_INDEX = """(() => {
  const proto = XMLHttpRequest.prototype, open = proto.open, send = proto.send;
  const INDEX = /\\/search(\\/search_index)?\\.json$/;
  window.dtIndex = {opened: false, sent: false};
  proto.open = function (method, url) {
    this.dtWatched = INDEX.test(String(url).split(/[?#]/)[0]);
    if (this.dtWatched) window.dtIndex.opened = true;
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.dtWatched) window.dtIndex.sent = true;
    return send.apply(this, arguments);
  };
})();"""


def search_panel(page: Page, builder: str) -> Locator:
    """The search box and its results: in the page on Material, in a shadow root on Zensical."""
    if builder == "plugin":
        return page.locator(".md-search__inner")
    return page.get_by_role("dialog", name="Search")


@pytest.mark.browser
@pytest.mark.parametrize("builder", ["plugin", "zensical"])
@pytest.mark.parametrize("how", ["click", "shortcut"])
def test_the_search_index_loads_only_when_search_is_opened_and_then_finds_steps(
    chromium: Browser, servers: dict[str, str], builder: str, how: str
) -> None:
    base = servers[builder]
    context = chromium.new_context()
    fetched: list[str] = []
    context.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    index = "/search/search_index.json" if builder == "plugin" else "/search.json"
    context.add_init_script(WATCH_INDEX)
    try:
        page = context.new_page()
        page.goto(urljoin(base, "/troubleshoot/message-wont-send/"))
        # The theme has asked for the index (held back by the site's script): only now is "not fetched" news.
        page.wait_for_function("() => window.dtIndex.opened", timeout=10_000)
        assert not page.evaluate("() => window.dtIndex.sent"), (
            "the search index was requested before anyone searched"
        )
        assert index not in fetched, "the search index was fetched before anyone searched"
        if how == "click":
            button = ".md-search__input" if builder == "plugin" else ".md-search__button"
            page.locator(button).click()
        else:
            page.locator("body").press("/")
        panel = search_panel(page, builder)
        query = panel.get_by_role("textbox").or_(panel.get_by_role("combobox"))
        expect(query).to_be_focused()
        query.press_sequentially("VPN")
        expect(panel.locator("a[href*='troubleshoot/']", has_text="VPN").first).to_be_visible()
        assert index in fetched
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("builder", ["plugin", "zensical"])
def test_search_on_a_spanish_page_finds_spanish_pages_only(
    chromium: Browser, servers: dict[str, str], builder: str
) -> None:
    """Each language has its own index: search on /es/ reads the Spanish one and lists /es/ pages."""
    base = servers[builder]
    context = chromium.new_context()
    fetched: list[str] = []
    context.on("request", lambda r: fetched.append(urlsplit(r.url).path))
    index = "search/search_index.json" if builder == "plugin" else "search.json"
    try:
        page = context.new_page()
        page.goto(urljoin(base, "/es/troubleshoot/message-wont-send/"))
        button = ".md-search__input" if builder == "plugin" else ".md-search__button"
        page.locator(button).click()
        panel = search_panel(page, builder)
        query = panel.get_by_role("textbox").or_(panel.get_by_role("combobox"))
        expect(query).to_be_focused()
        query.press_sequentially("bandeja")  # "bandeja de entrada": the inbox, in Spanish only
        results = panel.locator("a[href*='troubleshoot/']")
        expect(results.first).to_be_visible()
        hrefs = [
            urlsplit(urljoin(page.url, h or "")).path
            for h in results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        ]
        assert hrefs and all(h.startswith("/es/") for h in hrefs), hrefs
        assert f"/es/{index}" in fetched and f"/{index}" not in fetched, fetched
    finally:
        context.close()


def test_the_joined_zensical_site_has_one_sitemap_with_both_languages(builds: Builds) -> None:
    """`join` puts the Spanish site under /es/ and merges its sitemap, with hreflang alternates."""
    text = (builds.zensical / "sitemap.xml").read_text(encoding="utf-8")
    english = {p for p in pages(builds.zensical) if p != "/es" and not p.startswith("/es/")}
    assert text.count("<url>") == 2 * len(english)
    assert '<xhtml:link rel="alternate" hreflang="es" href="https://example.org/es/faq/"/>' in text
    assert "<loc>https://example.org/es/troubleshoot/message-wont-send/</loc>" in text
