"""Article events as Dash components: an event's panel (summary, source link, linked SIPRI
deals), its card on the events page, a page's event controls and the panel's callback.

The numbers, selections and links come from `dashboard.compute.events`; texts from the
events files are passed to components as plain strings (Dash escapes them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html

from dashboard.compute.events import (
    CONTEXT_NOTE,
    DEAL_COLUMNS,
    Catalogue,
    Event,
    article_label,
    catalogue,
    cell_text,
    country_href,
    date_label,
    deal_id_label,
    deal_links,
    events_href,
    highlight_ids,
    in_build,
    is_context,
    link_notes,
    linked_deals,
    pair_href,
    release_for,
    safe_url,
    source_label,
    triggered_event,
)
from dashboard.state import queryvalues as qv
from etl.events.model import Source


def _same(name: str) -> str:
    return name


def has_page(path: str) -> bool:
    """A page with this path is registered in the app (the pair page may not be)."""
    return any(page.get("path") == path for page in dash.page_registry.values())


def deals_table(frame: pd.DataFrame, links: Mapping[tuple[str, str], str] | None = None,
                name: Callable[[str], str] = _same) -> html.Table:
    """The linked deals as a plain table (parties by display name); each deal id links to
    the pair page with it."""
    head = html.Thead(html.Tr([html.Th(label) for label in DEAL_COLUMNS.values()]))
    body = []
    for row in frame.to_dict("records"):
        known = in_build(row)
        shown = {**row, "supplier": name(row["supplier"]),
                 "recipient": name(row["recipient"])} if known else row
        cells: list[Any] = [html.Td(cell_text(shown[c])) for c in DEAL_COLUMNS]
        cells[0] = html.Td(deal_id_label(row["deal_id"]))
        if known and has_page("/pair"):
            key = (row["supplier"], row["recipient"])
            href = (links or {}).get(key) or pair_href(
                *key, deals=[int(row["deal_id"])])
            cells[0] = html.Td(dcc.Link(deal_id_label(row["deal_id"]), href=href,
                                        title="Open this pair with its linked deals "
                                              "highlighted"))
        elif not known:
            cells[3] = html.Td("not in this build")
        body.append(html.Tr(cells, className="event-deal-row"))
    return html.Table([head, html.Tbody(body)],
                      className="table table-sm event-deals")


def other_reports(reports: Sequence[tuple[str, Source | None]]) -> html.Div | None:
    """The other articles reporting the event: outlet, title and date, each linked where
    its URL is known (http(s) only)."""
    if not reports:
        return None
    items = []
    for _article, source in reports:
        url = safe_url(source.url if source else None)
        label = article_label(source)
        items.append(html.Li(html.A(label, href=url, target="_blank",
                                    rel="noopener noreferrer nofollow") if url else
                             [label, " · no link known"], className="event-also-in-item"))
    return html.Div([html.Strong(f"Also reported in ({len(reports)}):"),
                     html.Ul(items, className="mb-2 small")], className="event-also-in")


def panel(ev: Event, deals: pd.DataFrame | None = None, release: str | None = None,
          panel_id: str = "event-panel-body", name: Callable[[str], str] = _same,
          reports: Sequence[tuple[str, Source | None]] = ()) -> html.Div:
    """An event's panel: title, date, summary, countries, systems, source link, the other
    articles reporting it, deals (`name` gives the display name of a SIPRI country name)."""
    url = safe_url(ev.source.url)
    source: list[Any] = [source_label(ev)]
    if url:
        source += [" · ", html.A("open the article", href=url, target="_blank",
                                 rel="noopener noreferrer nofollow")]
    else:
        source.append(" · no link known")
    frame = linked_deals(ev, deals, release)
    return html.Div([
        html.H5(ev.title, className="event-title"),
        html.P(CONTEXT_NOTE + ".", className="small fst-italic mb-1 event-context")
        if is_context(ev) else None,
        html.P(date_label(ev), className="text-muted mb-1 event-date"),
        html.P(ev.summary, className="event-summary"),
        html.P("Date: " + ev.date_note, className="small text-muted") if ev.date_note else None,
        html.P([html.Strong("Countries: "), ", ".join(map(name, ev.countries))],
               className="mb-1"),
        html.P([html.Strong("Weapon systems: "), ", ".join(ev.systems) or "none named"],
               className="mb-1"),
        html.P([html.Strong("Tags: "), ", ".join(ev.tags)], className="mb-1"),
        html.P([html.Strong("Source: "), *source], className="mb-2 event-source"),
        other_reports(reports),
        html.H6(f"Linked SIPRI deals ({len(frame)})"),
        *[html.P(note, className="small text-muted mb-1 event-link-note")
          for note in link_notes(ev, deals)],
        deals_table(frame, deal_links(ev, frame), name) if len(frame) else html.P(
            "No SIPRI deal is linked.", className="small"),
    ], id=panel_id, className="event-panel")


def view_links(ev: Event, frame: pd.DataFrame | None = None,
               releases: Mapping[str, tuple[int, int]] | None = None,
               default: str | None = None, name: Callable[[str], str] = _same
               ) -> list[tuple[str, str]]:
    """(label, href) of the views an event belongs to: each country's page, and the pair
    page of each supplier → recipient among its linked deals (event panel open, deals
    highlighted), in a release whose years hold the event's date so its marker shows."""
    release = release_for(ev, releases, default)
    extra = {"release": release} if release else {}
    links = [(f"{name(c)} profile", country_href(c, **extra)) for c in ev.countries]
    if frame is not None and has_page("/pair"):
        links += [(f"{name(s)} → {name(r)}", href)
                  for (s, r), href in sorted(deal_links(ev, frame, release).items())]
    return links


def event_card(ev: Event, deals: pd.DataFrame | None = None,
               releases: Mapping[str, tuple[int, int]] | None = None,
               default: str | None = None, name: Callable[[str], str] = _same) -> html.Div:
    """One event on the events page: date, title, summary, source, links to its views."""
    url = safe_url(ev.source.url)
    frame = linked_deals(ev, deals, default)
    links: list[Any] = [dcc.Link(label, href=href, className="me-3 event-view-link")
                        for label, href in view_links(ev, frame, releases, default, name)]
    source: list[Any] = [source_label(ev)]
    if url:
        source += [" · ", html.A("article", href=url, target="_blank",
                                 rel="noopener noreferrer nofollow")]
    deals_text = ", ".join(deal_id_label(d) for d in frame["deal_id"]) or "none"
    return html.Div([
        html.Div([html.Span(date_label(ev), className="text-muted me-2"),
                  html.Strong(ev.title)]),
        html.P(ev.summary, className="mb-1 small"),
        html.Div([html.Span("Tags: ", className="fw-semibold"),
                  *[dcc.Link(t, href=events_href(tags=[t]), className="badge bg-light "
                    "text-dark me-1 text-decoration-none") for t in ev.tags]],
                 className="small"),
        html.Div([html.Span("Source: ", className="fw-semibold"), *source],
                 className="small"),
        html.Div([html.Span("Linked SIPRI deals: ", className="fw-semibold"), deals_text],
                 className="small"),
        html.Div([html.Span("Views: ", className="fw-semibold"), *links], className="small"),
    ], className="event-card border-bottom py-2", id={"type": "event-card", "id": ev.id})


PANEL_HINT = ("Click an event marker (▼ above a chart) to see its summary, source and "
              "linked SIPRI deals.")


def controls_block(eids: Any, view: Any, cat: Catalogue | None = None,
                   all_href: str | None = None) -> html.Div:
    """The event settings of a page: show or hide markers, filter by tag, a link to all
    (by default the events of the view's country)."""
    cat = cat if cat is not None else catalogue()
    return html.Div([
        dbc.Label("Article events", className="fw-semibold small mb-1"),
        dbc.Switch(id=eids.show, label="Show on charts", value=bool(view.events),
                   className="small"),
        dcc.Dropdown(id=eids.tags, options=[{"label": t, "value": t} for t in cat.tags],
                     value=list(view.tags), multi=True, placeholder="All tags",
                     className="small mb-1"),
        dcc.Link("All events", href=all_href or events_href(view.country), className="small"),
    ], className="mb-3 event-controls")


def open_panel(event_id: str | None, deals: pd.DataFrame | None, release: str | None,
               name: Callable[[str], str] = _same) -> tuple[Any, str | None]:
    """The panel of a view's open event (or the hint where none is open), and a notice
    where the URL names an event that does not exist."""
    if event_id is None:
        return panel_hint(), None
    ev = catalogue().get(event_id)
    if ev is None:
        return panel_hint(), f"No event {qv.shown(event_id)}: none opened."
    return panel(ev, deals, release, name=name, reports=catalogue().reports(ev)), None


def panel_hint() -> html.P:
    """What the event panel says before a marker is clicked."""
    return html.P(PANEL_HINT, className="small text-muted mb-0")


def panel_area(eids: Any, children: Any = None) -> html.Div:
    """Where a clicked event's panel appears (the hint, or `children`), with a button that
    closes an open panel (shown only while one is open)."""
    close = html.Button("Close ×", id=eids.close, n_clicks=0, type="button",
                        className="btn btn-sm btn-outline-secondary float-end event-close",
                        title="Close this event's panel")
    body = html.Div(children if children is not None else panel_hint(), id=eids.panel)
    return html.Div([close, body], className="border rounded p-2 mb-3 bg-light event-area",
                    role="region", title="Selected event")


def register_close(eids: Any, view_store: str, closed: Callable[[str], str | None],
                   highlight: str | None = None) -> None:
    """The panel's close button: the hint again, no deal highlighted in the grid
    (`highlight`, if given), and the view in `view_store` without its open event (`closed`
    gives its query string so, or None where it has none)."""
    outputs = [Output(eids.panel, "children", allow_duplicate=True),
               Output(view_store, "data", allow_duplicate=True)]
    if highlight is not None:
        outputs.append(Output(highlight, "data", allow_duplicate=True))

    @dash.callback(*outputs, Input(eids.close, "n_clicks"), State(view_store, "data"),
                   prevent_initial_call=True)
    def close(n_clicks: object, search: object) -> tuple[Any, ...]:
        """Close the open event's panel."""
        if not n_clicks:
            return (dash.no_update,) * len(outputs)
        after = closed(search if isinstance(search, str) else "")
        out: tuple[Any, ...] = (panel_hint(), after if after is not None else dash.no_update)
        return (*out, []) if highlight is not None else out


def register_panel(eids: Any, graph_ids: Sequence[str], view_store: str,
                   highlight: str | None = None) -> None:
    """Show the event behind a clicked marker on any of the graphs in the page's panel, and
    write its linked deal ids into a deal grid's highlight store (`highlight`) if given."""
    outputs = [Output(eids.panel, "children")]
    if highlight is not None:
        outputs.append(Output(highlight, "data"))

    @dash.callback(*outputs, *[Input(g, "clickData") for g in graph_ids],
                   State(view_store, "data"), prevent_initial_call=True)
    def show(*args: object) -> Any:
        """Render the clicked event (ignore clicks on anything but event markers)."""
        clicks, search = args[:-1], args[-1]
        ev = triggered_event(graph_ids, clicks, ctx.triggered_id, catalogue())
        if ev is None:
            return (dash.no_update,) * len(outputs) if highlight else dash.no_update
        deals, release, name = _served(search)
        body = panel(ev, deals, release, name=name, reports=catalogue().reports(ev))
        return (body, highlight_ids(ev, deals)) if highlight else body


def _served(search: object) -> tuple[pd.DataFrame | None, str | None, Callable[[str], str]]:
    """The served deals table, the release of the page's view and display names."""
    from dashboard import data
    from dashboard.state.urlstate import parse_search

    try:
        ds = data.current()
    except Exception:  # no build: the panel still shows the event, without deal rows
        return None, None, _same
    release = None
    if isinstance(search, str):
        release = parse_search("country", search, ds.choices).view.release
    return ds.deals, release, ds.name
