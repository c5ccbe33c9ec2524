"""From a Dataset and a CompareView to the /compare view: several countries' imports or
exports on one chart, absolute or as a share of the world, its table and its CSV."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.charts.country import roles, years_text
from dashboard.charts.tables import scope_text_of, slug
from dashboard.compute import compare as cp
from dashboard.compute import export, regions
from dashboard.compute.metrics import Grid
from dashboard.data import Dataset
from dashboard.figures import base as fig
from dashboard.figures import views as vf
from dashboard.state.comparestate import CompareView


@dataclass(frozen=True)
class CompareResult:
    """The series of the view (display names), its title and caveats."""

    frame: pd.DataFrame
    title: str
    caveats: tuple[str, ...]
    empty: str = ""


def span_text(window: int) -> str:
    """'rolling 5-year sums' or 'annual values'."""
    return f"rolling {window}-year sums" if window > 1 else "annual values"


def compare_result(ds: Dataset, view: CompareView) -> CompareResult:
    """The view's series (memoised per view: chart, table and CSV share it)."""
    return ds.memo.get(("compare", view), lambda: _compare_result(ds, view))


def _compare_result(ds: Dataset, view: CompareView) -> CompareResult:
    s = view.scope
    _, flow, _ = roles(s.side)
    first = ds.releases[s.release].first_year
    world = ds.world_grid(s.release, s.side, s.categories)
    grid = with_areas(ds, view, world)
    frame = cp.country_series(grid, view.countries, first, s.start, s.end, view.window,
                              world)
    frame = frame.assign(name=frame["name"].map(ds.name))
    caveats = [f"SIPRI records no arms {flow} for {ds.name(c)} in release {s.release}"
               f"{scope_text_of(s.categories)}: its line stays at zero."
               for c in view.countries if not has_flows(ds, view, grid, c)]
    areas = [c for c in view.countries if c in ds.areas.get(s.release, {})]
    if areas:
        caveats.append(f"SIPRI's regions and groupings ({', '.join(areas)}) count each "
                       f"member in the years it belongs; shares are of world {flow}.")
    lo = max(s.start, first + view.window - 1)
    if view.window > 1 and lo > s.start:
        caveats.append(f"The first {view.window}-year sum ends in {lo}: release "
                       f"{s.release} has data from {first}.")
    what = "% of world " + flow if view.measure == "share" else fig.TIV_UNITS
    names = ", ".join(ds.name(c) for c in view.countries)
    title = (f"Arms {flow} of {names}, {span_text(view.window)}, "
             f"{years_text(s.start, s.end)}{scope_text_of(s.categories)} ({what})")
    empty = "" if len(frame) else (
        f"The years {years_text(s.start, s.end)} hold no complete {view.window}-year "
        f"period within release {s.release} (data from {first}).")
    return CompareResult(frame, title, tuple(caveats), empty)


def with_areas(ds: Dataset, view: CompareView, world: Grid) -> Grid:
    """The world grid with a row for each region or grouping the view names."""
    found = ds.areas.get(view.scope.release, {})
    areas = [found[c] for c in view.countries if c in found]
    if not areas:
        return world
    rows = regions.area_grid(world, areas)
    return Grid((*world.names, *rows.names), world.first, np.vstack([world.tiv, rows.tiv]),
                np.vstack([world.present, rows.present]))


def has_flows(ds: Dataset, view: CompareView, grid: Grid, name: str) -> bool:
    """Whether a country or area of the view has any flows in the release."""
    if name in ds.areas.get(view.scope.release, {}):
        return bool(grid.present[grid.names.index(name)].any())
    return ds.has_flows(view.scope.release, view.scope.side, name)


def options(ds: Dataset, release: str) -> list[dict[str, str]]:
    """What can be put on the chart: every entity with deliveries in the release, then
    its regions, subregions and groupings."""
    return [*ds.entity_options.get(release, []),
            *regions.area_options(ds.areas.get(release, {}))]


def figure(ds: Dataset, view: CompareView, result: CompareResult) -> fig.Figure:
    """One line per country."""
    meta = fig.Meta(view.scope.release, ds.releases[view.scope.release].per_year_exact)
    if result.empty:
        return fig.empty_figure(result.title, result.empty, meta)
    _, flow, _ = roles(view.scope.side)
    share = view.measure == "share"
    axis = f"% of world {flow}" if share else fig.TIV_UNITS
    unit = f"% of world {flow}" if share else "TIV (millions)"
    xtitle = f"last year of the {view.window}-year sum" if view.window > 1 else ""
    return vf.lines_figure(result.frame, view.measure, result.title, meta, ds.colours,
                           axis, unit, xtitle)


def table_frame(view: CompareView, result: CompareResult) -> pd.DataFrame:
    """The chart's values as a table: one row per year, one column per country."""
    frame = result.frame
    if frame.empty:
        return pd.DataFrame({"year": []})
    return export.wide(frame, "year", "name", view.measure)


def csv_name(view: CompareView) -> str:
    """'compare_exports_Turkiye-Israel_1995-2024_5-year-sums_release-2026-02-12.csv'."""
    s = view.scope
    names = "-".join(slug(c) for c in view.countries)
    cats = "_" + "-".join(slug(c) for c in s.categories) if s.categories else ""
    return (f"compare_{s.side}_{names}_{s.start}-{s.end}_{view.window}-year-sums{cats}"
            f"_release-{s.release}.csv")


def csv_text(ds: Dataset, view: CompareView) -> str:
    """Every point of every line, saying in every row what it is and which release."""
    result = compare_result(ds, view)
    s = view.scope
    found = ds.areas.get(s.release, {})
    kinds = {ds.name(c): found[c].kind if c in found else "country" for c in view.countries}
    out = result.frame.rename(columns={
        "name": "country", "year": "last_year", "tiv": "tiv_millions",
        "world_tiv": "world_tiv_millions", "share": "share_of_world_percent"})
    out.insert(0, "side", s.side)
    out.insert(2, "kind", out["country"].map(kinds))
    out = out.assign(years_summed=view.window, categories="; ".join(s.categories) or "all",
                     units="SIPRI TIV, millions (a volume, not money)", release=s.release)
    return export.csv_text(out)
