"""The `diff` report as Markdown (for a pull request's job summary) or JSON (for tools).

Answer labels are contributor text, so in Markdown they are escaped: a label cannot add a link, an image, HTML
or formatting to the reviewer's summary.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from ..core.model import FIXED_LABEL, NOT_FIXED_LABEL

if TYPE_CHECKING:
    from .changes import Diff, TreeDiff
    from .paths import Answers, Key, PathChanges

FORMATS = ("markdown", "json")
WORKING_TREE = "working tree"  # the head's label when it is not a commit
SHOW = 20  # paths listed per list in Markdown; JSON lists them all (up to diff_paths.LIST_LIMIT)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!@])")  # @: no mention of a GitHub user either
_PLAIN_ID = re.compile(r"^[a-z0-9][a-z0-9/ ()-]*$")
_SEP = "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"  # between the answers of a path
_BUTTONS = {FIXED_LABEL: "*fixed*", NOT_FIXED_LABEL: "*not fixed*"}
_STATUS = {
    "added": "new tree",
    "removed": "tree removed",
    "changed": "changed",
    "unreadable": "could not be read",
}


def render(diff: Diff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(diff), indent=2, ensure_ascii=False) + "\n"
    return to_markdown(diff)


# --- JSON -------------------------------------------------------------------------------------------------


def _end(key: Key, tree: str) -> str:
    """A path's end as the tree would link to it: "node" in the same tree, else "tree/node"."""
    return key[1] if key[0] == tree else f"{key[0]}/{key[1]}"


def _paths_json(paths: PathChanges, tree: str, skipped: str) -> dict[str, Any]:
    groups = sorted(paths.reroutes.items(), key=lambda item: (-item[1], _end(item[0][0], tree)))
    return {
        "skipped": skipped or None,
        "rerouted": {
            "count": paths.rerouted_count,
            "groups": [
                {"old": _end(old, tree), "new": _end(new, tree), "count": n} for (old, new), n in groups
            ],
            "list": [
                {"answers": list(a), "old": _end(old, tree), "new": _end(new, tree)}
                for a, old, new in paths.rerouted
            ],
        },
        "added": {
            "count": paths.added_count,
            "list": [{"answers": list(a), "end": _end(end, tree)} for a, end in paths.added],
        },
        "removed": {
            "count": paths.removed_count,
            "list": [{"answers": list(a), "end": _end(end, tree)} for a, end in paths.removed],
        },
    }


def _tree_json(t: TreeDiff) -> dict[str, Any]:
    return {
        "tree": t.tree,
        "status": t.status,
        "unreadable": t.unreadable,
        "errors": t.errors,
        "header": t.header,
        "nodes": {
            "added": t.nodes_added,
            "removed": t.nodes_removed,
            "changed": [{"node": c.node, "what": c.what} for c in t.nodes_changed],
        },
        "retargeted": [
            {"node": r.node, "answer": r.answer, "old": r.old, "new": r.new} for r in t.retargeted
        ],
        "paths": _paths_json(t.paths, t.tree, t.paths_skipped),
        "unreachable": t.unreachable,
    }


def to_json(diff: Diff) -> dict[str, Any]:
    return {
        "base": diff.base,
        "head": diff.head,
        "trees": [_tree_json(t) for t in diff.trees if t.status != "unchanged"],
        "unchanged": [t.tree for t in diff.trees if t.status == "unchanged"],
    }


# --- Markdown ---------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """Contributor text as literal Markdown: specials escaped, on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _id(value: str) -> str:
    return f"`{value}`" if _PLAIN_ID.match(value) else _text(value)


def _code(value: str) -> str:
    """A revision name as typed, in a code span (which shows it literally) when it can be one."""
    return f"`{value}`" if "`" not in value and value.isprintable() else _text(value)


def _ids(values: list[str]) -> str:
    return ", ".join(_id(v) for v in values)


def _answers(answers: Answers) -> str:
    return f" {_SEP} ".join(_BUTTONS.get(a, _text(a)) for a in answers) or "(the start itself)"


def _more(shown: int, total: int) -> list[str]:
    return [f"- … and {total - shown} more (`--format json` lists them)"] if total > shown else []


def _path_lists(paths: PathChanges, tree: str) -> list[str]:
    lines: list[str] = []
    if paths.reroutes:
        lines += ["", f"**Rerouted paths ({paths.rerouted_count})**: the same answers now end elsewhere", ""]
        groups = sorted(paths.reroutes.items(), key=lambda item: (-item[1], _end(item[0][0], tree)))
        for (old, new), count in groups:
            ends = f"{_id(_end(old, tree))} → {_id(_end(new, tree))}"
            plural = "path" if count == 1 else "paths"
            lines.append(f"- {ends}: {count} {plural}")
            listed = [a for a, o, n in paths.rerouted if (o, n) == (old, new)][:SHOW]
            lines += [f"    - {_answers(a)} : {ends}" for a in listed]
            lines += ["    " + more for more in _more(len(listed), count)]
    for title, items, total in (
        ("Added paths", paths.added, paths.added_count),
        ("Removed paths", paths.removed, paths.removed_count),
    ):
        if total:
            lines += ["", f"**{title} ({total})**", ""]
            lines += [f"- {_answers(a)} : {_id(_end(end, tree))}" for a, end in items[:SHOW]]
            lines += _more(min(len(items), SHOW), total)
    return lines


def _paths_line(t: TreeDiff) -> str:
    if t.paths_skipped:
        return f"- **Paths**: not compared: {t.paths_skipped}"
    p = t.paths
    if p.empty:
        return "- **Paths**: none rerouted, added or removed"
    line = f"- **Paths**: {p.rerouted_count} rerouted, {p.added_count} added, {p.removed_count} removed"
    if not (t.header or t.nodes_added or t.nodes_removed or t.nodes_changed):
        line += ", all through links into other trees"  # this file did not change; a tree it leads to did
    return line


def _tree_markdown(t: TreeDiff) -> list[str]:
    status = _STATUS[t.status]
    lines = ["", f"### {_id(t.tree)}: {status}", ""]
    if t.unreadable:
        return lines + [
            f"- **Could not be read at {side}**: {_text(why)}" for side, why in t.unreadable.items()
        ]
    lines.append(_paths_line(t))
    if t.errors:
        errors = f"{t.errors['base']} at base, {t.errors['head']} at head"
        lines.append(f"- **Check errors** (by today's rules): {errors}")
    if t.header:
        lines.append(f"- **Tree settings changed**: {', '.join(t.header)}")
    for title, ids in (("Nodes added", t.nodes_added), ("Nodes removed", t.nodes_removed)):
        if ids:
            lines.append(f"- **{title}** ({len(ids)}): {_ids(ids)}")
    if t.nodes_changed:
        changed = ", ".join(f"{_id(c.node)} ({', '.join(c.what)})" for c in t.nodes_changed)
        lines.append(f"- **Nodes changed** ({len(t.nodes_changed)}): {changed}")
    if t.retargeted:
        lines.append("- **Answers with a new target**:")
        lines += [
            f"    - {_id(r.node)} {_SEP} {_answers((r.answer,))}: {_id(r.old)} → {_id(r.new)}"
            for r in t.retargeted
        ]
    if t.unreachable:
        lines.append(f"- **Resolutions no path reaches any more**: {_ids(t.unreachable)}")
    return lines + _path_lists(t.paths, t.tree)


def to_markdown(diff: Diff) -> str:
    changed = [t for t in diff.trees if t.status != "unchanged"]
    unchanged = [t.tree for t in diff.trees if t.status == "unchanged"]
    head = "the working tree" if diff.head == WORKING_TREE else _code(diff.head)
    lines = [f"## Journey changes: {_code(diff.base)} → {head}", ""]
    if not changed:
        lines.append("No node or path changed: every journey ends where it did.")
        return "\n".join(lines) + "\n"
    rerouted = sum(t.paths.rerouted_count for t in changed)
    added = sum(t.paths.added_count for t in changed)
    removed = sum(t.paths.removed_count for t in changed)
    lines.append(
        f"{len(changed)} of {len(diff.trees)} trees changed. "
        f"Paths from their starts: {rerouted} rerouted, {added} added, {removed} removed."
    )
    if unchanged:
        lines.append(f"Unchanged: {_ids(unchanged)}.")
    for t in changed:
        lines += _tree_markdown(t)
    return "\n".join(lines) + "\n"
