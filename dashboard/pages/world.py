"""World page: a map of imports or exports in a period, the largest importers or exporters,
and a chosen country's rank over time. Entities without a country code are listed beside
the map, never dropped. A click on a country (map or bar) links to its country page; the
rank chart carries the country's article events, with the page's event controls."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import country as country_charts
from dashboard.components import cards as ui
from dashboard.components import controls
from dashboard.components import events as event_parts
from dashboard.compute import events as events_ui
from dashboard.compute.headline import percent
from dashboard.compute.metrics import period_label
from dashboard.data import Dataset
from dashboard.state import urlstate

PAGE = "world"
C = ids.WORLD_CONTROLS
EV = ids.WORLD_EVENTS
LINK_HINT = "Click a country on the map or a bar to open its country page."
CARDS = (("map", ids.WORLD_MAP), ("top", ids.WORLD_TOP_CHART), ("rank", ids.WORLD_RANK),
         ("regions", ids.WORLD_REGIONS), ("region_shares", ids.WORLD_REGION_SHARES))
SHIFT_ROWS = 15
SHIFT_AMONG = 50
KINDS = {"historical_state": "historical state", "non_state_group": "non-state armed group",
         "organisation": "organisation", "unknown": "unknown", "state": "state"}

dash.register_page(__name__, path="/world", name="World", order=1,
                   title="armsdash: world view",
                   description="World map, largest importers and exporters, ranks")


def unmapped(ds: Dataset, view: urlstate.View) -> Any:
    """The list of entities with no country code, with their volumes and shares."""
    rows = country_charts.unmapped_rows(ds, view)
    _, flow, _ = country_charts.roles(view.side)
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


def shifts(ds: Dataset, view: urlstate.View) -> Any:
    """Countries whose main partner changed between the comparison and the focus period,
    and the largest changes in one partner's share among the largest importers (or
    exporters), each country linking to its page with the same periods."""
    table = country_charts.shift_table(ds, view)
    partner = "supplier" if view.side == "imports" else "market"
    noun = "importers" if view.side == "imports" else "exporters"
    title = html.H2(f"Main-{partner} shifts", className="h6")
    if view.compare_years is None or table.empty:
        why = ("Choose a period to compare with to see them."
               if view.compare_years is None else
               f"Release {view.release} gives no shares of the world's {view.side} here.")
        return html.Div([title, html.P(why, className="small mb-0")])
    now, then = (period_label(*view.period_years),
                 period_label(*view.compare_years))

    def link(row: Any) -> Any:
        href = "/" + urlstate.serialise(replace(view, country=str(row["country"])))
        return html.A(str(row["name"]), href=href)

    changed = table[table["changed"]].sort_values(["tiv", "name"], ascending=[False, True])
    largest = table.nlargest(SHIFT_AMONG, "tiv")
    moves = largest.assign(size=largest["change_pp"].abs()).sort_values(
        ["size", "name"], ascending=[False, True]).head(SHIFT_ROWS)
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "country", f"main {partner} {then}", f"main {partner} {now}", f"HHI {now}")]))
    rows = [html.Tr([html.Td(link(r)),
                     html.Td(f"{r['main_base']} {percent(r['share_base'])}"),
                     html.Td(f"{r['main']} {percent(r['share'])}"),
                     html.Td(f"{r['hhi']:.2f}")])
            for r in changed.head(SHIFT_ROWS).to_dict("records")]
    more = (f" The {SHIFT_ROWS} largest of {len(changed)} are listed."
            if len(changed) > SHIFT_ROWS else "")
    move_head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "country", partner, f"share change {then} → {now}")]))
    move_rows = [html.Tr([html.Td(link(r)), html.Td(str(r["mover"])),
                          html.Td(f"{r['change_pp']:+.1f} points")])
                 for r in moves.to_dict("records")]
    return html.Div([
        title,
        html.P(f"{len(changed)} of {len(table)} {noun} with {view.side} in both {then} and "
               f"{now} changed their main {partner}.{more} HHI: the sum of squared "
               f"{partner} shares (0–1; above 0.25 highly concentrated).",
               className="small"),
        dbc.Table([head, html.Tbody(rows)], size="sm", striped=True,
                  className="small shifts-changed"),
        html.H3(f"Largest changes in one {partner}'s share, among the {SHIFT_AMONG} "
                f"largest {noun} of {now}", className="h6"),
        dbc.Table([move_head, html.Tbody(move_rows)], size="sm", striped=True,
                  className="small shifts-moves"),
    ])


def clicked_country(ds: Dataset, click: object) -> str | None:
    """The canonical name of the country clicked on the map (ISO3 code or name) or on a
    bar of the largest importers or exporters (its name); None for anything else."""
    if not isinstance(click, dict) or not isinstance(click.get("points"), list):
        return None
    for point in click["points"][:1]:
        if not isinstance(point, dict):
            return None
        for key in ("text", "y", "location"):
            value = point.get(key)
            if isinstance(value, str) and value.strip():
                found = ds.choices.country(value) or ds.iso3_to_name.get(value.upper())
                if found is not None:
                    return found
    return None


def country_link(ds: Dataset, view: urlstate.View, country: str | None) -> Any:
    """A link to a country's page in the view's side, release, years and settings."""
    if country is None:
        return LINK_HINT
    target = replace(view, page="country", country=country, highlight=())
    _, flow, _ = country_charts.roles(view.side)
    return [html.Span(f"{ds.name(country)}: ", className="fw-semibold"),
            dcc.Link(f"open its country page ({flow}, release {view.release}) →",
                     href="/" + urlstate.serialise(target), className="fw-semibold")]


def tables(chart: country_charts.Chart) -> Any:
    """The readable table behind a chart."""
    names = {"tiv": "TIV (millions)", "share": "share %", "rank": "rank",
             "share_base": "share % before", "rank_base": "rank before",
             "change_pp": "change (points)", "name": "country", "iso3": "ISO3",
             "tiv_base": "TIV before", "change_volume": "change in volume %"}
    caption = {"map": "SIPRI TIV, millions, and % of the world total",
               "top": "% of the world total; change in percentage points from the "
                      "previous period",
               "rank": "Rank (1 = largest) and % of the world on rolling period sums",
               "regions": "SIPRI TIV, millions, by SIPRI region and year",
               "region_shares": "% of the world total in each period; change in percentage "
                                "points and in volume"}
    if chart.key == "regions":
        return ui.data_table(ui.wide_table(chart.frame, "year", "region", "tiv"),
                             caption["regions"])
    return ui.data_table(chart.frame.rename(columns=names), caption[chart.key])


def render(ds: Dataset, view: urlstate.View, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    charts = {key: country_charts.CHARTS[key](ds, view) for key, _ in CARDS}
    return {"notice": ui.notices(notes),
            "headline": f"{country_charts.world_sentence(ds, view)} SIPRI release "
                        f"{view.release}.",
            "charts": charts,
            "unmapped": unmapped(ds, view), "shifts": shifts(ds, view),
            "props": controls.control_props(ds, view),
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
    map_card = ui.chart_card(ids.WORLD_MAP, out["charts"]["map"], [], extra_config=geo)
    return dbc.Container([
        dcc.Store(id=C.view, data=out["search"]), dcc.Store(id=C.url_sink),
        dcc.Store(id=C.asked, data=controls.asked_from_query(query)),
        html.Div(out["notice"], id=C.notice, role="status"),
        html.P(out["headline"], id=C.headline, className="lead headline mb-3"),
        dbc.Row([
            controls.settings_column(C, [
                controls.panel(C, ds, view, out["props"], with_highlight=False),
                event_parts.controls_block(EV, view)]),
            dbc.Col([
                html.Div(LINK_HINT, id=ids.WORLD_LINK, role="status",
                         className="small text-body-secondary mb-2"),
                dbc.Row([
                    dbc.Col(map_card, xl=9),
                    dbc.Col(dbc.Card(dbc.CardBody(out["unmapped"], id=ids.WORLD_UNMAPPED),
                                     className="mb-3 shadow-sm"), xl=3),
                ]),
                ui.chart_card(ids.WORLD_TOP_CHART, out["charts"]["top"], []),
                event_parts.panel_area(EV),
                ui.chart_card(ids.WORLD_RANK, out["charts"]["rank"], []),
                ui.chart_card(ids.WORLD_REGIONS, out["charts"]["regions"], []),
                ui.chart_card(ids.WORLD_REGION_SHARES, out["charts"]["region_shares"], []),
                dbc.Card(dbc.CardBody(out["shifts"], id=ids.WORLD_SHIFTS),
                         className="mb-3 shadow-sm"),
            ], lg=9, md=8),
        ]),
    ], fluid=True, className="py-3")


OUTPUTS = {
    "notice": Output(C.notice, "children"), "headline": Output(C.headline, "children"),
    **{f"chart_{key}": Output(cid.graph, "figure") for key, cid in CARDS},
    "unmapped": Output(ids.WORLD_UNMAPPED, "children"),
    "shifts": Output(ids.WORLD_SHIFTS, "children"),
    **controls.view_outputs(C), "search": Output(C.view, "data"),
    "asked": Output(C.asked, "data"),
}
INPUTS = [Input(C.country, "value"), Input(C.side, "value"), Input(C.release, "value"),
          Input(C.years, "value"), Input(C.window, "value"), Input(C.period, "value"),
          Input(C.compare, "value"), Input(C.top, "value"), Input(C.categories, "value"),
          Input(EV.show, "value"), Input(EV.tags, "value"), State(C.highlight, "data"),
          State(C.view, "data"), State(C.asked, "data")]


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(country: str | None, side: str | None, release: str | None,
           years: list[int] | None, window: object, period: object, compare: object,
           top: object, categories: list[str] | None, show_events: object = None,
           event_tags: object = None, highlight: object = None, search: object = None,
           asked: object = None) -> dict[str, Any]:
    """Re-render the page from the controls, written back in their validated form; the
    years and periods chosen survive a release switch (see `controls.keep_asked`)."""
    ds = data.current()
    marked = [h for h in highlight if isinstance(h, str)] if isinstance(highlight, list) else []
    query = controls.query_from_controls(country or controls.shown_country(search), side,
                                         release, years, window, period, compare, top,
                                         categories, marked)
    query.update(events_ui.query_values(show_events, event_tags))
    kept = controls.keep_asked(C, query, asked, ctx.triggered_id)
    parsed = urlstate.parse(PAGE, query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    props = out["props"]
    return {"notice": out["notice"], "headline": out["headline"],
            **{f"chart_{key}": out["charts"][key].figure for key, _ in CARDS},
            "unmapped": out["unmapped"], "shifts": out["shifts"],
            **controls.view_values(props, view),
            "search": out["search"], "asked": kept}


@dash.callback(Output(ids.WORLD_LINK, "children"),
               Input(ids.WORLD_MAP.graph, "clickData"),
               Input(ids.WORLD_TOP_CHART.graph, "clickData"), State(C.view, "data"),
               prevent_initial_call=True)
def follow_click(map_click: object, top_click: object, search: object) -> Any:
    """A click on a country (map or bar) links to that country's page."""
    ds = data.current()
    click = top_click if ctx.triggered_id == ids.WORLD_TOP_CHART.graph else map_click
    view = urlstate.parse_search(PAGE, search if isinstance(search, str) else "",
                                 ds.choices).view
    return country_link(ds, view, clicked_country(ds, click))


controls.register_settings_toggle(C)
ui.register_url_sync(C.view, C.url_sink)
event_parts.register_panel(EV, [ids.WORLD_RANK.graph], C.view)
event_parts.register_close(EV, C.view, lambda search: urlstate.without_event(
    PAGE, search, data.current().choices))
for _key, _cid in CARDS:
    ui.register_chart_exports(_cid, _key, C.view, PAGE)
    ui.register_table(_cid, _key, C.view, PAGE, tables)
