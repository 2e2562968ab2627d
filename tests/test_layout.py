"""The engine's folders read as its pipeline: imports only run down the stages, and no module imports itself
back through others. Imports inside functions and under TYPE_CHECKING count too: a circle of type-only
imports is still a circle a reader has to untangle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parent.parent / "build_tools"
# Lowest first. A module may import its own package and any package of a lower rank. The ways out share a
# rank and may not import each other: what they share belongs in render/.
STAGES: list[tuple[str, ...]] = [
    ("core",),
    ("text",),
    ("rules",),
    ("check",),
    ("render",),
    ("mkdocs", "export", "diff"),
    ("",),  # build_tools/*.py: the command line
]
RANK = {package: rank for rank, group in enumerate(STAGES) for package in group}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ENGINE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ENGINE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The engine modules `name` imports, anywhere in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("build_tools")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif (node.module or "").startswith("build_tools"):
                target = node.module or ""
            else:
                continue
            # `from . import x` imports the module x when there is one.
            subs = {f"{target}.{a.name}" for a in node.names} & known.keys()
            found |= subs or {target}
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (ENGINE / parts[1]).is_dir()) else ""


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for source, targets in edges.items():
        for target in targets:
            here, there = stage(source), stage(target)
            if here != there and (RANK[there] >= RANK[here]):
                wrong.append(f"{source} imports {target} ({there or 'top'} is not below {here or 'top'})")
    return sorted(wrong)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_engine_folder_is_a_known_stage() -> None:
    folders = {p.name for p in ENGINE.iterdir() if (p / "__init__.py").exists()}
    assert folders == set(RANK) - {""}


def test_imports_run_down_the_stages_only() -> None:
    assert upward_imports(graph()) == []


def test_no_module_imports_itself_through_others() -> None:
    assert circles(graph()) == []


@pytest.mark.parametrize(
    ("edges", "wrong"),
    [
        ({"build_tools.core.model": {"build_tools.render.urls"}, "build_tools.render.urls": set()}, 1),
        (
            {
                "build_tools.mkdocs.plugin": {"build_tools.export.markdown"},
                "build_tools.export.markdown": set(),
            },
            1,
        ),
        ({"build_tools.cli": {"build_tools.diff.journeys"}, "build_tools.diff.journeys": set()}, 0),
    ],
)
def test_the_direction_check_sees_an_upward_or_sideways_import(
    edges: dict[str, set[str]], wrong: int
) -> None:
    assert len(upward_imports(edges)) == wrong


def test_the_circle_check_sees_a_type_only_circle(tmp_path: Path) -> None:
    known = {"build_tools.diff.a": tmp_path / "a.py", "build_tools.diff.b": tmp_path / "b.py"}
    known["build_tools.diff.a"].write_text("from .b import x\n", encoding="utf-8")
    known["build_tools.diff.b"].write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import y\n", encoding="utf-8"
    )
    edges = {name: imports_of(name, path, known) for name, path in known.items()}
    assert circles(edges) == [["build_tools.diff.a", "build_tools.diff.b"]]
