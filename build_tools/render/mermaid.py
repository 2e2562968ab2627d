"""A tree as a Mermaid flowchart: for pull request descriptions (`python -m build_tools graph`) and map pages.

Shapes: a question is a decision (rhombus), a step a rectangle, a resolution a stadium, a node of another
tree a subroutine box, and a link that goes nowhere a red box. Edge labels are the button texts.
"""

from __future__ import annotations

import re

from ..core.model import Kind, Link, Node
from ..core.project import Key, Project

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_]")
# Mermaid reads "#name;" and "#123;" as entity codes; the characters below would end a label or turn into
# markup, so they are written as codes too. "#" goes first so the codes added after it stay intact.
_ESCAPES = (
    ("#", "#35;"),
    ('"', "#quot;"),
    ("<", "#lt;"),
    (">", "#gt;"),
    ("|", "#124;"),
    ("`", "#96;"),
    # Mermaid looks for `%%{init: ...}%%` directives anywhere in the text, inside labels too: a title could
    # reconfigure the chart (securityLevel: loose lets labels run HTML) where a reviewer renders it.
    ("%", "#37;"),
    ("{", "#123;"),
    ("}", "#125;"),
)

_SHAPES = {
    Kind.QUESTION: ('{"', '"}'),
    Kind.STEP: ('["', '"]'),
    Kind.RESOLUTION: ('(["', '"])'),
}
_CLASSES = {
    "question": "fill:#fff3cd,stroke:#b58a00",
    "step": "fill:#e7f1ff,stroke:#2f6fb5",
    "resolution": "fill:#e6f4ea,stroke:#2e7d32",
    "otherTree": "fill:#f3e8fd,stroke:#7b3fb5,stroke-dasharray:4",
    "missing": "fill:#fde7e9,stroke:#c62828,stroke-dasharray:4",
}


def escape_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label: one line, quotes as #quot; and markup characters as codes."""
    text = " ".join(text.split())
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text


def node_id(tree_id: str, node: str, here: str) -> str:
    """A Mermaid-safe id: node ids of this tree get n_, others x_<tree>__<node>; hyphens become _.

    Slugs never hold "_", so the mapping is one-to-one, and the prefix keeps words Mermaid reserves (end,
    graph, o and x after an arrow) from ever being an id.
    """
    if tree_id == here:
        return "n_" + _UNSAFE_ID.sub("_", node)
    return "x_" + _UNSAFE_ID.sub("_", tree_id) + "__" + _UNSAFE_ID.sub("_", node)


def _shape(node: Node, label: str) -> str:
    left, right = _SHAPES[node.kind]
    return f"{left}{escape_label(label)}{right}"


def tree_to_mermaid(project: Project, tree_id: str) -> str:
    """The tree `tree_id` of a loaded project as Mermaid `flowchart TD` source (no code fence)."""
    tree = project.trees[tree_id]
    lines = ["flowchart TD"]
    classes: dict[str, list[str]] = {name: [] for name in _CLASSES}
    for node in tree.nodes.values():
        mid = node_id(tree_id, node.id, tree_id)
        label = node.title if node.id != tree.start else f"Start: {node.title}"
        lines.append(f"    {mid}{_shape(node, label)}")
        classes[node.kind.value].append(mid)
    outside: dict[Key, str] = {}
    missing: dict[str, str] = {}
    edges: list[str] = []
    for node in tree.nodes.values():
        resolved: dict[Link, Key] = {link: key for key, link in project.edges.get(node.key, [])}
        for link in node.links:
            key = resolved.get(link)
            if key is None:
                target = missing.setdefault(link.target, f"missing_{len(missing) + 1}")
            elif key[0] == tree_id:
                target = node_id(tree_id, key[1], tree_id)
            else:
                target = node_id(key[0], key[1], tree_id)
                outside.setdefault(key, target)
            source = node_id(tree_id, node.id, tree_id)
            edges.append(f'    {source} -->|"{escape_label(link.label)}"| {target}')
    for (other_tree, other_node), mid in outside.items():
        other = project.trees[other_tree]
        where = (
            other.title if other_node == other.start else f"{other.title}: {other.nodes[other_node].title}"
        )
        lines.append(f'    {mid}[["{escape_label("Other tree: " + where)}"]]')
        classes["otherTree"].append(mid)
    for target, mid in missing.items():
        lines.append(f'    {mid}["{escape_label("Missing: " + target)}"]')
        classes["missing"].append(mid)
    lines += edges
    for name, style in _CLASSES.items():
        if classes[name]:
            lines.append(f"    classDef {name} {style}")
            lines.append(f"    class {','.join(classes[name])} {name}")
    return "\n".join(lines) + "\n"
