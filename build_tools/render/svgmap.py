"""A tree map drawn at build time as SVG: no diagram script to download, nothing to run in the browser.

Layout is layered: a node's row is its longest distance from the start, so every arrow points down.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.graph import postorder
from ..text.trusted import text as escape

BOX_W, BOX_H, GAP_X, GAP_Y, CHARS = 176, 58, 20, 46, 24


@dataclass(frozen=True)
class MapNode:
    key: str
    label: str
    kind: str  # question | step | resolution | external
    href: str


def _wrap(text: str, width: int = CHARS, lines: int = 3) -> list[str]:
    out: list[str] = []
    line = ""
    for word in text.split():
        if len(line) + len(word) + 1 > width and line:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def layers(start: str, edges: dict[str, list[str]]) -> list[list[str]]:
    """Nodes by row: longest path from start (edges must be acyclic, as the validator guarantees)."""
    order = postorder(start, {node: [(t, None) for t in out] for node, out in edges.items()})
    depth = {start: 0}
    for node in reversed(order):
        for target in edges.get(node, []):
            depth[target] = max(depth.get(target, 0), depth.get(node, 0) + 1)
    rows: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for node in reversed(order):
        rows[depth[node]].append(node)
    return rows


def natural_width(start: str, edges: dict[str, list[str]]) -> int:
    """Width in CSS pixels of the drawn map: it is shown at this size (text at 12 px), scrolling if wider."""
    return _width(layers(start, edges))


def _width(rows: list[list[str]]) -> int:
    return max(len(r) for r in rows) * (BOX_W + GAP_X) + GAP_X


def render_svg(title: str, start: str, nodes: dict[str, MapNode], edges: dict[str, list[str]]) -> str:
    rows = layers(start, edges)
    width = _width(rows)
    height = len(rows) * (BOX_H + GAP_Y) + GAP_Y
    pos: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        offset = (width - len(row) * (BOX_W + GAP_X) + GAP_X) / 2
        for c, key in enumerate(row):
            pos[key] = (offset + c * (BOX_W + GAP_X), GAP_Y / 2 + r * (BOX_H + GAP_Y))
    parts = [
        f'<svg class="dt-map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" aria-hidden="true" focusable="false">',
        '<defs><marker id="dt-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker></defs>',
    ]
    for source, targets in edges.items():
        if source not in pos:
            continue
        x1, y1 = pos[source]
        for target in targets:
            x2, y2 = pos[target]
            parts.append(
                f'<line class="dt-map-edge" x1="{x1 + BOX_W / 2:.0f}" y1="{y1 + BOX_H:.0f}" '
                f'x2="{x2 + BOX_W / 2:.0f}" y2="{y2:.0f}" marker-end="url(#dt-arrow)"/>'
            )
    for key, (x, y) in pos.items():
        node = nodes[key]
        lines = _wrap(node.label)
        first = y + BOX_H / 2 - (len(lines) - 1) * 7.5 + 4
        text = "".join(
            f'<tspan x="{x + BOX_W / 2:.0f}" y="{first + i * 15:.0f}">{escape(t)}</tspan>'
            for i, t in enumerate(lines)
        )
        rx = 22 if node.kind in ("resolution", "external") else 4
        parts.append(
            f'<a href="{escape(node.href)}" tabindex="-1" class="dt-map-{node.kind}">'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="{rx}"/>'
            f'<text text-anchor="middle">{text}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
