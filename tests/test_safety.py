"""Unsafe Markdown: script can't be smuggled into the site, and the error points at the offending text."""

from __future__ import annotations

import pytest

from build_tools.safety import find_unsafe

UNSAFE = [
    "<script>alert(1)</script>",
    "Tap here <img src=x onerror=alert(1)>",
    "</p><p>",
    "<svg/onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x]( <javascript:alert(1)> )",
    "[x](JAVASCRIPT:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](java\tscript:alert(1))",
    "[x](JaVaScRiPt :alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x]\n\n[x]: javascript:alert(1)",
    "[x]\n\n[x]: &#x6A;avascript:alert(1)",
    "[x](file:///etc/passwd)",
    'Open the app { onclick="alert(1)" }',
    "Text\n{: ONMOUSEOVER = alert(1) }",
]
SAFE = [
    "Open **Settings** and tap *Privacy*.",
    "See [the help centre](https://support.example.com/a?b=1&amp;c=2).",
    "Write to [us](mailto:help@example.com) or visit <https://example.com>.",
    "Relative [link](../other-tree/) and [anchor](#steps).",
    "Use 2 < 3 and a > b.",
    "An attribute list {: .note } is fine.",
    "Tap &amp; hold; &lt;script&gt; is shown as text.",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_markup_is_found(text: str) -> None:
    assert find_unsafe(text) != []


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_markdown_is_not_flagged(text: str) -> None:
    assert find_unsafe(text) == []


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Hello <script>", 6),
        ("ok [x](javascript:1)", 5),  # at the link's "]("
        ("line\n  { onclick=x }", 7),
    ],
)
def test_offset_points_at_the_start_of_the_construct(text: str, offset: int) -> None:
    assert [o for o, _ in find_unsafe(text)] == [offset]


NODES = """\
q:
  question: Q?
  help: |
    First line is fine.
    Second has <script>alert(1)</script> in it.
    Third [x](javascript:alert(1)).
  answers:
    - answer: A
      next: r
    - answer: B <img src=x onerror=alert(1)>
      next: r
r:
  resolution: R
  outcome: fixed
  causes: [app-bug]
  body: |
    Fine.
      Indented { onclick="steal()" } here.
  platforms:
    ios: "[x](JaVaScRiPt :alert(1))"
"""


def test_unsafe_markup_inside_a_block_scalar_is_located_at_its_own_line_and_column(trees) -> None:
    trees.tree("a.yaml", NODES)
    found = trees.where(trees.check(), "unsafe-markup")
    assert found == [
        ("a.yaml", *trees.at("a.yaml", "<script>")),
        ("a.yaml", *trees.at("a.yaml", "</script>")),
        ("a.yaml", *trees.at("a.yaml", "](javascript")),
        ("a.yaml", *trees.at("a.yaml", "<img")),
        ("a.yaml", *trees.at("a.yaml", '{ onclick="steal')),
        ("a.yaml", *trees.at("a.yaml", "[x](JaVa")),
    ]


def test_unsafe_markup_in_tree_level_text_is_located_at_that_text(trees) -> None:
    head = (
        "title: T\nsummary: S <b>bold</b>\nreviewed: \"2026-01-01\"\nsymptoms: [x, 'y <i>']\n"
        "faq:\n  - question: Why <u>?\n    answer: |\n      Because.\n      <iframe src=x>\n    link: q\n"
    )
    nodes = "q:\n  question: Q?\n  answers:\n    - {answer: A, next: r}\n    - {answer: B, next: r}\n"
    nodes += "r:\n  resolution: R\n  outcome: fixed\n  causes: [app-bug]\n  body: Done.\n"
    trees.tree("a.yaml", nodes, head=head)
    found = trees.where(trees.check(), "unsafe-markup")
    assert found == [
        ("a.yaml", *trees.at("a.yaml", "<b>")),
        ("a.yaml", *trees.at("a.yaml", "</b>")),
        ("a.yaml", *trees.at("a.yaml", "<i>")),
        ("a.yaml", *trees.at("a.yaml", "<u>")),
        ("a.yaml", *trees.at("a.yaml", "<iframe")),
    ]


def test_unsafe_markup_in_the_causes_file_is_located(trees) -> None:
    trees.write(
        "causes.yaml",
        "causes:\n  app-bug:\n    title: App bug\n    explanation: |\n      Read [this](javascript:x).\n",
    )
    trees.tree(
        "a.yaml", "r:\n  resolution: R\n  outcome: fixed\n  causes: [app-bug]\n  body: Done.\n", start="r"
    )
    assert trees.where(trees.check(), "unsafe-markup") == [
        ("causes.yaml", *trees.at("causes.yaml", "](java"))
    ]
