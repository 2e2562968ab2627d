"""Text rules: markup the site would not publish, invisible characters, and where each error points."""

from __future__ import annotations

import pytest
from conftest import TreeDir

from build_tools.text.safety import find_hidden, find_unsafe

UNSAFE = [
    "<script>alert(1)</script>",
    "Tap here <img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x]\n\n[x]: javascript:alert(1)",
    "[x]\n\n[x]: &#x6A;avascript:alert(1)",
    "[x](file:///etc/passwd)",
    "Text\n{: onmouseover=alert(1) }",
    "Text\n{: style='position:fixed;inset:0' }",
    "[Help](https://support.tiktok.com/){: title='}' autofocus onfocus='alert(1)' }",
    "Write to <mailto:help tabindex=1 autofocus onfocus=alert(1)> us.",
    "Start here <!--<[s](https://x.example/)cript now.",
    "A comment <!-- hidden --> here.",
    "<![CDATA[x]]>",
    "![logo](https://tracker.example/pixel.png)",
    "!!! made-up-type\n    A box with a class the site does not use.",
]
SAFE = [
    "Open **Settings** and tap *Privacy*.",
    "See [the help centre](https://support.example.com/a?b=1&amp;c=2).",
    "Write to [us](mailto:help@example.com) or visit <https://example.com>.",
    "Use 2 < 3 and a > b & c.",
    "Type `<b>` to see what happens.",
    "1. First\n2. Second\n\n> A quote\n\n---",
    "!!! warning\n    Back up your chats first.",
    '=== "iPhone"\n\n    Tap it.\n\n=== "Android"\n\n    Tap it too.',
    "## A heading in a body",
    "```\ncode without a language\n```",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_markup_the_site_would_not_publish_as_written_is_found(text: str) -> None:
    assert find_unsafe(text) != []


@pytest.mark.parametrize("text", SAFE)
def test_ordinary_markdown_is_not_flagged(text: str) -> None:
    assert find_unsafe(text) == []


def test_an_attribute_list_on_a_title_is_checked_as_a_heading() -> None:
    title = "Restart the app {: onclick=alert(1) }"
    assert find_unsafe(title, heading=True) != []


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Hello <script>x</script>", "<script>"),
        ("ok [x](javascript:1)", "javascript:1"),
        ("line\n{: onclick=x }", "onclick"),
        ("[a](https://ok.example){: title='}' onfocus='x' }", "onfocus"),
        ("before <!-- c --> after", "<!--"),
    ],
)
def test_offset_points_at_the_offending_text(text: str, needle: str) -> None:
    assert [o for o, _ in find_unsafe(text)] == [text.index(needle)]


def test_text_that_reads_as_a_tag_once_links_are_gone_is_refused() -> None:
    (found,) = find_unsafe("Start here <!--<[s](https://x.example/)cript now.")
    assert "reads as an HTML tag" in found[1]


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\x00", "\x1b"])
def test_direction_and_control_characters_are_refused_in_every_field(char: str) -> None:
    assert find_hidden(f"abc{char}def") == [(3, find_hidden(f"abc{char}def")[0][1])]
    assert find_hidden(f"abc{char}def", one_line=True) != []


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_are_refused_in_one_line_texts_only(char: str) -> None:
    assert [o for o, _ in find_hidden(f"Yes{char}", one_line=True)] == [3]
    assert find_hidden(f"Yes{char}") == []


def test_a_zero_width_joiner_inside_an_emoji_is_fine_but_not_between_letters() -> None:
    assert find_hidden("Coder 👩\u200d💻", one_line=True) == []
    assert find_hidden("Y\u200des", one_line=True) != []


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

    Indented
    {: onclick="steal()" }
"""


def test_unsafe_markup_inside_a_block_scalar_is_located_at_its_own_line_and_column(trees: TreeDir) -> None:
    trees.tree("a.yaml", NODES)
    found = trees.where(trees.check(), "unsafe-markup")
    assert found == [
        ("a.yaml", *trees.at("a.yaml", "<script>")),
        ("a.yaml", *trees.at("a.yaml", "javascript:alert(1))")),
        ("a.yaml", *trees.at("a.yaml", "<img")),
        ("a.yaml", *trees.at("a.yaml", "onclick")),
    ]


def test_unsafe_markup_in_tree_level_text_is_located_at_that_text(trees: TreeDir) -> None:
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
        ("a.yaml", *trees.at("a.yaml", "<i>")),
        ("a.yaml", *trees.at("a.yaml", "<u>")),
        ("a.yaml", *trees.at("a.yaml", "<iframe")),
    ]


def test_unsafe_markup_in_the_causes_file_is_located(trees: TreeDir) -> None:
    trees.write(
        "causes.yaml",
        "causes:\n  app-bug:\n    title: App bug\n    explanation: |\n      Read [this](javascript:x).\n",
    )
    trees.tree(
        "a.yaml", "r:\n  resolution: R\n  outcome: fixed\n  causes: [app-bug]\n  body: Done.\n", start="r"
    )
    assert trees.where(trees.check(), "unsafe-markup") == [
        ("causes.yaml", *trees.at("causes.yaml", "javascript:x"))
    ]


def test_a_right_to_left_override_in_an_answer_is_located(trees: TreeDir) -> None:
    nodes = (
        'q:\n  question: Q?\n  answers:\n    - {answer: "Yes \\u202eon", next: r}\n'
        "    - {answer: B, next: r}\n"
        "r:\n  resolution: R\n  outcome: fixed\n  causes: [app-bug]\n  body: Done.\n"
    )
    trees.tree("a.yaml", nodes)
    line, col = trees.at("a.yaml", "Yes")
    assert trees.where(trees.check(), "hidden-character") == [("a.yaml", line, col + 4)]


@pytest.mark.parametrize(
    "text",
    [
        'Tap <span lang="fr">here</span>.',
        '<div lang="en-GB" markdown>Tap it.</div>',
        "Tap it.\n{: lang=de }",
        '<p lang="en">Tap it.</p>',
        "[Help](https://example.com/){: lang=fr }",
    ],
)
def test_tree_text_can_set_no_language_but_english_on_a_span_or_block(text: str) -> None:
    """The allowlist keeps `lang` only as "en" on a span, div, heading or link, for the pages to mark text
    they show in English (a missing or stale translation): any other value or place is refused."""
    assert find_unsafe(text) != []


def test_marking_words_as_english_is_harmless_and_allowed() -> None:
    # e.g. an app's English on-screen words quoted in a translation
    assert find_unsafe('Si ves <span lang="en">Take a rest.</span> (así aparece en inglés).') == []
