"""The workarounds of Dash internals fail loudly, naming what moved, where Dash does not
have what they use; with the installed Dash they find it (the app tests start the app)."""

from __future__ import annotations

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
