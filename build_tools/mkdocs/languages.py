"""The site in its other languages: one more MkDocs build per language, into <site_dir>/<lang>/.

Each language is a whole site of its own, built with the same mkdocs.yml after the English one: the theme
in that language (`theme.language`: Material's own words, `<html lang>`), its own search index in its
own language (Material's search plugin reads its language from the theme), the same page paths below
/<lang>/, so every relative link of the English site holds. The plugin of that build renders the
translated project that the English build loaded and checked (render/localize.py), so the trees are read
and checked once. This is what mkdocs-static-i18n does for hand-written pages, done here because most
of this site's pages come from the plugin itself (see README, "Languages").
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..render.site import language_site_url

PLUGIN = "decision-trees"


def build_language(parent: Any, config: MkDocsConfig, language: str) -> None:
    """Build the site in `language` into <site_dir>/<language>/ with the same mkdocs.yml. `parent` is the
    plugin of the English build (plugin.py imports this module, so it is not named here)."""
    words = parent.config.languages[language]
    overrides: dict[str, Any] = {
        "site_dir": str(Path(config.site_dir) / language),
        "site_url": language_site_url(config.site_url, language),
        # What the command line may have set for the English build holds for this one too.
        "strict": config.strict,
        "use_directory_urls": config.use_directory_urls,
    }
    for key in ("site_name", "site_description", "copyright"):
        if words[key] is not None:
            overrides[key] = words[key]
    sub = load_config(config.config_file_path, **overrides)
    sub.theme["language"] = language
    for palette, name in zip(
        sub.theme.get("palette") or [], words.palette_toggles, strict=False
    ):  # a theme may set no palette
        if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict):
            palette["toggle"]["name"] = name
    plugin: Any = sub.plugins[PLUGIN]
    plugin.parent = parent
    plugin.language = language
    plugin.serving = parent.serving
    build(sub)


def language_file(name: str, codes: Iterable[str]) -> str | None:
    """The language of a hand-written page's translation (`about.es.md` -> "es"), else None."""
    stem, _, ext = name.rpartition(".")
    if ext != "md":
        return None
    base, _, code = stem.rpartition(".")
    return code if base and code in set(codes) else None


def translated_docs(files: Files, config: MkDocsConfig, language: str | None, codes: list[str]) -> set[str]:
    """Hand-written pages in one language's build: `page.<lang>.md` files leave every build, and in the
    build of <lang> they take the place of their English page (same address). Returns the pages that
    have no translation in that language (they are shown in English, with a note)."""
    docs = Path(config.docs_dir)
    english: set[str] = set()
    for file in list(files):
        if language_file(file.src_uri, codes) is not None:
            files.remove(file)
            continue
        if language is None or not file.is_documentation_page() or file.generated_by:
            continue
        translation = docs / f"{file.src_uri[: -len('.md')]}.{language}.md"
        if translation.is_file():
            files.remove(file)
            replacement = File.generated(config, file.src_uri, abs_src_path=str(translation))
            replacement.inclusion = file.inclusion
            files.append(replacement)
        else:
            english.add(file.src_uri)
    return english
