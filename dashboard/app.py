"""The Dash app: pages from `dashboard/pages`, a navbar from the page registry, the
hardened server (`dashboard.serving.harden`) and the workarounds of Dash internals, which
live in `dashboard.serving.dash_internals` (each fails loudly if Dash moved what it uses).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, html

from dashboard import data, ids
from dashboard.components.deal_explorer import add_csv_route
from dashboard.serving.dash_internals import defer_script, page_of_path, settle_first_request
from dashboard.serving.harden import callback_error_handler, harden, served_status

HERE = Path(__file__).resolve().parent
# Where a failed callback's message is shown (the first of these among its outputs).
NOTICES = (ids.COUNTRY_CONTROLS.notice, ids.WORLD_CONTROLS.notice, ids.PAIR_CONTROLS.notice,
           ids.TABLES.notice, ids.COMPARE.notice, ids.FLOWS.notice,
           ids.SEARCH.notice)
NOT_FOUND_MODULE = "not_found_404"  # Dash's name for the page shown at unknown paths
AG_GRID_META = "armsdash-ag-grid"  # names AG Grid's script for assets/ag_grid_lazy.js


def navbar() -> dbc.Navbar:
    """The top bar: the app's name and one link per page ('page not found' aside)."""
    links = [dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"],
                                     active="exact"))
             for page in dash.page_registry.values()
             if not is_not_found(page)]
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand("armsdash", href="/", className="fw-bold"),
        html.Span("Arms transfers on SIPRI's data", className="navbar-text small me-auto"),
        dbc.NavbarToggler(id=ids.NAVBAR_TOGGLER, n_clicks=0),
        dbc.Collapse(dbc.Nav(links, navbar=True, className="ms-auto"),
                     id=ids.NAVBAR_COLLAPSE, is_open=False, navbar=True),
    ], fluid=True), id=ids.NAVBAR, color="dark", dark=True, expand="md", className="mb-0")


def create_app(build_dir: Path) -> Dash:
    """The dashboard serving the build in `build_dir` (loaded on first use)."""
    data.configure(Path(build_dir))
    app = Dash("dashboard", use_pages=True, pages_folder=str(HERE / "pages"),
               assets_folder=str(HERE / "assets"), title="armsdash",
               update_title=None,  # type: ignore[arg-type]
               serve_locally=True, suppress_callback_exceptions=False,
               on_error=callback_error_handler(NOTICES))
    app.layout = html.Div([navbar(), html.Main(dash.page_container)])
    # AG Grid's script is loaded by assets/ag_grid_lazy.js when a page draws a grid
    app.config.meta_tags.append({"name": AG_GRID_META,
                                 "content": defer_script(app, "dash_ag_grid",
                                                         "dash_ag_grid.min.js")})
    app.clientside_callback(
        ClientsideFunction("armsdash", "toggleNav"), Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLER, "n_clicks"), Input(ids.LOCATION, "pathname"),
        State(ids.NAVBAR_COLLAPSE, "is_open"), prevent_initial_call=True)
    add_csv_route(app.server, lambda: data.current().deal_source)
    settle_first_request(app)
    answer_unknown_paths_404(app)
    return harden(app, served_status)


def is_page_path(app: Dash, path: str) -> bool:
    """Whether a request path is the address of one of the app's pages."""
    page = page_of_path(app, path)
    return page is not None and not is_not_found(page)


def is_not_found(page: dict[str, Any]) -> bool:
    """Whether a registered page is the 'page not found' page (Dash's module name)."""
    return str(page.get("module", "")).rsplit(".", 1)[-1] == NOT_FOUND_MODULE


def answer_unknown_paths_404(app: Dash) -> None:
    """The page shell served for a path no page has says so in its status: 404 (the
    browser then shows the 'page not found' page)."""
    server = app.server
    catchall = app.config.routes_pathname_prefix + "<path:path>"

    @server.after_request
    def _status(response: Any) -> Any:
        from flask import request

        if (request.endpoint == catchall and response.status_code == 200
                and not is_page_path(app, request.path)):
            response.status_code = 404
        return response
