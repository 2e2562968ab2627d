"""Options of the `decision-trees` MkDocs plugin (mkdocs.yml: plugins: - decision-trees: ...)."""

from __future__ import annotations

from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class RepositoryUrl(c.Type[str]):
    """An https:// address with nothing a link or Material's edit button could be tricked with: it is
    written into every page's "This didn't help" link and edit link (`javascript:` would run there, and a
    quote would end Material's attribute early)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        url = super().run_validation(value)
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.netloc:
            raise ValidationError(
                f"must be an https:// address, such as https://github.com/owner/name: {url!r}"
            )
        bad = sorted({ch for ch in url if ch in "\"'<>`\\" or ch.isspace() or not ch.isprintable()})
        if bad:
            raise ValidationError(f"must not contain {''.join(bad)!r} (quotes, spaces, controls): {url!r}")
        return url


class LanguageConfig(base.Config):  # type: ignore[no-untyped-call]
    """The site's own words in one more language (plugins: decision-trees: languages: es: ...). The trees'
    text comes from trees/<lang>/, the engine's words from render/locales/<lang>.yaml; these are the
    site's: what the English ones are in mkdocs.yml and the options above. Unset ones stay English."""

    name = c.Type(str)  # the language's own name, as the language switch shows it: "Español"
    site_name = c.Optional(c.Type(str))
    site_description = c.Optional(c.Type(str))
    copyright = c.Optional(c.Type(str))
    nav_title = c.Optional(c.Type(str))
    causes_title = c.Optional(c.Type(str))
    screen_texts_title = c.Optional(c.Type(str))
    home_description = c.Optional(c.Type(str))
    faq_description = c.Optional(c.Type(str))
    support_html = c.Optional(c.Type(str))
    outcome_labels = c.DictOfItems(c.Type(str), default={})
    glyphs = c.DictOfItems(c.Type(str), default={})
    # The navigation's own titles of mkdocs.yml (and "Home", "FAQ"): English title -> this language's.
    nav = c.DictOfItems(c.Type(str), default={})
    # The names of the colour scheme switch (theme.palette's toggles), in palette order.
    palette_toggles = c.ListOfItems(c.Type(str), default=[])


class DecisionTreesConfig(base.Config):  # type: ignore[no-untyped-call]
    # Folder of trees/*.yaml and causes.yaml, relative to mkdocs.yml.
    trees_dir = c.Type(str, default="trees")
    # Folder of Jinja templates that replace the built-in ones of the same name.
    templates = c.Optional(c.Type(str))
    # Tree ids in the order the home page and the navigation list them; the rest follow by title.
    tree_order = c.ListOfItems(c.Type(str), default=[])
    # The repository's address (https://github.com/owner/name), written once: "This didn't help" opens an
    # issue form there, and edit links point into it. Not MkDocs' repo_url: with that, Material fetches the
    # repository's stars from api.github.com on every visit.
    repository = c.Optional(RepositoryUrl())
    branch = c.Type(str, default="main")  # the branch edit links open
    # The issue form (in .github/ISSUE_TEMPLATE/) that "This didn't help" opens.
    feedback_template = c.Type(str, default="didnt-help.yml")
    # Base URL for "edit this page" on generated pages; the tree file path is appended.
    # Defaults to <repository>/edit/<branch>/, else the site's edit_uri with its trailing "docs/" removed.
    edit_uri = c.Optional(c.Type(str))
    nav_title = c.Type(str, default="Troubleshoot")
    causes_title = c.Type(str, default="Causes")
    # One line of HTML under "Still stuck?" on every resolution that isn't "fixed": where to get more help.
    support_html = c.Type(str, default="")
    maps_nav_title = c.Type(str, default="Maps")  # unused: maps left the navigation; kept so configs load
    # The page that lists every on-screen text the sources quote (only built when there are some).
    screen_texts_title = c.Type(str, default="What the screen says")
    # The home page's description (search engines show it); defaults to the site's site_description.
    home_description = c.Optional(c.Type(str))
    faq_description = c.Optional(c.Type(str))
    # A hand-written page to link from the home page as "About this site", e.g. about.md.
    about_page = c.Optional(c.Type(str))
    # Badge text per resolution outcome (the schema's enum: fixed, wait, contact-support, by-design); unset
    # ones keep their defaults; an unknown outcome is a located `site-config` error (settings.py).
    outcome_labels = c.DictOfItems(c.Type(str), default={})
    # Rule code -> off, warning or error on this site; settings.py reads and checks it (with locations),
    # for the build and for `check` alike. YAML reads a bare `off` as false: that means off too.
    rules = c.Type(dict, default={})
    # Folder of <tree-id>.yaml journeys, relative to mkdocs.yml (settings.py; `check` reads it too).
    journeys_dir = c.Type(str, default="tests/journeys")
    # Words a screen reader says instead of a symbol in instructions ("☰": "Menu"); added to glyphs.GLYPHS,
    # replacing entries of the same symbol. An empty text turns a default off.
    glyphs = c.DictOfItems(c.Type(str), default={})
    # The trees' own language (trees/*.yaml), its name for the language switch, and the other languages the
    # site is published in: each is built as a whole site under /<lang>/ (see README, "Languages").
    language = c.Type(str, default="en")
    language_name = c.Type(str, default="English")
    languages = c.DictOfItems(c.SubConfig(LanguageConfig), default={})
