"""'Page not found': what Dash shows for a path no page has (its `not_found_404` module
convention); the server answers such a path with HTTP 404. Links to the main pages."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import html

dash.register_page(__name__, path="/not-found-404", name="Page not found",
                   title="armsdash: page not found",
                   description="No page of the dashboard has this address")



def main_pages() -> list[tuple[str, str]]:
    """(name, path) of every page but this one, in the navbar's order."""
    return [(str(page["name"]), str(page["relative_path"]))
            for page in dash.page_registry.values() if page["module"] != __name__]


def layout(**_query: Any) -> Any:
    """The 'page not found' message with a link to each main page."""
    return dbc.Container([
        html.H4("Page not found"),
        html.P("No page of the dashboard has this address. It may be mistyped, or a link "
               "from an older version of the dashboard. The main pages:"),
        html.Ul([html.Li(html.A(name, href=path)) for name, path in main_pages()]),
    ], fluid=True, className="py-3")
