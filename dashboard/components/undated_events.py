"""The undated events of a view, listed beside its charts (no chart can place them); the
list folds (open on wide screens, folded on narrow ones: `assets/narrow.js`).

Each entry links to the page's own view with that event open (`event` in the URL), so the
list needs no callback of its own beyond being refilled when the view changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import dash
from dash import Input, Output, dcc, html

from dashboard.compute import events as events_ui
from etl.events.model import Event

TITLE = "Events without a date (not on the charts)"
Href = Callable[[Event], str]


def entries(events: Sequence[Event], href: Href) -> list[Any]:
    """The list's children: a heading and one link per event; nothing for no events."""
    if not events:
        return []
    items = [html.Li([dcc.Link(events_ui.title_label(ev), href=href(ev),
                               className="undated-event"),
                      html.Span(" · date not known", className="text-muted")],
                     className="mb-1") for ev in events]
    return [html.Details([
        html.Summary(f"{TITLE}: {len(events)}", className="fw-semibold small mb-1"),
        html.Ul(items, className="list-unstyled small mb-0")], open=True,
        className="undated-list")]


def area(eids: Any, children: list[Any]) -> html.Div:
    """Where a view's undated events are listed (`entries`; refilled by `register`)."""
    return html.Div(children, id=eids.undated, className="mb-3 undated-events",
                    role="region", title=TITLE)


def register(eids: Any, view_store: str, listing: Callable[[str], list[Any]]) -> None:
    """Refill a page's undated list when its view store changes (`listing` gives the
    entries of the view in a query string)."""

    @dash.callback(Output(eids.undated, "children"), Input(view_store, "data"),
                   prevent_initial_call=True)
    def fill(search: object) -> list[Any]:
        """The undated events of the page's view."""
        return listing(search if isinstance(search, str) else "")
