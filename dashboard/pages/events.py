"""Events page: every curated article event, filtered by country and tag, each linking to
the views it belongs to. The query string holds the filters (country, tag, article)."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, dcc, html

from dashboard import ids
from dashboard.components import cards as ui
from dashboard.components import events as event_parts
from dashboard.compute import events as E

dash.register_page(__name__, path="/events", name="Events", order=5,
                   title="armsdash: article events",
                   description="Dated, sourced events from news articles, linked to SIPRI deals")


def _dataset() -> Any:
    """The served dataset, or None where no build is served."""
    from dashboard import data

    try:
        return data.current()
    except Exception:  # the events are still listed without deal rows
        return None


def card(ev: E.Event, ds: Any) -> Any:
    """An event's card; made once per build and event (cards depend on nothing else)."""
    if ds is None:
        return event_parts.event_card(ev, None)
    return ds.static.get(("event-card", ev.id), lambda: event_parts.event_card(
        ev, ds.deals, ds.choices.releases, ds.choices.default_release, ds.name))


def listing(filters: E.Filters, notes: list[str], cat: E.Catalogue) -> list[Any]:
    """The notices and the filtered list of event cards, each linking to its views."""
    chosen = E.filter_events(cat.events, filters)
    ds = _dataset()
    head = html.P(f"{len(chosen)} of {len(cat.events)} events", className="small text-muted")
    problems = [f"Events file skipped: {e}" for e in cat.errors]
    return [*ui.notices([*notes, *problems]), head, *[card(ev, ds) for ev in chosen]]


def layout(**query: Any) -> Any:
    """The events page for the filters in the query string."""
    cat = E.catalogue()
    filters, notes = E.parse_filters(query, cat)
    return dbc.Container([
        dcc.Store(id=ids.EVENTS_VIEW, data=E.serialise_filters(filters) or "?"),
        dcc.Store(id=ids.EVENTS_URL_SINK),
        html.H4("Article events"),
        html.P("Events reported by news and analysis articles, in our own words, with the "
               "SIPRI deals they concern. Dates are given only as precisely as the articles "
               "support; how each was reached is stated.", className="small"),
        dbc.Row([
            dbc.Col(dcc.Dropdown(id=ids.EVENTS_COUNTRY, value=filters.country,
                                 options=[{"label": c, "value": c} for c in cat.countries],
                                 placeholder="All countries"), md=4),
            dbc.Col(dcc.Dropdown(id=ids.EVENTS_TAGS, value=list(filters.tags), multi=True,
                                 options=[{"label": t, "value": t} for t in cat.tags],
                                 placeholder="All tags"), md=8),
        ], className="mb-3"),
        html.Div(listing(filters, notes, cat), id=ids.EVENTS_LIST),
    ], fluid=True, className="py-3")


@dash.callback(Output(ids.EVENTS_LIST, "children"), Output(ids.EVENTS_VIEW, "data"),
               Input(ids.EVENTS_COUNTRY, "value"), Input(ids.EVENTS_TAGS, "value"),
               prevent_initial_call=True)
def update(country: object, tags: object) -> tuple[Any, str]:
    """Re-list the events for the chosen filters and write them to the URL."""
    cat = E.catalogue()
    filters, notes = E.parse_filters({"country": country or "", "tag": tags or []}, cat)
    return listing(filters, notes, cat), E.serialise_filters(filters) or "?"


ui.register_url_sync(ids.EVENTS_VIEW, ids.EVENTS_URL_SINK)
