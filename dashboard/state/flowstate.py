"""The view a `/flows` URL describes: parse a query string into a `FlowView`, serialise it.

Pure (see `dashboard.state.scope`); `parse(serialise(v)) == v`. Keys: `release`, `years`
(default: the release's last five years, SIPRI's period), `cat` (repeated categories),
`top` (how many of the largest supplier → recipient flows are drawn, 5 to 60).
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


@dataclass(frozen=True)
class FlowView:
    """A complete, valid /flows view (the scope's side is unused: a flow has both)."""

    scope: sc.Scope
    top: int = DEFAULT_TOP


@dataclass(frozen=True)
class ParsedFlows:
    """A parsed view and the notices about values replaced by defaults."""

    view: FlowView
    notices: tuple[str, ...] = ()


def parse_search(search: str, choices: sc.ViewChoices) -> ParsedFlows:
    """Parse a `?a=b` query string (leading '?' optional)."""
    return parse(sc.query_of(search), choices)


def parse(query: Mapping[str, object], choices: sc.ViewChoices) -> ParsedFlows:
    """Resolve query values into a valid FlowView with notices."""
    notes: list[str] = []
    scope = sc.parse_scope({k: v for k, v in query.items() if k != "side"}, choices, notes,
                           default_years=PERIOD_YEARS)
    top = _top(qv.one(query, "top", notes), notes)
    return ParsedFlows(FlowView(scope, top), tuple(notes))


def serialise(view: FlowView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    return "?" + urlencode([*sc.scope_pairs(view.scope, with_side=False),
                            ("top", str(view.top))])


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
