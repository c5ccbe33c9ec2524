"""Pair page: one supplier → one recipient; deliveries by category, share and rank, the deal
timeline, open orders and the deals behind every bar.

The layout takes the query string as keyword arguments (see `dashboard.state.pairstate`), so a
URL restores the view, including the years a deal grid was narrowed to (`deals`), the
article-event settings (`events`, `tag`), the open event (`event`) and the deals
highlighted in the grid (`deal`). Every time chart carries the events involving both
countries; clicking a marker opens the event's panel and highlights its linked deals.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import data, ids
from dashboard.charts import pair as pair_charts
from dashboard.charts.country import Chart
from dashboard.components import cards as ui
from dashboard.components import controls, revision, undated_events
from dashboard.components import deal_explorer as ex
from dashboard.components import events as event_parts
from dashboard.compute import events as events_ui
from dashboard.compute.deal_source import DealSource
from dashboard.data import Dataset
from dashboard.state import pairstate as ps

P = ids.PAIR_CONTROLS
G = ids.PAIR_DEALS
EV = ids.PAIR_EVENTS
CARDS = (("category", ids.PAIR_CATEGORY), ("share", ids.PAIR_SHARE),
         ("timeline", ids.PAIR_TIMELINE))
CHARTS = pair_charts.CHARTS
GRAPHS = [cid.graph for _, cid in CARDS]
PARTY_CONTROLS = (ids.PAIR_SUPPLIER, ids.PAIR_RECIPIENT, ids.PAIR_SWAP)

dash.register_page(__name__, path="/pair", name="Pair", order=1,
                   title="armsdash: supplier → recipient",
                   description="One supplier and one recipient: deliveries, shares, deals")


def table(chart: Chart) -> Any:
    """The readable table behind a chart."""
    frame = chart.frame
    if chart.key == "pair-category":
        return ui.data_table(ui.wide_table(frame, "year", "category", "tiv"),
                             "SIPRI TIV, millions, by delivery year and category")
    if chart.key == "pair-share":
        return ui.data_table(frame.rename(columns={
            "share_pct": "share %", "pair_tiv": "TIV from supplier",
            "recipient_tiv": "TIV, all suppliers"}),
            "Rolling-period sums (SIPRI TIV, millions), share of the recipient's imports "
            "and the recipient's rank among the supplier's markets")
    return ui.data_table(frame.rename(columns={
        "tiv_in_view": "TIV delivered in view", "tiv_order": "TIV of order",
        "is_open": "open order", "last_year": "last delivery"}),
        "Deals shown (SIPRI TIV, millions)")


def event_panel(ds: Dataset, view: ps.PairView) -> tuple[Any, str | None]:
    """The event panel's content for the view's open event (or the hint), and a notice
    where the URL names an event that does not exist."""
    return event_parts.open_panel(view.event, ds.deals, view.release, ds.name)


def undated(ds: Dataset, view: ps.PairView) -> list[Any]:
    """The undated events of the pair, each linking to the view with it open and its
    deals highlighted."""
    def href(ev: Any) -> str:
        opened = replace(view, event=ev.id, deals=None,
                         highlight=tuple(events_ui.highlight_ids(ev, ds.deals)))
        return "/pair" + ps.serialise(opened)
    return undated_events.entries(events_ui.view_undated(view), href)


def render(ds: Dataset, view: ps.PairView, notes: tuple[str, ...]) -> dict[str, Any]:
    """Every output of the page for a view."""
    charts = {key: CHARTS[key](ds, view) for key, _ in CARDS}
    panel_body, missing = event_panel(ds, view)
    notes = (*notes, missing) if missing else notes
    start = max(view.start, view.end - view.window + 1)
    what = f"{ds.name(view.supplier)}'s exports to {ds.name(view.recipient)}"
    headline = [pair_charts.headline(ds, view),
                *revision.note(ds, view.release, "exports", view.supplier, start, view.end,
                               what, partner=view.recipient)]
    return {"notice": ui.notices(notes), "headline": headline,
            "panel": panel_body, "charts": charts,
            "search": ps.serialise(view),
            "deal_view": pair_charts.view_query(view).to_dict(),
            "deal_query": pair_charts.grid_query(ds, view).to_dict()}


def layout(**kwargs: Any) -> Any:
    """The page for the view the query string describes."""
    return ui.safe_layout(lambda: _layout(kwargs))


def party_options(ds: Dataset, release: str) -> list[dict[str, str]]:
    """Every entity with deliveries in the release, by display name."""
    return ds.entity_options.get(release, [])


def panel(ds: Dataset, view: ps.PairView) -> dbc.Card:
    """The controls: supplier, recipient (and swap), release, years, window, categories."""
    info = ds.releases[view.release]

    def field(label: str, control: Any, help_text: str = "") -> html.Div:
        extra = [dbc.FormText(help_text)] if help_text else []
        return html.Div([dbc.Label(label, className="fw-semibold small mb-1"), control,
                         *extra], className="mb-3")

    options = party_options(ds, view.release)
    return dbc.Card(dbc.CardBody([
        field("Supplier", dcc.Dropdown(id=ids.PAIR_SUPPLIER, options=options,
                                       value=view.supplier, clearable=False)),
        field("Recipient", dcc.Dropdown(id=ids.PAIR_RECIPIENT, options=options,
                                        value=view.recipient, clearable=False)),
        dbc.Button("⇄ Swap supplier and recipient", id=ids.PAIR_SWAP, size="sm",
                   color="secondary", outline=True, className="mb-3 w-100"),
        field("SIPRI release", dcc.Dropdown(id=P.release, options=controls.release_options(ds),
                                            value=view.release, clearable=False,
                                            searchable=False)),
        field("Years", dcc.RangeSlider(id=P.years, min=info.first_year, max=info.last_year,
                                       step=1, value=[view.start, view.end],
                                       marks={info.first_year: str(info.first_year),
                                              info.last_year: str(info.last_year)},
                                       allowCross=False,
                                       tooltip={"placement": "bottom"})),
        field("Years per period", dcc.Dropdown(
            id=P.window, value=view.window, clearable=False, searchable=False,
            options=[{"label": f"{w} years" if w > 1 else "1 year", "value": w}
                     for w in range(ps.WINDOW_RANGE[0], ps.WINDOW_RANGE[1] + 1)]),
            "For the share and the rank; SIPRI compares five-year periods."),
        field("Armament categories", dcc.Dropdown(
            id=P.categories, options=list(ds.choices.categories),
            value=list(view.categories), multi=True, placeholder="all categories")),
        event_parts.controls_block(EV, view, all_href=events_ui.events_href()),
    ]), className="mb-3 shadow-sm controls")


def _layout(query: dict[str, Any]) -> Any:
    ds = data.current()
    parsed = ps.parse(query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    cards = [ui.chart_card(cid, out["charts"][key], []) for key, cid in CARDS]
    grid = ex.grid_layout(G, "Deals behind this view", out["deal_view"], out["deal_query"],
                          highlight=view.highlight)
    return dbc.Container([
        dcc.Store(id=P.view, data=out["search"]), dcc.Store(id=P.url_sink),
        dcc.Store(id=P.asked, data=controls.asked_from_query(query)),
        html.Div(out["notice"], id=P.notice, role="status"),
        html.H1(f"{ds.name(view.supplier)} → {ds.name(view.recipient)}", id=P.country,
                className="h3 mb-1"),
        html.P(out["headline"], id=P.headline, className="lead headline mb-3"),
        dbc.Row([
            controls.settings_column(P, [panel(ds, view)]),
            dbc.Col([event_parts.panel_area(EV, out["panel"]),
                     undated_events.area(EV, undated(ds, view)), *cards[:2],
                     ex.pipeline_layout(G), cards[2]], lg=9, md=8),
        ]),
        grid,
    ], fluid=True, className="py-3")


OUTPUTS = {
    "notice": Output(P.notice, "children"), "headline": Output(P.headline, "children"),
    "pair": Output(P.country, "children"),
    **{f"chart_{key}": Output(cid.graph, "figure") for key, cid in CARDS},
    "years_min": Output(P.years, "min"), "years_max": Output(P.years, "max"),
    "years_marks": Output(P.years, "marks"), "years": Output(P.years, "value"),
    "supplier": Output(ids.PAIR_SUPPLIER, "value"),
    "recipient": Output(ids.PAIR_RECIPIENT, "value"),
    "supplier_options": Output(ids.PAIR_SUPPLIER, "options"),
    "recipient_options": Output(ids.PAIR_RECIPIENT, "options"),
    "search": Output(P.view, "data"),
    "deal_view": Output(G.view, "data"), "deal_query": Output(G.query, "data"),
    "asked": Output(P.asked, "data"),
}
INPUTS = [Input(ids.PAIR_SUPPLIER, "value"), Input(ids.PAIR_RECIPIENT, "value"),
          Input(ids.PAIR_SWAP, "n_clicks"), Input(P.release, "value"), Input(P.years, "value"),
          Input(P.window, "value"), Input(P.categories, "value"), Input(EV.show, "value"),
          Input(EV.tags, "value"), State(P.view, "data"), State(P.asked, "data")]
PAIR_ASKED = ("years", "window")


def _search(value: object) -> str:
    """The view store's query string ('' for anything else: a hand-made request)."""
    return value if isinstance(value, str) else ""


def kept_event(search: object, ds: Dataset, trigger: object) -> dict[str, object]:
    """The open event and highlighted deals of the current view, kept across control
    changes except a change of supplier or recipient (other deals)."""
    if trigger in PARTY_CONTROLS:
        return {}
    view = ps.parse_search(_search(search), ds.choices).view
    kept: dict[str, object] = {"deal": [str(i) for i in view.highlight]}
    if view.event is not None:
        kept["event"] = view.event
    return kept


@dash.callback(output=OUTPUTS, inputs=INPUTS, prevent_initial_call=True)
def update(supplier: str | None, recipient: str | None, _swap: int | None,
           release: str | None, years: list[int] | None, window: object,
           categories: list[str] | None, show_events: object = None, event_tags: object = None,
           search: str | None = None, asked: object = None) -> dict[str, Any]:
    """Re-render the page from the controls (a new view shows all of its deals); the
    years and window chosen survive a release switch (see `controls.keep_asked`); the
    party lists are sent again only with another release."""
    ds = data.current()
    shown = ps.parse_search(_search(search), ds.choices).view
    supplier, recipient = supplier or shown.supplier, recipient or shown.recipient
    if ctx.triggered_id == ids.PAIR_SWAP:
        supplier, recipient = recipient, supplier
    query: dict[str, object] = {
        "supplier": supplier, "recipient": recipient, "release": release or "",
        "window": "" if window is None else str(window), "cat": controls.texts(categories),
        "years": controls.years_text(years)}
    kept = controls.keep_asked(P, query, asked, ctx.triggered_id, PAIR_ASKED)
    query.update(events_ui.query_values(show_events, event_tags))
    query.update(kept_event(search, ds, ctx.triggered_id))
    parsed = ps.parse(query, ds.choices)
    view = parsed.view
    out = render(ds, view, parsed.notices)
    info = ds.releases[view.release]
    parties = controls.with_new_release(shown.release, view.release,
                                        lambda: party_options(ds, view.release))
    return {"notice": out["notice"], "headline": out["headline"],
            "pair": f"{ds.name(view.supplier)} → {ds.name(view.recipient)}",
            **{f"chart_{key}": out["charts"][key].figure for key, _ in CARDS},
            "years_min": info.first_year, "years_max": info.last_year,
            "years_marks": {info.first_year: str(info.first_year),
                            info.last_year: str(info.last_year)},
            "years": [view.start, view.end], "supplier": view.supplier,
            "recipient": view.recipient,
            "supplier_options": parties, "recipient_options": parties, "search": out["search"],
            "deal_view": out["deal_view"], "deal_query": out["deal_query"], "asked": kept}


@dash.callback(Output(G.query, "data", allow_duplicate=True),
               Output(P.view, "data", allow_duplicate=True),
               Input(ids.PAIR_CATEGORY.graph, "clickData"), Input(G.clear, "n_clicks"),
               State(ids.PAIR_CATEGORY.graph, "figure"), State(P.view, "data"),
               prevent_initial_call=True)
def select(click: dict[str, Any] | None, _clear: int | None, figure: dict[str, Any] | None,
           search: str | None) -> tuple[Any, Any]:
    """A clicked bar narrows the grid to its year and category; the URL keeps the years."""
    ds = data.current()
    view = ps.parse_search(_search(search), ds.choices).view
    if ctx.triggered_id == G.clear:
        view = replace(view, deals=None, deals_category=None)
        return pair_charts.view_query(view).to_dict(), ps.serialise(view)
    point = ex.click_point(click, figure)
    if point is None:
        return dash.no_update, dash.no_update
    year, category, _names, _value = point
    view = replace(view, deals=(year, year), deals_category=(
        category if category in ds.choices.categories else None))
    return pair_charts.grid_query(ds, view).to_dict(), ps.serialise(view)


@dash.callback(Output(P.view, "data", allow_duplicate=True),
               Output(G.query, "data", allow_duplicate=True),
               *[Input(g, "clickData") for g in GRAPHS], State(P.view, "data"),
               prevent_initial_call=True)
def open_event(*args: Any) -> tuple[Any, Any]:
    """A clicked event marker opens its panel and highlights its linked deals among all
    the deals of the view (the grid leaves a clicked bar's year), all in the URL."""
    clicks, search = args[:-1], args[-1]
    ev = events_ui.triggered_event(GRAPHS, clicks, ctx.triggered_id, events_ui.catalogue())
    if ev is None:
        return dash.no_update, dash.no_update
    ds = data.current()
    view = ps.parse_search(_search(search), ds.choices).view
    view = replace(view, event=ev.id, deals=None, deals_category=None,
                   highlight=tuple(events_ui.highlight_ids(ev, ds.deals)))
    return ps.serialise(view), pair_charts.view_query(view).to_dict()


@dash.callback(Output(EV.panel, "children"), Output(G.highlight, "data"),
               Input(P.view, "data"), State(G.highlight, "data"), prevent_initial_call=True)
def show_event(search: str | None, highlighted: object) -> tuple[Any, Any]:
    """The panel and the grid's highlighted deals follow the view (URL) they belong to."""
    ds = data.current()
    view = ps.parse_search(_search(search), ds.choices).view
    body, _missing = event_panel(ds, view)
    marked = list(view.highlight)
    return body, dash.no_update if marked == ex.deal_ids(highlighted) else marked


def _source() -> DealSource:
    return data.current().deal_source


controls.register_settings_toggle(P)
ui.register_url_sync(P.view, P.url_sink)
event_parts.register_close(EV, P.view, lambda search: ps.without_event(
    search, data.current().choices))
undated_events.register(EV, P.view, lambda search: undated(
    data.current(), ps.parse_search(search, data.current().choices).view))
ex.register(G, _source)


def chart_of(key: str) -> Any:
    """The function giving chart `key` of the pair view in a query string."""
    def chart(search: str) -> Chart:
        ds = data.current()
        return CHARTS[key](ds, ps.parse_search(search, ds.choices).view)
    return chart


for _key, _cid in CARDS:
    ui.register_exports(_cid, P.view, chart_of(_key))
    ui.register_chart_table(_cid, P.view, chart_of(_key), table)  # filled when opened
