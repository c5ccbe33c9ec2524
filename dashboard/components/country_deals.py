"""The country page's deal section: the deals behind its view or behind a clicked bar/area,
its open orders, and a link to the pair page of a clicked partner."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dash import dcc, html

from dashboard import data, ids
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


def selection(search: object, trigger: str | None, annual_click: Any, shares_click: Any,
              annual_figure: Any, shares_figure: Any) -> tuple[Any, Any, Any]:
    """(grid view, grid query, pair link) after a view change, a click or 'show all'."""
    ds = data.current()
    view = urlstate.parse_search("country", search if isinstance(search, str) else "",
                                 ds.choices).view
    base = view_query(view).to_dict()
    click, window = None, None
    if trigger == ids.ANNUAL.graph:
        click = ex.click_point(annual_click, annual_figure)
    elif trigger == ids.SHARES.graph:
        click, window = ex.click_point(shares_click, shares_figure), view.window
    query = ex.selection_query(base, trigger, G.clear, click, view.side, ds.choices.country,
                               window=window, name=ds.name)
    return base, query, pair_link(ds, query if click else None)
