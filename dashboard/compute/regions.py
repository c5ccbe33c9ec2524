"""Regions, subregions and groupings on the loaded arrays: the small pure API every page
uses to offer an area wherever a country can be chosen.

An area (`etl.regions.Area`) is a SIPRI region, subregion or grouping with its members
and the years each counts (NATO from its accession year on). Its imports (or exports)
are its members' flows in the years they are members, so a grouping's volume in 1998 and
in 2004 may come from different members; trade between two members counts, as in
SIPRI's regional table. Functions take a release's `SideFlows` (dashboard.data) and an
area and return numpy arrays or `Grid`s; the Dataset memoises them per build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from dashboard.compute import metrics as m
from etl.regions import Area


class SideFlows(Protocol):
    """What these functions read of a release's side flows (dashboard.data.SideFlows)."""

    @property
    def index(self) -> Mapping[str, int]: ...
    @property
    def first(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def starts(self) -> np.ndarray: ...
    @property
    def partner(self) -> np.ndarray: ...
    @property
    def year(self) -> np.ndarray: ...
    @property
    def category(self) -> np.ndarray: ...
    @property
    def tiv(self) -> np.ndarray: ...

KIND_LABELS = {"region": "region", "subregion": "subregion", "grouping": "grouping"}


def member_rows(flows: SideFlows, area: Area) -> np.ndarray:
    """Indices of the flow rows of the area's members in the years they count."""
    parts: list[np.ndarray] = []
    for member in area.members:
        i = flows.index.get(member.name)
        if i is None:
            continue
        lo, hi = int(flows.starts[i]), int(flows.starts[i + 1])
        years = flows.year[lo:hi].astype(np.int64) + flows.first
        keep = (years >= member.first_year) & (years <= member.last_year)
        parts.append(np.arange(lo, hi, dtype=np.int64)[keep])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def member_weights(area: Area, countries: Sequence[str], first: int, width: int
                   ) -> np.ndarray:
    """A countries x years matrix: 1 where the country counts in the area that year."""
    index = {c: i for i, c in enumerate(countries)}
    found = [(index[mb.name], mb.first_year, mb.last_year) for mb in area.members
             if mb.name in index]
    out = np.zeros((len(countries), width))
    if not found:
        return out
    rows, lo, hi = (np.array(col) for col in zip(*found, strict=True))
    years = np.arange(first, first + width)
    spans = (years >= lo[:, None]) & (years <= hi[:, None])
    np.maximum.at(out, rows, spans.astype(float))
    return out


def area_totals(grid: m.Grid, area: Area) -> np.ndarray:
    """The area's total per year of a world grid (countries x years)."""
    weights = member_weights(area, grid.names, grid.first, grid.tiv.shape[1])
    total: np.ndarray = (grid.tiv * weights).sum(axis=0)
    return total


def member_grid(grid: m.Grid, area: Area) -> m.Grid:
    """The rows of a world grid that belong to the area, zero in years a member is not
    counted: the members' shares within the area."""
    weights = member_weights(area, grid.names, grid.first, grid.tiv.shape[1])
    keep = np.flatnonzero(weights.any(axis=1))
    return m.Grid(tuple(grid.names[i] for i in keep), grid.first,
                  grid.tiv[keep] * weights[keep],
                  grid.present[keep] & (weights[keep] > 0))


def partner_grid(flows: SideFlows, area: Area, labels: Sequence[str],
                 label_code: np.ndarray, categories: np.ndarray | None = None,
                 by_category: bool = False) -> m.Grid:
    """TIV by partner (labels[label_code[partner]]) and year of the area's members'
    flows, in the category codes given (all where None); by category (labels[category])
    where `by_category`."""
    rows = member_rows(flows, area)
    if categories is not None:
        rows = rows[np.isin(flows.category[rows], categories)]
    key = (flows.category[rows].astype(np.int64) if by_category
           else label_code[flows.partner[rows]])
    used, inverse = np.unique(key, return_inverse=True)
    cell = inverse * flows.width + flows.year[rows]
    size = len(used) * flows.width
    values = np.bincount(cell, weights=flows.tiv[rows], minlength=size)
    present = np.bincount(cell, minlength=size) > 0
    return m.Grid(tuple(labels[i] for i in used), flows.first,
                  values.reshape(len(used), flows.width),
                  present.reshape(len(used), flows.width))


def member_frames(frames: Mapping[str, pd.DataFrame], area: Area) -> pd.DataFrame | None:
    """The rows of the area's members (frames by entity, with a `year` column) in the
    years each counts, one frame; None where no member has any."""
    parts = [rows[(rows["year"] >= mb.first_year) & (rows["year"] <= mb.last_year)]
             for mb in area.members if (rows := frames.get(mb.name)) is not None]
    return pd.concat(parts, ignore_index=True) if parts else None


def area_label(area: Area) -> str:
    """'NATO (grouping)', 'South Asia (subregion of Asia and Oceania)'."""
    if area.kind == "subregion" and area.parent:
        return f"{area.name} (subregion of {area.parent})"
    return f"{area.name} ({KIND_LABELS.get(area.kind, area.kind)})"


def region_of(regions: Mapping[str, tuple[str, str]], name: str) -> str:
    """The SIPRI region of an entity, '' where it has none."""
    return regions.get(name, ("", ""))[0]


def area_options(found: Mapping[str, Area]) -> list[dict[str, str]]:
    """Dropdown options of a release's areas: regions, then subregions, then groupings."""
    order = {kind: i for i, kind in enumerate(KIND_LABELS)}
    ranked = sorted(found.values(), key=lambda a: (order.get(a.kind, 9), a.name.casefold()))
    return [{"label": area_label(a), "value": a.name} for a in ranked]


def area_grid(grid: m.Grid, areas: Sequence[Area]) -> m.Grid:
    """A grid of areas (rows, by name) from a world grid of countries: each area's total
    per year over its members in the years they count; present where a member is."""
    tiv = np.zeros((len(areas), grid.tiv.shape[1]))
    present = np.zeros(tiv.shape, dtype=bool)
    for i, area in enumerate(areas):
        weights = member_weights(area, grid.names, grid.first, grid.tiv.shape[1])
        tiv[i] = (grid.tiv * weights).sum(axis=0)
        present[i] = (grid.present & (weights > 0)).any(axis=0)
    return m.Grid(tuple(a.name for a in areas), grid.first, tiv, present)


def member_mask(codes: np.ndarray, years: np.ndarray, names: Sequence[str],
                area: Area) -> np.ndarray:
    """Rows whose entity (a code into `names`) counts in the area in the row's year."""
    index = {n: i for i, n in enumerate(names)}
    mask = np.zeros(len(codes), dtype=bool)
    for member in area.members:
        i = index.get(member.name)
        if i is not None:
            mask |= ((codes == i) & (years >= member.first_year)
                     & (years <= member.last_year))
    return mask


def inside_tiv(flows: SideFlows, area: Area, names: Sequence[str], start: int, end: int,
               categories: np.ndarray | None = None) -> tuple[float, float]:
    """The TIV of the area's members' flows in start..end (in the category codes given,
    all where None), and the part of it whose partner (a code into `names`) is a member in
    that year too: trade inside the area, which counts in its imports and its exports."""
    rows = member_rows(flows, area)
    if categories is not None:
        rows = rows[np.isin(flows.category[rows], categories)]
    years = flows.year[rows].astype(np.int64) + flows.first
    keep = (years >= start) & (years <= end)
    rows, years = rows[keep], years[keep]
    inside = member_mask(flows.partner[rows], years, names, area)
    tiv = flows.tiv[rows]
    return float(tiv.sum()), float(tiv[inside].sum())


def members_in(area: Area, start: int, end: int) -> tuple[list[str], bool]:
    """The members that count in some year of start..end (sorted), and whether the
    membership changes within those years (a member that counts in part of them only)."""
    years: dict[str, set[int]] = {}
    for member in area.members:
        lo, hi = max(member.first_year, start), min(member.last_year, end)
        if lo <= hi:
            years.setdefault(member.name, set()).update(range(lo, hi + 1))
    return sorted(years), any(len(y) < end - start + 1 for y in years.values())
