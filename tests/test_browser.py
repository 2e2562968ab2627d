"""The built site in a real browser (headless Chromium through Playwright).

One browser for the module, a fresh context (cookies, sessionStorage, viewport) per test. The paths the
tests click through are planned from the built HTML (browser_support.SiteGraph), so they follow content
changes; the start is always /troubleshoot/message-wont-send/.

Under CI the tests never skip: a missing Chromium fails them. Elsewhere they skip when /usr/bin/chromium
is missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

import pytest
import sitebuild
from browser_support import AXE_JS, SiteGraph, StepPage
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium"), pytest.mark.slow(25)]

TREE = "/troubleshoot/message-wont-send/"
MOBILE: ViewportSize = {"width": 390, "height": 844}
MIN_TAP = 44  # px: Apple's and WCAG 2.5.5's (AAA) target size
NODE = "[data-dt-node]"
ANSWERS = "[data-dt-node] a.dt-answer"


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def graph(site: Path) -> SiteGraph:
    return SiteGraph(site)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(java_script_enabled=False)
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


# -- helpers --------------------------------------------------------------------------------------
def here(page: Page) -> dict[str, Any]:
    """What the browser shows: the one decision-tree element, its heading and its answers."""
    nodes = page.locator(NODE)
    assert nodes.count() == 1, f"{page.url}: expected exactly one [data-dt-node], found {nodes.count()}"
    node = nodes.first
    return {
        "tree": node.get_attribute("data-dt-tree"),
        "node": node.get_attribute("data-dt-node"),
        "kind": node.get_attribute("data-dt-kind"),
        "heading": " ".join(node.locator("h1").inner_text().split()),
        "answers": page.locator(ANSWERS).count(),
    }


def assert_at(page: Page, base_url: str, expected: StepPage) -> None:
    assert page.url == urljoin(base_url, expected.url)
    shown = here(page)
    assert (shown["tree"], shown["node"], shown["kind"]) == (expected.tree, expected.node, expected.kind)
    assert shown["heading"] == expected.heading
    if expected.kind == "resolution":
        assert shown["answers"] == 0, f"{page.url}: a resolution page must not offer answers"
    else:
        assert shown["answers"] >= 1, f"{page.url}: a {expected.kind} page must offer answers"


def click_answer(page: Page, base_url: str, current: StepPage, index: int) -> None:
    answer = current.answers[index]
    link = page.locator(ANSWERS).nth(index)
    assert " ".join(link.inner_text().split()).removesuffix(" →") == answer.label
    link.click()
    page.wait_for_url(urljoin(base_url, answer.target))


def walk(page: Page, base_url: str, path: list[tuple[StepPage, int]]) -> None:
    """Open the first page of `path` and click its answers, checking every page on the way."""
    page.goto(urljoin(base_url, path[0][0].url))
    for current, index in path[:-1]:
        assert_at(page, base_url, current)
        click_answer(page, base_url, current, index)
    assert_at(page, base_url, path[-1][0])


def trail_items(page: Page) -> list[tuple[str, str]]:
    items = page.locator("section.dt-trail li")
    out = []
    for i in range(items.count()):
        item = items.nth(i)
        question = " ".join(item.locator(".dt-trail-q").inner_text().split())
        out.append((question, " ".join(item.locator(".dt-trail-a").inner_text().split())))
    return out


def stored_trail(page: Page) -> list[dict[str, str]]:
    trail: list[dict[str, str]] = json.loads(
        page.evaluate("() => sessionStorage.getItem('dt-trail') || '[]'")
    )
    return trail


def deep_path(graph: SiteGraph) -> list[tuple[StepPage, int]]:
    """question -> ... -> step -> resolution, at least three clicks, in the message-wont-send tree."""
    path = graph.plan(TREE, lambda p, clicks: p.kind == "resolution" and clicks >= 3, through_step=True)
    assert path is not None, "no path of 3+ clicks through a step to a resolution"
    return path


# -- tests ----------------------------------------------------------------------------------------
def test_clicking_answers_leads_to_a_resolution(page: Page, base_url: str, graph: SiteGraph) -> None:
    path = deep_path(graph)
    walk(page, base_url, path)
    kinds = [p.kind for p, _ in path]
    assert kinds[0] == "question" and "step" in kinds and kinds[-1] == "resolution"


def test_browser_back_returns_to_the_previous_step(page: Page, base_url: str, graph: SiteGraph) -> None:
    path = deep_path(graph)[:3]
    walk(page, base_url, path)
    page.go_back()
    assert_at(page, base_url, path[1][0])
    page.go_back()
    assert_at(page, base_url, path[0][0])


def test_start_over_goes_to_the_first_page_and_clears_the_trail(
    page: Page, base_url: str, graph: SiteGraph
) -> None:
    path = graph.plan(TREE, lambda p, clicks: clicks >= 2 and p.trail == "hidden")
    assert path is not None
    walk(page, base_url, path)
    assert len(stored_trail(page)) == len(path) - 1
    page.locator(f"{NODE} a[data-dt-restart]").click()
    page.wait_for_url(urljoin(base_url, TREE))
    assert_at(page, base_url, graph.pages[TREE])
    assert stored_trail(page) == []
    # One answer after starting over: the trail holds that answer only, nothing from before.
    first, index = path[0]
    click_answer(page, base_url, first, index)
    assert [(s["q"], s["a"]) for s in stored_trail(page)] == [(first.heading, first.answers[index].label)]
    if path[1][0].trail == "hidden":
        assert trail_items(page) == [(first.heading, first.answers[index].label)]


def test_answers_so_far_are_listed_after_clicking(page: Page, base_url: str, graph: SiteGraph) -> None:
    path = graph.plan(TREE, lambda p, clicks: clicks >= 3 and p.trail == "hidden")
    assert path is not None, "no page with a browser-filled trail 3+ clicks from the start"
    page.goto(urljoin(base_url, path[-1][0].url))
    assert page.locator("section.dt-trail").is_hidden(), "arriving directly, there is no trail to show"
    walk(page, base_url, path)
    trail = page.locator("section.dt-trail[data-dt-trail]")
    assert trail.is_visible(), "the trail stays hidden after clicking through answers"
    assert trail.locator("h2").inner_text().strip() == "Your answers so far"
    expected = [(p.heading, p.answers[i].label) for p, i in path[:-1]]
    assert trail_items(page) == expected
    changes = trail.locator("li a")
    hrefs = [urljoin(page.url, changes.nth(i).get_attribute("href") or "") for i in range(changes.count())]
    assert hrefs == [urljoin(base_url, p.url) for p, _ in path[:-1]]


def test_unique_path_trail_is_there_without_javascript(
    no_js_page: Page, base_url: str, graph: SiteGraph
) -> None:
    static = [p for p in graph.pages.values() if p.trail == "static"]
    assert static, "no page has a unique path, so no static trail"
    target = max(static, key=lambda p: (len(p.trail_items), p.url))
    no_js_page.goto(urljoin(base_url, target.url))
    assert here(no_js_page)["node"] == target.node
    trail = no_js_page.locator("section.dt-trail")
    assert trail.is_visible()
    shown = trail_items(no_js_page)
    assert len(shown) >= 1
    # Each entry is a real question on the way here: its "Change" link opens a page with that heading,
    # where that answer leads to the next entry's page (or to this page, for the last entry).
    changes = trail.locator("li a")
    froms = [urljoin(target.url, changes.nth(i).get_attribute("href") or "") for i in range(changes.count())]
    assert len(froms) == len(shown)
    for (question, answer), source, next_url in zip(shown, froms, [*froms[1:], target.url], strict=True):
        page_there = graph.pages[source]
        assert page_there.heading == question
        assert any(a.label == answer and a.target == next_url for a in page_there.answers), (
            f"{source}: no answer {answer!r} leading to {next_url}"
        )
    assert froms[0] == f"/troubleshoot/{target.tree}/", "a static trail starts at the tree's first question"


def test_every_tree_works_without_javascript(no_js_page: Page, base_url: str, graph: SiteGraph) -> None:
    starts = graph.starts()
    assert len(starts) >= 2
    for start in starts:
        walk(no_js_page, base_url, graph.path_to_resolution(start))


def test_keyboard_only_navigation(page: Page, base_url: str, graph: SiteGraph) -> None:
    start = graph.pages[TREE]
    page.goto(urljoin(base_url, TREE))
    first = page.locator(ANSWERS).first
    for _ in range(40):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("40 presses of Tab never reached the first answer")
    style = first.evaluate(
        "el => { const s = getComputedStyle(el); return {style: s.outlineStyle,"
        " width: parseFloat(s.outlineWidth), visible: el.matches(':focus-visible')}; }"
    )
    assert style["visible"], "the answer has focus but not :focus-visible"
    assert style["style"] != "none" and style["width"] > 0, f"no visible focus outline: {style}"
    page.keyboard.press("Enter")
    page.wait_for_url(urljoin(base_url, start.answers[0].target))
    assert here(page)["node"] == graph.pages[start.answers[0].target].node


def test_phone_screen(browser: Browser, base_url: str, graph: SiteGraph, tmp_path: Path) -> None:
    path = deep_path(graph)
    question = next(p for p, _ in path if p.kind == "question")
    step = next(p for p, _ in path if p.kind == "step")
    resolution = path[-1][0]
    ctx = browser.new_context(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        page = ctx.new_page()
        for shown in (question, step, resolution):
            page.goto(urljoin(base_url, shown.url))
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= MOBILE["width"], f"{shown.url}: page scrolls sideways ({width}px wide)"
            answers = page.locator(ANSWERS)
            assert answers.count() == len(shown.answers)
            for i in range(answers.count()):
                box = answers.nth(i).bounding_box()
                assert box is not None
                assert box["height"] >= MIN_TAP, f"{shown.url}: answer {i + 1} is {box['height']}px tall"
                assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], f"{shown.url}: {box}"
            shot = tmp_path / f"phone-{shown.kind}.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_problems(
    browser: Browser, base_url: str, graph: SiteGraph, scheme: Literal["light", "dark"]
) -> None:
    path = deep_path(graph)
    urls = {
        "question": TREE,
        "step": next(p.url for p, _ in path if p.kind == "step"),
        "resolution": path[-1][0].url,
        "home": "/",
        "map": f"{TREE}map/",
        "causes": "/causes/",
        "faq": "/faq/",
    }
    ctx = browser.new_context(color_scheme=scheme)
    problems = []
    try:
        page = ctx.new_page()
        for name, url in urls.items():
            page.goto(urljoin(base_url, url))
            page.add_script_tag(path=str(AXE_JS))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            for violation in result["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    nodes = violation["nodes"]
                    targets = ", ".join(" ".join(n["target"]) for n in nodes[:5])
                    more = f" and {len(nodes) - 5} more" if len(nodes) > 5 else ""
                    summary = "".join(
                        f"\n    {line.strip()}" for line in nodes[0]["failureSummary"].splitlines()
                    )
                    problems.append(
                        f"{name} {url}: {violation['id']} ({violation['impact']}) at {targets}{more}{summary}"
                    )
    finally:
        ctx.close()
    assert not problems, "\n".join(problems)


def test_no_third_party_requests(
    context: BrowserContext, page: Page, base_url: str, graph: SiteGraph
) -> None:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    step = next(p.url for p, _ in deep_path(graph) if p.kind == "step")
    for url in ("/", step, f"{TREE}map/", "/faq/"):
        page.goto(urljoin(base_url, url), wait_until="networkidle")
    assert len(requests) >= 4
    foreign = [u for u in requests if not (u.startswith(base_url) or u.startswith("data:"))]
    assert not foreign, f"requests to other sites: {foreign}"


def test_an_old_shared_address_takes_the_visitor_to_the_new_page(
    page: Page, base_url: str, site: Path
) -> None:
    # inbox-wont-load/check-connection moved to the shared fixes; a link someone saved must still work.
    old = "troubleshoot/inbox-wont-load/check-connection/"
    html = (site / old / "index.html").read_text(encoding="utf-8")
    assert "data-dt-moved" in html
    page.goto(urljoin(base_url, old))
    page.wait_for_url(urljoin(base_url, "troubleshoot/common-fixes/check-connection/"))
    assert page.locator("[data-dt-node]").get_attribute("data-dt-node") == "check-connection"


def test_the_trail_the_script_fills_in_marks_english_text_as_english(
    browser: Browser, other_site: Path
) -> None:
    """On the fixture site's Spanish pages (partly translated), a question or answer shown in English is
    marked lang="en" in the trail the script writes too, as on the page it was read on."""
    tree = "es/troubleshoot/chain-slips/"
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    try:
        page = ctx.new_page()
        with sitebuild.serve(other_site) as base:
            # "I'm not sure" is stale (English); check-chain has two ways in, so the script fills the trail
            page.goto(base + tree)
            page.locator(ANSWERS, has_text="I'm not sure").click()
            page.locator(ANSWERS, has_text="Ninguna de estas").click()
            page.wait_for_url("**/check-chain/")
            assert trail_languages(page) == [(None, "en"), (None, None)]
            # tune-gears' step is English; shop has two ways in
            page.goto(base + tree)
            page.locator(ANSWERS, has_text="En uno o dos cambios").click()
            page.wait_for_url("**/tune-gears/")
            page.locator(ANSWERS, has_text="No, sigue sin funcionar").click()
            page.wait_for_url("**/shop/")
            assert trail_items(page)[1][0] == "Tune the gears"
            assert trail_languages(page) == [(None, None), ("en", None)]
    finally:
        ctx.close()


def trail_languages(page: Page) -> list[tuple[str | None, str | None]]:
    items = page.locator("section.dt-trail li")
    expect(items.first).to_be_visible()
    return [
        (item.locator(".dt-trail-q").get_attribute("lang"), item.locator(".dt-trail-a").get_attribute("lang"))
        for item in items.all()
    ]
