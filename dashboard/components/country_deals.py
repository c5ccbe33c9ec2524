"""The country page's deal section: the deals behind its view or behind a clicked bar/area,
its open orders, and a link to the pair page of a clicked partner."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import dcc, html

from dashboard import data, ids
from dashboard.charts import country as country_charts
from dashboard.charts import pair as pair_charts
from dashboard.components import deal_explorer as ex
from dashboard.compute import deals as d
from dashboard.compute.deal_source import DealSource
from dashboard.data import Dataset
from dashboard.state import urlstate

G = ids.COUNTRY_DEALS
HINT = "Click a bar or an area above to see the deals behind it."


def section() -> html.Div:
    """The grid of deals and the open orders, under the country page's charts."""
    return html.Div([
        html.Div(HINT, id=ids.PAIR_LINK, className="small text-body-secondary mt-2 mb-2"),
        ex.pipeline_layout(G),
        ex.grid_layout(G, "Deals behind this view"),
    ], className="deal-section")


def source() -> DealSource:
    """The deal source of the build being served."""
    return data.current().deal_source


def view_query(view: urlstate.View) -> d.DealQuery:
    """The deals of a country view: its side, years and categories; of an area's members
    (a grouping's in any of its years) where the view is a region or grouping."""
    query = d.country_query(view.release, view.country, view.side, (view.start, view.end),
                            view.categories)
    area = data.current().area(view.release, view.country)
    if area is None:
        return query
    members = tuple(area.names())
    if view.side == "imports":
        return replace(query, recipients=members)
    return replace(query, suppliers=members)


def pair_link(ds: Dataset, query: dict[str, Any] | None) -> Any:
    """A link to the pair page of a clicked partner, or the hint to click."""
    href = ex.open_in_pair_href(query)
    if href is None or not query:
        return HINT
    q = d.query_from_dict(query)
    years = pair_charts.years_text(q.first_year or 0, q.last_year or 0)
    text = (f"Open {ds.name(q.suppliers[0])} → {ds.name(q.recipients[0])} on the pair page "
            f"(deals of {years})")
    return dcc.Link(text, href=href, className="fw-semibold")


def clicked_view(search: object, trigger: str | None, annual_click: Any, shares_click: Any,
                 annual_figure: Any, shares_figure: Any) -> str | None:
    """The view's query string with the bar or area clicked (`deals`, `dfrom`), or without
    one after 'show all'; None for a click on anything else (an event marker)."""
    ds = data.current()
    view = urlstate.parse_search("country", search if isinstance(search, str) else "",
                                 ds.choices).view
    if trigger == G.clear:
        return urlstate.serialise(replace(view, deals=None, deals_from="annual"))
    chart, point = "annual", None
    if trigger == ids.ANNUAL.graph:
        point = ex.click_point(annual_click, annual_figure)
    elif trigger == ids.SHARES.graph:
        chart, point = "shares", ex.click_point(shares_click, shares_figure)
    if point is None:
        return None
    year, name, _names, _value = point
    partner = d.OTHER if name == d.OTHER else ds.choices.country(name)
    if partner is None:
        return None
    return urlstate.serialise(replace(view, deals=(partner, year), deals_from=chart))


def bar_of(figure: Any, name: str, year: int) -> tuple[int, str, list[str], float] | None:
    """The click on the bar (or area) of `name` in `year` of a drawn chart, as
    `deal_explorer.click_point` gives it; None where the chart has no such point."""
    traces = [t for t in figure.get("data", []) if t.get("yaxis") != "y2"
              and t.get("type") in ("bar", "scatter")]
    names = list(dict.fromkeys(str(t.get("name")) for t in traces))
    for trace in traces:
        if trace.get("name") != name:
            continue
        for x, y in zip(trace.get("x") or [], trace.get("y") or [], strict=False):
            if x == year and isinstance(y, int | float):
                return year, name, names, float(y)
    return None


def selection(search: object) -> tuple[Any, Any, Any]:
    """(grid view, grid query, pair link) of a view: every deal of the view, or those
    behind the bar or area its URL names (`deals`); one the chart lacks is announced."""
    ds = data.current()
    view = urlstate.parse_search("country", search if isinstance(search, str) else "",
                                 ds.choices).view
    base = view_query(view).to_dict()
    if view.deals is None:
        return base, base, HINT
    partner, year = view.deals
    shown = d.OTHER if partner == d.OTHER else ds.name(partner)
    chart = country_charts.CHARTS[view.deals_from](ds, view)
    click = bar_of(chart.figure, shown, year)
    if click is None:
        return base, base, (f"The {view.deals_from} chart has no bar for {shown} in {year}: "
                            "showing every deal of the view.")
    window = view.window if view.deals_from == "shares" else None
    query = ex.selection_query(base, "bar", G.clear, click, view.side, ds.choices.country,
                               window=window, name=ds.name)
    return base, query, pair_link(ds, query)
