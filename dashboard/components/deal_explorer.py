"""The deal explorer: a grid of the deals behind a view, and the open orders beside it.

`grid_layout(ids)` and `pipeline_layout(ids)` give the components; `register(ids, source)`
wires their callbacks once per page. A page writes a `DealQuery` dict into `ids.query`
(its view, or one clicked bar); the grid then loads its rows block by block from the
server (AG Grid's infinite row model), so it stays responsive with every deal of a
release. Other features (an event marker's click) write deal ids into `ids.highlight`:
those rows are marked and come first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate
from flask import Flask, Response, request

from dashboard.components import grids
from dashboard.compute import deal_grid as g
from dashboard.compute import deals as d
from dashboard.compute.deal_source import DealSource
from dashboard.ids import GridIds

PAGE_SIZE = 50
CSV_PATH = "/download/deals.csv"
PIPELINE_ROWS = 12
HIGHLIGHT_STYLE = {"backgroundColor": "#fff3cd", "fontWeight": "600"}


# --- layout --------------------------------------------------------------------------------


def grid_layout(ids: GridIds, title: str = "Deals behind this view",
                view: Mapping[str, Any] | None = None,
                query: Mapping[str, Any] | None = None,
                highlight: Sequence[int] = ()) -> html.Section:
    """The grid card: heading, summary line, search, clear and CSV buttons, the grid.

    `view` and `query` (DealQuery dicts) fill the stores where no callback does at load;
    `highlight` holds SIPRI deal ids marked and shown first.
    """
    return html.Section([
        html.H2(title, className="h5 mt-4 mb-1"),
        html.P(id=ids.summary, className="small text-body-secondary mb-2", role="status"),
        dbc.Row([
            dbc.Col([
                dbc.Label("Search the deals", html_for=ids.search, className="visually-hidden"),
                dbc.Input(id=ids.search, type="search", debounce=True,
                          placeholder="Search designation, description, comments…"),
            ], md=6),
            dbc.Col([
                dbc.Button("Show all deals of the view", id=ids.clear, color="secondary",
                           outline=True, size="sm", className="me-2"),
                dbc.Button("Download CSV of the rows shown", id=ids.csv, color="primary",
                           outline=True, size="sm", href=CSV_PATH, external_link=True,
                           download="deals.csv"),
            ], md=6, className="text-md-end mt-2 mt-md-0"),
        ], className="mb-2 g-2"),
        dag.AgGrid(
            id=ids.grid,
            rowModelType="infinite",
            columnDefs=grids.pinned(g.column_defs(), left=("designation",),
                                    right=("tiv_in_view",)),
            defaultColDef=grids.default_col(
                sortable=True, filterParams={"maxNumConditions": 2, "buttons": ["reset"]}),
            dashGridOptions={
                "pagination": True, "paginationPageSize": PAGE_SIZE,
                "paginationPageSizeSelector": False, "cacheBlockSize": PAGE_SIZE,
                "maxBlocksInCache": 20, "infiniteInitialRowCount": 1,
                "tooltipShowDelay": 300, "enableCellTextSelection": True,
                "suppressMultiSort": False,
            },
            getRowStyle={"styleConditions": [
                {"condition": "params.data && params.data.highlight",
                 "style": HIGHLIGHT_STYLE}]},
            className="ag-theme-quartz",
            style={"height": "480px", "width": "100%"},
        ),
        dcc.Store(id=ids.view, data=dict(view) if view else None),
        dcc.Store(id=ids.query, data=dict(query) if query else None),
        dcc.Store(id=ids.highlight, data=list(highlight)),
        dcc.Store(id=ids.refresh),
    ])


def pipeline_layout(ids: GridIds, title: str = "Open orders: the pipeline") -> dbc.Card:
    """The open-orders card: filled by the pipeline callback from the view."""
    return dbc.Card(dbc.CardBody([
        html.H2(title, className="h5 mb-2"),
        html.Div(id=ids.pipeline),
    ]), className="mb-3 shadow-sm")


# --- pure pieces of the callbacks ---------------------------------------------------------


def query_of(data: Mapping[str, Any] | None, search: str | None) -> d.DealQuery | None:
    """The query in a store, with the search box's text; None where the store is empty."""
    if not data:
        return None
    return replace(d.query_from_dict(data), search=(search or "").strip()[:200])


def served_query(source: DealSource, data: Mapping[str, Any] | None, search: str | None
                 ) -> d.DealQuery | None:
    """query_of, for a release the build being served holds: a view kept from before the
    build was replaced can name a release no longer in it (DealQueryError says so)."""
    query = query_of(data, search)
    if query is not None and not source.has_release(query.release):
        raise d.DealQueryError(f"release {query.release} is not in the build being served "
                               "(the data were replaced since this page was opened: reload it)")
    return query


def shown_positions(rows: pd.DataFrame, request: Mapping[str, Any] | None) -> np.ndarray:
    """Positions of the rows the grid shows, after its column filters, in its sort order."""
    request = request or {}
    positions = np.flatnonzero(g.filter_mask(rows, request.get("filterModel") or {}))
    return g.sort_order(rows, request.get("sortModel") or [], positions)


def shown_rows(rows: pd.DataFrame, request: Mapping[str, Any] | None) -> pd.DataFrame:
    """The grid's rows after its column filters, in its sort order."""
    return rows.iloc[shown_positions(rows, request)]


def click_point(click: Mapping[str, Any] | None, figure: Mapping[str, Any] | None
                ) -> tuple[int, str, list[str], float] | None:
    """(year, trace name, names of the other bar/area traces, clicked value) of a click."""
    if not isinstance(click, Mapping) or not isinstance(figure, Mapping):
        return None
    points = click.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], Mapping):
        return None
    point = points[0]
    traces = figure.get("data") or []
    if not isinstance(traces, list) or not all(isinstance(t, Mapping) for t in traces):
        return None
    curve = point.get("curveNumber")
    if not isinstance(curve, int) or not 0 <= curve < len(traces):
        return None
    trace = traces[curve]
    if trace.get("type") not in ("bar", "scatter") or trace.get("yaxis") == "y2":
        return None
    try:
        year = round(float(point["x"]))
    except (KeyError, TypeError, ValueError):
        return None
    names = [str(t.get("name")) for t in traces
             if t.get("type") == trace.get("type") and t.get("name") and t.get("yaxis") != "y2"]
    value = point.get("y")
    if not isinstance(value, int | float) or isinstance(value, bool):
        value = 0.0
    return year, str(trace.get("name")), names, float(value)


def view_years_for_click(year: int, window: int | None) -> tuple[int, int]:
    """The years behind a clicked point: the year, or the window ending in it (areas)."""
    return (year - window + 1, year) if window and window > 1 else (year, year)


def pipeline_rows(open_df: pd.DataFrame, name: Callable[[str], str], side: str | None
                  ) -> list[dict[str, Any]]:
    """Open orders as table rows: partner, designation, ordered/delivered, what is to come,
    and SIPRI's comment (its caveats: 'probably selected 2022 but not yet ordered')."""
    out = []
    for row in open_df.head(PIPELINE_ROWS).to_dict("records"):
        partner = row["supplier"] if side != "exports" else row["recipient"]
        units, tiv = row["units_to_come"], row["tiv_to_come"]
        out.append({
            "partner": name(str(partner)),
            "designation": f"{row['designation']} ({row['description']})",
            "order_year": _mark(row["order_year"], row["order_year_uncertain"], ""),
            "ordered": _mark(row["number_ordered"], row["number_ordered_uncertain"]),
            "delivered": _mark(row["number_delivered"], row["number_delivered_uncertain"]),
            "units_to_come": "unknown" if pd.isna(units) else f"{units:,.0f}",
            "tiv_to_come": "unknown" if pd.isna(tiv) else f"{tiv:,.1f}",
            "comments": comment_text(row.get("comments")),
        })
    return out


def comment_text(value: object) -> str:
    """SIPRI's comment on a deal as shown ('' where it has none)."""
    if not isinstance(value, str):
        return ""
    return value.strip()


def _mark(value: Any, uncertain: Any, thousands: str = ",") -> str:
    """A number with SIPRI's '?' where it is uncertain; '' where it is missing."""
    if value is None or pd.isna(value):
        return ""
    text = f"{value:{thousands}.0f}" if isinstance(value, float | int) else str(value)
    return text + (" ?" if uncertain is True else "")


def csv_filename(label: str, release: str) -> str:
    """A safe file name for the CSV of a view, naming what it holds and the release."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:80] or "deals"
    return f"armsdash-deals-{slug}_release-{release}.csv"


# --- callbacks -----------------------------------------------------------------------------


def pipeline_view(source: DealSource, query: d.DealQuery, side: str | None) -> list[Any]:
    """The pipeline card's children for a view: a sentence and a table, or why there is none."""
    name = source.name
    tables = source.tables(query.release)
    if not d.has_order_data(tables.raw_deals, query.release):
        others = [r for r in source.order_releases() if r != query.release]
        hint = (f" Choose release {others[-1]} (a trade register with orders) to see them."
                if others else "")
        return [html.P(f"Release {query.release} gives deliveries by year only, without "
                       f"orders: open orders cannot be shown for it.{hint}",
                       className="text-body-secondary small")]
    opened = d.open_orders(tables.raw_deals, replace(query, search=""))
    summary = d.pipeline(opened)
    children: list[Any] = [html.P(summary.sentence() + " TIV is SIPRI's volume indicator "
                                  "(millions), not money.", className="small mb-2")]
    if opened.empty:
        return children
    head = ["Partner", "Weapon", "Order year", "Ordered", "Delivered", "Units to come",
            "TIV to come (millions)", "SIPRI comment"]
    keys = ["partner", "designation", "order_year", "ordered", "delivered", "units_to_come",
            "tiv_to_come", "comments"]
    body = [html.Tr([html.Td(r[k], className="pipeline-comment" if k == "comments" else None)
                     for k in keys]) for r in pipeline_rows(opened, name, side)]
    children.append(dbc.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                               html.Tbody(body)], size="sm", striped=True, responsive=True,
                              className="small"))
    if len(opened) > PIPELINE_ROWS:
        children.append(html.P(f"The {PIPELINE_ROWS} largest of {len(opened)} open orders; "
                               "the rest are in the CSV of the grid with “open” = yes.",
                               className="small text-body-secondary"))
    children.append(html.P(source.source_line(query.release),
                           className="small text-body-secondary"))
    return children


def label_of(query: d.DealQuery, name: Callable[[str], str]) -> str:
    """What the grid shows, in words: the query's own label (plus the search) or a
    description of the query."""
    if not query.label:
        return g.describe(query, name)
    search = query.search.strip()
    return query.label + (f", matching “{search}”" if search else "")


def deal_ids(value: object) -> list[int]:
    """The deal ids in a highlight store (anything that is not an integer is left out)."""
    if not isinstance(value, list | tuple):
        return []
    return list(dict.fromkeys(v for v in value if isinstance(v, int)
                              and not isinstance(v, bool)))


def pin_first(rows: pd.DataFrame, positions: np.ndarray, highlight: Sequence[int]
              ) -> tuple[np.ndarray, set[int]]:
    """Positions with the highlighted deals first (each part in the grid's order), and the
    highlighted deal ids found among them."""
    if not highlight or not len(positions):
        return positions, set()
    ids = rows["deal_id"].to_numpy()[positions]
    marked = np.isin(ids, np.asarray(highlight, dtype=np.int64))
    return (np.concatenate([positions[marked], positions[~marked]]),
            {int(i) for i in ids[marked]})


def highlight_note(found: set[int], wanted: Sequence[int]) -> str:
    """What the summary says about highlighted deals (e.g. an event's linked deals)."""
    def deals(ids: list[int]) -> str:
        return ("deal " if len(ids) == 1 else "deals ") + ", ".join(map(str, ids))

    shown = [i for i in wanted if i in found]
    missing = [i for i in wanted if i not in found]
    parts = []
    if shown:
        parts.append(f"Highlighted and shown first: {deals(shown)}.")
    if missing:
        parts.append(f"Highlighted but not among the deals shown (other years, parties or "
                     f"filters): {deals(missing)}.")
    return ". " + " ".join(parts) if parts else ""


def grid_block(source: DealSource, request: Mapping[str, Any], data: Mapping[str, Any] | None,
               search: str | None, highlight: object
               ) -> tuple[dict[str, Any], str]:
    """The grid's answer to a block request: rows and row count, and the summary line.

    Highlighted deals (ids in the grid's highlight store) come first, so they are seen."""
    query = served_query(source, data, search)
    if query is None:
        return {"rowData": [], "rowCount": 0}, "Loading the deals of this view…"
    rows = source.rows(query)
    marked = deal_ids(highlight)
    try:
        positions, found = pin_first(rows, shown_positions(rows, request), marked)
    except g.GridRequestError as err:
        return {"rowData": [], "rowCount": 0}, f"Could not apply the grid's filter: {err}"
    label = label_of(query, source.name)
    first, last = g.block_range(request.get("startRow"), request.get("endRow"))
    page = rows.iloc[positions[first:last]]
    total = float(rows["tiv_in_view"].to_numpy()[positions].sum())
    return ({"rowData": g.records(page, marked), "rowCount": len(positions)},
            g.summary_line(len(positions), total, label) + highlight_note(found, marked))


def grid_csv(source: DealSource, data: Mapping[str, Any] | None, search: str | None,
             request: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """(file name, CSV text) of the rows shown, or None without a view."""
    query = served_query(source, data, search)
    if query is None:
        return None
    shown = shown_rows(source.rows(query), request)
    label = label_of(query, source.name)
    return (csv_filename(label, query.release),
            g.csv_text(shown, source.source_line(query.release)))


def csv_href(data: Mapping[str, Any] | None, search: str | None,
             request: Mapping[str, Any] | None) -> str:
    """The download link of the rows shown: the view, the search, the grid's filter and sort."""
    if not data:
        return CSV_PATH
    request = request or {}
    params = {"q": json.dumps(dict(data), separators=(",", ":")), "search": search or "",
              "filter": json.dumps(request.get("filterModel") or {}, separators=(",", ":")),
              "sort": json.dumps(request.get("sortModel") or [], separators=(",", ":"))}
    return CSV_PATH + "?" + urlencode(params)


def csv_request(args: Mapping[str, str]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """Parse the download link's parameters; raise ValueError naming a bad one."""
    parsed: dict[str, Any] = {}
    for key, kind in (("q", dict), ("filter", dict), ("sort", list)):
        try:
            value = json.loads(args.get(key) or ("[]" if kind is list else "{}"))
        except json.JSONDecodeError:
            raise ValueError(f"parameter {key!r} is not valid JSON") from None
        if not isinstance(value, kind):
            raise ValueError(f"parameter {key!r} must be a JSON {kind.__name__}")
        parsed[key] = value
    d.query_from_dict(parsed["q"])  # raises DealQueryError naming the field
    search = str(args.get("search") or "")[:200]
    return parsed["q"], search, {"filterModel": parsed["filter"], "sortModel": parsed["sort"]}


def add_csv_route(server: Flask, get_source: Callable[[], DealSource]) -> None:
    """Serve the CSV of the rows a grid shows at CSV_PATH (a plain download, not a callback)."""
    if "armsdash_deals_csv" in server.view_functions:
        return

    def deals_csv() -> Response:
        try:
            data, search, request_ = csv_request(request.args)
            made = grid_csv(get_source(), data, search, request_)
        except ValueError as err:  # DealQueryError and GridRequestError are ValueErrors
            return Response(f"Cannot export these deals: {err}\n", status=400,
                            mimetype="text/plain")
        if made is None:
            return Response("No view to export\n", status=400, mimetype="text/plain")
        name, text = made
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{name}"'})

    server.add_url_rule(CSV_PATH, "armsdash_deals_csv", deals_csv, methods=["GET"])


def side_of(query: d.DealQuery) -> str | None:
    """'imports' for a recipient's view, 'exports' for a supplier's, None for a pair."""
    if query.recipients and not query.suppliers:
        return "imports"
    if query.suppliers and not query.recipients:
        return "exports"
    return None


def register(ids: GridIds, get_source: Callable[[], DealSource]) -> None:
    """Wire the explorer's callbacks for one set of ids."""

    @callback(Output(ids.grid, "getRowsResponse"), Output(ids.summary, "children"),
              Input(ids.grid, "getRowsRequest"), State(ids.query, "data"),
              State(ids.search, "value"), State(ids.highlight, "data"))
    def _rows(request: dict[str, Any] | None, data: dict[str, Any] | None,
              search: str | None, highlight: object) -> tuple[Any, str]:
        """One block of rows for the grid, and the summary of all rows shown."""
        if request is None:
            raise PreventUpdate
        try:
            return grid_block(get_source(), g.check_request(request), _mapping(data),
                              _text(search), _ints(highlight))
        except ValueError as err:  # DealQueryError, GridRequestError: a hand-made request
            return {"rowData": [], "rowCount": 0}, f"Could not show these deals: {err}"

    clientside_callback(
        ClientsideFunction(namespace="armsdash_deals", function_name="refresh"),
        Output(ids.refresh, "data"),
        Input(ids.query, "data"), Input(ids.search, "value"), Input(ids.highlight, "data"),
        State(ids.grid, "id"),
        prevent_initial_call=True,
    )

    @callback(Output(ids.csv, "href"), Input(ids.query, "data"), Input(ids.search, "value"),
              Input(ids.grid, "getRowsRequest"))
    def _csv_link(data: dict[str, Any] | None, search: str | None,
                  request: dict[str, Any] | None) -> str:
        """Keep the CSV link on the rows shown (view, search, filters, sort)."""
        return csv_href(_mapping(data), _text(search), _mapping(request))

    @callback(Output(ids.pipeline, "children"), Input(ids.view, "data"))
    def _pipeline(data: dict[str, Any] | None) -> list[Any]:
        """The open orders of the view's parties and categories."""
        try:
            query = query_of(_mapping(data), "")
        except ValueError as err:  # DealQueryError: a hand-made request
            return [html.P(f"Could not read this view: {err}", className="small")]
        if query is None:
            raise PreventUpdate
        return pipeline_view(get_source(), query, side_of(query))


def _mapping(value: object) -> dict[str, Any] | None:
    """A store's value where it is an object, else None (as an empty store)."""
    return dict(value) if isinstance(value, Mapping) else None


def _text(value: object) -> str:
    """A text input's value, or '' for anything else."""
    return value if isinstance(value, str) else ""


def _ints(value: object) -> list[int]:
    """Deal ids from a store, ignoring anything that is not one."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]


def selection_query(view: Mapping[str, Any] | None, trigger: str | None, clear_id: str,
                    click: tuple[int, str, list[str], float] | None, side: str,
                    to_canonical: Callable[[str], str | None], window: int | None = None,
                    name: Callable[[str], str] = str) -> dict[str, Any] | None:
    """The grid's query after a page event: the whole view, or the deals behind a click."""
    if not view:
        return None
    base = d.query_from_dict(view)
    if trigger == clear_id or click is None:
        return base.to_dict()
    year, partner, names, value = click
    first, last = view_years_for_click(year, window)
    shown = [c for c in (to_canonical(n) for n in names if n != d.OTHER) if c]
    canonical = d.OTHER if partner == d.OTHER else to_canonical(partner)
    if canonical is None:
        return base.to_dict()
    q = d.bar_query(base, side, last, canonical, shown)
    q = replace(q, first_year=first, last_year=last)
    label = g.describe(q, name)
    if window and window > 1:
        label += f" (clicked: {value:,.1f}% of the {first}–{last} total)"
    else:
        label += f" (clicked bar: {value:,.1f} million TIV)"
    return replace(q, label=label).to_dict()


def open_in_pair_href(query: Mapping[str, Any] | None) -> str | None:
    """A pair-page URL for a one-supplier, one-recipient query, else None."""
    if not query:
        return None
    q = d.query_from_dict(query)
    if len(q.suppliers) != 1 or len(q.recipients) != 1:
        return None
    pairs: list[tuple[str, str]] = [("supplier", q.suppliers[0]), ("recipient", q.recipients[0]),
                                    ("release", q.release)]
    if q.first_year is not None and q.last_year is not None:
        pairs.append(("deals", f"{q.first_year}-{q.last_year}"))
    pairs += [("cat", c) for c in q.categories]
    return "/pair?" + urlencode(pairs)

