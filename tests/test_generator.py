"""Generator: trees -> Markdown pages, without MkDocs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jinja2
import pytest

from build_tools.check.validate import load_project
from build_tools.core.options import PluginOptions
from build_tools.core.project import Project
from build_tools.render import urls
from build_tools.render.generator import Generator, Options, generate, plain_text

FIXTURES = Path(__file__).parent / "fixtures" / "small"


@pytest.fixture
def project() -> Project:
    project = load_project([FIXTURES])
    assert project.ok, project.problems
    return project


def pages_by_src(project: Project) -> dict[str, str]:
    return {p.src: p.before + p.content + p.after for p in generate(project)}


def answer_links(content: str) -> dict[str, str]:
    return dict(
        (label, href)
        for href, label in re.findall(r'<a class="dt-answer" href="([^"]+)">([^<]+)</a>', content)
    )


def test_start_node_is_the_tree_index_and_other_nodes_get_their_own_page(project: Project) -> None:
    pages = pages_by_src(project)
    assert "troubleshoot/demo/index.md" in pages
    assert "troubleshoot/demo/what-happens.md" not in pages
    assert {
        "troubleshoot/demo/try-wifi.md",
        "troubleshoot/demo/fixed-signal.md",
        "troubleshoot/demo/app-bug.md",
    } <= set(pages)
    assert {
        "index.md",
        "causes.md",
        "faq.md",
        "troubleshoot/demo/map.md",
        "troubleshoot/other/map.md",
    } <= set(pages)


def test_for_the_answer_it_spins_forever_the_next_node_is_try_wifi(project: Project) -> None:
    links = answer_links(pages_by_src(project)["troubleshoot/demo/index.md"])
    assert links["It spins forever"] == "try-wifi/"
    assert links["It crashes"] == "../other/"


def test_a_step_offers_fixed_then_not_fixed(project: Project) -> None:
    content = pages_by_src(project)["troubleshoot/demo/try-wifi.md"]
    assert list(answer_links(content).items()) == [
        ("Yes, that fixed it", "../fixed-signal/"),
        ("No, it still doesn&#39;t work", "../app-bug/"),
    ]
    assert 'data-dt-kind="step"' in content


def test_a_cross_tree_answer_links_to_the_node_in_the_other_tree(project: Project) -> None:
    links = answer_links(pages_by_src(project)["troubleshoot/other/index.md"])
    assert links["At start"] == "../demo/app-bug/"


def test_resolution_pages_have_no_answer_buttons_and_link_their_causes(project: Project) -> None:
    content = pages_by_src(project)["troubleshoot/demo/fixed-signal.md"]
    assert 'class="dt-answer"' not in content
    assert 'data-dt-kind="resolution"' in content
    assert 'href="../../../causes/#weak-signal"' in content


def test_the_trail_is_static_where_only_one_path_leads_to_a_node(project: Project) -> None:
    content = pages_by_src(project)["troubleshoot/demo/fixed-signal.md"]
    trail = content[content.index("Your answers so far") :]
    assert "data-dt-trail" not in content
    assert trail.index("What happens?") < trail.index("It spins forever") < trail.index("Switch to Wi-Fi")


def test_the_trail_is_left_to_the_browser_where_several_paths_share_a_node(project: Project) -> None:
    # demo/app-bug is reached from demo/try-wifi and from two places in the other tree.
    content = pages_by_src(project)["troubleshoot/demo/app-bug.md"]
    assert "data-dt-trail hidden" in content
    assert "dt-trail-q" not in content


def test_every_non_start_page_has_start_over_and_a_way_back(project: Project) -> None:
    for src, content in pages_by_src(project).items():
        if not src.startswith("troubleshoot/") or src.endswith(("index.md", "map.md")):
            continue
        assert "data-dt-restart" in content, src
        assert 'class="dt-back"' in content, src


def test_labels_are_escaped_in_html(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "t")
    tree = tmp_path / "t" / "demo.yaml"
    tree.write_text(tree.read_text().replace("answer: It crashes", "answer: 'It says \"crash\" & quits'"))
    project = load_project([tmp_path / "t"])
    assert project.ok, project.problems
    content = pages_by_src(project)["troubleshoot/demo/index.md"]
    assert "It says &#34;crash&#34; &amp; quits" in content


def test_templates_can_be_overridden_by_a_site(tmp_path: Path, project: Project) -> None:
    (tmp_path / "question.md.j2").write_text("custom {{ node.title }}\n")
    pages = {
        p.src: p.content for p in Generator(project, Options(PluginOptions(templates=str(tmp_path)))).pages()
    }
    assert pages["troubleshoot/demo/index.md"] == "custom What happens?\n"
    assert "custom" not in pages["troubleshoot/demo/try-wifi.md"]


def test_the_node_frame_opens_before_the_text_and_closes_after_it(project: Project) -> None:
    pages = [p for p in generate(project) if p.before]
    assert len(pages) == sum(len(tree.nodes) for tree in project.trees.values())
    for page in pages:
        assert page.before.startswith('<div class="dt-node ') and page.after.endswith("</div>\n</div>\n")
        whole = page.before + page.after
        assert whole.count("<div") == whole.count("</div>")
        assert "\x00" not in whole


def test_a_site_template_whose_page_block_skips_the_frame_is_refused(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "step.md.j2").write_text(
        "{% block markdown %}# {{ node.title }}{% endblock %}{% block page %}<div>{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(jinja2.TemplateError, match=r"step\.md\.j2: the page block must call node_page"):
        list(Generator(project, Options(PluginOptions(templates=str(tmp_path)))).pages())


def test_faq_structured_data_is_valid_json(project: Project) -> None:
    content = pages_by_src(project)["faq.md"]
    body = content[content.index('<script type="application/ld+json">') + 35 : content.rindex("</script>")]
    data = json.loads(body)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["name"] == "Why does it not work?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Often the signal is weak."


def test_structured_data_cannot_close_its_script_element(project: Project) -> None:
    to_json = Generator(project).env.filters["json_ld"]
    text = to_json({"text": "a </script><script>alert(1)"})
    assert "</script>" not in text
    assert json.loads(text) == {"text": "a </script><script>alert(1)"}


def test_map_draws_every_node_as_a_link(project: Project) -> None:
    content = pages_by_src(project)["troubleshoot/demo/map.md"]
    svg = content[content.index("<svg") : content.index("</svg>")]
    hrefs = set(re.findall(r'<a href="([^"]+)"', svg))
    assert {"../", "../try-wifi/", "../fixed-signal/", "../app-bug/", "../../other/"} <= hrefs
    assert "\n" not in svg  # a blank line inside would end Markdown's raw HTML block


def test_generator_refuses_a_project_with_errors(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "t")
    (tmp_path / "t" / "demo.yaml").write_text(
        (tmp_path / "t" / "demo.yaml").read_text().replace("start: what-happens", "start: nope")
    )
    project = load_project([tmp_path / "t"])
    assert not project.ok
    with pytest.raises(ValueError):
        Generator(project)


def test_relative_urls_work_from_any_depth() -> None:
    assert urls.relative("troubleshoot/a/", "troubleshoot/a/x/") == "x/"
    assert urls.relative("troubleshoot/a/x/", "troubleshoot/b/") == "../../b/"
    assert urls.relative("faq/", "") == "../"
    assert urls.src_to_url("troubleshoot/a/index.md") == "troubleshoot/a/"


def test_plain_text_drops_markdown_but_keeps_link_text() -> None:
    assert plain_text("**Tap** [Settings](https://x.example) > `Privacy`") == "Tap Settings Privacy"
