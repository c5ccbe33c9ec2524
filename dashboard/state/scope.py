"""What the tables, compare, flows and search views share in their URLs: side, release,
years and categories (`Scope`), read and written here once.

Pure, no Dash and no data access: what is valid comes in as choices built from the build
(any object with `country(text)`, `releases`, `default_release`, `categories`, as
`dashboard.state.urlstate.Choices`). Readers never raise: an unusable value falls back to
its default with a notice. Keys: `side` (imports/exports), `release`, `years` (FIRST-LAST
or YEAR, cut to the release's coverage), `cat` (repeated; none means all).
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qs

from dashboard.state import queryvalues as qv
from dashboard.state.queryvalues import shown

SIDES = ("imports", "exports")
# per release, its regions, subregions and groupings by name (the Dataset's `areas`)
Areas = Mapping[str, Mapping[str, object]]


class ViewChoices(Protocol):
    """What a view may hold (`dashboard.state.urlstate.Choices` fits)."""

    @property
    def releases(self) -> Mapping[str, tuple[int, int]]: ...
    @property
    def default_release(self) -> str: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    def country(self, text: str) -> str | None: ...
    def area(self, text: str) -> str | None: ...


@dataclass(frozen=True)
class Scope:
    """Side, release, years and categories of a view."""

    side: str
    release: str
    start: int
    end: int
    categories: tuple[str, ...] = ()


def query_of(search: str) -> dict[str, str | list[str]]:
    """A `?a=b&a=c` query string as the mapping Dash passes to layouts."""
    raw = parse_qs(search.lstrip("?"), keep_blank_values=True)
    return {k: v if len(v) > 1 else v[0] for k, v in raw.items()}


def years(text: str | None, coverage: tuple[int, int], default: tuple[int, int],
          notes: list[str]) -> tuple[int, int]:
    """FIRST-LAST or YEAR cut to the coverage; `default` (with a notice) if unusable."""
    if text is None or not text.strip():
        return default
    first, last = coverage
    match = qv.YEARS_RE.fullmatch(text)
    if match is None:
        notes.append(f"Unreadable years {shown(text)} (expected e.g. 2000-2024): showing "
                     f"{default[0]}–{default[1]}.")
        return default
    a, b = int(match[1]), int(match[2] or match[1])
    start, end = min(a, b), max(a, b)
    if end < first or start > last:
        notes.append(f"Years {start}–{end} are outside the release's coverage "
                     f"({first}–{last}): showing {default[0]}–{default[1]}.")
        return default
    if start < first or end > last:
        notes.append(f"The release covers {first}–{last}: years limited to "
                     f"{max(start, first)}–{min(end, last)}.")
    return max(start, first), min(end, last)


def parse_scope(query: Mapping[str, object], choices: ViewChoices, notes: list[str],
                default_years: int | None = None) -> Scope:
    """The side, release, years and categories of a query; years default to the
    release's whole coverage, or its last `default_years` years."""
    side = qv.enum(qv.one(query, "side", notes), SIDES, "side", notes)
    release = qv.release(qv.one(query, "release", notes), choices.releases,
                         choices.default_release, notes)
    # a release covering part of the world is announced (choices without the map: none)
    qv.coverage(release, getattr(choices, "partial", {}), notes)
    first, last = choices.releases[release]
    default = (first, last) if default_years is None else (
        max(first, last - default_years + 1), last)
    start, end = years(qv.one(query, "years", notes), (first, last), default, notes)
    categories = qv.categories(qv.many(query, "cat"), choices.categories, notes)
    return Scope(side, release, start, end, categories)


def scope_pairs(scope: Scope, with_side: bool = True) -> list[tuple[str, str]]:
    """The query pairs of a scope (always complete, so a link never depends on defaults)."""
    pairs = [("side", scope.side)] if with_side else []
    pairs += [("release", scope.release), ("years", f"{scope.start}-{scope.end}")]
    return pairs + [("cat", c) for c in scope.categories]


def names(values: Sequence[str], choices: ViewChoices, role: str, limit: int,
          notes: list[str], areas: Container[str] | None = None) -> tuple[str, ...]:
    """Canonical names of the given spellings (entities, or SIPRI's areas where `areas`,
    the release's, is given: `queryvalues.country_or_area`), each once, at most `limit`;
    unknown names are left out with a notice."""
    out: list[str] = []
    for value in values:
        if not value.strip():
            continue
        found = (choices.country(value) if areas is None
                 else qv.country_or_area(choices, value))
        if found is not None and areas is not None and found == choices.area(value) \
                and found not in areas:
            notes.append(f"{shown(value)} is no region or grouping of this release: left "
                         "out.")
            continue
        if found is None:
            notes.append(f"Unknown {role} {shown(value)}: left out.")
        elif found not in out:
            out.append(found)
    if len(out) > limit:
        notes.append(f"At most {limit} {role}s at once: the first {limit} are shown.")
    return tuple(out[:limit])
