"""The options of the `decision-trees` plugin (mkdocs.yml: `plugins: - decision-trees: ...`), each declared
once: its name, type, default and what it does.

Grouped the way Material's own plugins group theirs: `enabled` first, then one block of settings per
concern. Everything else derives from this class: the MkDocs config that validates mkdocs.yml
(render/options.py), the generator's options (render/pages.py), the navigation, the plugin, the export,
and the defaults `check` uses when it reads `rules` and `journeys_dir` itself (check/config.py, which
reports mistakes there with their line and column). A new option is a new field here.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar
from urllib.parse import urlsplit

PLUGIN = "decision-trees"  # its name under `plugins:`


def https_address(url: str) -> str:
    """What is wrong with `url` as the repository's address, or "" when nothing is. It is written into
    every page's "This didn't help" link and edit link: `javascript:` would run there, and a quote would
    end Material's attribute early."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return f"must be an https:// address, such as https://github.com/owner/name: {url!r}"
    bad = sorted({ch for ch in url if ch in "\"'<>`\\" or ch.isspace() or not ch.isprintable()})
    if bad:
        return f"must not contain {''.join(bad)!r} (quotes, spaces, controls): {url!r}"
    return ""


@dataclass(frozen=True)
class LanguageOptions:
    """The site's own words in one more language (`languages: es: ...`). The trees' text comes from
    trees/<lang>/, the engine's words from render/locales/<lang>.yaml; these are the site's: what the
    trees' language has in mkdocs.yml and the options below. Unset ones stay as they are there."""

    name: str  # the language's own name, as the language switch shows it: "Español"
    site_name: str | None = None
    site_description: str | None = None
    copyright: str | None = None
    nav_title: str | None = None
    causes_title: str | None = None
    screen_texts_title: str | None = None
    home_description: str | None = None
    faq_description: str | None = None
    support_html: str | None = None
    outcome_labels: Mapping[str, str] = field(default_factory=dict)
    glyphs: Mapping[str, str] = field(default_factory=dict)
    # The navigation's own titles of mkdocs.yml (and "Home", "FAQ"): English title -> this language's.
    nav: Mapping[str, str] = field(default_factory=dict)
    # The names of the colour scheme switch (theme.palette's toggles), in palette order.
    palette_toggles: Sequence[str] = ()


# Options of the plugin a language may set for itself; the rest stay as the trees' language has them.
LANGUAGE_OPTIONS = (
    "nav_title",
    "causes_title",
    "screen_texts_title",
    "home_description",
    "faq_description",
    "support_html",
)


@dataclass(frozen=True)
class PluginOptions:
    # False: the plugin does nothing at all (no check, no pages, no assets), and `render` exports the
    # site as MkDocs builds it without the plugin. For a quick build of the hand-written pages alone.
    enabled: bool = True

    # Settings for trees
    trees_dir: str = "trees"  # trees/*.yaml and causes.yaml, relative to mkdocs.yml
    # Tree ids in the order the home page and the navigation list them; the rest follow by title.
    tree_order: Sequence[str] = ()
    # Folder of <tree-id>.yaml journeys, relative to mkdocs.yml (`check` reads it too).
    journeys_dir: str = "tests/journeys"
    # Rule code -> off, warning or error on this site; check/config.py reads and checks it (with
    # locations), for the build and for `check` alike. YAML reads a bare `off` as false: that means off too.
    rules: Mapping[str, object] = field(default_factory=dict)

    # Settings for pages
    templates: str | None = None  # folder of Jinja templates that replace the built-in ones of the same name
    nav_title: str = "Troubleshoot"  # the navigation's section of trees
    causes_title: str = "Causes"
    # The page that lists every on-screen text the sources quote (only built when there are some).
    screen_texts_title: str = "What the screen says"
    # The home page's description (search engines show it); defaults to the site's site_description.
    home_description: str | None = None
    faq_description: str | None = None
    # A hand-written page to link from the home page as "About this site", e.g. about.md.
    about_page: str | None = None
    # Badge text per resolution outcome (the schema's enum: fixed, wait, contact-support, by-design); unset
    # ones keep their defaults; an unknown outcome is a located `site-config` error (check/config.py).
    outcome_labels: Mapping[str, str] = field(default_factory=dict)
    # One line of HTML under "Still stuck?" on every resolution that isn't "fixed": where to get more help.
    # Trusted site configuration, still passed through the allowlist (text/trusted.py).
    support_html: str = ""
    # Words a screen reader says instead of a symbol in instructions ("☰": "Menu"); added to glyphs.GLYPHS,
    # replacing entries of the same symbol. An empty text turns a default off.
    glyphs: Mapping[str, str] = field(default_factory=dict)

    # Settings for languages
    # The trees' own language (trees/*.yaml), its name for the language switch, and the other languages the
    # site is published in: each is built as a whole site under /<lang>/ (see README, "Languages").
    language: str = "en"
    language_name: str = "English"
    languages: Mapping[str, LanguageOptions] = field(default_factory=dict)

    # Settings for feedback and edit links
    # The repository's address (https://github.com/owner/name), written once: "This didn't help" opens an
    # issue form there, and edit links point into it. Not MkDocs' repo_url: with that, Material fetches the
    # repository's stars from api.github.com on every visit.
    repository: str | None = field(default=None, metadata={"check": https_address})
    branch: str = "main"  # the branch edit links open
    # The issue form (in .github/ISSUE_TEMPLATE/) that "This didn't help" opens.
    feedback_template: str = "didnt-help.yml"
    # Base URL for "edit this page" on a tree's map; the tree file's path is appended. Defaults to
    # <repository>/edit/<branch>/, else the site's edit_uri with its trailing "docs/" removed.
    edit_uri: str | None = None

    # Settings kept so that older configs load
    maps_nav_title: str = "Maps"  # unused: maps left the navigation

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> PluginOptions:
        """The options from validated values by name (a MkDocs config of render/options.py)."""
        return options_from(cls, values)

    def in_language(self, language: str) -> PluginOptions:
        """The options as the site in `language` uses them: its own words where it has set them."""
        words = self.languages[language]
        own = {k: getattr(words, k) for k in LANGUAGE_OPTIONS if getattr(words, k) is not None}
        return dataclasses.replace(
            self,
            **own,
            outcome_labels={**self.outcome_labels, **words.outcome_labels},
            glyphs=dict(words.glyphs),  # the trees' language's spoken words are in that language
        )


T = TypeVar("T")


def nested(hint: object) -> type | None:
    """X when a field's type is Mapping[str, X] and X is a class of options (a dataclass)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is Mapping and len(args) == 2 and dataclasses.is_dataclass(args[1]):
        return args[1] if isinstance(args[1], type) else None
    return None


def options_from(cls: type[T], values: Mapping[str, Any]) -> T:
    """An options dataclass from validated values by name, options nested by name made the same way."""
    hints = typing.get_type_hints(cls)
    out: dict[str, object] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in values:
            inner = nested(hints[f.name])
            value = values[f.name]
            out[f.name] = {k: options_from(inner, v) for k, v in value.items()} if inner else value
    return cls(**out)
