"""The load test's stand-in for Dash's renderer: request bodies as the browser sends them,
layouts walked, answers applied, callbacks chained once per round."""

from __future__ import annotations

import random
from typing import Any

from tests.support.dashclient import (
    NO_CHOICE,
    Renderer,
    choose_value,
    option_values,
    parse_dependencies,
    request_body,
    split_output,
    walk,
)


def comp(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, "namespace": "x", "props": props}


DEPS = [
    {"output": "out.children", "inputs": [{"id": "pick", "property": "value"}], "state": []},
    {"output": "..mid.data...note.children..",
     "inputs": [{"id": "pick", "property": "value"}],
     "state": [{"id": "store", "property": "data"}]},
    {"output": "late.children", "inputs": [{"id": "mid", "property": "data"}], "state": []},
    {"output": "c.children", "inputs": [{"id": "pick", "property": "value"}], "state": [],
     "clientside_function": {"namespace": "n", "function_name": "f"}},
    {"output": '{"type":"x","index":["ALL"]}.children',
     "inputs": [{"id": '{"type":"y"}', "property": "value"}], "state": []},
]


def test_split_output_single_multi_and_duplicates() -> None:
    assert split_output("a.children") == (("a", "children"),)
    assert split_output("..a.children...b.figure@abc..") == (("a", "children"),
                                                              ("b", "figure"))


def test_parse_dependencies_skips_clientside_and_pattern_matching() -> None:
    kept, skipped = parse_dependencies(DEPS)
    assert [d.output for d in kept] == ["out.children", "..mid.data...note.children..",
                                        "late.children"]
    assert len(skipped) == 2


def test_request_body_has_the_browsers_shape() -> None:
    kept, _ = parse_dependencies(DEPS)
    single = request_body(kept[0], {("pick", "value"): "A"}, ["pick.value"])
    assert single == {
        "output": "out.children", "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "pick", "property": "value", "value": "A"}],
        "changedPropIds": ["pick.value"], "parsedChangedPropsIds": ["pick.value"]}
    multi = request_body(kept[1], {("store", "data"): {"k": 1}}, [])
    assert multi["outputs"] == [{"id": "mid", "property": "data"},
                                {"id": "note", "property": "children"}]
    assert multi["state"] == [{"id": "store", "property": "data", "value": {"k": 1}}]


def test_walk_finds_nested_ids_with_parents() -> None:
    tree = comp("Div", id="root", children=[comp("P", children=comp("Span", id="leaf"))])
    assert [(cid, parent) for cid, parent, _ in walk(tree)] == [("root", None),
                                                                 ("leaf", "root")]


def test_renderer_chains_each_callback_once_and_applies_answers() -> None:
    kept, _ = parse_dependencies(DEPS)
    sent: list[str] = []

    def post(body: dict[str, Any]) -> Any:
        sent.append(body["output"])
        if body["output"] == "..mid.data...note.children..":
            return {"response": {"mid": {"data": body["inputs"][0]["value"]},
                                 "note": {"children": comp("B", id="new")}}}
        return {"response": {}}

    layout = comp("Div", children=[
        comp("Dropdown", id="pick", options=["A", "B"], value="A"),
        comp("Div", id="out"), comp("Store", id="mid"), comp("Div", id="note"),
        comp("Div", id="late"), comp("Store", id="store")])
    renderer = Renderer(kept, post)
    renderer.load(layout, "/")
    assert sorted(sent) == sorted(["out.children", "..mid.data...note.children..",
                                   "late.children"])
    assert renderer.page.present(("new", "x"))
    sent.clear()
    renderer.change(("pick", "value"), "B")
    assert sent.count("late.children") == 1
    assert renderer.page.values[("mid", "data")] == "B"
    assert renderer.controls() == [("pick", "value")]


def test_choose_value_for_controls() -> None:
    rng = random.Random(1)
    assert option_values([{"label": "a", "value": 1}, "b", {"value": 3, "disabled": True}]
                         ) == [1, "b"]
    assert choose_value(("Dropdown", {"options": ["x"]}), "value", rng) == "x"
    low, high = choose_value(("RangeSlider", {"min": 1950, "max": 2025}), "value", rng)
    assert 1950 <= low <= high <= 2025
    assert choose_value(("Button", {}), "n_clicks", rng, 2) == 3
    assert choose_value(("Div", {}), "children", rng) is NO_CHOICE
