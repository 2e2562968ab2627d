"""mkdocs/shared_markdown.py: generated pages rendered by one shared converter come out exactly as MkDocs'
own `Page.render` (a new converter per page) makes them, page after page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from build_tools.mkdocs.shared_markdown import Converters, SharedMarkdownPage, share

ROOT = Path(__file__).resolve().parent.parent
# State one page could leave in a reused converter: tab sets are numbered per page, heading ids must be
# unique per page, link definitions and abbreviations belong to their page, raw HTML anchors are counted.
STATEFUL = [
    '# One\n\n## Same\n\n## Same\n\n=== "Android"\n\n    Tap.\n\n=== "iPhone"\n\n    Tap.\n\n[a]: https://example.org\n',
    '# Two\n\n## Same\n\n=== "Android"\n\n    Tap [it][a].\n\n<div id="raw" markdown>*x*</div>\n',
    'Text without a heading, a [link](../one/index.md#same-1) and ??? note "N"\n\n    Hidden.\n',
]


def _render(page: Page, config: object, files: Files) -> tuple[object, ...]:
    page.read_source(config)  # type: ignore[arg-type]
    page.render(config, files)  # type: ignore[arg-type]
    return (page.content, str(page.toc), page._title_from_render, page.present_anchor_ids)


def test_every_generated_page_renders_as_mkdocs_renders_it() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)  # as a build runs them: the plugin generates its pages
    files = config.plugins.on_files(Files([]), config=config)
    extra = [
        File.generated(config, f"stateful/{i}/index.md", content=text) for i, text in enumerate(STATEFUL)
    ]
    for file in extra:
        files.append(file)
    pages = list(files.documentation_pages())
    assert len(pages) > 100  # the real site's generated pages, and the ones above
    converters = Converters()
    for file in pages * 2:  # twice round: the shared converter has rendered every page before
        own = _render(Page(None, file, config), config, files)
        shared_page = Page(None, file, config)
        share(shared_page, converters)
        assert isinstance(shared_page, SharedMarkdownPage)
        assert _render(shared_page, config, files) == own, file.src_uri
