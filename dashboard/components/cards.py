"""Shared pieces of the page layouts: chart cards with their exports, tables, notices,
and the callbacks every chart card has (CSV download, PNG/SVG export, URL sync)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, dcc, html

from dashboard import data
from dashboard.charts.country import CHARTS, Chart
from dashboard.compute import export
from dashboard.figures.base import graph_config
from dashboard.ids import ChartIds
from dashboard.state import urlstate

MAX_TABLE_ROWS = 400

# Browser-side callbacks live in assets/armsdash.js (no inline scripts under the CSP).
NAMESPACE = "armsdash"


def notices(messages: Sequence[str]) -> list[dbc.Alert]:
    """One warning alert listing what the view changed from what was asked for, and what
    the release shown covers."""
    if not messages:
        return []
    return [dbc.Alert([html.Strong("About this view: "),
                       html.Ul([html.Li(m) for m in messages], className="mb-0")],
                      color="warning", className="py-2 small", dismissable=True)]


def data_table(frame: pd.DataFrame, caption: str = "") -> html.Div:
    """A plain accessible table of a frame: the chart's data, as numbers."""
    shown = frame.head(MAX_TABLE_ROWS)
    whole = ["rank" in str(c) or str(c) == "year" for c in shown.columns]
    head = html.Thead(html.Tr([html.Th(str(c), scope="col") for c in shown.columns]))
    body = html.Tbody([html.Tr([html.Td(_cell(v, w)) for v, w in zip(row, whole, strict=True)])
                       for row in shown.itertuples(index=False)])
    children: list[object] = [html.Caption(caption)] if caption else []
    note = ([html.P(f"First {MAX_TABLE_ROWS} of {len(frame)} rows; the CSV has all.",
                    className="small text-muted")] if len(frame) > MAX_TABLE_ROWS else [])
    return html.Div([dbc.Table([*children, head, body], size="sm", striped=True,
                               bordered=False, hover=True, className="small mb-1"),
                     *note], className="table-responsive chart-table")


def wide_table(frame: pd.DataFrame, index: str, columns: str, values: str) -> pd.DataFrame:
    """A long frame pivoted for reading: one row per `index`, one column per series."""
    return frame if frame.empty else export.wide(frame, index, columns, values)


def _cell(value: object, whole: bool = False) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        if pd.isna(value):
            return "–"
        return f"{value:.0f}" if whole else f"{value:,.1f}"
    return str(value)


def chart_card(ids: ChartIds, chart: Chart, table: Any,
               extra_config: dict[str, object] | None = None,
               table_open: bool = False) -> dbc.Card:
    """A chart with CSV, PNG and SVG buttons, its data table (folded) and a download sink.
    The images are named after the view the figure shows (its layout.meta.filename), so
    Plotly's own camera button, which keeps the name of the first view, is left out."""
    buttons = dbc.ButtonGroup([
        dbc.Button("CSV", id=ids.csv, size="sm", color="secondary", outline=True,
                   title="Download the data behind this chart as CSV"),
        dbc.Button("PNG", id=ids.png, size="sm", color="secondary", outline=True,
                   title="Download this chart as a PNG image"),
        dbc.Button("SVG", id=ids.svg, size="sm", color="secondary", outline=True,
                   title="Download this chart as an SVG image"),
    ], size="sm", className="float-end")
    config: Any = graph_config(chart.file_stem)
    config = {**config, **(extra_config or {}),
              "modeBarButtonsToRemove": [*config["modeBarButtonsToRemove"], "toImage"]}
    return dbc.Card(dbc.CardBody([
        html.Div(buttons, className="clearfix mb-1"),
        dcc.Graph(id=ids.graph, figure=chart.figure, config=config,
                  className="chart-graph"),
        dbc.Button(table_label(table_open), id=ids.toggle, color="link", size="sm",
                   className="p-0 mt-1 small table-toggle", n_clicks=0),
        dbc.Collapse(html.Div(table, id=ids.table), id=ids.details, is_open=table_open),
        dcc.Download(id=ids.download),
        dcc.Store(id=ids.image_sink), dcc.Store(id=ids.table_view),
    ]), className="mb-3 shadow-sm")


def table_label(is_open: bool) -> str:
    """The data-table button's text: what a click does."""
    return ("▼ Hide data table" if is_open else "▶ Data table")


def register_chart_exports(ids: ChartIds, key: str, store_id: str, page: str) -> None:
    """CSV download of chart `key` of the page's view, and PNG/SVG export in the browser."""
    register_exports(ids, store_id, page_chart(page, key))


def register_exports(ids: ChartIds, store_id: str, chart_of: Callable[[str], Chart]) -> None:
    """CSV download of the chart of the view in `store_id` (a query string), named after
    what it holds, and PNG/SVG export in the browser (named by the figure)."""

    @dash.callback(Output(ids.download, "data"), Input(ids.csv, "n_clicks"),
                   State(store_id, "data"), prevent_initial_call=True)
    def download_csv(n_clicks: object, search: object) -> object:
        """Send the CSV of exactly the data the chart shows for the current view."""
        if not n_clicks:
            return dash.no_update
        chart = chart_of(search if isinstance(search, str) else "")
        return dcc.send_string(chart.csv(), chart.file_name("csv"))

    for button, fmt in ((ids.png, "png"), (ids.svg, "svg")):
        dash.clientside_callback(
            ClientsideFunction(NAMESPACE, fmt),
            Output(ids.image_sink, "data", allow_duplicate=True),
            Input(button, "n_clicks"), State(ids.graph, "id"), State(ids.graph, "config"),
            prevent_initial_call=True)


def page_chart(page: str, key: str) -> Callable[[str], Chart]:
    """Chart `key` of the view of a country or world page in a query string."""
    def chart_of(search: str) -> Chart:
        ds = data.current()
        return CHARTS[key](ds, urlstate.parse_search(page, search, ds.choices).view)
    return chart_of


def register_table(ids: ChartIds, key: str, store_id: str, page: str,
                   render: Callable[[Chart], Any]) -> None:
    """Fill a chart's data table when it is opened, and keep it current while open."""
    register_chart_table(ids, store_id, page_chart(page, key), render)


def register_chart_table(ids: ChartIds, store_id: str, chart_of: Callable[[str], Chart],
                         render: Callable[[Chart], Any]) -> None:
    """Open and fold a chart's data table with its button; fill it when opened (the chart
    of the view in `store_id`, a query string) and keep it current while open. A folded
    table costs nothing: the browser passes the view on to the server only while the
    table is open (a page has up to seven tables, most folded, and each would otherwise
    be asked for on every change of the view)."""

    @dash.callback(Output(ids.details, "is_open"), Output(ids.toggle, "children"),
                   Input(ids.toggle, "n_clicks"), State(ids.details, "is_open"),
                   prevent_initial_call=True)
    def toggle_table(n_clicks: object, is_open: object) -> tuple[bool, str]:
        """A click opens a folded table and folds an open one."""
        now = not bool(is_open) if n_clicks else bool(is_open)
        return now, table_label(now)

    dash.clientside_callback(ClientsideFunction(NAMESPACE, "whileOpen"),
                             Output(ids.table_view, "data"), Input(ids.details, "is_open"),
                             Input(store_id, "data"), prevent_initial_call=True)

    @dash.callback(Output(ids.table, "children"), Input(ids.table_view, "data"),
                   prevent_initial_call=True)
    def fill_table(search: object) -> Any:
        """The table of the chart's data for the view of the open table."""
        return render(chart_of(search if isinstance(search, str) else ""))


def register_url_sync(store_id: str, sink_id: str) -> None:
    """Keep the address bar's query string equal to the view held in `store_id`."""
    dash.clientside_callback(ClientsideFunction(NAMESPACE, "syncUrl"),
                             Output(sink_id, "data"), Input(store_id, "data"))


def error_layout(message: str) -> dbc.Container:
    """What a page shows when there is no usable data."""
    return dbc.Container(dbc.Alert([html.H4("No data to show"), html.P(message)],
                                   color="danger"), className="py-4")


def safe_layout(render: Callable[[], object]) -> object:
    """Render a page; a missing or broken build gives a clear message, not a traceback."""
    try:
        return render()
    except data.DataError as err:
        return error_layout(str(err))
