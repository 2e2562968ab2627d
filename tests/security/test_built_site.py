"""Defence in depth: with `check` bypassed, every hostile snippet is built into one site, and no script runs.

The plugin is made to ignore every problem of the hostile trees (as if `check` had been skipped), so the
site is built from text that `check` refuses. The same trees are exported by `render` (its check bypassed the
same way) and the export is built by Zensical and by plain MkDocs + Material, where none of our code runs at
build time: what the export wrote must be safe as it is. One site holds every snippet in every field where
the structure allows it (multi-line snippets only in multi-line fields: elsewhere the schema stops the tree
being built).

Every page of every build is searched for event-handler attributes, script elements, script URLs and
elements that don't belong in content twice: in the HTML as written, and in the DOM as Chromium's own parser
reads it (the parse a visitor gets, mutation XSS included). Then Chromium loads, with the theme's and the
site's scripts running and a `dialog` handler that records any alert, the pages that hold every snippet and
one page of each kind for the snippets the theme's scripts rework. The cost of a build is its pages parsed,
not its pages loaded, so more builds and more snippets stay cheap.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from browser_support import CHROMIUM, LAUNCH_ARGS
from corpus_trees import causes_file, tree_file
from hostile import SNIPPETS, Snippet
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.async_api import Dialog, async_playwright
from sitebuild import serve

import build_tools.export.markdown
import build_tools.mkdocs.plugin
from build_tools.check.validate import load_project
from build_tools.core.loader import load_file
from build_tools.core.model import Tree, build_tree
from build_tools.core.project import Project
from build_tools.core.translations import english_fields
from build_tools.export.markdown import render

ROOT = Path(__file__).resolve().parents[2]
LANG = "es"  # the site's other language (mkdocs.yml `languages:`): its pages are audited too
pytestmark = [pytest.mark.browser, pytest.mark.slow(130)]  # both languages of three builds


def _english(path: Path, tree_id: str) -> Tree:
    doc = load_file(path, path.name)
    assert doc.data is not None, doc.problems
    return build_tree(tree_id, str(path), doc.data)


def _translation(tree: Tree, snippet: Snippet) -> str:
    """A Spanish translation of `tree` with the snippet in every field that can hold it (a one-line snippet
    in one-line fields, else a plain text there), stamped with no `from` hashes."""
    data: dict[str, Any] = {"language": LANG, "reviewed": False}
    for n, (address, english) in enumerate(english_fields(tree).items()):
        one_line = "\n" not in english.text.strip()
        text = snippet.text if snippet.one_line or not one_line else f"Texto {n}"
        _put(data, address, {"text": text})
    data["symptoms"] = [snippet.text if snippet.one_line else "Un síntoma"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _put(data: dict[str, Any], address: tuple[str | int, ...], value: object) -> None:
    """`value` at `address` of a translation (mappings by key, lists by index, as the file nests them)."""
    here: Any = data
    for key, after in itertools.pairwise(address):
        empty: Any = [] if isinstance(after, int) else {}
        if isinstance(key, int):
            while len(here) <= key:
                here.append(None)
            if here[key] is None:
                here[key] = empty
        else:
            here.setdefault(key, empty)
        here = here[key]
    last = address[-1]
    if isinstance(last, int):
        while len(here) <= last:
            here.append(None)
    here[last] = value


def _tree_id(index: int) -> str:
    return f"s{index:02d}"


def _ignore_problems(paths: Any, *args: Any, **kwargs: Any) -> Project:
    project = load_project(paths, *args, **kwargs)
    project.problems = []  # as if `check` had not run: only the build's own defences are left
    return project


def _write_project(root: Path) -> Path:
    """trees/ with one tree per snippet, a causes list, and a mkdocs.yml like the real one; the config.
    trees/es/ translates every tree and cause with the same snippet in every field, so the Spanish site
    shows the hostile text through a translation file (a hostile translation, not the English fallback)."""
    trees = root / "trees"
    trees.mkdir()
    (trees / LANG).mkdir()
    causes: list[tuple[str, str | None, str | None]] = []
    translated_causes: dict[str, Any] = {}
    for index, snippet in enumerate(SNIPPETS):
        tree = _tree_id(index)
        one = snippet.text if snippet.one_line else None
        text, _ = tree_file(f"{tree}.yaml", f"c{index:02d}", one, snippet.text)
        (trees / f"{tree}.yaml").write_text(text, encoding="utf-8")
        causes.append((f"c{index:02d}", one, snippet.text))
        translation = _translation(_english(trees / f"{tree}.yaml", tree), snippet)
        (trees / LANG / f"{tree}.yaml").write_text(translation, encoding="utf-8")
        translated_causes[f"c{index:02d}"] = {
            "title": {"text": snippet.text if snippet.one_line else f"Causa {index}"},
            "explanation": {"text": snippet.text},
        }
    (trees / "causes.yaml").write_text(causes_file(causes)[0], encoding="utf-8")
    causes_translation = {"language": LANG, "reviewed": False, "causes": translated_causes}
    (trees / LANG / "causes.yaml").write_text(yaml.safe_dump(causes_translation, allow_unicode=True), "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(ROOT / "docs")
    if "custom_dir" in config["theme"]:
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config["strict"] = False  # hostile links may warn; what matters here is what reaches the page
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "decision-trees" in plugin:
            plugin["decision-trees"]["tree_order"] = []
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_project(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_site(hostile_project: Path) -> Iterator[Path]:
    site = hostile_project.parent / "site"
    patch = pytest.MonkeyPatch()
    patch.setattr(build_tools.mkdocs.plugin, "load_project", _ignore_problems)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)  # hostile links and anchors warn by the hundred
    try:
        build(load_config(str(hostile_project), site_dir=str(site)))
    finally:
        patch.undo()
        logger.setLevel(level)
    yield site


def _run(cmd: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, check=False, timeout=900)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def hostile_export(hostile_project: Path) -> Path:
    """`render`'s export of the hostile trees, written with its check bypassed."""
    patch = pytest.MonkeyPatch()
    patch.setattr(build_tools.export.markdown, "load_project", _ignore_problems)
    try:
        export, problems = render(hostile_project, hostile_project.parent / "export")
    finally:
        patch.undo()
    assert export is not None, problems
    return export.config


@pytest.fixture(scope="module")
def zensical_site(hostile_export: Path) -> Path:
    export = hostile_export.parent
    for folder in (export, export / LANG):
        _run([sys.executable, "-m", "zensical", "build", "--clean"], folder)
    site = export.parent / "zensical"
    _run([sys.executable, "-m", "build_tools", "join", str(export), str(site)], ROOT)
    return site


@pytest.fixture(scope="module")
def material_site(hostile_export: Path) -> Path:
    site = hostile_export.parent.parent / "material"
    _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(hostile_export), "-d", str(site)], ROOT)
    spanish = hostile_export.parent / LANG / "mkdocs.yml"
    _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(spanish), "-d", str(site / LANG)], ROOT)
    return site


# Builds of the hostile trees, by name (the `built` fixture makes each). Every page of every build is audited
# as HTML and as the browser parses it; in the browser with the site's scripts running, the pages that hold
# every snippet and one page of each kind. A build costs its build and a few seconds, whatever the snippets.
# "zensical" and "material" build the export (the same trees through `render`), without our plugin.
BUILDS = {"plugin": "hostile_site", "zensical": "zensical_site", "material": "material_site"}


@pytest.fixture(scope="module", params=list(BUILDS))
def built(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """(name, site) of each build of the hostile trees."""
    name: str = request.param
    site: Path = request.getfixturevalue(BUILDS[name])
    return name, site


def _generated_pages(site: Path, maps: bool) -> list[str]:
    """Home, FAQ, causes and every page of the hostile trees (maps hold titles only, as escaped text), in
    both languages: the Spanish ones show the hostile translation files."""
    pages = []
    for prefix in ("", f"{LANG}/"):
        pages += [f"/{prefix}", f"/{prefix}faq/", f"/{prefix}causes/"]
        for index in range(len(SNIPPETS)):
            folder = site / prefix / "troubleshoot" / _tree_id(index)
            for page in sorted(folder.glob("**/index.html")):
                if maps or page.parent.name != "map":
                    pages.append(f"/{page.parent.relative_to(site).as_posix()}/")
    return pages


def test_every_snippet_reached_the_built_site(built: tuple[str, Path]) -> None:
    name, site = built
    for index in range(len(SNIPPETS)):
        # each tree: its question, step, resolution and map, in both languages
        assert len(list((site / "troubleshoot" / _tree_id(index)).glob("**/index.html"))) == 4, name
        spanish = site / LANG / "troubleshoot" / _tree_id(index)
        assert len(list(spanish.glob("**/index.html"))) == 4, name
        # from the translation file: no field of the page fell back to English
        page = (spanish / "index.html").read_text(encoding="utf-8")
        assert "data-dt-language-note" in page and "aún no está traducida" not in page, (name, index)


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "xlink:href", "srcdoc"}
_SCRIPT_URL = re.compile(r"^(?:java|vb)script:|^data:text/html", re.IGNORECASE)
_NOT_IN_CONTENT = {
    "iframe",
    "object",
    "embed",
    "base",
    "form",
    "style",
    "link",
    "img",
    "meta",
    "frame",
    "noscript",
}
_DATA_SCRIPTS = {"application/json", "application/ld+json"}


def _off_site(href: str) -> bool:
    """A link that leaves the site: absolute or protocol-relative (`//host/`), backslashes read as slashes."""
    probe = re.sub(r"[\s\x00-\x1f]", "", href).replace("\\", "/")
    return bool(urlsplit(probe).netloc) or probe.startswith("//")


class _Audit(HTMLParser):
    """Everything in a built page that could run script, restyle the page or make the site's own navigation
    lead off the site, from the HTML itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.article = 0
        self.nav = 0
        self.descriptions = 0
        self.footer = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "article":
            self.article += 1
        if tag == "footer":
            self.footer = True
        if tag == "nav":
            self.nav += 1
        if tag == "a" and self.nav and not self.article and _off_site(values.get("href", "")):
            self.found.append(f"the site's navigation links off the site: {values['href']!r}")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag}> has {name}")
            if name in _URL_ATTRIBUTES and _SCRIPT_URL.match(re.sub(r"[\s\x00-\x1f]", "", value)):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and self.article:
                self.found.append(f"<{tag}> has a style attribute in the content")
        if tag == "meta":
            if "http-equiv" in values:
                self.found.append(f"meta http-equiv={values['http-equiv']!r}")
            self.descriptions += values.get("name") == "description"
        if self.article and tag in _NOT_IN_CONTENT:
            self.found.append(f"<{tag}> in the content")
        if tag == "script":
            data = values.get("type") in _DATA_SCRIPTS
            asset = "assets/" in values.get("src", "") and "//" not in values.get("src", "")
            if not (data or asset or (not values.get("src") and not self.article)):
                self.found.append(f"script element {values}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article -= 1
        if tag == "nav":
            self.nav = max(0, self.nav - 1)


def _audit(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    found = audit.found
    if audit.descriptions != 1:
        found.append(f"{audit.descriptions} description meta elements")
    if not audit.footer:
        found.append("the page ends early (no footer)")
    return found


def test_no_built_page_carries_script_handlers_or_styles(hostile_site: Path) -> None:
    """The plugin's build, read by Python's parser (no browser needed); every build is read by Chromium's
    parser with the same checks in test_no_page_carries_script_as_the_browser_parses_it."""
    problems = []
    for url in _generated_pages(hostile_site, maps=True):
        html = (hostile_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        problems += [f"{url}: {p}" for p in _audit(html)]
    assert not problems, "\n".join(problems)


# What could run script, found in a DOM as a browser parsed it: event-handler attributes, script URLs, script
# elements in the content, and <noscript> in the content. DOMParser parses with scripting off, and <noscript>
# is the one element the HTML parser reads differently when scripting is on (raw text, so markup "inside"
# its attributes becomes elements: the mxss-noscript snippet); in the content it is refused outright.
_SCAN = """(doc) => {
  const found = [];
  const scriptUrl = /^(java|vb)script:|^data:text\\/html/i;
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} has ${name}`);
      if (['href', 'src', 'action', 'formaction', 'data', 'background', 'xlink:href', 'srcdoc'].includes(name)
          && scriptUrl.test(attr.value.replace(/[\\s\\u0000-\\u001f]/g, ''))) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
    }
  }
  for (const s of doc.querySelectorAll('article script')) {
    if (s.type !== 'application/ld+json') found.push(`script element: ${s.outerHTML.slice(0, 80)}`);
  }
  for (const n of doc.querySelectorAll('article noscript')) {
    found.push(`noscript element: ${n.outerHTML.slice(0, 80)}`);
  }
  return found;
}"""

# The rest of _Audit's checks, on the page as written (before any script of the theme restyles it): style
# attributes and elements that don't belong in the content, a refresh, one description, the page complete,
# only the site's own scripts, and a navigation that stays on the site.
_AS_WRITTEN = r"""(doc) => {
  const found = [];
  const inContent = (el) => el.closest('article') !== null;
  for (const el of doc.querySelectorAll('article[style], article [style]')) {
    found.push(`<${el.localName}> has a style attribute in the content`);
  }
  const notInContent = 'iframe, object, embed, base, form, style, link, img, meta, frame, noscript';
  for (const el of doc.querySelectorAll(`article :is(${notInContent})`)) {
    found.push(`<${el.localName}> in the content`);
  }
  for (const m of doc.querySelectorAll('meta[http-equiv]')) {
    found.push(`meta http-equiv=${m.getAttribute('http-equiv')}`);
  }
  const descriptions = doc.querySelectorAll('meta[name="description"]').length;
  if (descriptions !== 1) found.push(`${descriptions} description meta elements`);
  if (!doc.querySelector('footer')) found.push('the page ends early (no footer)');
  for (const s of doc.querySelectorAll('script')) {
    const src = s.getAttribute('src') || '';
    const data = ['application/json', 'application/ld+json'].includes(s.getAttribute('type'));
    const asset = src.includes('assets/') && !src.includes('//');
    if (!(data || asset || (!src && !inContent(s)))) {
      found.push(`script element: ${s.outerHTML.slice(0, 80)}`);
    }
  }
  for (const a of doc.querySelectorAll('nav a[href]')) {
    const probe = a.getAttribute('href').replace(/[\s\u0000-\u001f]/g, '').replace(/\\/g, '/');
    if (!inContent(a) && /^([a-z][a-z0-9+.\-]*:)?\/\//i.test(probe)) {
      found.push(`the site's navigation links off the site: ${a.getAttribute('href')}`);
    }
  }
  return found;
}"""

_PARSE_EVERY_PAGE = f"""async (urls) => {{
  const scan = {_SCAN};
  const asWritten = {_AS_WRITTEN};
  const found = [];
  for (const url of urls) {{
    const response = await fetch(url);
    if (!response.ok) {{ found.push(`${{url}}: HTTP ${{response.status}}`); continue; }}
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const problem of [...scan(doc), ...asWritten(doc)]) found.push(`${{url}}: ${{problem}}`);
  }}
  return found;
}}"""


def test_no_page_carries_script_as_the_browser_parses_it(chromium: None, built: tuple[str, Path]) -> None:
    name, site = built
    urls = _generated_pages(site, maps=True)
    problems = asyncio.run(_parse_in_browser(site, urls))
    assert len(urls) > 3 * len(SNIPPETS)
    assert not problems, f"{name}:\n" + "\n".join(problems)


_EVERYTHING_WRONG = """<!doctype html><html lang="en"><head><title>t</title>
<meta name="description" content="a"><meta name="description" content="b">
<meta http-equiv="refresh" content="0"><script src="https://evil.example/x.js"></script></head>
<body><nav><a href=" \\\\evil.example/">x</a></nav><article><p style="position:fixed" onclick="go()">t</p>
<img src="x.png" alt=""><a href="jav&#x09;ascript:go()">j</a><noscript><p>n</p></noscript>
<script>go()</script></article></body></html>"""


def test_the_browser_parse_audit_finds_each_thing_it_looks_for(chromium: None, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>start</title>", encoding="utf-8")
    (tmp_path / "wrong").mkdir()
    (tmp_path / "wrong" / "index.html").write_text(_EVERYTHING_WRONG, encoding="utf-8")
    found = "\n".join(asyncio.run(_parse_in_browser(tmp_path, ["/wrong/"])))
    for expected in (
        "P has onclick",
        "A href=jav",
        "<p> has a style attribute in the content",
        "<img> in the content",
        "<noscript> in the content",
        "noscript element",
        "meta http-equiv=refresh",
        "2 description meta elements",
        "the page ends early (no footer)",
        'script element: <script src="https://evil.example/x.js">',
        "script element: <script>go()",
        "the site's navigation links off the site",
    ):
        assert expected in found, f"{expected!r} not in:\n{found}"


async def _parse_in_browser(site: Path, urls: list[str]) -> list[str]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            page = await browser.new_page()
            with serve(site) as base:
                await page.goto(base)
                found: list[str] = await page.evaluate(_PARSE_EVERY_PAGE, [u.lstrip("/") for u in urls])
        finally:
            await browser.close()
    return found


# In the live browser, with the theme's scripts and the site's own running: the pages that hold every snippet
# (home: titles, summaries, symptoms; FAQ; causes), and a question, a step and a resolution of each snippet
# whose markup the theme's scripts rework (content tabs, collapsible details, admonitions, code blocks).
_REWORKED_BY_THEME = ("tab-label-html", "details-title-html", "admonition-title-html", "fence-breakout")
# and the snippets `check` accepts that were live once a template or the export's nav placed them (issue 19)
_FOUND_ON_THE_EXPORT = tuple(s.name for s in SNIPPETS if s.name.startswith("issue-19-") and s.code is None)
_LIVE = _REWORKED_BY_THEME + _FOUND_ON_THE_EXPORT


def _live_pages(site: Path) -> list[str]:
    pages = ["/", "/faq/", "/causes/"]
    for index, snippet in enumerate(SNIPPETS):
        if snippet.name in _LIVE:
            folder = site / "troubleshoot" / _tree_id(index)
            pages += [
                f"/{p.parent.relative_to(site).as_posix()}/" for p in sorted(folder.glob("*/index.html"))
            ]
            pages.append(f"/troubleshoot/{_tree_id(index)}/")
    return [p for p in pages if not p.endswith("/map/")]


TABS = 3  # pages loading at once in one browser


async def _visit(base: str, urls: list[str], alerts: list[str], problems: list[str]) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = await browser.new_context()
        context.set_default_timeout(30_000)

        # No request routing: routing turns Chromium's HTTP cache off, and with the cache the theme's scripts
        # are fetched and compiled once for all pages instead of once per page.
        queue = list(urls)

        async def worker() -> None:
            page = await context.new_page()
            current = [""]
            canary = asyncio.Event()

            async def on_dialog(dialog: Dialog) -> None:
                alerts.append(f"{current[0]}: {dialog.type} {dialog.message!r}")
                if current[0] == "canary":
                    canary.set()
                await dialog.dismiss()

            page.on("dialog", on_dialog)
            # A canary: the same handler sees script that does run, so silence below means none ran. Wait for
            # the handler itself to have run (not for a fixed time) before any page is judged by it.
            current[0] = "canary"
            await page.set_content("<img src=data:, onerror=\"alert('canary')\">")
            try:
                await asyncio.wait_for(canary.wait(), timeout=30)
            except TimeoutError:
                return  # no canary: the count of canaries fails the test, with every alert seen
            while queue:
                url = queue.pop()
                current[0] = url
                await page.goto(base + url.lstrip("/"), wait_until="load")
                problems.extend(f"{url}: {p}" for p in await page.evaluate(f"() => ({_SCAN})(document)"))
                if not page.url.startswith(base):
                    problems.append(f"{url}: the page went on to {page.url}")

        await asyncio.gather(*(worker() for _ in range(TABS)))
        await browser.close()


def test_no_hostile_snippet_runs_script_in_the_browser(chromium: None, built: tuple[str, Path]) -> None:
    name, site = built
    urls = _live_pages(site)
    assert len(urls) == 3 + 3 * len(_LIVE), urls
    alerts: list[str] = []
    problems: list[str] = []
    with serve(site) as base:
        asyncio.run(_visit(base, urls, alerts, problems))
    canaries = [a for a in alerts if a.startswith("canary:")]
    assert len(canaries) == TABS, f"the dialog handler must catch the canary of each tab: {alerts}"
    alerts = [a for a in alerts if not a.startswith("canary:")]
    assert not alerts, f"{name}: script ran:\n" + "\n".join(alerts)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_nav_shows_a_tree_title_with_markup_as_text(built: tuple[str, Path]) -> None:
    name, site = built
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    assert "&lt;img src=x onerror=alert(document.domain)&gt;" in nav, name


def test_the_description_is_one_escaped_attribute(hostile_site: Path) -> None:
    index = next(i for i, s in enumerate(SNIPPETS) if s.name == "issue-3-description-injection")
    html = (hostile_site / "troubleshoot" / _tree_id(index) / "index.html").read_text(encoding="utf-8")
    metas: list[dict[str, str | None]] = []

    class Metas(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "meta":
                metas.append(dict(attrs))

    Metas().feed(html)
    assert not [m for m in metas if "http-equiv" in m]
    assert {"name": "description", "content": SNIPPETS[index].text} in metas


def test_the_faq_json_ld_holds_every_answer_as_data(hostile_site: Path) -> None:
    html = (hostile_site / "faq" / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    block = html[start : html.index("</script>", start)]
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert len(data["mainEntity"]) == len(SNIPPETS)
