"""Structure apart from rendering: every page is rendered from a typed view (render/structure.py,
render/site_pages.py), and its templates read nothing but the fields of that view."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import jinja2
import pytest
from jinja2 import meta, nodes

from build_tools.core.page_types import MAP, MOVED, SITE_PAGES, PageType
from build_tools.render import structure
from build_tools.render.pages import environment
from build_tools.render.site_pages import SITE_BUILDERS
from build_tools.render.structure import View

RENDER = Path(structure.__file__).parent
# Names every template may read besides its view's fields: the catalogue of the engine's words, and
# where the generator cuts a node page's frame.
GLOBALS = {"t", "content_slot"}
UNTYPED = re.compile(r"(?:dict|Mapping)\[str, Any\]")


def untyped_contexts(root: Path) -> list[str]:
    return [
        f"{path.name}:{number}"
        for path in sorted(root.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UNTYPED.search(line)
    ]


def test_no_render_module_builds_an_untyped_context() -> None:
    assert untyped_contexts(RENDER) == []


def test_the_scan_finds_an_untyped_context(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x: int = 1\ncontext: dict[str, Any] = {}\n", encoding="utf-8")
    assert untyped_contexts(tmp_path) == ["m.py:2"]


def closure(env: jinja2.Environment, name: str) -> list[nodes.Template]:
    """The template `name` and every template it includes or imports, parsed."""
    seen: dict[str, nodes.Template] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        assert env.loader is not None
        source, _, _ = env.loader.get_source(env, current)
        seen[current] = ast = env.parse(source)
        for node in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport)):
            assert isinstance(node, (nodes.Include, nodes.Import, nodes.FromImport))
            if isinstance(node.template, nodes.Const):
                todo.append(node.template.value)
    return list(seen.values())


def read_names(env: jinja2.Environment, name: str) -> set[str]:
    """The variables the template and its partials read that none of them assigns itself."""
    asts = closure(env, name)
    targets = [t for ast in asts for node in ast.find_all(nodes.With) for t in node.targets]
    targets += [node.target for ast in asts for node in ast.find_all(nodes.Assign)]
    assigned = {t.name for t in targets if isinstance(t, nodes.Name)}
    return set().union(*(meta.find_undeclared_variables(ast) for ast in asts)) - assigned - GLOBALS


def site_view(page_type: PageType) -> type[View]:
    """The view its builder returns (`X | None` when it may build nothing)."""
    returns = typing.get_type_hints(SITE_BUILDERS[page_type.name])["return"]
    view: type[View] = next(t for t in typing.get_args(returns) or [returns] if t is not type(None))
    return view


VIEWS: list[tuple[str, type[View]]] = [
    ("question.md.j2", structure.NodeView),
    ("step.md.j2", structure.NodeView),
    ("resolution.md.j2", structure.ResolutionView),
    *((template, structure.MapView) for template in (MAP.template, MAP.after)),
    *((template, structure.MovedView) for template in (MOVED.template, MOVED.after)),
    *((template, site_view(t)) for t in SITE_PAGES for template in (t.template, t.after) if template),
]


@pytest.mark.parametrize(("template", "view"), VIEWS, ids=[t for t, _ in VIEWS])
def test_a_page_template_reads_only_the_fields_of_its_view(template: str, view: type[View]) -> None:
    fields = set(view.__dataclass_fields__)
    assert read_names(environment(()), template) - fields == set()


def test_a_template_reading_a_name_its_view_lacks_is_found(tmp_path: Path) -> None:
    (tmp_path / "moved.md.j2").write_text("{{ tree.id }} {{ target_href }}\n", encoding="utf-8")
    assert read_names(environment([tmp_path]), "moved.md.j2") - set(
        structure.MovedView.__dataclass_fields__
    ) == {"target_href"}
