"""World page: a map of imports or exports in a period, the largest importers or exporters,
and a chosen country's rank over time. Entities without a country code are listed beside
the map, never dropped."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import components as ui
from dashboard import controls, data, ids, urlstate, views
from dashboard import metrics as m
from dashboard.data import Dataset
from dashboard.headline import percent

PAGE = "world"
C = ids.WORLD_CONTROLS
CARDS = (("map", ids.WORLD_MAP), ("top", ids.WORLD_TOP_CHART), ("rank", ids.WORLD_RANK))
FILES = {"map": "world_map", "top": "largest", "rank": "rank_over_time"}
KINDS = {"historical_state": "historical state", "non_state_group": "non-state armed group",
         "organisation": "organisation", "unknown": "unknown", "state": "state"}

dash.register_page(__name__, path="/world", name="World", order=1,
                   title="armsdash: world view",
                   description="World map, largest importers and exporters, ranks")


def unmapped(ds: Dataset, view: urlstate.View) -> Any:
    """The list of entities with no country code, with their volumes and shares."""
    rows = views.unmapped_rows(ds, view)
    _, flow, _ = views.roles(view.side)
    if rows.empty:
        return html.P("Every entity in this period has a country code.", className="small")
    records: list[dict[Any, Any]] = rows.to_dict("records")
    items = [html.Li([html.Span(str(r["name"]), className="fw-semibold"),
                      f" ({KINDS.get(str(r['kind']), str(r['kind']))}): {r['tiv']:,.0f} TIV, "
                      f"{percent(float(r['share']))}"])
             for r in records]
    return html.Div([
        html.H2("Not on the map", className="h6"),
        html.P(f"Historical states, non-state armed groups, organisations and unknown "
               f"parties have no country code; they count in the world total of {flow}.",
               className="small text-muted"),
        html.Ul(items, className="small ps-3 mb-0"),
    ])


def tables(chart: views.Chart) -> Any:
    """The readable table behind a chart."""
    names = {"tiv": "TIV (millions)", "share": "share %", "rank": "rank",
             "share_base": "share % before", "rank_base": "rank before",
             "change_pp": "change (points)", "name": "country", "iso3": "ISO3"}
    caption = {"map": "SIPRI TIV, millions, and % of the world total",
               "top": "% of the world total; change in percentage points from the "
                      "previous period",
               "rank": "Rank (1 = largest) and % of the world on rolling period sums"}
    return ui.data_table(chart.frame.rename(columns=names), caption[chart.key])


def render(ds: Dataset, view: urlstate.View, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    charts = {key: views.CHARTS[key](ds, view) for key, _ in CARDS}
    _, flow, _ = views.roles(view.side)
    label = m.period_label(*view.period_years)
    return {"notice": ui.notices(notes),
            "headline": f"World arms {flow} in {label}, release {view.release}.",
            "charts": charts,
            "unmapped": unmapped(ds, view), "props": controls.control_props(ds, view),
            "search": urlstate.serialise(view)}


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = urlstate.parse(PAGE, query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    geo = {"topojsonURL": dash.get_asset_url("topojson/")}
    map_card = ui.chart_card(ids.WORLD_MAP, out["charts"]["map"], [], FILES["map"],
                             extra_config=geo)
    return dbc.Container([
        dcc.Store(id=C.view, data=out["search"]), dcc.Store(id=C.url_sink),
        html.Div(out["notice"], id=C.notice, role="status"),
        html.P(out["headline"], id=C.headline, className="lead headline mb-3"),
        dbc.Row([
            dbc.Col(controls.panel(C, ds, view, out["props"], with_highlight=False),
                    lg=3, md=4),
            dbc.Col([
                dbc.Row([
                    dbc.Col(map_card, xl=9),
                    dbc.Col(dbc.Card(dbc.CardBody(out["unmapped"], id=ids.WORLD_UNMAPPED),
                                     className="mb-3 shadow-sm"), xl=3),
                ]),
                *[ui.chart_card(cid, out["charts"][key], [], FILES[key])
                  for key, cid in CARDS[1:]],
            ], lg=9, md=8),
        ]),
    ], fluid=True, className="py-3")


OUTPUTS = [
    Output(C.notice, "children"), Output(C.headline, "children"),
    *[Output(cid.graph, "figure") for _, cid in CARDS],
    Output(ids.WORLD_UNMAPPED, "children"),
    Output(C.years, "min"), Output(C.years, "max"), Output(C.years, "marks"),
    Output(C.years, "value"), Output(C.period, "options"), Output(C.period, "value"),
    Output(C.compare, "options"), Output(C.compare, "value"),
    Output(C.window, "value"), Output(C.top, "value"), Output(C.country, "value"),
    Output(C.view, "data"),
]
INPUTS = [Input(C.country, "value"), Input(C.side, "value"), Input(C.release, "value"),
          Input(C.years, "value"), Input(C.window, "value"), Input(C.period, "value"),
          Input(C.compare, "value"), Input(C.top, "value"), Input(C.categories, "value"),
          State(C.highlight, "data")]
RESETS = {C.release: ("years", "period", "compare"), C.window: ("period", "compare"),
          C.period: ("compare",)}


@dash.callback(*OUTPUTS, *INPUTS, prevent_initial_call=True)
def update(country: str | None, side: str | None, release: str | None,
           years: list[int] | None, window: object, period: object, compare: object,
           top: object, categories: list[str] | None,
           highlight: list[str] | None) -> tuple[Any, ...]:
    """Re-render the page from the controls, written back in their validated form."""
    ds = data.current()
    reset = RESETS.get(str(ctx.triggered_id), ())
    query = controls.query_from_controls(country, side, release, years, window, period,
                                         compare, top, categories, highlight, reset)
    parsed = urlstate.parse(PAGE, query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    props = out["props"]
    return (out["notice"], out["headline"],
            *[out["charts"][k].figure for k, _ in CARDS],
            out["unmapped"],
            props.years_min, props.years_max, props.years_marks, [view.start, view.end],
            props.period_options, view.period, props.compare_options, view.compare,
            view.window, view.top, view.country, out["search"])


ui.register_url_sync(C.view, C.url_sink)
for _key, _cid in CARDS:
    ui.register_chart_exports(_cid, _key, C.view, PAGE, FILES[_key])
    ui.register_table(_cid, _key, C.view, PAGE, tables)
