"""The page-type table (core/page_types.py) is the one declaration the rest reads: every type has its
template and builder, its search flag is what its page says, and the HTML contract lists every address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.core import ids, page_types
from build_tools.core.page_types import PAGE_TYPES, SITE_PAGES, PageType
from build_tools.render import urls
from build_tools.render.site_pages import SITE_BUILDERS

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "build_tools" / "render" / "templates"
CONTRACT = ROOT / "docs" / "contributing" / "html-contract.md"


def test_every_site_page_type_has_one_builder() -> None:
    assert set(SITE_BUILDERS) == {t.name for t in SITE_PAGES}


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda t: t.name)
def test_every_page_type_has_its_template_and_its_search_flag_is_what_the_page_says(
    page_type: PageType,
) -> None:
    names = [page_type.template.format(kind=k) for k in ("question", "step", "resolution")]
    for name in dict.fromkeys(names):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        if "_front.md.j2" in text:
            text += (TEMPLATES / "_front.md.j2").read_text(encoding="utf-8")
        assert ("exclude: true" not in text) == page_type.in_search, name


def test_the_html_contract_lists_the_address_of_every_page_type() -> None:
    contract = CONTRACT.read_text(encoding="utf-8")
    for page_type in SITE_PAGES:
        assert f"`/{urls.src_to_url(page_type.src)}`" in contract, page_type.name
    tree_pages = {page_types.NODE: "<node-id>", page_types.MAP: "map"}
    for page_type, node in tree_pages.items():
        address = urls.src_to_url(page_type.src.format(tree="<tree-id>", node=node))
        assert f"`/{address}`" in contract, page_type.name


def test_reserved_ids_are_the_union_of_the_types_and_no_node_can_take_one() -> None:
    assert frozenset().union(*(t.reserved for t in PAGE_TYPES)) == ids.RESERVED_IDS
    assert {"index", "map"} <= ids.RESERVED_IDS
    assert all(re.fullmatch(r"[a-z]+", i) for i in ids.RESERVED_IDS)
