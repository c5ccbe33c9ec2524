"""Flows page (/flows): the largest supplier → recipient flows of a period as a Sankey
diagram, filterable by armament category and by region or grouping (which end of a flow
is in it); a click on a flow (or its row in the table) opens the pair page on that flow's
deals."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import flows as fc
from dashboard.components import cards as ui
from dashboard.components import viewparts as vp
from dashboard.compute import regions
from dashboard.data import Dataset
from dashboard.figures.base import graph_config
from dashboard.state import flowstate as fs

V = ids.FLOWS
CHART_CONFIG: Any = graph_config("flows")
ROLE_OPTIONS = [{"label": "supplier or recipient", "value": "either"},
                {"label": "supplier", "value": "supplier"},
                {"label": "recipient", "value": "recipient"},
                {"label": "both", "value": "both"}]
LINK_HINT = "Click a flow in the diagram, or a row of the table, to open its pair page."

dash.register_page(__name__, path="/flows", name="Flows", order=4,
                   title="armsdash: largest arms flows",
                   description="The largest supplier → recipient arms flows of a period")


def table(ds: Dataset, view: fs.FlowView) -> Any:
    """The flows drawn, each with a link to its pair page."""
    frame = fc.flows_frame(ds, view)
    shares = fc.world_shares(ds, view)  # a release of part of the world has none
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "rank", "supplier", "recipient", "TIV (millions)", *(["% of world"] if shares else []),
        "")]))
    body = html.Tbody([html.Tr([
        html.Td(str(r.rank)), html.Td(str(r.supplier_name)), html.Td(str(r.recipient_name)),
        html.Td(f"{r.tiv:,.0f}"), *([html.Td(f"{r.share:.1f}%")] if shares else []),
        html.Td(dcc.Link("pair page →", href=fc.pair_href(ds, view, str(r.supplier),
                                                          str(r.recipient))))])
        for r in frame.itertuples(index=False)])
    share_note = "; % of all deliveries in the years" if shares else ""
    caption = html.Caption(f"{fc.title(view)}{share_note}, release {view.scope.release}")
    return html.Div(dbc.Table([caption, head, body], size="sm", striped=True, hover=True,
                              className="small mb-1"), className="table-responsive")


def area_options(ds: Dataset, release: str) -> list[dict[str, str]]:
    """The release's regions, subregions and groupings as dropdown options."""
    return regions.area_options(ds.areas.get(release, {}))


def render(ds: Dataset, view: fs.FlowView, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    frame = fc.flows_frame(ds, view)
    return {"notice": vp.notice(notes), "headline": fc.empty_reason(view, frame) or (
                f"{fc.title(view)}, SIPRI release {view.scope.release}."),
            "figure": fc.figure(ds, view), "table": table(ds, view),
            "search": fs.serialise(view)}


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = fs.parse(query, ds.choices, ds.areas)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    controls = [
        *vp.scope_controls(V, ds, view.scope, with_side=False),
        vp.field("Region or grouping", dcc.Dropdown(
            id=ids.FLOWS_AREA, options=area_options(ds, view.scope.release),
            value=view.area, clearable=True, searchable=True,
            placeholder="every country"),
            "Members count in the years they belong."),
        vp.field("Which end is in it", dbc.RadioItems(
            id=ids.FLOWS_ROLE, value=view.role, options=ROLE_OPTIONS)),
        vp.field("Flows shown", dbc.Input(
            id=ids.FLOWS_TOP, type="number", min=fs.TOP_RANGE[0], max=fs.TOP_RANGE[1],
            step=1, value=view.top, debounce=True),
            f"The largest {fs.TOP_RANGE[0]} to {fs.TOP_RANGE[1]}."),
    ]
    main = [
        html.Div(vp.csv_button(V), className="mb-2"),
        html.Div(LINK_HINT, id=ids.FLOWS_LINK, role="status",
                 className="small text-body-secondary mb-2"),
        dbc.Card(dbc.CardBody([
            dcc.Graph(id=V.graph, figure=out["figure"], config=CHART_CONFIG),
            html.H2("Data table", className="h6 mt-2"),
            html.Div(out["table"], id=V.table)]), className="mb-3 shadow-sm"),
    ]
    return vp.frame(V, out["search"], out["notice"], out["headline"], controls, main)


OUTPUTS = {**vp.view_outputs(V), "figure": Output(V.graph, "figure"),
           "table": Output(V.table, "children"), "top": Output(ids.FLOWS_TOP, "value"),
           "area_options": Output(ids.FLOWS_AREA, "options"),
           "area": Output(ids.FLOWS_AREA, "value"), "role": Output(ids.FLOWS_ROLE, "value"),
           "link": Output(ids.FLOWS_LINK, "children", allow_duplicate=True)}
INPUTS = [Input(V.release, "value"), Input(V.years, "value"), Input(V.categories, "value"),
          Input(ids.FLOWS_TOP, "value"), Input(ids.FLOWS_AREA, "value"),
          Input(ids.FLOWS_ROLE, "value")]


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(release: object, years: object, categories: object, top: object,
           area: object, role: object) -> dict[str, Any]:
    """Re-render the diagram and table from the controls."""
    ds = data.current()
    query = vp.scope_query(None, release, years, categories,
                           release_changed=ctx.triggered_id == V.release)
    query.pop("side")
    query.update({"top": vp.text(top), "area": vp.text(area), "role": vp.text(role)})
    parsed = fs.parse(query, ds.choices, ds.areas)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    return {**vp.view_values(ds, view.scope, out["notice"], out["headline"], out["search"]),
            "figure": out["figure"], "table": out["table"], "top": view.top,
            "area_options": area_options(ds, view.scope.release), "area": view.area,
            "role": view.role, "link": LINK_HINT}


@dash.callback(Output(ids.FLOWS_LINK, "children"), Input(V.graph, "clickData"),
               State(V.view, "data"), prevent_initial_call=True)
def follow_click(click: object, search: object) -> Any:
    """A click on a flow links to its pair page."""
    ds = data.current()
    view = fs.parse_search(search if isinstance(search, str) else "", ds.choices,
                           ds.areas).view
    frame = fc.flows_frame(ds, view)
    row = fc.clicked_flow(frame, click)
    if row is None:
        return LINK_HINT
    flow = frame.iloc[row]
    return [html.Span(f"{flow['supplier_name']} → {flow['recipient_name']}: "
                      f"{flow['tiv']:,.0f} TIV (millions) in the years shown. ",
                      className="fw-semibold"),
            dcc.Link("Open the pair page →", href=fc.pair_href(
                ds, view, str(flow["supplier"]), str(flow["recipient"])),
                className="fw-semibold")]


def csv_file(ds: Dataset, search: str) -> tuple[str, str]:
    """The CSV of the view: the flows drawn."""
    view = fs.parse_search(search, ds.choices, ds.areas).view
    return fc.csv_name(view), fc.csv_text(ds, view)


vp.register_csv(V, csv_file)
