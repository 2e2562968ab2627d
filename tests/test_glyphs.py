"""Symbols in instructions: hidden from screen readers, with words they say instead."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from build_tools.text.glyphs import GLYPHS, speak_glyphs


class _Reading(HTMLParser):
    """What a screen reader reads (aria-hidden subtrees skipped) and what the eye sees (visually hidden
    text skipped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []  # "hidden", "unseen" or ""
        self.heard: list[str] = []
        self.seen: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("aria-hidden") == "true":
            self.stack.append("hidden")
        elif "dt-visually-hidden" in (a.get("class") or "").split():
            self.stack.append("unseen")
        else:
            self.stack.append("")

    def handle_endtag(self, tag: str) -> None:
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "hidden" not in self.stack:
            self.heard.append(data)
        if "unseen" not in self.stack:
            self.seen.append(data)


def read(markup: str) -> tuple[str, str]:
    parser = _Reading()
    parser.feed(markup)
    return " ".join("".join(parser.heard).split()), " ".join("".join(parser.seen).split())


MENU_PATH = "<li>Go to <strong>Profile &gt; ☰ &gt; Settings and privacy</strong>, then tap ⋯.</li>"


def test_a_menu_path_is_heard_in_words_and_seen_as_written() -> None:
    heard, seen = read(speak_glyphs(MENU_PATH))
    assert heard == "Go to Profile then Menu then Settings and privacy, then tap More."
    assert seen == "Go to Profile > ☰ > Settings and privacy, then tap ⋯."


def test_a_menu_path_may_break_across_lines() -> None:
    heard, _ = read(speak_glyphs("<p>Use <strong>Profile &gt; ☰ &gt;\nReport a problem</strong>.</p>"))
    assert heard == "Use Profile then Menu then Report a problem."


def test_code_scripts_drawings_and_attributes_are_left_alone() -> None:
    markup = (
        '<p><a href="#x" title="Open ☰ &gt; x">link</a></p><pre><code>☰ &gt; x</code></pre>'
        "<script>var s = '☰';</script><svg><text>→ Other guide</text></svg><!-- ☰ -->"
    )
    assert speak_glyphs(markup) == markup


def test_a_greater_than_sign_outside_bold_text_stays_as_it_is() -> None:
    markup = "<p>If it shows 2 &gt; 1, wait.</p>"
    assert speak_glyphs(markup) == markup


def test_a_page_without_symbols_is_returned_unchanged() -> None:
    markup = "<h1>Restart TikTok</h1><p>Close the app and open it again.</p>"
    assert speak_glyphs(markup) is markup


def test_a_site_can_change_the_words_and_turn_a_symbol_off() -> None:
    table = {**GLYPHS, "☰": "Main menu", "⋯": ""}
    heard, _ = read(speak_glyphs(MENU_PATH, table))
    assert heard == "Go to Profile then Main menu then Settings and privacy, then tap ⋯."


def test_words_from_a_site_table_are_escaped() -> None:
    heard, _ = read(speak_glyphs("<p>☰</p>", {"☰": "<b>Menu</b>"}))
    assert heard == "<b>Menu</b>"


def test_the_built_site_speaks_the_menu_symbol_of_the_real_trees(built_site: Path) -> None:
    pages = [p for p in (built_site / "troubleshoot").glob("**/index.html") if "☰" in p.read_text("utf-8")]
    assert pages, "the real trees name the ☰ menu somewhere"
    for page in pages:
        html = page.read_text("utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        heard, _ = read(article)
        assert "☰" not in heard, f"{page}: a screen reader still meets ☰"
        assert "Menu" in heard
        assert "Profile >" not in heard, f"{page}: a menu path's '>' is read as 'greater than'"
