"""From a Dataset and a TableView to the /tables view: the TIV table (SIPRI's layout),
its chart of shares by column, its CSV and what the page says about it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.charts.country import roles, years_text
from dashboard.compute import export, regions
from dashboard.compute import tivtables as tt
from dashboard.compute.export import slug
from dashboard.compute.metrics import Grid
from dashboard.data import EMPTY_GRID, Dataset
from dashboard.figures import base as fig
from dashboard.figures import views as vf
from dashboard.state.tablestate import TableView, sort_key
from etl.regions import Area

CHART_TOP = 8


@dataclass(frozen=True)
class TableResult:
    """A table view: the table (display names), what it is, its notes and its chart."""

    table: tt.Table
    subject: str  # 'arms imports by recipient' / 'Pakistan's arms imports by supplier'
    name_column: str  # 'recipient', 'supplier', ...
    of: str  # what the shares are of: 'world imports', 'Pakistan's imports'
    notes: tuple[str, ...]
    empty: str = ""


def columns(view: TableView) -> list[tt.Column]:
    """The view's columns: its years, or SIPRI's fixed five-year periods."""
    if view.by == "period":
        return tt.fixed_periods(view.scope.start, view.scope.end)
    return tt.year_columns(view.scope.start, view.scope.end)


def _subject(ds: Dataset, view: TableView) -> tuple[str, str, str]:
    """(what the table is, its name column, what shares are of)."""
    s = view.scope
    col, flow, _ = roles(s.side)
    if view.area_kind:
        return f"arms {flow} by {view.area_kind}", view.area_kind, f"world {flow}"
    if view.country is None:
        row = "recipient" if s.side == "imports" else "supplier"
        return f"arms {flow} by {row}", row, f"world {flow}"
    name = ds.name(view.country)
    area = ds.area(s.release, view.country)
    if area is not None:
        return (f"arms {flow} of {regions.area_label(area)} by {col}", col,
                f"{name}'s {flow}")
    return f"{name}'s arms {flow} by {col}", col, f"{name}'s {flow}"


def table_result(ds: Dataset, view: TableView) -> TableResult:
    """The table of the view (memoised per view: the table, chart and CSV share it)."""
    return ds.memo.get(("tiv-table", view), lambda: _table_result(ds, view))


def _table_result(ds: Dataset, view: TableView) -> TableResult:
    s = view.scope
    subject, name_column, of = _subject(ds, view)
    cols = columns(view)
    notes = tuple(f"The period {c.label} holds {c.years} year(s) only (the years asked for "
                  f"end there): its sums are not comparable with full five-year periods."
                  for c in tt.partial(cols)) if view.by == "period" else ()
    if view.area_kind:
        world = ds.world_grid(s.release, s.side, s.categories)
        table = tt.tiv_table(area_grid(ds, view, world), cols, of=world)
        notes = (*notes, *area_notes(ds, view, table))
    elif view.country is None:
        grid = ds.world_grid(s.release, s.side, s.categories)
        table = tt.tiv_table(grid, cols, exclude=ds.unranked())
        table = _display(ds, table)
    else:
        grid = ds.partner_grid(s.release, s.side, view.country, s.categories)
        table = tt.tiv_table(grid, cols, exclude=[ds.name(n) for n in ds.unranked()])
    area = ds.area(s.release, view.country) if view.country else None
    info = ds.releases.get(s.release)
    if area is not None and info is not None and not info.world:
        table = tt.tiv_table(EMPTY_GRID, cols)  # never an area's figures from a part of it
    elif area is not None:
        notes = (*notes, *member_notes(ds, view, area))
    empty = ""
    if not table.names and info is not None and not info.world and (
            view.country is None or view.area_kind or area is not None):
        empty = (f"Release {s.release} covers only {info.coverage}: it has no world or "
                 "regional table. Pick a country it covers, or a release of the world.")
    elif not table.names:
        _, flow, _ = roles(s.side)
        who = f" for {ds.name(view.country)}" if view.country else ""
        empty = (f"SIPRI records no arms {flow}{who} in {years_text(s.start, s.end)}"
                 f"{_cats(view)} in release {s.release}.")
    return TableResult(table, subject, name_column, of, notes, empty)


def area_grid(ds: Dataset, view: TableView, world: Grid) -> Grid:
    """The view's areas (SIPRI's regions, subregions or groupings of its release) by year."""
    found = ds.areas.get(view.scope.release, {})
    kind = [found[n] for n in sorted(found, key=str.casefold) if found[n].kind == view.area_kind]
    return regions.area_grid(world, kind)


def member_notes(ds: Dataset, view: TableView, area: Area) -> tuple[str, ...]:
    """What an area's partner table counts: its members in the years they belong, and
    the trade between two members (in SIPRI's regional table too), with its volume."""
    s = view.scope
    _, flow, _ = roles(s.side)
    flows = ds.sides.get((s.release, s.side))
    if flows is None:
        return ()
    total, inside = regions.inside_tiv(flows, area, ds.names, s.start, s.end,
                                       ds.category_codes(s.categories))
    members, changed = regions.members_in(area, s.start, s.end)
    each = (", each in the years it belongs (membership changed in these years)"
            if changed else "")
    inner = "from suppliers" if s.side == "imports" else "to recipients"
    share = f" ({inside / total * 100:.1f}%)" if total > 0 else ""
    return (f"{regions.area_label(area)}: the {flow} of its {len(members)} members in "
            f"{years_text(s.start, s.end)}{each}, summed. {inside:,.0f} TIV{share} of "
            f"them are {inner} inside "
            f"{area.name} (trade between two members counts, as in SIPRI's regional "
            f"table); the partners' ranks and shares are of all {area.name}'s {flow}.",)


def area_notes(ds: Dataset, view: TableView, table: tt.Table) -> tuple[str, ...]:
    """What an area table's shares mean: groupings overlap; regions leave out recipients
    or suppliers SIPRI places in none (unknown parties, organisations), subregions also
    the regions SIPRI does not divide."""
    _, flow, _ = roles(view.scope.side)
    if view.area_kind == "grouping":
        return (f"Groupings overlap (a state can belong to several) and count their members "
                f"in the years they belong: shares are of world {flow} and do not add up "
                f"to 100%.",)
    outside = table.grand_total - float(np.nansum(table.total))
    if outside <= 0.5:
        return ()
    share = outside / table.grand_total * 100 if table.grand_total > 0 else 0.0
    party = "recipients" if view.scope.side == "imports" else "suppliers"
    found = ds.areas.get(view.scope.release, {}).values()
    parents = {a.parent for a in found if a.kind == "subregion"}
    undivided = sorted(a.name for a in found if a.kind == "region" and a.name not in parents)
    why = f"unknown {party}, some organisations"
    if view.area_kind == "subregion" and undivided:
        why = f"SIPRI does not divide {', '.join(undivided)}; {why}"
    return (f"{outside:,.0f} TIV ({share:.1f}% of world {flow} in these years) are of "
            f"{party} in no {view.area_kind} ({why}): they count in the world total only.",)


def _cats(view: TableView) -> str:
    return scope_text_of(view.scope.categories)


def scope_text_of(categories: tuple[str, ...]) -> str:
    """' (Aircraft, Ships)' where categories are filtered, else ''."""
    return f" ({', '.join(categories)})" if categories else ""


def _display(ds: Dataset, table: tt.Table) -> tt.Table:
    """The table with display names (the world grid holds canonical names)."""
    return tt.Table(**{**table.__dict__, "names": tuple(ds.name(n) for n in table.names)})


def title(ds: Dataset, view: TableView, result: TableResult) -> str:
    """'Arms imports by recipient, 1990–2023, by year (SIPRI TIV, millions)'."""
    s = view.scope
    by = "by five-year period" if view.by == "period" else "by year"
    text = result.subject[0].upper() + result.subject[1:]
    return (f"{text}, {years_text(s.start, s.end)}, {by}{_cats(view)} ({fig.TIV_UNITS}), "
            f"SIPRI release {s.release}")


def sorted_frame(result: TableResult, view: TableView) -> pd.DataFrame:
    """The table's rows (one per name) in the view's sort order."""
    per_column = view.by == "period"
    frame = tt.wide_frame(result.table, "name", per_column=per_column)
    key = sort_key(view.sort)
    if key not in frame.columns:
        key = "total"
    ascending = view.order == "asc"
    if key == "name":
        return frame.sort_values("name", ascending=ascending, kind="mergesort")
    values = frame[key].to_numpy(dtype=float)
    # rows without a value sort last in either order, as in SIPRI's tables
    filler = np.inf if ascending else -np.inf
    order = np.lexsort((frame["name"].to_numpy(dtype=str),
                        np.where(np.isnan(values), filler, values) * (1 if ascending else -1)))
    return frame.iloc[order].reset_index(drop=True)


def chart_figure(ds: Dataset, view: TableView, result: TableResult) -> fig.Figure:
    """Stacked % shares of each column: the largest names by total, the rest as Other."""
    meta = fig.Meta(view.scope.release, ds.releases[view.scope.release].per_year_exact)
    by = "five-year period" if view.by == "period" else "year"
    head = f"Shares of {result.of} by {by}, {years_text(view.scope.start, view.scope.end)}"
    title_text = f"{head}{_cats(view)} (%)"
    if result.empty:
        return fig.empty_figure(title_text, result.empty, meta)
    overlap = view.area_kind == "grouping"
    shares = tt.top_shares(result.table, CHART_TOP, other=not overlap)
    return vf.column_share_figure(shares, title_text, meta, ds.colours, result.of,
                                  stacked=not overlap)


def csv_name(view: TableView, kind: str | None = None) -> str:
    """'tiv-table_imports_world_1990-2023_by-year_release-2024-04-13.csv'; `kind`: the
    country's area kind ('region', 'grouping', ...) where it is an area, named first
    ('grouping-NATO', never confused with the organisation 'NATO**')."""
    s = view.scope
    where = (f"{kind}-" if kind and view.country else "") + slug(view.country) \
        if view.country else (
        "world" if view.area_kind is None else f"world-by-{view.area_kind}")
    cats = "_" + "-".join(slug(c) for c in s.categories) if s.categories else ""
    return (f"tiv-table_{s.side}_{where}_{s.start}-{s.end}_by-{view.by}{cats}"
            f"_release-{s.release}.csv")


def csv_text(ds: Dataset, view: TableView) -> str:
    """Every cell of the table, one row per name and column, saying in every row what
    the table is, for which years and categories, and which release."""
    result = table_result(ds, view)
    s = view.scope
    frame = tt.long_frame(result.table, "name").rename(columns={
        "name": result.name_column, "tiv": "tiv_millions", "share": "share_percent",
        "rank": "rank", "total_tiv": "total_tiv_millions",
        "total_share": "total_share_percent"})
    area = ds.area(s.release, view.country) if view.country else None
    head = pd.DataFrame({
        "table": result.subject, "side": s.side,
        "country": ds.name(view.country) if view.country else "world",
        "country_kind": area.kind if area else ("country" if view.country else "world"),
        "rows": view.area_kind or ("partners" if view.country else "countries"),
        "share_of": result.of, "table_years": f"{s.start}-{s.end}",
        "categories": "; ".join(s.categories) or "all"}, index=frame.index)
    out = pd.concat([head, frame], axis=1).assign(
        units="SIPRI TIV, millions (a volume, not money)", release=s.release)
    return export.csv_text(out)
