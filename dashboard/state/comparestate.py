"""The view a `/compare` URL describes: parse a query string into a `CompareView`, serialise it.

Pure (see `dashboard.state.scope`); `parse(serialise(v)) == v`. Keys: the scope's `side`,
`release`, `years`, `cat`; `country` (repeated, 1 to 8 countries, or SIPRI regions,
subregions and groupings of the release, on one chart, e.g.
`/compare?country=Turkiye&country=Israel&side=exports`, `country=NATO&country=Russia`),
`measure` (`tiv`: SIPRI TIV, millions; `share`: % of the world total) and `window`
(years summed per point: 1 for annual values, 5 for SIPRI's rolling five-year sums).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.state import queryvalues as qv
from dashboard.state import scope as sc
from dashboard.state.queryvalues import shown

MEASURES = ("tiv", "share")
MAX_COUNTRIES = 8
DEFAULT_COUNTRIES = ("India", "Pakistan")
DEFAULT_WINDOW = 5
WINDOW_RANGE = (1, 10)


@dataclass(frozen=True)
class CompareView:
    """A complete, valid /compare view."""

    scope: sc.Scope
    countries: tuple[str, ...]
    measure: str = "tiv"
    window: int = DEFAULT_WINDOW


@dataclass(frozen=True)
class ParsedCompare:
    """A parsed view and the notices about values replaced by defaults."""

    view: CompareView
    notices: tuple[str, ...] = ()


def parse_search(search: str, choices: sc.ViewChoices, areas: sc.Areas | None = None
                 ) -> ParsedCompare:
    """Parse a `?a=b` query string (leading '?' optional)."""
    return parse(sc.query_of(search), choices, areas)


def parse(query: Mapping[str, object], choices: sc.ViewChoices, areas: sc.Areas | None = None
          ) -> ParsedCompare:
    """Resolve query values into a valid CompareView with notices; `areas`: the regions,
    subregions and groupings of each release (none if not given)."""
    notes: list[str] = []
    scope = sc.parse_scope(query, choices, notes)
    asked = qv.many(query, "country")
    countries = sc.names(asked, choices, "country", MAX_COUNTRIES, notes,
                         (areas or {}).get(scope.release, {}))
    if not countries:
        countries = tuple(c for c in (choices.country(n) for n in DEFAULT_COUNTRIES) if c)
        if any(a.strip() for a in asked):
            notes.append(f"No known country given: showing {', '.join(countries)}.")
    measure = qv.enum(qv.one(query, "measure", notes), MEASURES, "measure", notes)
    window = _window(qv.one(query, "window", notes), scope.end - scope.start + 1, notes)
    return ParsedCompare(CompareView(scope, countries, measure, window), tuple(notes))


def serialise(view: CompareView) -> str:
    """The query string (with '?') that `parse` turns back into `view`."""
    pairs = [("country", c) for c in view.countries]
    pairs += sc.scope_pairs(view.scope)
    pairs += [("measure", view.measure), ("window", str(view.window))]
    return "?" + urlencode(pairs)


def _window(text: str | None, span: int, notes: list[str]) -> int:
    default = min(DEFAULT_WINDOW, span)
    if text is None or not text.strip():
        return default
    low, high = WINDOW_RANGE[0], min(WINDOW_RANGE[1], span)
    try:
        value = int(text.strip())
    except ValueError:
        notes.append(f"Unreadable window {shown(text)}: using {default}.")
        return default
    if not low <= value <= high:
        notes.append(f"Window {value} is outside {low}–{high}: using {default}.")
        return default
    return value
