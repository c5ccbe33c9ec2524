"""The workarounds of Dash internals fail loudly, naming what moved, where Dash does not
have what they use; with the installed Dash they find it (the app tests start the app)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dash_ag_grid as dag
import pytest
from dash import Dash, Input, Output, html

from dashboard.serving import dash_internals as di


def plain_app() -> Dash:
    app = Dash(__name__)
    app.layout = html.Div([html.Div(id="a"), html.Div(id="b")])

    @app.callback(Output("b", "children"), Input("a", "children"))
    def echo(value: object) -> object:
        return value

    return app


def test_an_app_without_the_pages_set_up_is_refused_by_name() -> None:
    with pytest.raises(di.DashInternalsMoved, match="router_sync"):
        di.settle_first_request(plain_app())
    with pytest.raises(di.DashInternalsMoved, match=r"_pages_content\.children"):
        di.guard_router(plain_app())


def test_inline_scripts_are_counted_or_the_move_is_named() -> None:
    assert di.inline_scripts(plain_app()) >= 0

    class Moved:
        _inline_scripts = None

    with pytest.raises(di.DashInternalsMoved, match="_inline_scripts"):
        di.inline_scripts(Moved())  # type: ignore[arg-type]


@pytest.fixture
def ag_grid_entry() -> Iterator[dict[str, Any]]:
    """dash_ag_grid's main script entry, as it was again after the test."""
    entry = next(e for e in dag._js_dist if e["relative_package_path"] == "dash_ag_grid.min.js")
    saved = dict(entry)
    yield entry
    entry.clear()
    entry.update(saved)


def test_a_deferred_script_is_left_out_of_the_page_and_still_served(
        ag_grid_entry: dict[str, Any]) -> None:
    app = Dash(__name__)
    app.layout = html.Div(dag.AgGrid(id="grid"))
    url = di.defer_script(app, "dash_ag_grid", "dash_ag_grid.min.js")
    assert url.startswith("/_dash-component-suites/dash_ag_grid/dash_ag_grid.v")
    assert url.endswith(".min.js") and ag_grid_entry["dynamic"] is True
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    assert "dash_ag_grid.v" not in page and "dash_core_components.v" in page
    served = client.get(url)
    assert served.status_code == 200 and b"window.dash_ag_grid=" in served.get_data()


def test_a_script_the_library_does_not_have_is_refused_by_name(
        ag_grid_entry: dict[str, Any]) -> None:
    with pytest.raises(di.DashInternalsMoved, match=r"dash_ag_grid\._js_dist.*'grid\.js'"):
        di.defer_script(Dash(__name__), "dash_ag_grid", "grid.js")
    with pytest.raises(di.DashInternalsMoved, match="no_such_library"):
        di.defer_script(Dash(__name__), "no_such_library", "grid.js")
    assert "dynamic" not in ag_grid_entry
