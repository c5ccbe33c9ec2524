"""Country page: a country's suppliers or recipients over time, on SIPRI's five-year periods.

The layout takes the query string as keyword arguments, so a URL fully describes a view.
One thin callback turns the controls into a View and renders every output from it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import country as country_charts
from dashboard.components import cards as ui
from dashboard.components import controls, country_deals, deal_explorer, revision, undated_events
from dashboard.components import events as event_parts
from dashboard.compute import events as events_ui
from dashboard.compute import regions as area_math
from dashboard.data import Dataset
from dashboard.state import tablestate, urlstate
from dashboard.state.scope import Scope

PAGE = "country"
C = ids.COUNTRY_CONTROLS
EV = ids.COUNTRY_EVENTS
CARDS = (("annual", ids.ANNUAL), ("shares", ids.SHARES), ("category", ids.CATEGORY),
         ("compare", ids.COMPARE_CHART), ("concentration", ids.CONCENTRATION),
         ("local", ids.LOCAL_PRODUCTION), ("members", ids.MEMBERS_CHART))
OPEN_TABLES = ("compare",)
NO_EVENTS = ("compare", "concentration", "members")
EVENT_GRAPHS = [cid.graph for key, cid in CARDS if key not in NO_EVENTS]
PERIODS_LINK = ("Each partner's share and rank by five-year period (2000–04, 2005–09, …) "
                "in one table →")
HIDDEN = {"display": "none"}

dash.register_page(__name__, path="/", name="Country", order=0, title="armsdash: country profile",
                   description="A country's arms suppliers or recipients over time")


def tables(chart: country_charts.Chart) -> Any:
    """The readable table behind a chart."""
    frame = chart.frame
    if chart.key in ("annual", "category", "local"):
        col = frame.columns[1]
        return ui.data_table(ui.wide_table(frame, "year", col, "tiv"),
                             "SIPRI TIV, millions, by year")
    if chart.key == "concentration":
        return ui.data_table(frame.rename(columns=CONCENTRATION_COLUMNS),
                             "HHI (0–1) and the main partner's % share of each rolling "
                             "period, by its last year")
    if chart.key == "shares":
        col = frame.columns[1]
        return ui.data_table(ui.wide_table(frame, "year", col, "share"),
                             "% of the rolling period's total, by last year of the period")
    if chart.key == "members":
        return ui.data_table(compare_display(frame), "Members' shares in % of the area's "
                             "total; change in percentage points")
    return ui.data_table(compare_display(frame), "Shares in % of the country's total; "
                         "change in percentage points")


CONCENTRATION_COLUMNS = {"year": "last year", "hhi": "HHI", "main": "main partner",
                         "main_share": "main partner's share %", "partners": "partners",
                         "tiv": "TIV (millions)"}


def compare_display(frame: Any) -> Any:
    """The comparison table with readable column names."""
    names = {"tiv": "TIV (millions)", "share": "share %", "rank": "rank",
             "tiv_base": "TIV before", "share_base": "share % before",
             "rank_base": "rank before", "change_pp": "change (points)"}
    return frame.rename(columns=names)


def render(ds: Dataset, view: urlstate.View, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view: headline, charts, tables, control props."""
    charts = {key: country_charts.CHARTS[key](ds, view) for key, _ in CARDS}
    note = country_charts.meta(ds, view).estimate_note
    headline: list[Any] = [country_charts.country_headline(ds, view)]
    if note:
        headline += [html.Br(), html.Small(note, className="text-warning-emphasis")]
    start, end = view.period_years
    headline += revision.note(ds, view.release, view.side, view.country, start, end,
                              f"{ds.name(view.country)}'s {view.side}")
    headline += [html.Br(), html.Small(dcc.Link(
        PERIODS_LINK, id=ids.COUNTRY_PERIODS_LINK, href=tablestate.periods_href(
            Scope(view.side, view.release, view.start, view.end, view.categories),
            view.country)))]
    panel, missing = event_parts.open_panel(view.event, ds.deals, view.release, ds.name)
    notes = (*notes, missing) if missing else notes
    area = ds.area(view.release, view.country)
    if area is not None:
        headline += [html.Br(), html.Small(
            f"{area_math.area_label(area)}: SIPRI's {len(area.names())} members, each "
            "counted in the years it is a member; trade between members counts.",
            className="text-body-secondary")]
    return {"notice": ui.notices(notes), "headline": headline, "panel": panel,
            "members_style": {} if area is not None else HIDDEN,
            "charts": charts,
            "props": controls.control_props(ds, view),
            "search": urlstate.serialise(view)}


def undated(view: urlstate.View) -> list[Any]:
    """The undated events of the country, each linking to the view with it open."""
    def href(ev: Any) -> str:
        return "/" + urlstate.serialise(replace(view, event=ev.id))
    return undated_events.entries(events_ui.view_undated(view), href)


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = urlstate.parse(PAGE, query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    cards = []
    for key, cid in CARDS:
        table = tables(out["charts"][key]) if key in OPEN_TABLES else []
        card = ui.chart_card(cid, out["charts"][key], table,
                             table_open=key in OPEN_TABLES)
        if key == "members":
            card = html.Div(card, id=ids.COUNTRY_MEMBERS_WRAP, style=out["members_style"])
        cards.append(card)
    return dbc.Container([
        dcc.Store(id=C.view, data=out["search"]), dcc.Store(id=C.url_sink),
        dcc.Store(id=C.asked, data=controls.asked_from_query(query)),
        html.Div(out["notice"], id=C.notice, role="status"),
        html.P(out["headline"], id=C.headline, className="lead headline mb-3"),
        dbc.Row([
            controls.settings_column(C, [controls.panel(C, ds, view, out["props"]),
                                         event_parts.controls_block(EV, view)]),
            dbc.Col([event_parts.panel_area(EV, out["panel"]),
                     undated_events.area(EV, undated(view)),
                     *cards], lg=9, md=8),
        ]),
        country_deals.section(),
    ], fluid=True, className="py-3")


OUTPUTS = {
    "notice": Output(C.notice, "children"), "headline": Output(C.headline, "children"),
    **{f"chart_{key}": Output(cid.graph, "figure") for key, cid in CARDS},
    **controls.view_outputs(C),
    "highlight_options": Output(C.highlight, "options"),
    "highlight": Output(C.highlight, "value"),
    "country_options": Output(C.country, "options"), "search": Output(C.view, "data"),
    "asked": Output(C.asked, "data"),
    "members_style": Output(ids.COUNTRY_MEMBERS_WRAP, "style"),
}
INPUTS = [Input(C.country, "value"), Input(C.side, "value"), Input(C.release, "value"),
          Input(C.years, "value"), Input(C.window, "value"), Input(C.period, "value"),
          Input(C.compare, "value"), Input(C.top, "value"), Input(C.categories, "value"),
          Input(C.highlight, "value"), Input(EV.show, "value"), Input(EV.tags, "value"),
          State(C.view, "data"), State(C.asked, "data")]
RESETS = {C.country: ("hl",), C.side: ("hl",)}


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(country: str | None, side: str | None, release: str | None,
           years: list[int] | None, window: object, period: object, compare: object,
           top: object, categories: list[str] | None,
           highlight: list[str] | None, show_events: object = None,
           event_tags: object = None, search: object = None,
           asked: object = None) -> dict[str, Any]:
    """Re-render the page from the controls, written back in their validated form; the
    years and periods chosen survive a release switch (see `controls.keep_asked`). The
    country list (every entity of the release) is sent again only with another release:
    the dropdown re-indexes it for search on every new list."""
    ds = data.current()
    reset = RESETS.get(str(ctx.triggered_id), ())
    query = controls.query_from_controls(country or controls.shown_country(search), side,
                                         release, years, window, period, compare, top,
                                         categories, highlight, reset)
    query.update(events_ui.query_values(show_events, event_tags))
    shown = urlstate.parse_search(PAGE, search if isinstance(search, str) else "",
                                  ds.choices).view
    if shown.event is not None:  # an open event stays open (a clicked bar does not)
        query["event"] = shown.event
    kept = controls.keep_asked(C, query, asked, ctx.triggered_id)
    parsed = urlstate.parse(PAGE, query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    props = out["props"]
    return {"notice": out["notice"], "headline": out["headline"],
            **{f"chart_{key}": out["charts"][key].figure for key, _ in CARDS},
            **controls.view_values(props, view),
            "highlight_options": props.highlight_options,
            "highlight": list(view.highlight),
            "country_options": controls.with_new_release(
                shown.release, view.release, lambda: controls.country_options(ds, view)),
            "search": out["search"],
            "asked": kept, "members_style": out["members_style"]}


@dash.callback(Output(ids.COUNTRY_DEALS.view, "data"), Output(ids.COUNTRY_DEALS.query, "data"),
               Output(ids.PAIR_LINK, "children"), Input(C.view, "data"))
def deals_view(search: str | None) -> tuple[Any, Any, Any]:
    """The deal grid follows the view: all its deals, or the clicked bar's (its URL)."""
    return country_deals.selection(search)


@dash.callback(Output(C.view, "data", allow_duplicate=True),
               *[Input(g, "clickData") for g in EVENT_GRAPHS],
               Input(ids.COUNTRY_DEALS.clear, "n_clicks"), State(ids.ANNUAL.graph, "figure"),
               State(ids.SHARES.graph, "figure"), State(C.view, "data"),
               prevent_initial_call=True)
def pick(*args: Any) -> Any:
    """What the analyst clicked goes into the view, so the URL holds it: an event marker
    (its panel opens), a bar or area (its deals), or 'show all' (every deal again)."""
    clicks, annual_figure, shares_figure, search = args[:-4], args[-3], args[-2], args[-1]
    search = search if isinstance(search, str) else ""
    ev = events_ui.triggered_event(EVENT_GRAPHS, clicks, ctx.triggered_id,
                                   events_ui.catalogue())
    if ev is not None:
        view = urlstate.parse_search(PAGE, search, data.current().choices).view
        return urlstate.serialise(replace(view, event=ev.id))
    by_graph = dict(zip(EVENT_GRAPHS, clicks, strict=True))
    after = country_deals.clicked_view(search, str(ctx.triggered_id),
                                       by_graph.get(ids.ANNUAL.graph),
                                       by_graph.get(ids.SHARES.graph), annual_figure,
                                       shares_figure)
    return dash.no_update if after is None else after


@dash.callback(Output(EV.panel, "children"), Output(ids.COUNTRY_DEALS.highlight, "data"),
               Input(C.view, "data"))
def show_event(search: object) -> tuple[Any, Any]:
    """The event panel and the grid's highlighted deals (the event's linked ones) follow
    the view's open event."""
    ds = data.current()
    view = urlstate.parse_search(PAGE, search if isinstance(search, str) else "",
                                 ds.choices).view
    body, _missing = event_parts.open_panel(view.event, ds.deals, view.release, ds.name)
    ev = events_ui.catalogue().get(view.event) if view.event else None
    return body, events_ui.highlight_ids(ev, ds.deals) if ev is not None else []


deal_explorer.register(ids.COUNTRY_DEALS, country_deals.source)
controls.register_settings_toggle(C)
ui.register_url_sync(C.view, C.url_sink)
undated_events.register(EV, C.view, lambda search: undated(urlstate.parse_search(
    PAGE, search, data.current().choices).view))
event_parts.register_close(EV, C.view, lambda search: urlstate.without_event(
    PAGE, search, data.current().choices), highlight=ids.COUNTRY_DEALS.highlight)
for _key, _cid in CARDS:
    ui.register_chart_exports(_cid, _key, C.view, PAGE)
    ui.register_table(_cid, _key, C.view, PAGE, tables)
