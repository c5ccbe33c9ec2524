"""The view a `/flows` URL describes: parse a query string into a `FlowView`, serialise it.

Pure (see `dashboard.state.scope`); `parse(serialise(v)) == v`. Keys: `release`, `years`
(default: the release's last five years, SIPRI's period), `cat` (repeated categories),
`top` (how many of the largest supplier → recipient flows are drawn, 5 to 60), `area` (a
SIPRI region, subregion or grouping of the release, any case) and `role` (which end of a
flow is in the area: `either`, the default, `supplier`, `recipient` or `both`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.state import queryvalues as qv
from dashboard.state import scope as sc
from dashboard.state.queryvalues import shown

DEFAULT_TOP = 25
TOP_RANGE = (5, 60)
PERIOD_YEARS = 5
ROLES = ("either", "supplier", "recipient", "both")


@dataclass(frozen=True)
class FlowView:
    """A complete, valid /flows view (the scope's side is unused: a flow has both)."""

    scope: sc.Scope
    top: int = DEFAULT_TOP
    area: str | None = None  # only flows with an end in this region or grouping
    role: str = "either"  # which end: either, supplier, recipient or both


@dataclass(frozen=True)
class ParsedFlows:
    """A parsed view and the notices about values replaced by defaults."""

    view: FlowView
    notices: tuple[str, ...] = ()


def parse_search(search: str, choices: sc.ViewChoices, areas: sc.Areas | None = None
                 ) -> ParsedFlows:
    """Parse a `?a=b` query string (leading '?' optional)."""
    return parse(sc.query_of(search), choices, areas)


def parse(query: Mapping[str, object], choices: sc.ViewChoices, areas: sc.Areas | None = None
          ) -> ParsedFlows:
    """Resolve query values into a valid FlowView with notices; `areas`: the regions,
    subregions and groupings of each release (none if not given)."""
    notes: list[str] = []
    scope = sc.parse_scope({k: v for k, v in query.items() if k != "side"}, choices, notes,
                           default_years=PERIOD_YEARS)
    top = _top(qv.one(query, "top", notes), notes)
    area = _area(qv.one(query, "area", notes), choices,
                 (areas or {}).get(scope.release, {}), scope.release, notes)
    role_text = qv.one(query, "role", notes)
    role = qv.enum(role_text if role_text and role_text.strip() else None, ROLES,
                   "flow end", notes)
    if area is None and role != "either":
        notes.append(f"role={role} needs a region or grouping (area=): not used.")
        role = "either"
    return ParsedFlows(FlowView(scope, top, area, role), tuple(notes))


def serialise(view: FlowView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    pairs = [*sc.scope_pairs(view.scope, with_side=False), ("top", str(view.top))]
    if view.area:
        pairs += [("area", view.area), ("role", view.role)]
    return "?" + urlencode(pairs)


def _area(text: str | None, choices: sc.ViewChoices, known: Mapping[str, object],
          release: str, notes: list[str]) -> str | None:
    if text is None or not text.strip():
        return None
    found = choices.area(text)
    if found is None or found not in known:
        found = None
        notes.append(f"Unknown region or grouping {shown(text)} in release {release}: "
                     "showing flows of every country.")
    return found


def _top(text: str | None, notes: list[str]) -> int:
    if text is None or not text.strip():
        return DEFAULT_TOP
    low, high = TOP_RANGE
    try:
        value = int(text.strip())
    except ValueError:
        notes.append(f"Unreadable top {shown(text)}: showing {DEFAULT_TOP} flows.")
        return DEFAULT_TOP
    if not low <= value <= high:
        notes.append(f"Top {value} is outside {low}–{high}: showing {DEFAULT_TOP} flows.")
        return DEFAULT_TOP
    return value
