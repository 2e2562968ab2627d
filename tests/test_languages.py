"""The site in every language, read as built HTML (the session's plugin build, shared): the same pages at
the same paths below /<lang>/, the same links mapped to the language, a language switch that keeps the
page, `<html lang>`, one sitemap with hreflang alternates, a search index per language, and no English
control text left on a Spanish page."""

from __future__ import annotations

import html
import json
import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from build_tools.core import locale

LANG = "es"
MAIN = "en"


@dataclass
class Built:
    lang: str = ""
    links: set[str] = field(default_factory=set)  # in the page's content, outside the language switch
    switch: list[tuple[str, str, str]] = field(default_factory=list)  # (href, hreflang, lang) of its links
    h1: str = ""
    feedback: str = ""
    notes: list[str] = field(default_factory=list)
    node_text: str = ""  # the text of the step frame (controls and page), for the engine's words


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Built()
        self.article = 0
        self.switch = 0
        self.node = 0
        self.in_h1 = False
        self.in_note = False
        self.h1: list[str] = []
        self.note: list[str] = []
        self.node_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = a.get("lang", "")
        if tag == "article":
            self.article += 1
        if (tag == "nav" and "dt-languages" in a.get("class", "")) or (tag == "nav" and self.switch):
            self.switch += 1
        if "data-dt-node" in a or (self.node and tag == "div"):
            self.node += 1
        if tag == "a" and self.switch:
            self.page.switch.append((a.get("href", ""), a.get("hreflang", ""), a.get("lang", "")))
        elif tag == "a" and self.article and "href" in a:
            self.page.links.add(a["href"])
            if "data-dt-feedback" in a:
                self.page.feedback = a["href"]
        if tag == "h1" and self.article:
            self.in_h1 = True
        if "data-dt-language-note" in a:
            self.in_note = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article -= 1
        if tag == "nav" and self.switch:
            self.switch -= 1
        if tag == "div" and self.node:
            self.node -= 1
        if tag == "h1":
            self.in_h1 = False
        if tag == "p" and self.in_note:
            self.in_note = False
            self.page.notes.append(" ".join("".join(self.note).split()))
            self.note = []

    def handle_data(self, data: str) -> None:
        if self.in_h1:
            self.h1.append(data)
        if self.in_note:
            self.note.append(data)
        if self.node:
            self.node_parts.append(data)


@cache
def read(path: Path) -> Built:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.page.h1 = " ".join("".join(reader.h1).split())
    reader.page.node_text = " ".join(" ".join(reader.node_parts).split())
    return reader.page


def pages(root: Path, *, skip: str | None = None) -> set[str]:
    """Every page's path below `root` ("" for its home, "troubleshoot/x/" ...), another language's aside."""
    found = set()
    for file in root.rglob("index.html"):
        rel = file.parent.relative_to(root).as_posix()
        if skip and (rel == skip or rel.startswith(f"{skip}/")):
            continue
        found.add("" if rel == "." else f"{rel}/")
    return found


def internal(page_path: str, href: str) -> str | None:
    """Where a link leads, as a path from the site's root ("../x/" from "a/b/" -> "a/x/"); None if it
    leaves the site or stays on the page."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    joined = posixpath.normpath(posixpath.join("/" + page_path, parts.path))
    return "" if joined == "/" else joined.strip("/") + "/"


GENERATED = ("troubleshoot/", "faq/", "causes/", "screen-texts/")


def is_generated(path: str) -> bool:
    return path == "" or path.startswith(GENERATED)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def test_every_language_has_the_same_pages(site: Path) -> None:
    english = pages(site, skip=LANG)
    spanish = pages(site / LANG)
    assert len(english) > 100
    assert spanish == english
    assert (site / LANG / "404.html").is_file()


def test_every_page_links_to_the_same_pages_in_its_own_language(site: Path) -> None:
    """Generated pages: the same links, each mapped to the same page of its language; every page: no link
    from a Spanish page's content leaves /es/ for an English page."""
    checked = 0
    for path in sorted(pages(site, skip=LANG)):
        english = {internal(path, h) for h in read(site / path / "index.html").links} - {None}
        spanish_page = read(site / LANG / path / "index.html")
        spanish = {internal(f"{LANG}/{path}", h) for h in spanish_page.links} - {None}
        assert all(str(link).startswith(f"{LANG}/") for link in spanish), (path, spanish)
        mapped = {str(link).removeprefix(f"{LANG}/") for link in spanish}
        if path == "":
            # The home page links a search phrase that quotes an on-screen text to its page; the phrases
            # are each language's own (a translation's `symptoms`), so these links may be fewer.
            assert mapped <= english
        elif is_generated(path):
            assert mapped == english, path
            checked += 1
    assert checked > 100


def test_the_language_switch_leads_to_the_same_page_in_the_other_language(site: Path) -> None:
    for path in sorted(pages(site, skip=LANG)):
        english = read(site / path / "index.html")
        spanish = read(site / LANG / path / "index.html")
        assert english.lang == MAIN and spanish.lang == LANG, path
        [(to_spanish, hreflang, lang)] = english.switch
        assert (internal(path, to_spanish), hreflang, lang) == (f"{LANG}/{path}", LANG, LANG), path
        [(to_english, hreflang, lang)] = spanish.switch
        assert (internal(f"{LANG}/{path}", to_english), hreflang, lang) == (path, MAIN, MAIN), path


def test_one_sitemap_lists_both_languages_with_hreflang_alternates(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = root.findall("s:url", ns)
    locs = {u.findtext("s:loc", namespaces=ns) for u in urls}
    assert len(urls) == 2 * len(pages(site, skip=LANG))
    for url in urls:
        loc = str(url.findtext("s:loc", namespaces=ns))
        alternates = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
        path = loc.removeprefix("https://example.org/").removeprefix(f"{LANG}/")
        assert alternates == {
            MAIN: f"https://example.org/{path}",
            "x-default": f"https://example.org/{path}",
            LANG: f"https://example.org/{LANG}/{path}",
        }, loc
        assert set(alternates.values()) <= locs


def test_each_language_has_its_own_search_index_in_its_language(site: Path) -> None:
    english = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    spanish = json.loads((site / LANG / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == [MAIN]
    assert spanish["config"]["lang"] == [LANG]
    english_titles = {html.unescape(d["title"]) for d in english["docs"]}
    spanish_titles = {html.unescape(d["title"]) for d in spanish["docs"]}
    differ = 0
    for path in pages(site, skip=LANG):
        if not path.startswith("troubleshoot/") or path.endswith("/map/"):
            continue
        en, es = read(site / path / "index.html").h1, read(site / LANG / path / "index.html").h1
        if en and es and en != es and en in english_titles:  # (moved pages are kept out of search)
            differ += 1
            assert es in spanish_titles and en not in spanish_titles, path
            assert en in english_titles and es not in english_titles, path
    assert differ > 50  # the Spanish site is mostly translated


def test_this_didnt_help_says_which_language_was_read(site: Path) -> None:
    path = "troubleshoot/common-fixes/outage/index.html"
    for folder, lang in (("", MAIN), (LANG, LANG)):
        href = read(site / folder / path).feedback
        assert parse_qs(urlsplit(href).query)["language"] == [lang]


def test_spanish_pages_say_they_are_not_reviewed_yet(site: Path) -> None:
    words = locale.load(LANG)
    note = words("language.not_reviewed")
    page = read(site / LANG / "troubleshoot" / "common-fixes" / "index.html")
    assert note in page.notes
    assert read(site / "troubleshoot" / "common-fixes" / "index.html").notes == []


def test_no_english_control_text_is_left_on_spanish_pages(site: Path) -> None:
    """The engine's words of every step frame come from the Spanish catalogue: no English text of the
    catalogue that differs from its Spanish one (and is long enough to be unambiguous) shows there."""
    english, spanish = locale.load(MAIN), locale.load(LANG)
    phrases = [
        text
        for key, text in english.texts.items()
        if len(text) > 12 and "{" not in text and text != spanish.texts[key] and not key.startswith("glyph")
    ]
    assert "Your answers so far" in phrases and "This didn't help" in phrases
    seen = 0
    for path in sorted(pages(site / LANG)):
        if not path.startswith("troubleshoot/"):
            continue
        text = read(site / LANG / path / "index.html").node_text
        if not text:
            continue
        seen += 1
        assert [p for p in phrases if p in text] == [], path
    assert seen > 100
