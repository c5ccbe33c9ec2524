"""The import graph keeps the rooms' rules: state/, compute/ and figures/ never reach Dash or
Flask (directly or through what they import); nothing imports a page module or the CLI; no
module imports itself through others. Imports are read with `ast`, function-level ones
included (they run too), so the test sees what a reviewer would."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("dashboard", "etl")
PURE_ROOMS = ("dashboard.state", "dashboard.compute", "dashboard.figures")
WEB = ("dash", "dash_bootstrap_components", "dash_ag_grid", "flask", "flask_caching",
       "flask_compress", "werkzeug")
PAGES = "dashboard.pages"
CLI = "etl.cli"
Graph = Mapping[str, set[str]]


def module_name(root: Path, path: Path) -> str:
    """`dashboard/compute/metrics.py` -> `dashboard.compute.metrics` (a package's __init__:
    the package)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path, packages: Iterable[str] = PACKAGES) -> dict[str, Path]:
    """Every module of the packages under root, by dotted name."""
    return {module_name(root, p): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}


def imported(path: Path, name: str, known: Iterable[str]) -> set[str]:
    """What a module imports anywhere in it (absolute names; `from a import b` counts `a`,
    and `a.b` where that is a module)."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                kept = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*kept, *([node.module] if node.module else [])])
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known}
    return out


def graph(found: Mapping[str, Path]) -> dict[str, set[str]]:
    """Each module's imports (of every kind)."""
    return {name: imported(path, name, found) for name, path in found.items()}


def reached(edges: Graph, start: str) -> set[str]:
    """The modules `start` imports, directly or through the modules it imports."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), set()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def cycles(edges: Graph) -> list[list[str]]:
    """Groups of our modules that import each other in a circle (Tarjan's components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in (w for w in edges[v] if w in edges):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in edges[v]:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def top(name: str) -> str:
    return name.split(".")[0]


def web_reached(edges: Graph, rooms: Iterable[str] = PURE_ROOMS) -> dict[str, set[str]]:
    """The web libraries each module of the pure rooms reaches."""
    out = {}
    for name in edges:
        if any(name == r or name.startswith(r + ".") for r in rooms):
            web = {top(m) for m in reached(edges, name) if top(m) in WEB}
            if web:
                out[name] = web
    return out


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    return graph(modules(ROOT))


def test_state_compute_and_figures_never_reach_dash_or_flask(edges: Graph) -> None:
    assert web_reached(edges) == {}


def test_nothing_imports_a_page_module(edges: Graph) -> None:
    importers = {name: sorted(m for m in deps if m.startswith(PAGES + "."))
                 for name, deps in edges.items() if not name.startswith(PAGES)}
    assert {k: v for k, v in importers.items() if v} == {}


def test_nothing_imports_the_cli(edges: Graph) -> None:
    assert sorted(name for name, deps in edges.items() if CLI in deps) == []


def test_no_import_circles(edges: Graph) -> None:
    assert cycles(edges) == []


def test_the_checks_see_circles_web_imports_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "dashboard"
    for room in ("compute", "components"):
        (pkg / room).mkdir(parents=True)
        (pkg / room / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "compute" / "a.py").write_text("def f():\n    from . import b\n", encoding="utf-8")
    (pkg / "compute" / "b.py").write_text("from dashboard.components import ui\n",
                                          encoding="utf-8")
    (pkg / "components" / "ui.py").write_text(
        "import dash\nfrom dashboard.compute import a\n", encoding="utf-8")
    found = graph(modules(tmp_path, ["dashboard"]))
    assert "dashboard.compute.b" in found["dashboard.compute.a"]
    assert web_reached(found) == {"dashboard.compute.a": {"dash"},
                                  "dashboard.compute.b": {"dash"}}
    assert cycles(found) == [["dashboard.components.ui", "dashboard.compute.a",
                              "dashboard.compute.b"]]
