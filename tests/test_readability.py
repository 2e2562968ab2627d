"""readability.py counts as textstat does (the content tests' measure), only faster; and in linear time."""

from __future__ import annotations

import pytest
import test_content
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.text import readability


@pytest.mark.parametrize(
    ("tree_id", "node_id", "node"), test_content.NODES, ids=[f"{t}/{n}" for t, n, _ in test_content.NODES]
)
def test_every_real_page_gets_the_grade_textstat_gives(
    tree_id: str, node_id: str, node: dict[str, object]
) -> None:
    text = test_content.node_text(node)
    assert readability.grade(text) == pytest.approx(test_content._grade(text), abs=1e-9)


def test_plain_text_reads_markdown_as_the_content_tests_do() -> None:
    for _, _, node in test_content.NODES:
        for key in ("body", "help"):
            if key in node:
                assert readability.plain_text(node[key]) == test_content.plain_text(node[key])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cde\u00e9'\u2019-.!?,:;\n*_[]()>19")), max_size=200))
def test_any_text_gets_the_grade_textstat_gives(text: str) -> None:
    assert readability.grade(text) == pytest.approx(test_content._grade(text), abs=1e-9)
