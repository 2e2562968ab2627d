"""What every way out of the renderer shares: the assets, the generator's options from the site's
settings, and the navigation with the generated pages in it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.page_types import CAUSES, HOME, SCREEN_TEXTS, SITE_PAGES
from ..text import trusted
from . import urls
from .generator import Generator, Options
from .options import DecisionTreesConfig
from .pages import FAQ_DESCRIPTION, HOME_DESCRIPTION

ASSETS = Path(__file__).parent / "assets"
# Where the site serves build_tools/render/assets/*.
STYLESHEET = "assets/dt/dt.css"
SCRIPT = "assets/dt/dt.js"
# Loaded by the theme override (overrides/partials/dt-lazy-search.html) before the theme's bundle.
LAZY_SEARCH = "assets/dt/lazy-search.js"
ASSET_FILES = (STYLESHEET, SCRIPT, LAZY_SEARCH)


def generator_options(
    cfg: DecisionTreesConfig,
    root: Path,
    site_name: str,
    *,
    directory_sources: bool = False,
    site_description: str | None = None,
    site_url: str | None = None,
) -> Options:
    """Generator options from the plugin's settings in mkdocs.yml (paths relative to its folder)."""
    return Options(
        template_dirs=[root / cfg.templates] if cfg.templates else [],
        tree_order=cfg.tree_order,
        site_name=site_name,
        causes_title=cfg.causes_title,
        screen_texts_title=cfg.screen_texts_title,
        support_html=cfg.support_html,
        outcome_labels=cfg.outcome_labels,
        directory_sources=directory_sources,
        repository=cfg.repository or "",
        feedback_template=cfg.feedback_template,
        site_url=site_url or "",
        about_src=cfg.about_page,
        home_description=cfg.home_description or site_description or HOME_DESCRIPTION,
        faq_description=cfg.faq_description or FAQ_DESCRIPTION,
    )


def generated_nav(
    generator: Generator, cfg: DecisionTreesConfig, site_nav: Sequence[Any] | None
) -> list[Any]:
    """The site's nav with the trees and the site pages after its first entry (the home page). A tree's map
    is linked from each of its pages and from the home page, not listed here: the navigation is rendered
    into every page, and a second entry per tree made that cost pages x trees twice over.

    Material, plain or in Zensical, prints nav titles as they are, so the trees' titles (contributor text)
    are escaped for HTML here, where both the plugin and the export take them from."""
    ours: list[Any] = [
        {cfg.nav_title: [{_nav_title(t.title): generator.src((t.id, t.start))} for t in generator.trees]},
    ]
    # Then every other site page in the navigation (core/page_types.py), under the site's title for it.
    titles = {CAUSES.name: cfg.causes_title, SCREEN_TEXTS.name: cfg.screen_texts_title}
    built = {page.src for page in generator.site_pages()}
    for t in SITE_PAGES:
        if t.in_nav and t is not HOME and t.src in built:
            ours.append({titles.get(t.name, t.nav_title): t.src})
    nav = list(site_nav or [{HOME.nav_title: urls.HOME_SRC}])
    return nav[:1] + ours + nav[1:]


def _nav_title(title: str) -> str:
    return trusted.front_matter_text(title)  # as text: Material prints it between tags
