"""Command line: check, stats, new, graph. Exit codes: 0 clean, 1 problems found, 2 usage error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import graph
from .model import Kind
from .problems import FORMATS, format_problems, has_errors
from .validate import Project, load_project

DEFAULT_TREES = Path("trees")


def _load(paths: Sequence[str]) -> tuple[Project, list[Path]]:
    targets = [Path(p) for p in paths] or [DEFAULT_TREES]
    # A single file is checked in the company of its folder so links to other trees resolve,
    # but only its own problems are reported.
    context: list[Path] = []
    for target in targets:
        if target.is_file():
            context.append(target.parent)
        else:
            context.append(target)
    project = load_project(list(dict.fromkeys(context)))
    wanted = {str(t.resolve()) for t in targets if t.is_file()}
    if wanted:
        project.problems = [p for p in project.problems if str(Path(p.path).resolve()) in wanted]
    return project, targets


def cmd_check(args: argparse.Namespace) -> int:
    project, _ = _load(args.paths)
    if project.problems:
        print(format_problems(project.problems, args.format))
    if args.format == "gcc":
        errors = sum(p.is_error for p in project.problems)
        warnings = len(project.problems) - errors
        nodes = sum(len(t.nodes) for t in project.trees.values())
        summary = (
            f"checked {len(project.trees)} trees, {nodes} nodes: {errors} error(s), {warnings} warning(s)"
        )
        print(summary, file=sys.stderr)
    return 1 if has_errors(project.problems) else 0


def cmd_stats(args: argparse.Namespace) -> int:
    project, _ = _load(args.paths)
    if has_errors(project.problems):
        print(format_problems(project.problems))
        return 1
    header = ("tree", "nodes", "questions", "steps", "resolutions", "paths", "longest", "max questions")
    rows = []
    for tree in project.trees.values():
        kinds = [n.kind for n in tree.nodes.values()]
        s = graph.path_stats(
            (tree.id, tree.start), project.edges, lambda k: project.node(k).kind is Kind.QUESTION
        )
        rows.append(
            (
                tree.id,
                len(kinds),
                kinds.count(Kind.QUESTION),
                kinds.count(Kind.STEP),
                kinds.count(Kind.RESOLUTION),
                s.paths,
                s.longest,
                s.max_questions,
            )
        )
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                str(v).ljust(w) if i == 0 else str(v).rjust(w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools", description="Check and inspect troubleshooting decision trees."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = sub.add_parser(
        "check", help="validate trees; print problems as path:line:col: level[code]: message"
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="tree files or folders (default: trees/)")
    check.add_argument("--format", choices=FORMATS, default="gcc", help="output format (default: gcc)")
    check.set_defaults(func=cmd_check)
    stats = sub.add_parser(
        "stats", help="per tree: nodes, questions, resolutions, complete paths, longest path"
    )
    stats.add_argument("paths", nargs="*", metavar="PATH")
    stats.set_defaults(func=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code
