"""A small stand-in for Dash's browser renderer, speaking Dash's HTTP protocol.

It reads the app's layout (`/_dash-layout`) and callback map (`/_dash-dependencies`),
keeps the value of every component property, fires the callbacks a page load fires, and
when a control changes, fires the callbacks that take it as input, applies their outputs
and follows the chain, as the renderer does. Used by the load test and the fuzz tests.
Clientside callbacks and pattern-matching ids are not simulated (listed as skipped).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

PropKey = tuple[str, str]
Post = Callable[[dict[str, Any]], Any]

MAX_CHAIN = 8
LOCATION_PROPS = ("pathname", "search", "hash", "href")


@dataclass(frozen=True)
class Dependency:
    """One server-side callback: its output string and its inputs and states."""

    output: str
    outputs: tuple[PropKey, ...]
    inputs: tuple[PropKey, ...]
    state: tuple[PropKey, ...]
    prevent_initial_call: bool


def split_output(output: str) -> tuple[PropKey, ...]:
    """'..a.children...b.figure..' or 'a.children' as ((a, children), (b, figure))."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    out = []
    for part in parts:
        cid, _, prop = part.rpartition(".")
        out.append((cid, prop.split("@")[0]))
    return tuple(out)


def parse_dependencies(deps: list[dict[str, Any]]) -> tuple[list[Dependency], list[str]]:
    """Server callbacks with plain string ids, and the outputs of those skipped."""
    kept: list[Dependency] = []
    skipped: list[str] = []
    for dep in deps:
        ids = [d["id"] for d in dep.get("inputs", []) + dep.get("state", [])]
        if dep.get("clientside_function") or any(i.startswith("{") for i in ids) or (
                dep["output"].lstrip(".").startswith("{")):
            skipped.append(dep["output"])
            continue
        kept.append(Dependency(
            output=dep["output"],
            outputs=split_output(dep["output"]),
            inputs=tuple((d["id"], d["property"]) for d in dep.get("inputs", [])),
            state=tuple((d["id"], d["property"]) for d in dep.get("state", [])),
            prevent_initial_call=bool(dep.get("prevent_initial_call")),
        ))
    return kept, skipped


def walk(node: Any, parent: str | None = None) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """(id, nearest parent id, component) for every component with a string id in a tree."""
    if isinstance(node, list):
        for child in node:
            yield from walk(child, parent)
        return
    if not (isinstance(node, dict) and "props" in node and "type" in node):
        return
    props = node["props"] or {}
    cid = props.get("id")
    here = cid if isinstance(cid, str) else parent
    if isinstance(cid, str):
        yield cid, parent, node
    for value in props.values():
        if isinstance(value, dict | list):
            yield from walk(value, here)


def request_body(dep: Dependency, values: Mapping[PropKey, Any],
                 changed: list[str]) -> dict[str, Any]:
    """The JSON body the renderer posts to /_dash-update-component for dep."""
    def entry(key: PropKey, with_value: bool = True) -> dict[str, Any]:
        item: dict[str, Any] = {"id": key[0], "property": key[1]}
        if with_value:
            item["value"] = values.get(key)
        return item

    outputs = [entry(k, False) for k in dep.outputs]
    body: dict[str, Any] = {
        "output": dep.output,
        "outputs": outputs if dep.output.startswith("..") else outputs[0],
        "inputs": [entry(k) for k in dep.inputs],
        "changedPropIds": changed,
        "parsedChangedPropsIds": changed,
    }
    if dep.state:
        body["state"] = [entry(k) for k in dep.state]
    return body


@dataclass
class Page:
    """The renderer's view of one browser tab: component values and where they sit."""

    deps: list[Dependency]
    values: dict[PropKey, Any] = field(default_factory=dict)
    types: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)

    def mount(self, tree: Any, parent: str | None = None) -> set[str]:
        """Register every component of tree; return the ids added."""
        added = set()
        for cid, par, node in walk(tree, parent):
            props = node.get("props") or {}
            self.types[cid] = (str(node.get("type")), props)
            self.parents[cid] = par
            for prop, value in props.items():
                self.values[(cid, prop)] = value
            added.add(cid)
        return added

    def unmount_children(self, cid: str) -> None:
        """Forget every component below cid (its children are being replaced)."""
        doomed = [c for c in self.parents if self._below(c, cid)]
        for c in doomed:
            self.parents.pop(c, None)
            self.types.pop(c, None)
        if doomed:
            gone = set(doomed)
            for key in [k for k in self.values if k[0] in gone]:
                del self.values[key]

    def _below(self, cid: str, ancestor: str) -> bool:
        seen = 0
        parent = self.parents.get(cid)
        while parent is not None and seen < 1000:
            if parent == ancestor:
                return True
            parent = self.parents.get(parent)
            seen += 1
        return False

    def present(self, key: PropKey) -> bool:
        """Whether a component with this id is on the page."""
        return key[0] in self.types

    def ready(self, dep: Dependency) -> bool:
        """All of a callback's inputs and outputs are on the page."""
        return all(self.present(k) for k in dep.inputs) and all(
            self.present(k) for k in dep.outputs)

    def apply(self, answer: Mapping[str, Any]) -> list[PropKey]:
        """Apply a callback answer ({'response': {id: {prop: value}}}); return what changed."""
        changed: list[PropKey] = []
        updates = dict(answer.get("response") or {})
        for cid, props in (answer.get("sideUpdate") or {}).items():
            updates.setdefault(cid, {}).update(props)
        for cid, props in updates.items():
            if cid not in self.types:
                continue
            for prop, value in props.items():
                key = (cid, prop)
                if prop == "children":
                    self.unmount_children(cid)
                    self.mount(value, cid)
                if self.values.get(key) != value or prop == "children":
                    self.values[key] = value
                    changed.append(key)
        return changed


class Renderer:
    """Fires callbacks as the browser would, through `post(body) -> answer or None`."""

    def __init__(self, deps: list[Dependency], post: Post) -> None:
        self.deps = deps
        self.post = post
        self.page = Page(deps)

    def load(self, layout: Any, pathname: str, search: str = "") -> None:
        """A page load: mount the layout, fire the initial callbacks, then let each
        dcc.Location report the URL (which is what fires the page router)."""
        self.page = Page(self.deps)
        added = self.page.mount(layout)
        self._initial(added)
        locations = [cid for cid, (kind, _p) in self.page.types.items() if kind == "Location"]
        url = {"pathname": pathname, "search": search, "hash": "",
               "href": f"http://127.0.0.1{pathname}{search}"}
        changed: list[PropKey] = []
        for cid in locations:
            for prop, value in url.items():
                if self.page.values.get((cid, prop)) != value:
                    self.page.values[(cid, prop)] = value
                    changed.append((cid, prop))
        self._follow(changed, 0)
        self.grids_ask_for_rows()

    def _initial(self, added: set[str], depth: int = 0) -> None:
        """Fire callbacks that became ready because components were added."""
        if depth > MAX_CHAIN:
            return
        pending = [d for d in self.deps if not d.prevent_initial_call and self.page.ready(d)
                   and any(k[0] in added for k in d.inputs + d.outputs)]
        produced = {k for d in pending for k in d.outputs}
        # Callbacks whose inputs are produced by others in this round wait for them.
        first = [d for d in pending if not any(k in produced for k in d.inputs)] or pending
        later = [d for d in pending if d not in first]
        new_ids: set[str] = set()
        changed: list[PropKey] = []
        for dep in first:
            got = self._fire(dep, [])
            changed += got
            new_ids |= self._added_by(got)
        for dep in later:
            if self.page.ready(dep):
                got = self._fire(dep, [f"{k[0]}.{k[1]}" for k in dep.inputs if k in changed])
                changed += got
                new_ids |= self._added_by(got)
        if new_ids:
            self._initial(new_ids, depth + 1)
        # Each callback runs once per round, as in the renderer: the ones just fired are
        # not fired again for the outputs of this same round.
        self._follow([k for k in changed if k[1] != "children"], depth + 1,
                     skip=set(pending))

    def _added_by(self, changed: list[PropKey]) -> set[str]:
        """Ids mounted under children that were just replaced."""
        roots = {k[0] for k in changed if k[1] == "children"}
        return {c for c in self.page.types
                if any(self.page._below(c, r) for r in roots)}

    def change(self, key: PropKey, value: Any) -> None:
        """A person sets a control: update it and fire everything that depends on it."""
        self.page.values[key] = value
        self._follow([key], 0)
        self.grids_ask_for_rows()

    def grids_ask_for_rows(self) -> None:
        """AG Grids with the infinite row model ask the server for their first block of
        rows (`getRowsRequest`) when drawn and after their data changed."""
        for cid, (kind, props) in list(self.page.types.items()):
            if kind == "AgGrid" and props.get("rowModelType") == "infinite":
                options = props.get("dashGridOptions") or {}
                block = int(options.get("cacheBlockSize") or 100)
                request = {"startRow": 0, "endRow": block, "sortModel": [],
                           "filterModel": {}}
                self.page.values[(cid, "getRowsRequest")] = request
                self._follow([(cid, "getRowsRequest")], 0)

    def _follow(self, changed: list[PropKey], depth: int,
                skip: set[Dependency] | None = None) -> None:
        """Fire the callbacks taking any changed prop as input, then follow their outputs."""
        if not changed or depth > MAX_CHAIN:
            return
        ids = {f"{k[0]}.{k[1]}" for k in changed}
        next_changed: list[PropKey] = []
        for dep in self.deps:
            if skip and dep in skip:
                continue
            hit = [f"{k[0]}.{k[1]}" for k in dep.inputs if f"{k[0]}.{k[1]}" in ids]
            if hit and self.page.ready(dep):
                got = self._fire(dep, hit)
                next_changed += got
                added = self._added_by(got)
                if added:
                    self._initial(added, depth + 1)
        self._follow([k for k in next_changed if k[1] != "children"], depth + 1)

    def _fire(self, dep: Dependency, changed: list[str]) -> list[PropKey]:
        answer = self.post(request_body(dep, self.page.values, changed))
        if not answer:
            return []
        return self.page.apply(answer)

    def controls(self) -> list[PropKey]:
        """Inputs on the page a person can set (dropdowns, radios, checklists, sliders)."""
        inputs = {k for d in self.deps for k in d.inputs}
        return sorted(k for k in inputs if self.page.present(k)
                      and self.choose(k, random.Random(0)) is not NO_CHOICE)

    def choose(self, key: PropKey, rng: random.Random) -> Any:
        """A value a person could give this control now, or NO_CHOICE."""
        return choose_value(self.page.types[key[0]], key[1], rng, self.page.values.get(key))


NO_CHOICE = object()


def option_values(options: Any) -> list[Any]:
    """The values offered by a component's options, in any of Dash's option forms."""
    if isinstance(options, dict):
        return list(options)
    if isinstance(options, list):
        return [o.get("value") if isinstance(o, dict) else o for o in options
                if not (isinstance(o, dict) and o.get("disabled"))]
    return []


def choose_value(component: tuple[str, dict[str, Any]], prop: str, rng: random.Random,
                 current: Any = None) -> Any:
    """A value a person could give this control, or NO_CHOICE if it is not a control."""
    kind, props = component
    if prop == "n_clicks":
        return (current if isinstance(current, int) else 0) + 1
    if prop == "value" and "options" in props:
        values = option_values(props.get("options"))
        if not values:
            return NO_CHOICE
        multi = props.get("multi") or kind in ("Checklist",)
        if multi:
            return rng.sample(values, k=rng.randint(0, min(3, len(values))))
        return rng.choice(values)
    if prop == "value" and kind in ("RangeSlider", "Slider") and "min" in props:
        low, high = int(props["min"]), int(props["max"])
        step = int(props.get("step") or 1)
        if kind == "Slider":
            return rng.randrange(low, high + 1, step)
        a = rng.randrange(low, high + 1, step)
        b = rng.randrange(low, high + 1, step)
        return sorted([a, b])
    return NO_CHOICE


def decode(body: bytes) -> Any:
    """JSON from a response body (empty for 204)."""
    return json.loads(body) if body else None
