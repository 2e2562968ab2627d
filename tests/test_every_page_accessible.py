"""Every built page has no serious or critical axe-core violation: generated pages and the site's own
docs (/contributing/*, where code blocks are highlighted and may scroll sideways).

Every page in the light scheme; the pages with code blocks in the dark scheme too (test_browser.py covers
the generated page types in both).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal

import pytest
from browser_support import AXE_JS, CHROMIUM, LAUNCH_ARGS
from playwright.async_api import async_playwright
from sitebuild import serve

pytestmark = [pytest.mark.browser]
Scheme = Literal["light", "dark"]


def _pages(site: Path) -> list[str]:
    found = []
    for html in sorted(site.glob("**/index.html")):
        if "data-dt-moved" in html.read_text(encoding="utf-8"):
            continue  # an old address: the browser goes straight on to a page audited in its own right
        rel = html.parent.relative_to(site).as_posix()
        found.append("/" if rel == "." else f"/{rel}/")
    return found


async def _audit(base: str, jobs: list[tuple[Scheme, str]]) -> list[str]:
    problems: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        queue = list(jobs)

        async def worker(scheme: Scheme) -> None:
            context = await browser.new_context(color_scheme=scheme)
            page = await context.new_page()
            while True:
                job = next((j for j in queue if j[0] == scheme), None)
                if job is None:
                    break
                queue.remove(job)
                url = job[1]
                await page.goto(base + url.lstrip("/"))
                await page.add_script_tag(path=str(AXE_JS))
                result = await page.evaluate(
                    "async () => await axe.run(document, {resultTypes: ['violations']})"
                )
                for violation in result["violations"]:
                    if violation["impact"] in ("serious", "critical"):
                        nodes = violation["nodes"]
                        targets = ", ".join(" ".join(n["target"]) for n in nodes[:3])
                        problems.append(
                            f"{scheme} {url}: {violation['id']} ({len(nodes)} nodes) at {targets}"
                        )
            await context.close()

        await asyncio.gather(worker("light"), worker("light"), worker("dark"))
        await browser.close()
    return problems


def test_every_page_has_no_serious_accessibility_problems(chromium: None, built_site: Path) -> None:
    pages = _pages(built_site)
    assert "/contributing/tree-format/" in pages
    jobs: list[tuple[Scheme, str]] = [("light", url) for url in pages]
    jobs += [("dark", url) for url in pages if url.startswith("/contributing/")]
    with serve(built_site) as base:
        problems = asyncio.run(_audit(base, jobs))
    assert not problems, "\n".join(problems)
