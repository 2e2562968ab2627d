"""'This didn't help' in a real browser: dt.js adds the answers this tab remembers to the link where the
page couldn't know them, the link works without JavaScript, and nothing is requested before a click."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium")]
START = "troubleshoot/message-wont-send/"
FEEDBACK = "a[data-dt-feedback]"


def fields(page: Page) -> dict[str, str]:
    href = page.locator(FEEDBACK).get_attribute("href") or ""
    return {k: v[0] for k, v in parse_qs(urlparse(href).query).items()}


def click(page: Page, label: str) -> None:
    page.locator("[data-dt-node] a.dt-answer", has_text=label).first.click()
    page.wait_for_load_state()


def test_the_answers_clicked_in_this_tab_are_added_to_the_link(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url + START)
    click(page, "It fails with everyone, or something else happens")
    click(page, "None of these")
    assert page.locator("[data-dt-node]").get_attribute("data-dt-node") == "check-connection"
    # Several paths lead here, so the HTML can't name the answers; the script adds this tab's.
    assert page.locator(FEEDBACK).get_attribute("data-dt-answers-known") is None
    found = fields(page)
    assert found["tree"] == "common-fixes" and found["node"] == "check-connection"
    assert found["answers"].splitlines() == [
        "What happens when you try to send a message? → It fails with everyone, or something else happens",
        "Could it be one of these? → None of these",
    ]
    assert not [url for url in requested if "github.com" in url]
    context.close()


def test_the_link_works_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "troubleshoot/common-fixes/check-connection/")
    found = fields(page)
    assert found["template"] == "didnt-help.yml" and found["node"] == "check-connection"
    assert "answers" not in found
    assert found["page"].endswith("/troubleshoot/common-fixes/check-connection/")
    context.close()
