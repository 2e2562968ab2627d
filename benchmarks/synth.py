"""Synthetic content for the benchmarks: valid decision trees, and the same pages written as plain Markdown.

A tree is grown breadth-first from its start question with an exact node budget: questions (2-3 answers),
steps (each with its own "fixed" resolution) and resolutions, with some answers merging into one shared
"contact TikTok" resolution, as real trees do. No path asks more than MAX_PATH_QUESTIONS questions; paths
take more clicks than a real site allows, which the benchmark sites turn into warnings (SITE_RULES), so
`check` exits 0 on every generated folder.
"""

from __future__ import annotations

import json
import posixpath
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.core.model import FIXED_LABEL, NOT_FIXED_LABEL
from build_tools.render import urls

MAX_PATH_QUESTIONS = 8
# The synthetic trees are big on purpose: their long chains of steps take more clicks than a real site
# allows. The benchmark sites set these rules to warnings (mkdocs.yml `rules:`), so every rule still runs
# and is timed, and `check` exits 0.
# The synthetic fallbacks lead straight to an end; a real site offers explanations first (a rule since
# issue 24): off here, so the rule still runs and costs what it costs, but reports nothing.
SITE_RULES = {"deep-path": "warning", "long-path": "warning", "fallback-skips-explanations": "off"}
CAUSES = [f"cause-{i:02d}" for i in range(12)]
KINDS = ("fixed", "wait", "contact-support", "by-design")
PLATFORM_LABELS = {"ios": "iPhone and iPad", "android": "Android"}
SENTENCE = (
    "Open the app, go to your profile and check the setting described here before you try again. "
    "If the message still shows a red mark, wait a minute, because the server may be busy right now."
)


@dataclass
class SynthNode:
    id: str
    kind: str  # question | step | resolution
    title: str
    body: str
    answers: list[tuple[str, str]] = field(default_factory=list)  # (label, target node id)
    platforms: dict[str, str] = field(default_factory=dict)
    outcome: str = ""
    causes: list[str] = field(default_factory=list)


@dataclass
class SynthTree:
    id: str
    title: str
    start: str
    nodes: dict[str, SynthNode]


def _body(n: int, paragraphs: int) -> str:
    return "\n\n".join(f"{SENTENCE} (Case {n}, part {p + 1}.)" for p in range(paragraphs))


def make_tree(tree_id: str, size: int, paragraphs: int = 2) -> SynthTree:
    """A valid tree of exactly `size` nodes (size >= 4)."""
    if size < 4:
        raise ValueError("a synthetic tree needs at least 4 nodes")
    nodes: dict[str, SynthNode] = {}
    counter = 0

    def new_id(prefix: str) -> str:
        nonlocal counter
        counter += 1
        return f"{prefix}-{counter}"

    def resolution(node_id: str) -> SynthNode:
        n = len(nodes)
        return SynthNode(
            node_id,
            "resolution",
            f"Resolution number {n} explains what was wrong",
            _body(n, paragraphs),
            outcome=KINDS[n % len(KINDS)],
            causes=[CAUSES[n % len(CAUSES)]],
        )

    end = "contact-end"
    nodes[end] = SynthNode(
        end,
        "resolution",
        "Nothing here fixed it",
        _body(0, 1),
        outcome="contact-support",
        causes=[CAUSES[0]],
    )
    start = "start"
    slots: deque[tuple[str, int]] = deque([(start, 0)])  # (node id to create, questions on the way there)
    made = 0
    while slots:
        node_id, depth = slots.popleft()
        spare = (
            size - len(nodes) - len(slots) - 1
        )  # nodes left after one resolution for this and each open slot
        made += 1
        pattern = made % 5
        n = len(nodes)
        want_question = node_id == start or pattern == 1
        if want_question and depth < MAX_PATH_QUESTIONS and spare >= 2:
            three = spare >= 3 and n % 2 == 0
            targets = [new_id("n"), new_id("n")] + ([new_id("n")] if three else [])
            answers = [(f"Answer {i + 1} of question {n}", t) for i, t in enumerate(targets)]
            if not three and n % 3 == 0:
                answers.append((f"None of these, question {n}", end))  # merge into the shared resolution
            help_text = _body(n, 1) if n % 2 else ""
            nodes[node_id] = SynthNode(
                node_id, "question", f"Question {n}: what do you see on screen?", help_text
            )
            nodes[node_id].answers = answers
            slots.extend((t, depth + 1) for t in targets)
        elif spare >= 1 and (pattern != 4 or not slots):
            fixed = new_id("r")
            # Last node to spend: "not fixed" merges into the shared resolution instead of a new slot.
            onward = new_id("n") if spare >= 2 else end
            step = SynthNode(node_id, "step", f"Step {n}: try this setting", _body(n, paragraphs))
            step.answers = [(FIXED_LABEL, fixed), (NOT_FIXED_LABEL, onward)]
            if n % 3 == 0:
                step.platforms = {
                    k: f"On {v}, open Settings, then tap number {n}." for k, v in PLATFORM_LABELS.items()
                }
            nodes[node_id] = step
            nodes[fixed] = resolution(fixed)
            if onward != end:
                slots.append((onward, depth))
        else:
            nodes[node_id] = resolution(node_id)
    assert len(nodes) == size, (len(nodes), size)
    # The start first, the shared end last: the order a reader meets them.
    ordered = {start: nodes.pop(start), **{k: v for k, v in nodes.items() if k != end}, end: nodes[end]}
    return SynthTree(tree_id, f"Synthetic problem {tree_id}", start, ordered)


def make_trees(total: int, per_tree: int, prefix: str = "synth") -> list[SynthTree]:
    """Trees of about `per_tree` nodes that add up to exactly `total` nodes."""
    count = max(1, round(total / per_tree))
    base, extra = divmod(total, count)
    return [make_tree(f"{prefix}-{i:03d}", base + (1 if i < extra else 0)) for i in range(count)]


# -- YAML --------------------------------------------------------------------------------------------------
def tree_data(tree: SynthTree) -> dict[str, Any]:
    nodes: dict[str, Any] = {}
    for node in tree.nodes.values():
        entry: dict[str, Any]
        if node.kind == "question":
            entry = {"question": node.title}
            if node.body:
                entry["help"] = node.body
            entry["answers"] = [{"answer": label, "next": target} for label, target in node.answers]
            if len(node.answers) >= 3:  # the way out that `check` asks three-answer questions for
                entry["answers"][-1]["fallback"] = True
        elif node.kind == "step":
            entry = {"step": node.title, "body": node.body}
            if node.platforms:
                entry["platforms"] = dict(node.platforms)
            entry["fixed"] = node.answers[0][1]
            entry["not_fixed"] = node.answers[1][1]
        else:
            entry = {"resolution": node.title, "outcome": node.outcome, "causes": node.causes}
            entry["body"] = node.body
        nodes[node.id] = entry
    first_step = next((n.id for n in tree.nodes.values() if n.kind == "step"), tree.start)
    return {
        "title": tree.title,
        "summary": f"A generated tree for benchmarks ({len(tree.nodes)} nodes).",
        "reviewed": "2025-01-01",
        "symptoms": [f"{tree.title} symptom"],
        "start": tree.start,
        "faq": [
            {"question": f"What is {tree.id}?", "answer": "A generated tree.", "link": tree.start},
            {"question": f"Where does {tree.id} start?", "answer": "With a step.", "link": first_step},
        ],
        "nodes": nodes,
    }


def causes_data() -> dict[str, Any]:
    return {"causes": {c: {"title": f"Cause {c}", "explanation": f"Why {c} happens."} for c in CAUSES}}


class _Dumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, the way people write the trees."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100_000)


def write_site_config(folder: Path) -> Path:
    """A mkdocs.yml beside the trees folder `folder`, with SITE_RULES: `check <folder>` reads it."""
    config = folder.parent / "mkdocs.yml"
    site = {"site_name": "Bench", "plugins": [{"decision-trees": {"rules": SITE_RULES}}]}
    config.write_text(yaml.safe_dump(site, sort_keys=False), encoding="utf-8")
    return config


def write_trees(folder: Path, trees: list[SynthTree]) -> int:
    """Write trees/*.yaml and causes.yaml; returns the largest file size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "causes.yaml").write_text(_dump(causes_data()), encoding="utf-8")
    largest = 0
    for tree in trees:
        text = _dump(tree_data(tree))
        (folder / f"{tree.id}.yaml").write_text(text, encoding="utf-8")
        largest = max(largest, len(text.encode()))
    return largest


# -- The same pages, hand-written -------------------------------------------------------------------------
def _src(tree: SynthTree, node_id: str) -> str:
    return urls.node_src(tree.id, node_id, tree.start)


def plain_page(tree: SynthTree, node: SynthNode) -> str:
    """What someone would write by hand for the same node: heading, paragraphs, tabs, answer links."""
    here = _src(tree, node.id)
    lines = [
        "---",
        f"title: {json.dumps(node.title)}",
        f"description: {json.dumps(node.body[:155])}",
        "---",
        "",
        f"# {node.title}",
        "",
    ]
    if node.kind == "resolution":
        lines += ["## What to do now", ""]
    if node.body:
        lines += [node.body, ""]
    for key, text in node.platforms.items():
        lines += [f'=== "{PLATFORM_LABELS[key]}"', "", f"    {text}", ""]
    if node.answers:
        if node.kind == "step":
            lines += ["## Did that fix it?", ""]
        for label, target in node.answers:
            href = posixpath.relpath(_src(tree, target), posixpath.dirname(here))
            lines.append(f"- [{label}]({href})")
        lines.append("")
    if node.kind == "resolution" and node.outcome != "fixed":
        lines += [
            "## Still stuck?",
            "",
            "- Ask TikTok: in the app, go to Profile > Settings > Report a problem.",
            "",
        ]
    return "\n".join(lines)


def write_plain_docs(docs: Path, trees: list[SynthTree]) -> int:
    """docs/index.md plus one hand-written page per node, at the same paths the plugin uses."""
    docs.mkdir(parents=True, exist_ok=True)
    home = ["# Synthetic help", ""] + [f"- [{t.title}]({_src(t, t.start)})" for t in trees]
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")
    count = 0
    for tree in trees:
        for node in tree.nodes.values():
            path = docs / _src(tree, node.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(plain_page(tree, node), encoding="utf-8")
            count += 1
    return count
