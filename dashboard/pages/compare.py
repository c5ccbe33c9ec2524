"""Compare page (/compare): several countries' arms imports or exports on one chart, in
SIPRI TIV or as a share of the world, annual or on rolling five-year sums; countries
are added and removed in the picker, and the URL keeps them."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import compare as cc
from dashboard.components import cards as ui
from dashboard.components import viewparts as vp
from dashboard.data import Dataset
from dashboard.figures.base import graph_config
from dashboard.state import comparestate as cs

V = ids.COMPARE
CHART_CONFIG: Any = graph_config("compare")
MEASURES = [{"label": "SIPRI TIV (millions)", "value": "tiv"},
            {"label": "% of the world total", "value": "share"}]

dash.register_page(__name__, path="/compare", name="Compare", order=3,
                   title="armsdash: compare countries",
                   description="Several countries' arms imports or exports on one chart")


def table(view: cs.CompareView, result: cc.CompareResult) -> Any:
    """The chart's values: a row per year, a column per country."""
    unit = "% of the world total" if view.measure == "share" else "SIPRI TIV, millions"
    return ui.data_table(cc.table_frame(view, result),
                         f"{unit}, {cc.span_text(view.window)} (year = last year summed)")


def render(ds: Dataset, view: cs.CompareView, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    result = cc.compare_result(ds, view)
    return {"notice": vp.notice(notes, result.caveats), "headline": result.title,
            "figure": cc.figure(ds, view, result), "table": table(view, result),
            "search": cs.serialise(view)}


def country_options(ds: Dataset, release: str) -> list[dict[str, str]]:
    """What can be put on the chart: every entity with deliveries in the release, then
    its regions, subregions and groupings."""
    return cc.options(ds, release)


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = cs.parse(query, ds.choices, ds.areas)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    controls = [
        vp.field("Countries, regions, groupings", dcc.Dropdown(
            id=ids.COMPARE_COUNTRIES, options=country_options(ds, view.scope.release),
            value=list(view.countries), multi=True, searchable=True,
            placeholder="add a country, region or grouping"),
            f"Type a name and press Enter to add it (up to {cs.MAX_COUNTRIES}); "
            "pick a chosen one again to remove it."),
        *vp.scope_controls(V, ds, view.scope),
        vp.field("Measure", dbc.RadioItems(id=ids.COMPARE_MEASURE, value=view.measure,
                                           options=MEASURES)),
        vp.field("Years summed per point", dcc.Dropdown(
            id=ids.COMPARE_WINDOW, value=view.window, clearable=False, searchable=False,
            options=[{"label": f"{w} years" if w > 1 else "1 year (annual)", "value": w}
                     for w in range(cs.WINDOW_RANGE[0], cs.WINDOW_RANGE[1] + 1)]),
            "SIPRI compares five-year sums: yearly deliveries jump."),
    ]
    main = [
        html.Div(vp.csv_button(V), className="mb-2"),
        dbc.Card(dbc.CardBody([
            dcc.Graph(id=V.graph, figure=out["figure"], config=CHART_CONFIG),
            html.H2("Data table", className="h6 mt-2"),
            html.Div(out["table"], id=V.table)]), className="mb-3 shadow-sm"),
    ]
    return vp.frame(V, out["search"], out["notice"], out["headline"], controls, main)


OUTPUTS = {**vp.view_outputs(V), "figure": Output(V.graph, "figure"),
           "table": Output(V.table, "children"),
           "country_options": Output(ids.COMPARE_COUNTRIES, "options"),
           "countries": Output(ids.COMPARE_COUNTRIES, "value"),
           "window": Output(ids.COMPARE_WINDOW, "value")}
INPUTS = [Input(ids.COMPARE_COUNTRIES, "value"), Input(V.side, "value"),
          Input(V.release, "value"), Input(V.years, "value"), Input(V.categories, "value"),
          Input(ids.COMPARE_MEASURE, "value"), Input(ids.COMPARE_WINDOW, "value")]


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(countries: object, side: object, release: object, years: object,
           categories: object, measure: object, window: object) -> dict[str, Any]:
    """Re-render the chart from the controls, written back in their validated form."""
    ds = data.current()
    query = vp.scope_query(side, release, years, categories,
                           release_changed=ctx.triggered_id == V.release)
    query.update({"country": vp.texts(countries), "measure": vp.text(measure),
                  "window": vp.text(window)})
    parsed = cs.parse(query, ds.choices, ds.areas)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    return {**vp.view_values(ds, view.scope, out["notice"], out["headline"], out["search"]),
            "figure": out["figure"], "table": out["table"],
            "country_options": country_options(ds, view.scope.release),
            "countries": list(view.countries), "window": view.window}


def csv_file(ds: Dataset, search: str) -> tuple[str, str]:
    """The CSV of the view: every point of every line."""
    view = cs.parse_search(search, ds.choices, ds.areas).view
    return cc.csv_name(view), cc.csv_text(ds, view)


vp.register_csv(V, csv_file)
