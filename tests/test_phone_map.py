"""Maps and every page kind on a 390x844 phone in Chromium: text stays legible (at least 12 px as drawn).

The map keeps its natural size inside a frame that scrolls sideways. The font size that counts is the one
on screen: the computed size times the scale the SVG is drawn at (a map shrunk to the screen's width has
12 px in its CSS and 4 px on the glass). The whole-page check reads what Lighthouse's legible-font-size
audit reads: the computed font size of every laid-out line of text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from browser_support import SiteGraph
from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]

PHONE: ViewportSize = {"width": 390, "height": 844}
MIN_PX = 12.0
TREE = "/troubleshoot/message-wont-send/"


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[Page]:
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    ctx.set_default_timeout(10_000)
    yield ctx.new_page()
    ctx.close()


def map_urls(site: Path) -> list[str]:
    return sorted(
        f"/{p.parent.relative_to(site).as_posix()}/" for p in site.glob("troubleshoot/*/map/index.html")
    )


MAP_TEXT = """() => Array.from(document.querySelectorAll('.dt-map-svg text')).map(t => {
  const m = t.getScreenCTM();
  const size = parseFloat(getComputedStyle(t).fontSize);
  return {label: t.textContent, css: size, drawn: size * Math.hypot(m.a, m.b)};
})"""


def test_every_map_draws_its_text_at_12px_or_more_on_a_phone(
    phone: Page, base_url: str, built_site: Path
) -> None:
    urls = map_urls(built_site)
    assert len(urls) >= 2
    small: list[str] = []
    for url in urls:
        phone.goto(urljoin(base_url, url))
        texts: list[dict[str, Any]] = phone.evaluate(MAP_TEXT)
        assert texts, f"{url}: no map text"
        small += [f"{url}: {t['label']!r} at {t['drawn']:.1f}px" for t in texts if t["drawn"] < MIN_PX - 0.01]
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{url}: the page scrolls sideways ({width}px), not just the map"
    assert not small, "map text under 12 px on a phone:\n" + "\n".join(small)


def test_a_wide_map_scrolls_in_a_focusable_frame_with_a_visible_hint(phone: Page, base_url: str) -> None:
    phone.goto(urljoin(base_url, f"{TREE}map/"))
    frame = phone.locator(".dt-map")
    sizes = frame.evaluate("f => ({scroll: f.scrollWidth, client: f.clientWidth, left: f.scrollLeft})")
    assert sizes["scroll"] > sizes["client"], (
        "the map should be wider than a phone (else this test proves nothing)"
    )
    hint = phone.locator("#dt-map-hint")
    assert hint.is_visible()
    assert frame.get_attribute("aria-describedby") == "dt-map-hint"
    # Keyboard: the frame takes focus and the arrow keys scroll it.
    frame.focus()
    assert phone.evaluate("() => document.activeElement.classList.contains('dt-map')")
    frame.evaluate("f => { f.scrollLeft = 0; }")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("() => document.querySelector('.dt-map').scrollLeft > 0")


def test_no_page_kind_has_text_under_12px_on_a_phone(phone: Page, base_url: str, built_site: Path) -> None:
    graph = SiteGraph(built_site)
    step = next(p.url for p in graph.pages.values() if p.kind == "step")
    resolution = next(p.url for p in graph.pages.values() if p.kind == "resolution")
    pages = {
        "home": "/",
        "question": TREE,
        "step": step,
        "resolution": resolution,
        "map": f"{TREE}map/",
        "faq": "/faq/",
        "causes": "/causes/",
    }
    cdp = phone.context.new_cdp_session(phone)
    problems: list[str] = []
    for name, url in pages.items():
        phone.goto(urljoin(base_url, url))
        snapshot = cdp.send("DOMSnapshot.captureSnapshot", {"computedStyles": ["font-size"]})
        strings = snapshot["strings"]
        for doc in snapshot["documents"]:
            layout = doc["layout"]
            for index in doc["textBoxes"]["layoutIndex"]:
                text_id = layout["text"][index]
                if text_id < 0 or not strings[text_id].strip():
                    continue
                size = float(strings[layout["styles"][index][0]].removesuffix("px"))
                if size < MIN_PX:
                    problems.append(f"{name} {url}: {strings[text_id].strip()[:40]!r} at {size}px")
    assert not problems, "text under 12 px:\n" + "\n".join(sorted(set(problems))[:30])


SCROLLERS = """() => Array.from(document.querySelectorAll('main *')).filter(e => {
  const style = getComputedStyle(e);
  const scrolls = ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth;
  return scrolls && !(e.tabIndex >= 0);
}).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


@pytest.mark.parametrize("url", ["/contributing/", "/contributing/tree-format/", f"{TREE}map/"])
def test_every_region_that_scrolls_sideways_on_a_phone_takes_keyboard_focus(
    phone: Page, base_url: str, url: str
) -> None:
    """axe's scrollable-region-focusable: Material scrolls a code block's <code>, not its <pre>."""
    phone.goto(urljoin(base_url, url))
    assert phone.evaluate("() => document.querySelectorAll('main pre > code').length") > 0
    assert phone.evaluate(SCROLLERS) == []
