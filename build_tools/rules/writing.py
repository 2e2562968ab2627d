"""Text people can read: every page and FAQ entry at or below a school grade (Flesch-Kincaid)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..text import readability
from .examples import VALID, broken
from .registry import Finding, Scope, rule

if TYPE_CHECKING:
    from ..core.model import Text, Tree
    from ..core.project import Project

GROUP = "Writing"
# The hardest text a page may have, as a US school grade. The one home of this number: the content tests
# (tests/test_content.py) and the docs read it from here.
MAX_GRADE = 8.0
HARD = (
    "Unfortunately, intermittent synchronization difficulties occasionally necessitate comprehensive "
    "reinstallation of the application, notwithstanding considerable inconvenience."
)


@rule(
    "hard-to-read",
    Scope.TREE,
    doc=f"A page's text, or an FAQ entry, reads above US school grade {MAX_GRADE:g} (Flesch-Kincaid).",
    fix="People arrive frustrated, often on a phone, and many read English as a second language. Use "
    "short sentences and everyday words: one idea per sentence, one action per step. The message gives "
    "the grade; the page's title, help, body, platform tabs and answers are measured together, and an "
    "FAQ entry's question and answer together.",
    passing=VALID,
    failing=broken("body: It was a bug in the app.", f"body: {HARD}"),
    at=(19, 3),
    group=GROUP,
    own_tree=True,
)
def hard_to_read(project: Project, tree: Tree) -> Iterator[Finding]:
    for node in tree.nodes.values():
        text = "\n\n".join(readability.plain_text(t.value) for t in node.texts)
        grade = readability.grade(text)
        if grade > MAX_GRADE:
            yield Finding(node.pos, f"{node.id!r} reads at grade {grade:.1f} (at most {MAX_GRADE:g})")
    questions = [t for t in tree.texts if t.field == "faq.question"]
    answers = [t for t in tree.texts if t.field == "faq.answer"]
    for number, (question, answer) in enumerate(zip(questions, answers, strict=True), 1):
        grade = readability.grade(
            readability.plain_text(question.value) + " " + readability.plain_text(answer.value)
        )
        if grade > MAX_GRADE:
            message = f"FAQ entry {number} reads at grade {grade:.1f} (at most {MAX_GRADE:g})"
            yield Finding(question.pos, message)


# Pages show when their file changed and their sources' dates; a sentence saying someone checked is a
# promise nobody keeps up to date (CONTRIBUTING: "Never write that you checked something").
# Spanish too, for translations (trees/es/): "lo comprobamos", "verificamos", "última comprobación".
_CHECKED = re.compile(
    r"\bwe (?:last )?(?:checked|verified|tested)\b|\blast checked\b"
    r"|\b(?:comprobamos|verificamos|revisamos|probamos)\b"
    r"|\b[uú]ltima (?:comprobaci|verificaci|revisi)[oó]n\b",
    re.IGNORECASE,
)


@rule(
    "checked-claim",
    Scope.TEXT,
    doc='Text says that someone checked it ("we checked", "we verified", "last checked"; in a Spanish '
    'translation "comprobamos", "verificamos", "revisamos", "última comprobación").',
    fix="A reader can't tell when that was or whether it still holds. Pages already show when their tree "
    "file last changed and the date of their newest source: say what the source says instead.",
    passing=VALID,
    failing=broken("body: It was a bug in the app.", "body: We checked this in May. It was a bug."),
    at=(23, 11),
    group=GROUP,
)
def checked_claim(text: Text) -> Iterator[tuple[int, str]]:
    for match in _CHECKED.finditer(text.value):
        yield match.start(), f"{match.group(0)!r}: say what the source says, not that someone checked"
