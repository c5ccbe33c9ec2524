"""The Dash app: pages from `dashboard/pages`, a navbar from the page registry.

Dash checks in the browser that every id a callback names exists in the app (its
"validation layout": every page's layout). Each page's callbacks name only that page's
ids, and each page's layout emits all of them whatever its URL says (a test keeps it so),
so the check stays on. Two details make that cheap and reliable:

- Dash builds the validation layout on the first request, after marking that request as
  done, so a second request arriving meanwhile was served without it and the browser
  reported every page's ids as missing ("ID not found in layout"). The first request's
  set-up now runs under a lock: other requests wait for it.
- Dash sends the validation layout in every page view; the full layouts (every page's
  figures and tables) were about 0.5 MB. Only the components with an id, stripped of
  their content, are sent: what the check reads.
"""

from __future__ import annotations

import copy
import functools
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Dash, Input, Output, State, html
from dash.development.base_component import Component

from dashboard import data, ids
from dashboard.charts import pair as pair_charts
from dashboard.components.deal_explorer import add_csv_route
from dashboard.serving.harden import harden, served_status

HERE = Path(__file__).resolve().parent
LOG = logging.getLogger(__name__)
ROUTER = "_pages_content.children"
NOT_A_PAGE = "/not-a-page"
NOT_FOUND_MODULE = "not_found_404"  # Dash's name for the page shown at unknown paths
# Props the browser's id check does not read: dropped from the validation layout.
VIEW_NOTICES = (ids.TABLES.notice, ids.COMPARE.notice, ids.FLOWS.notice)
HEAVY_PROPS = ("children", "figure", "options", "data", "marks", "value", "rowData",
               "columnDefs", "config", "style", "className")


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
               serve_locally=True, suppress_callback_exceptions=False)
    app.layout = html.Div([navbar(), html.Main(dash.page_container)])
    app.clientside_callback(
        ClientsideFunction("armsdash", "toggleNav"), Output(ids.NAVBAR_COLLAPSE, "is_open"),
        Input(ids.NAVBAR_TOGGLER, "n_clicks"), Input(ids.LOCATION, "pathname"),
        State(ids.NAVBAR_COLLAPSE, "is_open"), prevent_initial_call=True)
    add_csv_route(app.server, lambda: pair_charts.source(data.current()))
    settle_first_request(app)
    answer_unknown_paths_404(app)
    return harden(app, served_status,
                  notices=(ids.COUNTRY_CONTROLS.notice, ids.WORLD_CONTROLS.notice,
                           ids.PAIR_CONTROLS.notice, *VIEW_NOTICES))


def settle_first_request(app: Dash) -> None:
    """Run Dash's first-request set-up of the pages under a lock (no request is served
    before it is complete), then guard the page router and lighten the validation
    layout."""
    funcs = app.server.before_request_funcs.setdefault(None, [])
    lock = threading.Lock()
    done = threading.Event()

    def settled(setup: Callable[[], Any]) -> Callable[[], None]:
        @functools.wraps(setup)
        def run() -> None:
            if done.is_set():
                return
            with lock:
                if done.is_set():
                    return
                setup()
                guard_router(app)
                lighten_validation(app)
                done.set()
        return run

    funcs[:] = [settled(f) if getattr(f, "__name__", "") == "router_sync" else f
                for f in funcs]


def is_page_path(app: Dash, path: str) -> bool:
    """Whether a request path is the address of one of the app's pages."""
    from dash._pages import _path_to_page

    page, _variables = _path_to_page(app.strip_relative_path(path) or "")
    return bool(page) and not is_not_found(page)


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


def guard_router(app: Dash) -> None:
    """Dash's page router raises on a path that is not text starting with '/' (only a
    hand-made request sends one): such a path shows the 'page not found' page."""
    for key, spec in app.callback_map.items():
        if ROUTER in key and not getattr(spec["callback"], "guarded", False):
            spec["callback"] = text_only_router(spec["callback"])


def text_only_router(route: Callable[..., Any]) -> Callable[..., Any]:
    """The router called with a valid path and query string (pathname, search, ...)."""
    @functools.wraps(route)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = list(args)
        if values and not (isinstance(values[0], str) and values[0].startswith("/")):
            values[0] = NOT_A_PAGE
        if len(values) > 1 and not isinstance(values[1], str):
            values[1] = ""
        return route(*values, **kwargs)

    guarded.guarded = True  # type: ignore[attr-defined]
    return guarded


def lighten_validation(app: Dash) -> None:
    """Replace Dash's validation layout (every page's full layout) by its components with
    an id, without their content; where a page could not be drawn (no build), there is
    nothing to check against and the check is left off."""
    full = app.validation_layout
    if not isinstance(full, Component):
        return
    light = validation_skeleton(full)
    missing = callback_ids(app) - {str(getattr(c, "id", "")) for c in light.children}
    if missing:
        LOG.warning("pages without their components (no build?): browser-side id check "
                    "off; missing %s", sorted(missing)[:5])
        app.config.suppress_callback_exceptions = True
        return
    app.validation_layout = light


def with_ids(tree: Component) -> Iterator[Component]:
    """Every component with an id in a layout, the root included."""
    if getattr(tree, "id", None) is not None:
        yield tree
    for child in tree._traverse():
        if isinstance(child, Component) and getattr(child, "id", None) is not None:
            yield child


def validation_skeleton(tree: Component) -> html.Div:
    """The components with an id of a layout, flat, with only their id and type."""
    out = []
    seen: set[str] = set()
    for component in with_ids(tree):
        key = str(getattr(component, "id", ""))
        if key in seen:
            continue
        seen.add(key)
        bare = copy.copy(component)
        for prop in HEAVY_PROPS:
            bare.__dict__.pop(prop, None)
        out.append(bare)
    return html.Div(out)


def callback_ids(app: Dash) -> set[str]:
    """The string ids every callback of the app names (inputs, states, outputs)."""
    named: set[str] = set()
    for key, spec in app.callback_map.items():
        for dep in [*spec.get("inputs", []), *spec.get("state", [])]:
            if isinstance(dep.get("id"), str):
                named.add(dep["id"])
        for part in key.strip(".").split("..."):
            cid = part.rsplit(".", 1)[0]
            if not cid.startswith("{"):
                named.add(cid)
    return named
