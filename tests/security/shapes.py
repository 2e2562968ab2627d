"""Hostile tree shapes of about 1 MB (issue 19): what a pull request could send to make `check`, the build or
`diff` slow. Each is a complete tree file; `check` must refuse or accept it within seconds, an accepted one
must build within a minute, and `diff` between two permuted revisions must stay within seconds and memory.

Used by tests/security/test_bounded_work.py (outcomes) and benchmarks/hostile_shapes.py (times).
"""

from __future__ import annotations

import random
from collections.abc import Callable

SIZE = 990_000  # just under the 1,000,000-byte file limit
HEAD = """\
title: A hostile shape
summary: A tree made to cost as much as possible.
symptoms: [It is slow]
"""
CAUSES = """\
causes:
  app-bug:
    title: App bug
    explanation: The app has a bug.
"""


def _resolution(node: str, body: str = "Done.") -> str:
    return (
        f"  {node}:\n    resolution: Done\n    outcome: fixed\n    causes: [app-bug]\n    general: true\n"
        f"    body: {body}\n"
    )


def _fill(make: Callable[[int], str], size: int) -> str:
    """HEAD, then nodes from `make(i)` until the file is about `size` bytes."""
    parts = [HEAD, "start: n0\nnodes:\n"]
    total, i = sum(map(len, parts)), 0
    while total < size:
        part = make(i)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts) + _resolution("end")


def step_chain(size: int = SIZE) -> str:
    """Steps in a row, each `not_fixed` leading on: the chain that kept the build busy past 60 s."""
    return _fill(
        lambda i: (
            f"  n{i}:\n    step: Step {i}\n    body: Try thing {i}.\n    general: true\n"
            f"    fixed: end\n    not_fixed: n{i + 1}\n"
        ),
        size,
    ).replace("not_fixed: n", "not_fixed: n", 1)


def question_chain(size: int = SIZE) -> str:
    """Questions in a row: the chain that built a 178 MB site (every page carried its whole trail)."""
    return _fill(
        lambda i: (
            f"  n{i}:\n    question: Question {i}?\n    answers:\n"
            f"      - answer: 'Yes'\n        next: n{i + 1}\n      - answer: 'No'\n        next: end\n"
        ),
        size,
    )


def headings(size: int = SIZE) -> str:
    """Resolutions whose bodies are thousands of one-character headings: quadratic in Python-Markdown."""
    body = "|\n" + "".join("      #\n" for _ in range(1_300))  # about 7,800 characters, under maxLength
    parts = [HEAD, "start: n0\nnodes:\n  n0:\n    question: Which?\n    answers:\n"]
    count = size // (len(body) + 80)
    parts += [f"      - answer: Answer {i}\n        next: r{i}\n" for i in range(count)]
    parts += [_resolution(f"r{i}", body) for i in range(count)]
    return "".join(parts)


def wide_text(size: int = SIZE) -> str:
    """A balanced tree of questions (6 deep, so within every path rule) whose pages carry long, marked-up
    text: the largest shape `check` accepts, for the build."""
    depth = 6
    questions = 2**depth - 1
    per_node = size // (2 * questions + 1)
    sentence = "Open **Settings**, then tap *Privacy* and read `the help` under > Account. "
    paragraph = "\n".join(["      " + sentence * 2] * 3)
    link = "      - See [the help](https://example.org/help) and [more](https://example.org/more).\n"
    paragraphs = [paragraph] * max(1, per_node // (len(paragraph) + 2))
    block = "|\n" + link + "\n" + "\n\n".join(paragraphs) + "\n"
    parts = [HEAD, "start: q1\nnodes:\n"]
    for n in range(1, questions + 1):
        kids = [2 * n, 2 * n + 1]
        names = [f"q{k}" if k <= questions else f"r{k}" for k in kids]
        parts.append(
            f"  q{n}:\n    question: Question {n}?\n    general: true\n    help: {block}    answers:\n"
            f"      - answer: 'Yes'\n        next: {names[0]}\n"
            f"      - answer: 'No'\n        next: {names[1]}\n"
        )
    for k in range(questions + 1, 2 * questions + 2):
        parts.append(_resolution(f"r{k}", block))
    return "".join(parts)


def permuted(shift: int, layers: int = 6, width: int = 48, answers: int = 12, size: int = 730_000) -> str:
    """Rows of questions, each answer leading into the next row; both revisions lead every node's answers to
    the same nodes, but in an order shuffled per revision (`shift` seeds it): the shape that kept `diff` past
    75 s and 1.2 GB, as each base node comes to be paired with many head nodes. Help text pads it to about
    `size` bytes."""
    nodes = layers * width
    help_text = "Read this first. " * max(1, (size // nodes - 300) // 17)
    parts = [HEAD, "start: r0c0\nnodes:\n"]
    for row in range(layers):
        for col in range(width):
            targets = random.Random(f"{row}/{col}").sample(range(width), answers)  # the same in both
            random.Random(f"{shift}/{row}/{col}").shuffle(targets)  # the order is not
            parts.append(f"  r{row}c{col}:\n    question: Row {row} column {col}?\n    help: {help_text}\n")
            parts.append("    answers:\n")
            for a, target in enumerate(targets):
                there = f"r{row + 1}c{target}" if row + 1 < layers else f"end{target % answers}"
                parts.append(f"      - answer: Answer {a}\n        next: {there}\n")
    parts += [_resolution(f"end{a}") for a in range(answers)]
    return "".join(parts)


SHAPES: dict[str, Callable[[], str]] = {
    "step-chain": step_chain,
    "question-chain": question_chain,
    "headings": headings,
    "wide-text": wide_text,
}
# What `check` says about each: the code that refuses it, or None when it passes (then it is built).
EXPECTED: dict[str, str | None] = {
    "step-chain": "too-many-nodes",
    "question-chain": "too-many-nodes",
    "headings": "text-budget",
    "wide-text": None,
}
