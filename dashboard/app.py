"""The Dash app: pages from `dashboard/pages`, a navbar from the page registry."""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc
from dash import Dash, html

from dashboard import data, ids, pair_views
from dashboard.deal_explorer import add_csv_route
from dashboard.server import harden, served_status

HERE = Path(__file__).resolve().parent


def navbar() -> dbc.Navbar:
    """The top bar: the app's name and one link per registered page."""
    links = [dbc.NavItem(dbc.NavLink(page["name"], href=page["relative_path"],
                                     active="exact"))
             for page in dash.page_registry.values()]
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand("armsdash", href="/", className="fw-bold"),
        html.Span("Arms transfers on SIPRI's data", className="navbar-text small me-auto"),
        dbc.Nav(links, navbar=True),
    ], fluid=True), id=ids.NAVBAR, color="dark", dark=True, className="mb-0")


def create_app(build_dir: Path) -> Dash:
    """The dashboard serving the build in `build_dir` (loaded on first use)."""
    data.configure(Path(build_dir))
    app = Dash("dashboard", use_pages=True, pages_folder=str(HERE / "pages"),
               assets_folder=str(HERE / "assets"), title="armsdash",
               update_title=None,  # type: ignore[arg-type]
               serve_locally=True,
               # Each page's callbacks name only its own components; the browser-side
               # check of every page's ids against the one page shown was seen to report
               # other pages' ids as missing. The callbacks are covered by tests instead.
               suppress_callback_exceptions=True)
    app.layout = html.Div([navbar(), html.Main(dash.page_container)])
    add_csv_route(app.server, lambda: pair_views.source(data.current()))
    return harden(app, served_status,
                  notices=(ids.COUNTRY_CONTROLS.notice, ids.WORLD_CONTROLS.notice,
                           ids.PAIR_CONTROLS.notice))
