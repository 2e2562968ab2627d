"""The built site, read as HTML only: independent of the YAML model that produced it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import sitebuild
import yaml
from htmlpage import PageParser, read_page

from build_tools.core.ids import CAUSES_FILE
from build_tools.core.sources import SOURCES_FILE

ROOT = sitebuild.ROOT


def scan(path: Path) -> PageParser:
    return read_page(path)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def tree_ids() -> list[str]:
    return sorted(
        p.stem for p in (ROOT / "trees").glob("*.yaml") if p.name not in (CAUSES_FILE, SOURCES_FILE)
    )


def page_file(site: Path, url_path: str) -> Path:
    return site / url_path.lstrip("/") / "index.html"


def test_strict_build_of_the_real_site_succeeds(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "faq" / "index.html").is_file()
    assert (site / "causes" / "index.html").is_file()


def test_every_step_page_has_exactly_one_contract_element(site: Path) -> None:
    pages = [p for p in (site / "troubleshoot").rglob("index.html") if p.parent.name != "map"]
    assert pages
    for page in pages:
        if "data-dt-moved" in page.read_text(encoding="utf-8"):
            continue  # an old address: it only leads on (see the published-addresses test)
        found = scan(page)
        assert len(found.dt_elements) == 1, page
        element = found.dt_elements[0]
        assert element["data-dt-kind"] in ("question", "step", "resolution"), page
        assert element["data-dt-tree"] and element["data-dt-node"], page
        assert found.h1_count == 1, f"{page} has {found.h1_count} h1 headings"
        if element["data-dt-kind"] == "resolution":
            assert found.answers == [], f"resolution {page} has answer links"
        else:
            assert found.answers, f"{page} offers no way on"


@pytest.mark.parametrize("tree", tree_ids())
def test_following_answers_from_the_first_page_always_ends_on_a_resolution(site: Path, tree: str) -> None:
    """Walk every path of the BUILT site from a tree's first page, following only a.dt-answer links."""
    start = f"/troubleshoot/{tree}/"
    ends: set[str] = set()
    paths = 0
    memo: dict[str, int] = {}  # url -> number of complete paths from it (pages are a DAG)
    on_path: set[str] = set()

    def walk(url: str) -> int:
        if url in memo:
            return memo[url]
        assert url not in on_path, f"loop: {url} leads back to itself"
        file = page_file(site, url)
        assert file.is_file(), f"{url} is linked but was not built"
        found = scan(file)
        assert len(found.dt_elements) == 1, url
        kind = found.dt_elements[0]["data-dt-kind"]
        if kind == "resolution":
            ends.add(url)
            memo[url] = 1
            return 1
        assert found.answers, f"{url} ({kind}) is a dead end"
        on_path.add(url)
        total = sum(walk(urlparse(urljoin(f"http://x{url}", href)).path) for href, _ in found.answers)
        on_path.discard(url)
        memo[url] = total
        return total

    paths = walk(start)
    assert paths >= 2
    assert ends


def test_pages_reference_no_third_party_resources(site: Path) -> None:
    for page in site.rglob("*.html"):
        for tag, ref in scan(page).references:
            parsed = urlparse(ref)
            assert not parsed.netloc and parsed.scheme in ("", "data"), f"{page}: <{tag}> loads {ref}"


def test_faq_page_carries_faqpage_structured_data(site: Path) -> None:
    import json

    html = (site / "faq" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the FAQ page"
    data = json.loads(match.group(1))
    assert data["@type"] == "FAQPage"
    questions = [q["name"] for q in data["mainEntity"]]
    trees = (ROOT / "trees").glob("*.yaml")
    faq_count = sum(len(yaml.safe_load(p.read_text()).get("faq", [])) for p in trees)
    assert len(questions) == faq_count
    assert all(q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_a_tree_page_has_the_same_few_navigation_links_whatever_the_number_of_trees(site: Path) -> None:
    """Tree pages list the site's top-level entries only (overrides/partials/dt-nav.html): rendering stays
    O(pages), and the trees are one tap away on the home page, which the trees' entry leads to."""
    home = _primary_nav(site / "index.html")
    trees = [h for h in home if re.fullmatch(r"troubleshoot/[^/]+/", h)]
    assert len(trees) >= 2, "the home page's navigation lists the trees"
    for page in (site / "troubleshoot").glob("*/*/index.html"):
        links = _primary_nav(page)
        assert not [h for h in links if "troubleshoot/" in h], f"{page}: a tree in the compact navigation"
        assert any(h.endswith("faq/") for h in links) and "../../.." in links


def _primary_nav(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    nav = text[text.index('<nav class="md-nav md-nav--primary"') :]
    return re.findall(r'href="([^"]+)"', nav[: nav.index("</nav>")])


def test_a_trees_file_is_edited_from_its_map_not_from_each_step(site: Path) -> None:
    tree = next(p for p in sorted((site / "troubleshoot").iterdir()) if (p / "map").is_dir())
    assert "Edit this page" in (tree / "map" / "index.html").read_text(encoding="utf-8")
    assert "Edit this page" not in (tree / "index.html").read_text(encoding="utf-8")


def test_generated_pages_stay_out_of_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    end = re.search(r"</nav>\s*</div>", nav)  # the primary navigation ends there, however it is indented
    assert end, "no end of the primary navigation"
    nav = nav[: end.start()]
    linked = set(re.findall(r'href="([^"]+)"', nav))
    step_links = [h for h in linked if re.search(r"troubleshoot/[^/]+/[^/]+/$", h) and not h.endswith("map/")]
    assert step_links == [], f"step pages in the navigation: {step_links[:5]}"
    assert any(h.endswith("faq/") for h in linked)


def test_a_broken_tree_fails_the_build_with_located_errors_and_writes_no_site(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "trees", project / "trees")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", project / "overrides")
    tree = project / "trees" / "message-wont-send.yaml"
    text = tree.read_text(encoding="utf-8")
    start = yaml.safe_load(text)["start"]
    first_next = yaml.safe_load(text)["nodes"][start]["answers"][0]["next"]
    broken = text.replace(f"next: {first_next}\n", "next: no-such-node\n", 1)
    assert broken != text
    tree.write_text(broken, encoding="utf-8")
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "no-such-node" in x)) + 1
    out = tmp_path / "site"
    result = sitebuild.build(out, project / "mkdocs.yml")
    assert result.returncode != 0
    assert re.search(rf"trees/message-wont-send\.yaml:{line}:\d+: error\[unknown-target\]", result.stderr), (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir()), "a failed build left files in the site folder"


def test_search_finds_step_pages_but_not_their_buttons(site: Path) -> None:
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    step_pages = [
        d for d in docs if d["location"].startswith("troubleshoot/") and "/map/" not in d["location"]
    ]
    assert len({d["location"].split("#")[0] for d in step_pages}) > 50
    text = " ".join(d["text"] + " " + d["title"] for d in step_pages)
    assert "Clear TikTok" in text
    for control in ("Did that fix it?", "Your answers so far", "Start over", "Yes, that fixed it"):
        assert control not in text, f"{control!r} is in the search index"


PUBLISHED = Path(__file__).parent / "published_urls.txt"


def test_every_address_ever_published_still_leads_to_a_page(site: Path) -> None:
    urls = [line for line in PUBLISHED.read_text(encoding="utf-8").splitlines() if line.startswith("/")]
    assert len(urls) > 100
    for url in urls:
        file = page_file(site, url)
        assert file.is_file(), f"{url} was published but is gone: add it to its tree's `moved:`"
        html = file.read_text(encoding="utf-8")
        moved = re.search(r'<a class="dt-answer" href="([^"]+)" data-dt-moved>', html)
        if moved:
            target = urlparse(urljoin(f"http://x{url}", moved.group(1))).path
            assert page_file(site, target).is_file(), f"{url} moved to {target}, which is not built"
            assert "data-dt-moved" not in page_file(site, target).read_text(encoding="utf-8"), "moved twice"
