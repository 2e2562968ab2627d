"""What every way out of the renderer shares: the assets, the navigation with the generated pages in it,
and the pieces of a site in several languages."""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..core import locale
from ..core.options import PluginOptions
from ..core.page_types import CAUSES, HOME, SCREEN_TEXTS, SITE_PAGES
from ..text import trusted
from . import urls
from .generator import Generator

ASSETS = Path(__file__).parent / "assets"
# Where the site serves build_tools/render/assets/*.
STYLESHEET = "assets/dt/dt.css"
SCRIPT = "assets/dt/dt.js"
# Loaded by the theme override (overrides/partials/dt-lazy-search.html) before the theme's bundle.
LAZY_SEARCH = "assets/dt/lazy-search.js"
ASSET_FILES = (STYLESHEET, SCRIPT, LAZY_SEARCH)


def generated_nav(generator: Generator, options: PluginOptions, site_nav: Sequence[Any] | None) -> list[Any]:
    """The site's nav with the trees and the site pages after its first entry (the home page). A tree's map
    is linked from each of its pages and from the home page, not listed here: the navigation is rendered
    into every page, and a second entry per tree made that cost pages x trees twice over.

    Material, plain or in Zensical, prints nav titles as they are, so the trees' titles (contributor text)
    are escaped for HTML here, where both the plugin and the export take them from."""
    ours: list[Any] = [
        {options.nav_title: [{_nav_title(t.title): generator.src((t.id, t.start))} for t in generator.trees]},
    ]
    # Then every other site page in the navigation (core/page_types.py), under the site's title for it.
    titles = {CAUSES.name: options.causes_title, SCREEN_TEXTS.name: options.screen_texts_title}
    built = {page.src for page in generator.site_pages()}
    for t in SITE_PAGES:
        if t.in_nav and t is not HOME and t.src in built:
            ours.append({titles.get(t.name, t.nav_title): t.src})
    nav = list(site_nav or [{HOME.nav_title: urls.HOME_SRC}])
    return nav[:1] + ours + nav[1:]


def _nav_title(title: str) -> str:
    return trusted.front_matter_text(title)  # as text: Material prints it between tags


# -- languages ---------------------------------------------------------------------------------------
def translate_nav(nav: Any, titles: Mapping[str, str]) -> Any:
    """The site's navigation with its own titles in another language (`titles`: English -> that one);
    page paths, and titles it doesn't name, stay as they are."""
    if isinstance(nav, list):
        return [translate_nav(item, titles) for item in nav]
    if isinstance(nav, dict):
        return {titles.get(str(k), k): translate_nav(v, titles) for k, v in nav.items()}
    return nav


@dataclass(frozen=True)
class LanguageLink:
    code: str  # "es"
    name: str  # its own name: "Español"
    prefix: str  # its folder below the root of the whole site: "es/" ("" for the main language)


@dataclass(frozen=True)
class LanguageLinks:
    """What the theme override needs for the language switch of a site in `language`
    (overrides/partials/dt-languages.html reads it as config.extra.dt_i18n)."""

    language: str
    to_root: str  # from this site's root to the whole site's: "../" below /es/
    root: str  # the whole site's address ("" when site_url is unset)
    label: str  # the switch's name for screen readers, in this language
    not_found: str  # the 404 page's heading
    languages: tuple[LanguageLink, ...]

    def as_config(self) -> dict[str, object]:
        """As mkdocs.yml's `extra` holds it (plain data, for the theme and for YAML)."""
        data: dict[str, object] = asdict(self)
        return data


def language_links(cfg: PluginOptions, language: str, site_url: str | None) -> dict[str, object]:
    """The language switch's data for a site in `language` (`LanguageLinks`), as config.extra holds it."""
    source = cfg.language
    links = [LanguageLink(source, cfg.language_name, "")]
    links += [LanguageLink(code, w.name, f"{code}/") for code, w in cfg.languages.items()]
    root = (site_url or "").rstrip("/") + "/" if site_url else ""
    if language != source and root.endswith(f"/{language}/"):
        root = root[: -len(f"{language}/")]
    words = locale.load(language)
    return LanguageLinks(
        language=language,
        to_root="" if language == source else "../",
        root=root,
        label=words("language.switch"),
        not_found=words("not_found"),
        languages=tuple(links),
    ).as_config()


def language_site_url(site_url: str | None, language: str) -> str | None:
    """Where the site in `language` is published: /<language>/ below the whole site's address."""
    return f"{site_url.rstrip('/')}/{language}/" if site_url else site_url


_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_XHTML = 'xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def merge_sitemaps(site_dir: Path, languages: Sequence[str], main_language: str) -> None:
    """One sitemap for the whole site: each language's pages added to the main sitemap, and every page
    that exists in several languages given its `hreflang` alternates (and x-default, the main language),
    as search engines read them from a sitemap.

    The alternates live here rather than in each page's <head>: the theme's script (Material's and
    Zensical's alike) fetches `sitemap.xml` next to every `<link rel="alternate">` of a page, which would
    be three requests on every page view (README, "Languages")."""
    main = site_dir / "sitemap.xml"
    if not main.is_file() or not languages:
        return
    text = main.read_text(encoding="utf-8")
    by_folder: dict[str, list[str]] = {"": _URL.findall(text)}
    for language in languages:
        other = site_dir / language / "sitemap.xml"
        if other.is_file():
            by_folder[language] = _URL.findall(other.read_text(encoding="utf-8"))
    locs = sorted((_loc(b) for b in by_folder[""]), key=len)
    root = locs[0] if locs else ""  # the home page: the shortest address
    paths: dict[str, set[str]] = {}  # language folder -> page paths below its root
    for folder, entries in by_folder.items():
        base = root + (f"{folder}/" if folder else "")
        paths[folder] = {loc[len(base) :] for u in entries if (loc := _loc(u)).startswith(base)}
    codes = [(main_language, ""), ("x-default", ""), *((lang, f"{lang}/") for lang in by_folder if lang)]
    out: list[str] = []
    for folder, entries in by_folder.items():
        base = root + (f"{folder}/" if folder else "")
        for block in entries:
            path = _loc(block)[len(base) :]
            links = [
                f'<xhtml:link rel="alternate" hreflang="{code}" href="{root}{prefix}{path}"/>'
                for code, prefix in codes
                if path in paths[prefix.rstrip("/")]
            ]
            if len(links) > 2:  # the page exists in more than one language
                block = block.replace("</url>", "  " + "\n         ".join(links) + "\n    </url>")
            out.append(f"    {block}\n")
    head = text[: text.index("<url>")].rstrip(" ") if "<url>" in text else text[: text.rindex("</urlset>")]
    if _XHTML not in head:
        head = head.replace("<urlset ", f"<urlset {_XHTML} ", 1)
    merged = head + "".join(out) + "</urlset>\n"
    main.write_text(merged, encoding="utf-8")
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as gz:
        gz.write(merged.encode("utf-8"))


def _loc(block: str) -> str:
    found = _LOC.search(block)
    return found.group(1).strip() if found else ""
