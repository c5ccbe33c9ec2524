"""The undated events of a view, listed beside its charts (no chart can place them).

Each entry is a button with a pattern-matching id (`{"type": ids.undated_item, "id":
event id}`); the page's event panel callback opens the clicked event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, html

from dashboard.compute import events as events_ui
from etl.events.model import Event

TITLE = "Events without a date (not on the charts)"


def entries(eids: Any, events: Sequence[Event]) -> list[Any]:
    """The list's children: a heading and one button per event; nothing for no events."""
    if not events:
        return []
    items = [html.Li(dbc.Button(
        [events_ui.title_label(ev), html.Span(" · date not known", className="text-muted")],
        id={"type": eids.undated_item, "id": ev.id}, color="link", size="sm",
        className="p-0 text-start undated-event"), className="mb-1") for ev in events]
    return [html.Div(f"{TITLE}: {len(events)}", className="fw-semibold small mb-1"),
            html.Ul(items, className="list-unstyled small mb-0")]


def area(eids: Any, events: Sequence[Event] = ()) -> html.Div:
    """Where a view's undated events are listed (filled by the page from its view)."""
    return html.Div(entries(eids, events), id=eids.undated, className="mb-3 undated-events",
                    role="region", title=TITLE)



def register(eids: Any, view_store: str, view_of: Callable[[str], Any]) -> None:
    """Fill a page's undated list from its view store (`view_of` parses the store)."""

    @dash.callback(Output(eids.undated, "children"), Input(view_store, "data"),
                   prevent_initial_call=True)
    def fill(search: object) -> list[Any]:
        """The undated events of the page's view."""
        view = view_of(search if isinstance(search, str) else "")
        return entries(eids, events_ui.view_undated(view))
