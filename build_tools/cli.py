"""Command line: check, stats, new, graph, diff, render, join, codes.

Exit codes: 0 clean, 1 problems found, 2 usage error, 3 the tool itself failed (one line, no traceback)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .check.cache import cache_dir
from .check.validate import Project, check_site, load_project, load_site
from .core import graph
from .core.localize import coverage
from .core.model import Kind
from .core.problems import FORMATS, Problem, format_problems, has_errors
from .core.translations import Translations, is_language
from .diff.render import FORMATS as DIFF_FORMATS

DEFAULT_TREES = Path("trees")


def _folders(paths: Sequence[str]) -> tuple[list[Path], set[str]]:
    """The folders to load for `paths`, and the files among them whose problems alone are reported."""
    targets = [Path(p) for p in paths] or [DEFAULT_TREES]
    # A single file is checked in the company of its folder so links to other trees resolve,
    # but only its own problems are reported.
    context: list[Path] = []
    for target in targets:
        if target.is_file() and is_language(target.parent.name):
            context.append(target.parent.parent)  # a translation is checked with its English trees
        elif target.is_file():
            context.append(target.parent)
            if target.suffix not in (".yaml", ".yml"):
                context.append(target)  # its folder's listing skips it, but it was named: check it
        elif target.is_dir() and not target.is_symlink() and is_language(target.name):
            context.append(target.parent)  # a language folder: with its English trees, its problems only
        else:
            context.append(target)
    wanted = {str(t.resolve()) for t in targets if t.is_file()}
    wanted |= {
        str(t.resolve()) + os.sep
        for t in targets
        if t.is_dir() and not t.is_symlink() and is_language(t.name)
    }
    return list(dict.fromkeys(context)), wanted


def _only(problems: list[Problem], wanted: set[str]) -> list[Problem]:
    """The problems of the files named (a name ending in the separator: of every file in that folder)."""
    if not wanted:
        return problems
    folders = tuple(w for w in wanted if w.endswith(os.sep))
    return [
        p for p in problems if (where := str(Path(p.path).resolve())) in wanted or where.startswith(folders)
    ]


def _load(
    paths: Sequence[str], config: str | None = None, journeys: str | None = None, use_cache: bool = True
) -> Project:
    folders, wanted = _folders(paths)
    project = load_site(
        folders,
        config=Path(config) if config else None,
        journeys=Path(journeys) if journeys else None,
        cache=cache_dir(folders[0]) if use_cache else None,
    )
    project.problems = _only(project.problems, wanted)
    return project


def cmd_check(args: argparse.Namespace) -> int:
    folders, wanted = _folders(args.paths)
    found = check_site(
        folders,
        config=Path(args.config) if args.config else None,
        journeys=Path(args.journeys) if args.journeys else None,
        cache=None if args.no_cache else cache_dir(folders[0]),
    )
    problems = _only(found.problems, wanted)
    if problems or args.format == "json":  # JSON readers need a document even when clean
        print(format_problems(problems, args.format))
    if args.format == "gcc":
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors
        summary = (
            f"checked {found.trees} trees, {found.nodes} nodes: {errors} error(s), {warnings} warning(s)"
        )
        print(summary, file=sys.stderr)
    return 1 if has_errors(problems) else 0


def cmd_stats(args: argparse.Namespace) -> int:
    project = _load(args.paths, args.config, args.journeys, not args.no_cache)
    if has_errors(project.problems):
        print(format_problems(project.problems))
        return 1
    header = ("tree", "nodes", "questions", "steps", "resolutions", "paths", "clicks", "max questions")
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
                s.longest - 1,  # clicks on the longest path: one per node left behind
                s.max_questions,
            )
        )
    _print_table(header, rows)
    for lang, translations in sorted(project.translations.items()):
        _print_coverage(project, lang, translations)
    _print_silenced(project)
    return 0


def _print_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> None:
    """Rows under their header, in columns: the first left-aligned, the numbers after it right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                str(v).ljust(w) if i == 0 else str(v).rjust(w)
                for i, (v, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )


def _print_coverage(project: Project, lang: str, translations: Translations) -> None:
    """One language's coverage: per tree, the fields translated, stale, unstamped and missing."""
    header = ("file", "fields", "translated", "stale", "unstamped", "missing", "reviewed")
    rows: list[tuple[str, int, int, int, int, int, str]] = [
        (
            c.file,
            c.fields,
            c.current,
            c.stale,
            c.unstamped,
            c.missing,
            ("yes" if c.reviewed else "no") if c.exists else "-",
        )
        for c in coverage(project, translations)
    ]
    total = [sum(int(r[i]) for r in rows) for i in range(1, 6)]
    reviewed = f"{sum(r[6] == 'yes' for r in rows)} of {len(rows)}"
    rows.append(("total", total[0], total[1], total[2], total[3], total[4], reviewed))
    share = f"{100 * total[1] / total[0]:.0f}%" if total[0] else "-"
    print(f"\nlanguage {lang} ({translations.folder}/): {share} of fields translated and current")
    _print_table(header, rows)


def _print_silenced(project: Project) -> None:
    """What this site changed about the rules, and every ignore comment: a reviewer should see both."""
    settings, silenced = project.settings, project.silenced
    if settings.levels:
        print(f"\nrule levels set in {settings.config_path}:")
        for code, level in sorted(settings.levels.items()):
            hidden = sum(p.code == code for p in silenced.off)
            print(
                f"  {code}: {level.value if level else 'off'}"
                + (f" ({hidden} not reported)" if hidden else "")
            )
    if silenced.ignores:
        print("\nignore comments:")
        for ignore in silenced.ignores:
            hidden = sum(i is ignore for i, _ in silenced.ignored)
            print(f"  {ignore.path}:{ignore.line}: ignore[{', '.join(ignore.codes)}] ({hidden} not reported)")
    if settings.journeys is not None:
        print(f"\njourneys: {settings.journeys}")


def cmd_new(args: argparse.Namespace) -> int:
    # Imported here, as for every command but `check`: a warm `check` is mostly start-up.
    from . import scaffold
    from .render import urls

    try:
        journeys = Path(args.journeys) if args.journeys else None
        path = scaffold.new_tree(args.tree_id, Path(args.dir), journeys_dir=journeys)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    print(f"wrote {scaffold.journeys_path(args.tree_id, Path(args.dir), journeys)}: its first journeys")
    print("next: edit both, run `make check`, then `make serve` and open")
    print(f"      http://127.0.0.1:8000/{urls.tree_url(args.tree_id)}")
    return 0


def cmd_graph(args: argparse.Namespace) -> int:
    project = load_project([Path(args.dir)])
    if args.tree_id not in project.trees:
        if args.tree_id in project.broken_trees:
            broken = [p for p in project.problems if Path(p.path).stem == args.tree_id]
            print(format_problems(broken), file=sys.stderr)
            print(f"error: tree {args.tree_id!r} has errors; fix them first", file=sys.stderr)
            return 1
        known = ", ".join(sorted(project.trees)) or "none"
        print(f"error: no tree {args.tree_id!r} in {args.dir} (trees: {known})", file=sys.stderr)
        return 2
    from .render.mermaid import tree_to_mermaid

    chart = tree_to_mermaid(project, args.tree_id)
    print(f"```mermaid\n{chart}```" if args.markdown else chart, end="")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import journeys as diff  # imported here: git and path comparison are not needed by `check`

    return diff.run(args.base, args.head, Path(args.dir), args.format)


def cmd_render(args: argparse.Namespace) -> int:
    from .export import (
        markdown as export,  # imported here: it loads MkDocs' config classes, which `check` does not need
    )

    result, problems = export.render(Path(args.config), Path(args.out_dir))
    if result is None:
        print(format_problems(problems))
        return 1
    print(f"wrote {result.pages} generated pages and the site's own docs to {result.out_dir}")
    print(f"build it with: zensical build -f {result.config}  (or: mkdocs build -f {result.config})")
    return 0


def cmd_translate(args: argparse.Namespace) -> int:
    from . import translate  # imported here: `check` never edits files

    trees = Path(args.dir)
    result = translate.stamp(trees, args.lang, display=f"{args.dir.rstrip('/')}/{args.lang}")
    for path, count in result.files.items():
        print(f"{path}: stamped {count} field(s)")
    if result.problems:
        print(format_problems(result.problems))
        print(
            "fix these, then stamp again (`python -m build_tools check` shows every problem)", file=sys.stderr
        )
        return 1
    if not result.files:
        print(f"every translated field in {args.dir.rstrip('/')}/{args.lang}/ already has its `from` hash")
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    from .export import markdown as export

    out_dir, site_dir = Path(args.out_dir), Path(args.site_dir)
    if not (out_dir / export.MARKER).is_file() or not (out_dir / "site").is_dir():
        print(f"{out_dir}: not an export built with its sites (run `render`, then build it)", file=sys.stderr)
        return 2
    joined = export.join(out_dir, site_dir)
    print(f"joined {', '.join(['the main site', *joined])} into {site_dir}")
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    from .rules.docs import render_codes_page

    page = render_codes_page()
    if args.write:
        Path(args.write).write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


def site_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="the site's mkdocs.yml, for its `rules:` levels and `journeys_dir` "
        "(default: the mkdocs.yml beside the trees folder, if any)",
    )
    parser.add_argument(
        "--journeys",
        metavar="DIR",
        help="folder of <tree-id>.yaml journeys (default: the site's journeys_dir, else tests/journeys "
        "beside the trees folder, if any)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh and leave .cache/check/ (beside the trees folder) alone",
    )


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
    site_options(check)
    check.set_defaults(func=cmd_check)
    stats = sub.add_parser(
        "stats", help="per tree: nodes, questions, resolutions, complete paths, longest path"
    )
    stats.add_argument("paths", nargs="*", metavar="PATH")
    site_options(stats)
    stats.set_defaults(func=cmd_stats)
    new = sub.add_parser("new", help="start trees/<tree-id>.yaml from a small valid example")
    new.add_argument("tree_id", metavar="TREE_ID", help="lowercase letters, digits and hyphens")
    new.add_argument("--dir", default=str(DEFAULT_TREES), help="folder of the trees (default: trees)")
    new.add_argument(
        "--journeys", metavar="DIR", help="folder of the journeys (default: tests/journeys beside the trees)"
    )
    new.set_defaults(func=cmd_new)
    graph_cmd = sub.add_parser("graph", help="print a tree as a Mermaid flowchart, e.g. for a pull request")
    graph_cmd.add_argument("tree_id", metavar="TREE_ID")
    graph_cmd.add_argument("--dir", default=str(DEFAULT_TREES), help="folder of the trees (default: trees)")
    graph_cmd.add_argument(
        "--markdown", action="store_true", help="wrap it in a ```mermaid block, ready to paste on GitHub"
    )
    graph_cmd.set_defaults(func=cmd_graph)
    diff_cmd = sub.add_parser(
        "diff", help="which journeys a change adds, removes or reroutes, between two git revisions"
    )
    diff_cmd.add_argument("base", metavar="BASE", help="git revision to compare from, e.g. origin/main")
    diff_cmd.add_argument("head", metavar="HEAD", nargs="?", help="git revision (default: the working tree)")
    diff_cmd.add_argument("--dir", default=str(DEFAULT_TREES), help="folder of the trees (default: trees)")
    diff_cmd.add_argument("--format", choices=DIFF_FORMATS, default="markdown", help="default: markdown")
    diff_cmd.set_defaults(func=cmd_diff)
    render = sub.add_parser(
        "render", help="write the site as plain Markdown + mkdocs.yml for builders without this plugin"
    )
    render.add_argument(
        "out_dir",
        metavar="OUT_DIR",
        help="folder to (re)write with mkdocs.yml and docs/; sites build in OUT_DIR/site",
    )
    render.add_argument("--config", default="mkdocs.yml", help="the site's config (default: mkdocs.yml)")
    render.set_defaults(func=cmd_render)
    translate = sub.add_parser("translate", help="work on translations (trees/<lang>/)")
    translate_sub = translate.add_subparsers(dest="action", required=True, metavar="ACTION")
    stamp = translate_sub.add_parser(
        "stamp",
        help="write the English text's hash as `from` beside every translated field that has none "
        "(never changes an existing one)",
    )
    stamp.add_argument("lang", metavar="LANG", help="the language folder, e.g. es for trees/es/")
    stamp.add_argument("--dir", default=str(DEFAULT_TREES), help="folder of the trees (default: trees)")
    stamp.set_defaults(func=cmd_translate)
    join = sub.add_parser(
        "join", help="put an export's built sites together: OUT_DIR/site, and each language's below it"
    )
    join.add_argument("out_dir", metavar="OUT_DIR", help="the folder `render` wrote, its sites built")
    join.add_argument("site_dir", metavar="SITE_DIR", help="where the whole site goes (replaced)")
    join.set_defaults(func=cmd_join)
    codes = sub.add_parser("codes", help="print the error-codes page, generated from the rule registry")
    codes.add_argument("--write", metavar="PATH", help="write it to PATH instead of printing it")
    codes.set_defaults(func=cmd_codes)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # A short-lived command that builds no reference cycles: the collector would only rescan the loaded
    # trees. (Not done inside load_project, which also runs in long `mkdocs serve` sessions.)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        code: int = args.func(args)
    except BrokenPipeError:  # e.g. `check | head`: the reader left, nothing to report
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in this tool must still not greet a contributor with a traceback
        print(
            f"internal error: {type(exc).__name__}: {exc}; please report it with the file that caused it",
            file=sys.stderr,
        )
        return 3
    finally:
        if gc_was_enabled:
            gc.enable()
    return code
