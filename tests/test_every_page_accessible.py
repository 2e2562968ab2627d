"""Every built page has no serious or critical axe-core violation: generated pages and the site's own
docs (/contributing/*, where code blocks are highlighted and may scroll sideways).

The whole page is audited for every page in the navigation (hand-written pages, each tree's first page and
map) and for the first page of each generated kind (question, step, resolution, map). On every other page
the audit leaves out the theme's header, navigation and footer: a page that is not in the navigation gets
them from the same template as every other page of its kind, with no entry marked as current. Everything
tree text reaches (the content, the page's table of contents) is audited on every page. Every page in the
light scheme; the pages with code blocks in the dark scheme too (test_browser.py covers the generated page
types in both).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from browser_support import AXE_JS, CHROMIUM, LAUNCH_ARGS
from htmlpage import read_page
from playwright.async_api import async_playwright
from sitebuild import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow(60)]
Scheme = Literal["light", "dark"]
# The theme's chrome, the same on every generated page of a kind: audited on the first page of each kind.
CHROME = [[".md-header"], [".md-sidebar--primary"], [".md-footer"]]


@dataclass(frozen=True)
class Job:
    scheme: Scheme
    url: str
    whole: bool  # the whole page, or all but the theme's chrome


@dataclass(frozen=True)
class Page:
    url: str
    kind: str  # question, step, resolution, map, or page (anything written by hand)
    in_nav: bool  # an entry of the navigation is marked as this page


def _pages(site: Path) -> list[Page]:
    found = []
    for html in sorted(site.glob("**/index.html")):
        text = html.read_text(encoding="utf-8")
        if "data-dt-moved" in text:
            continue  # an old address: the browser goes straight on to a page audited in its own right
        rel = html.parent.relative_to(site).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        if url.removeprefix(f"/{_language(url)}").startswith("/troubleshoot/") and html.parent.name == "map":
            kind = "map"
        else:
            kind = read_page(html).node_attrs.get("data-dt-kind", "page")
        found.append(Page(url, kind, "md-nav__link--active" in text))
    return found


def _jobs(pages: list[Page]) -> list[Job]:
    """Every page of the main language; of each other language (/<lang>/...), the pages of the navigation
    and the first of each kind, whole: the same templates with other words, so its kinds are what can
    differ, and auditing all of them again would double the time of this test."""
    seen: set[tuple[str, str]] = set()
    jobs = []
    for page in pages:
        language = _language(page.url)
        first = (language, page.kind) not in seen
        if language and not (first or page.in_nav):
            continue
        jobs.append(Job("light", page.url, page.in_nav or first))
        seen.add((language, page.kind))
    jobs += [Job("dark", p.url, True) for p in pages if p.url.startswith("/contributing/")]
    return jobs


async def _audit(base: str, jobs: list[Job]) -> list[str]:
    problems: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        queue = list(jobs)

        async def worker(scheme: Scheme) -> None:
            context = await browser.new_context(color_scheme=scheme)
            await context.add_init_script(path=str(AXE_JS))  # compiled once, not sent with every page
            page = await context.new_page()
            while True:
                job = next((j for j in queue if j.scheme == scheme), None)
                if job is None:
                    break
                queue.remove(job)
                await page.goto(base + job.url.lstrip("/"))
                result = await page.evaluate(
                    "async ([exclude]) => await axe.run("
                    "  exclude.length ? {exclude} : document, {resultTypes: ['violations']})",
                    [[] if job.whole else CHROME],
                )
                for violation in result["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        nodes = violation["nodes"]
                        targets = ", ".join(" ".join(n["target"]) for n in nodes[:3])
                        problems.append(
                            f"{scheme} {job.url}: {violation['id']} ({len(nodes)} nodes) at {targets}"
                        )
            await context.close()

        await asyncio.gather(worker("light"), worker("light"), worker("dark"))
        await browser.close()
    return problems


def _language(url: str) -> str:
    """The language folder of a page's address ("es" for /es/troubleshoot/x/), "" for the main language."""
    first = url.strip("/").split("/")[0]
    return first if len(first) == 2 else ""


def test_pages_of_another_language_are_audited_by_kind() -> None:
    pages = [
        Page("/t/q1/", "question", False),
        Page("/es/", "page", True),
        Page("/es/t/q1/", "question", False),
        Page("/es/t/q2/", "question", False),
        Page("/es/t/s/", "step", False),
    ]
    assert [(j.url, j.whole) for j in _jobs(pages)] == [
        ("/t/q1/", True),
        ("/es/", True),
        ("/es/t/q1/", True),
        ("/es/t/s/", True),
    ]


def test_pages_in_the_navigation_and_the_first_of_each_kind_are_audited_whole() -> None:
    pages = [
        Page("/", "page", True),
        Page("/t/", "question", True),
        Page("/t/q1/", "question", False),
        Page("/t/q2/", "question", False),
        Page("/t/s/", "step", False),
        Page("/t/s2/", "step", False),
        Page("/contributing/", "page", True),
    ]
    assert [(j.scheme, j.url, j.whole) for j in _jobs(pages)] == [
        ("light", "/", True),
        ("light", "/t/", True),
        ("light", "/t/q1/", False),
        ("light", "/t/q2/", False),
        ("light", "/t/s/", True),
        ("light", "/t/s2/", False),
        ("light", "/contributing/", True),
        ("dark", "/contributing/", True),
    ]


def test_every_page_has_no_serious_accessibility_problems(chromium: None, built_site: Path) -> None:
    pages = _pages(built_site)
    assert Page("/contributing/tree-format/", "page", True) in pages
    assert Page("/es/contributing/tree-format/", "page", True) in pages  # the site in Spanish too
    assert {p.kind for p in pages if p.url.startswith("/es/")} == {
        "page",
        "question",
        "step",
        "resolution",
        "map",
    }
    assert {p.kind for p in pages} == {"page", "question", "step", "resolution", "map"}
    assert any(not p.in_nav for p in pages if p.kind == "question")
    with serve(built_site) as base:
        problems = asyncio.run(_audit(base, _jobs(pages)))
    assert not problems, "\n".join(problems)


def test_spanish_pages_with_parts_in_english_have_no_serious_accessibility_problems(
    chromium: None, other_site: Path
) -> None:
    """The fixture site's Spanish pages, where some fields fall back to English marked lang="en": all of
    them, whole (a few pages)."""
    pages = [p for p in _pages(other_site) if p.url.startswith("/es/")]
    assert {p.kind for p in pages} == {"page", "question", "step", "resolution", "map"}
    with serve(other_site) as base:
        problems = asyncio.run(_audit(base, [Job("light", p.url, True) for p in pages]))
    assert not problems, "\n".join(problems)
