"""One Markdown converter for every generated page of a build, instead of one per page.

MkDocs builds a new `markdown.Markdown` for each page it renders (`Page.render`): loading and configuring
every extension again, a third of the time it spends on a page's Markdown. The generated pages are most of
this site (thousands at 200 trees) and all use the site's one configuration, so they share a converter,
reset between pages, as Python-Markdown intends a converter to be reused (`check` converts tree text the
same way, text/sanitize.py). MkDocs' own per-page steps (anchors, relative links, the title) are registered
afresh for each page, replacing the previous page's, exactly as `Page.render` registers them.

`tests/test_shared_markdown.py` renders every generated page of the real site both ways, interleaved, and
compares what MkDocs keeps of a render (content, table of contents, title, anchors).
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.structure.pages")  # the logger Page.render consults


class Converters:
    """The shared converter of one build (a new build, e.g. in `mkdocs serve`, starts a new one)."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def get(self, config: MkDocsConfig) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
            )
        return self._md


class SharedMarkdownPage(Page):
    """A generated page: rendered like `Page.render`, with the build's shared converter."""

    converters: Converters

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self.converters.get(config)
        md.reset()
        raw_html_ext = _RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = _ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = _RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = _ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors


def share(page: Page, converters: Converters) -> None:
    """Make `page` render with `converters`' shared converter (it stays the page MkDocs' navigation holds)."""
    page.__class__ = SharedMarkdownPage
    assert isinstance(page, SharedMarkdownPage)
    page.converters = converters
