"""Every kind of page the engine generates, declared once: where it lives, what renders it, whether the
navigation and the search index list it, and which ids it takes from trees and nodes.

Addresses (render/urls.py), reserved ids (ids.py), the navigation (render/site.py), the plugin's files
(mkdocs/plugin.py), the export and the HTML contract's test all read this table; the generator renders
each site page from the view its registered builder computes (`render.site_pages.site_page`). Adding a
page type is a declaration here, its template, and its view with its builder: see "Adding a page type"
in the contributor guide.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    # Source path under docs/. A tree's pages name their tree and node: "troubleshoot/{tree}/map.md".
    src: str
    template: str  # the Markdown template (render/templates/); controls come from `_*.html.j2` partials
    # The HTML template of the controls after the converted Markdown, rendered from the same view.
    after: str = ""
    in_nav: bool = False  # a site page listed in the navigation (tree pages are reached by their links)
    in_search: bool = True  # False: the template's front matter keeps it out (`search: exclude: true`)
    # Ids a tree or node can't take, because this page's address would clash with theirs.
    reserved: frozenset[str] = frozenset()
    nav_title: str = ""  # its entry in the navigation, unless the site's options name it otherwise


ROOT = "troubleshoot"  # where the trees' pages live
# One page per site.
HOME = PageType("home", "index.md", "home.md.j2", "_home_entries.html.j2", in_nav=True, nav_title="Home")
CAUSES = PageType(
    "causes", "causes.md", "causes.md.j2", in_nav=True, reserved=frozenset({"causes"}), nav_title="Causes"
)
FAQ = PageType(
    "faq", "faq.md", "faq.md.j2", "_faq_ld.html.j2", in_nav=True, reserved=frozenset({"faq"}), nav_title="FAQ"
)
SCREEN_TEXTS = PageType(
    "screen_texts", "screen-texts.md", "screen_texts.md.j2", in_nav=True, nav_title="What the screen says"
)
# Pages of each tree.
NODE = PageType("node", ROOT + "/{tree}/{node}.md", "{kind}.md.j2", reserved=frozenset({"index"}))
MAP = PageType("map", ROOT + "/{tree}/map.md", "map.md.j2", "_map.html.j2", reserved=frozenset({"map"}))
MOVED = PageType("moved", ROOT + "/{tree}/{node}.md", "moved.md.j2", "_moved.html.j2", in_search=False)

SITE_PAGES: tuple[PageType, ...] = (HOME, CAUSES, FAQ, SCREEN_TEXTS)
PAGE_TYPES: tuple[PageType, ...] = (*SITE_PAGES, NODE, MAP, MOVED)
RESERVED_IDS: frozenset[str] = frozenset().union(*(t.reserved for t in PAGE_TYPES))
