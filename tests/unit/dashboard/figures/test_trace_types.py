"""Every Plotly trace type the dashboard's code can draw is in the partial Plotly bundle it
serves (plotly.js draws nothing, silently, for a type it does not know), and the bundle
holds no type the code never draws; the bundle is the plotly.js the plotly package ships.
The types are read from the source: every dict literal or `dict(...)` call with a "type"
key, anywhere under dashboard/, whose value names a Plotly trace type. A "type" written
other than as a literal string would hide a trace type from this check, so it fails too."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.offline import get_plotlyjs_version

from tests.conftest import ROOT
from tests.support.plotly_bundle import banner

TRACE_TYPES = frozenset(go.Figure()._data_validator.class_strs_map)  # all of Plotly's


def type_values(tree: ast.AST) -> Iterator[ast.expr]:
    """The value of every "type" key of a dict literal or `dict(type=...)` call."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            yield from (v for k, v in zip(node.keys, node.values, strict=True)
                        if isinstance(k, ast.Constant) and k.value == "type")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "dict"):
            yield from (kw.value for kw in node.keywords if kw.arg == "type")


def trace_types(source: str, name: str) -> tuple[set[str], list[str]]:
    """The trace types a module's source writes, and where it writes a "type" that is not
    a literal string."""
    found, hidden = set(), []
    for value in type_values(ast.parse(source, name)):
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            if value.value in TRACE_TYPES:
                found.add(value.value)
        else:
            hidden.append(f"{name}:{value.lineno}")
    return found, hidden


def dashboard_trace_types() -> tuple[set[str], list[str]]:
    """The trace types every module under dashboard/ writes, and the non-literal types."""
    found, hidden = set(), []
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        types, where = trace_types(path.read_text(encoding="utf-8"),
                                   str(path.relative_to(ROOT)))
        found |= types
        hidden += where
    return found, hidden


def test_every_trace_type_drawn_is_in_the_bundle_and_no_other() -> None:
    found, hidden = dashboard_trace_types()
    assert hidden == [], "a trace type must be written as a literal string"
    _, bundled = banner()
    assert found - bundled == set(), "add these to TRACES in scripts/plotly_bundle.sh"
    assert bundled - found == set(), "the bundle carries types no figure draws"


def test_the_bundle_is_the_plotly_js_of_the_plotly_package() -> None:
    assert banner()[0] == get_plotlyjs_version()


def test_the_collector_finds_trace_types_and_hidden_ones() -> None:
    source = """
fig = {"data": [{"type": "pie", "values": [1]}, dict(type="treemap")],
       "layout": {"xaxis": {"type": "category"}, "shapes": [{"type": "line"}]}}
kind = "bar"
other = {"data": [{"type": kind}, dict(type=kind)]}
"""
    assert trace_types(source, "m.py") == ({"pie", "treemap"}, ["m.py:5", "m.py:5"])


def test_a_bundle_without_a_banner_is_refused(tmp_path: Path) -> None:
    bundle = tmp_path / "plotly.min.js"
    bundle.write_text("var Plotly={};\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"plotly\.min\.js: no partial bundle banner"):
        banner(bundle)
