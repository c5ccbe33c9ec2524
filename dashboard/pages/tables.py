"""TIV tables page (/tables): every importer or exporter, or every partner of one country
or SIPRI region, subregion or grouping,
by year or by SIPRI's fixed five-year periods, with totals, shares and ranks, as SIPRI's
own TIV tables; sortable (the sort is kept in the URL), a chart of the shares by column,
and the CSV of every cell."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import tables as tc
from dashboard.components import cards as ui
from dashboard.components import grids
from dashboard.components import viewparts as vp
from dashboard.components.controls import release_country_options
from dashboard.data import Dataset
from dashboard.figures.base import graph_config
from dashboard.state import tablestate as ts

V = ids.TABLES
TIV_FORMAT = {"function": "params.value == null ? '' : (params.value < 0.5 ? '0' : "
                          "d3.format(',.0f')(params.value))"}
SHARE_FORMAT = {"function": "params.value == null ? '' : d3.format('.1f')(params.value) + '%'"}
RANK_FORMAT = {"function": "params.value == null ? '' : d3.format('d')(params.value)"}
CHART_CONFIG: Any = graph_config("tiv_table_shares")
ROWS_OPTIONS = [{"label": "Countries", "value": "countries"},
                {"label": "SIPRI regions", "value": "regions"},
                {"label": "Subregions", "value": "subregions"},
                {"label": "Groupings (NATO, EU, ASEAN, …)", "value": "groupings"}]
BY_OPTIONS = [{"label": "Years", "value": "year"},
              {"label": "Five-year periods (2000–04, 2005–09, …)", "value": "period"}]

dash.register_page(__name__, path="/tables", name="Tables", order=2,
                   title="armsdash: TIV tables",
                   description="SIPRI-style TIV tables: every importer or exporter by year "
                               "or five-year period, with totals, shares and ranks")


def _col(field: str, header: str, fmt: dict[str, str], width: int, sort: str | None,
         **more: Any) -> dict[str, Any]:
    col: dict[str, Any] = {"field": field, "headerName": header, "valueFormatter": fmt,
                           "width": width, "type": "rightAligned", **more}
    if sort:
        col["sort"] = sort
    return col


def column_defs(result: tc.TableResult, view: ts.TableView) -> list[dict[str, Any]]:
    """AG Grid columns in SIPRI's layout: rank, name, each column, total, share."""
    key = ts.sort_key(view.sort)
    sort = {key: view.order}
    s = view.scope
    defs: list[dict[str, Any]] = [
        # rank and name pinned (below) narrow (a long name in full on hover), so that a
        # phone shows the table's columns beside them too
        _col("rank", "Rank", RANK_FORMAT, 70, sort.get("rank")),
        {"field": "name", "headerName": result.name_column.capitalize(), "width": 160,
         "sort": sort.get("name"), "filter": "agTextColumnFilter", "tooltipField": "name"},
    ]
    if view.country is None:  # each row opens its own partners' table
        defs.append({"field": "partners", "headerName": "", "cellRenderer": "markdown",
                     "width": 104, "sortable": False, "filter": False})
    for col in result.table.columns:
        if view.by == "period":
            defs.append({"headerName": col.label, "children": [
                _col(col.key, "TIV", TIV_FORMAT, 90, sort.get(col.key)),
                _col(f"{col.key}_share", "%", SHARE_FORMAT, 80, None),
                _col(f"{col.key}_rank", "rank", RANK_FORMAT, 72, None)]})
        else:
            defs.append(_col(col.key, col.label, TIV_FORMAT, 82, sort.get(col.key)))
    defs.append(_col("total", tc.years_text(s.start, s.end), TIV_FORMAT, 135,
                     sort.get("total")))
    defs.append(_col("share", f"% of {result.of}", SHARE_FORMAT, 120, None))
    return grids.pinned(defs, left=("rank", "name"), right=("total",))


def render(ds: Dataset, view: ts.TableView, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    result = tc.table_result(ds, view)
    frame = tc.sorted_frame(result, view)
    if view.country is None:
        frame["partners"] = [f"[partners →]({href})"
                             for href in ts.partners_hrefs(view, frame["name"].tolist())]
    total_label = f"Total ({result.of})"
    return {
        "notice": vp.notice(notes, result.notes),
        "headline": result.empty or tc.title(ds, view, result),
        "columns": column_defs(result, view), "rows": vp.records(frame),
        "options": grid_options([tc.tt.totals_row(result.table, total_label)]
                                if result.table.names else []),
        "figure": tc.chart_figure(ds, view, result), "search": ts.serialise(view)}


def grid_options(bottom: list[dict[str, object]]) -> dict[str, Any]:
    """Grid options: the totals row pinned at the bottom."""
    return {"pinnedBottomRowData": bottom, "enableCellTextSelection": True,
            "suppressColumnVirtualisation": True, "animateRows": False}


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = ts.parse(query, ds.choices, ds.areas)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    controls = [
        vp.field("Country", dcc.Dropdown(
            id=ids.TABLES_COUNTRY, options=release_country_options(ds, view.scope.release),
            value=view.country, clearable=True, searchable=True,
            placeholder="every country (SIPRI's world table)"),
            "Pick a country, region or grouping for its partners; clear for every "
            "country."),
        *vp.scope_controls(V, ds, view.scope,
                           side_labels=("Imports (by recipient)", "Exports (by supplier)")),
        vp.field("Rows of the world table", dbc.RadioItems(
            id=ids.TABLES_ROWS, value=view.rows, options=ROWS_OPTIONS),
            "Areas count their members in the years they belong."),
        vp.field("Columns", dbc.RadioItems(id=ids.TABLES_BY, value=view.by,
                                           options=BY_OPTIONS)),
    ]
    main = [
        html.Div([vp.csv_button(V, "Download CSV (every cell)")], className="mb-2"),
        dag.AgGrid(id=V.table, columnDefs=out["columns"], rowData=out["rows"],
                   dashGridOptions=out["options"],
                   defaultColDef=grids.default_col(
                       sortable=True, sortingOrder=["desc", "asc", None]),
                   className="ag-theme-quartz", style={"height": "560px", "width": "100%"}),
        html.P("Cells: SIPRI TIV, millions (a volume of arms, not money). 0 = below 0.5; "
               "empty = no deliveries. Click a column header to sort.",
               className="small text-muted mt-1"),
        dbc.Card(dbc.CardBody(dcc.Graph(id=V.graph, figure=out["figure"],
                                        config=CHART_CONFIG)),
                 className="mb-3 shadow-sm mt-2"),
    ]
    return vp.frame(V, out["search"], out["notice"], out["headline"], controls, main)


OUTPUTS = {**vp.view_outputs(V), "columns": Output(V.table, "columnDefs"),
           "rows": Output(V.table, "rowData"), "options": Output(V.table, "dashGridOptions"),
           "figure": Output(V.graph, "figure"),
           "country_options": Output(ids.TABLES_COUNTRY, "options"),
           "country": Output(ids.TABLES_COUNTRY, "value"), "by": Output(ids.TABLES_BY, "value"),
           "table_rows": Output(ids.TABLES_ROWS, "value")}
INPUTS = [Input(ids.TABLES_COUNTRY, "value"), Input(V.side, "value"),
          Input(V.release, "value"), Input(V.years, "value"), Input(ids.TABLES_BY, "value"),
          Input(V.categories, "value"), Input(ids.TABLES_ROWS, "value"),
          State(V.view, "data")]


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(country: object, side: object, release: object, years: object, by: object,
           categories: object, rows: object, search: object) -> dict[str, Any]:
    """Re-render the table from the controls (the sort kept from the view)."""
    ds = data.current()
    before = ts.parse_search(search if isinstance(search, str) else "", ds.choices,
                              ds.areas).view
    query = vp.scope_query(side, release, years, categories,
                           release_changed=ctx.triggered_id == V.release)
    query.update({"country": vp.text(country), "by": vp.text(by), "rows": vp.text(rows),
                  "sort": before.sort, "order": before.order})
    if ctx.triggered_id == ids.TABLES_COUNTRY and vp.text(country) != (before.country or ""):
        query.pop("by")  # a country opens on periods, the world table on years
        query["rows"] = "countries"  # a country's table lists its partners
    if ctx.triggered_id == ids.TABLES_ROWS and vp.text(rows) != "countries":
        query["country"] = ""  # areas are rows of the world table
    parsed = ts.parse(query, ds.choices, ds.areas)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    return {**vp.view_values(ds, view.scope, out["notice"], out["headline"], out["search"]),
            "columns": out["columns"], "rows": out["rows"], "options": out["options"],
            "figure": out["figure"],
            "country_options": release_country_options(ds, view.scope.release),
            "country": view.country, "by": view.by, "table_rows": view.rows}


@dash.callback(Output(V.view, "data", allow_duplicate=True),
               Input(V.table, "columnState"), State(V.view, "data"),
               prevent_initial_call=True)
def sorted_by(state: object, search: object) -> object:
    """A click on a column header: the new sort goes into the view (and the URL)."""
    ds = data.current()
    view = ts.parse_search(search if isinstance(search, str) else "", ds.choices,
                              ds.areas).view
    sort = next(((c.get("colId"), c.get("sort")) for c in state
                 if isinstance(c, dict) and c.get("sort") in ts.ORDERS),
                None) if isinstance(state, list) else None
    if sort is None:
        return dash.no_update
    value = ts.sort_value(str(sort[0]))
    if value is None or (value, sort[1]) == (view.sort, view.order):
        return dash.no_update
    changed = replace(view, sort=value, order=str(sort[1]))
    return ts.serialise(changed)


def csv_file(ds: Dataset, search: str) -> tuple[str, str]:
    """The CSV of the view: every cell, self-describing."""
    view = ts.parse_search(search, ds.choices, ds.areas).view
    area = ds.area(view.scope.release, view.country) if view.country else None
    return tc.csv_name(view, area.kind if area else None), tc.csv_text(ds, view)


vp.register_csv(V, csv_file)
