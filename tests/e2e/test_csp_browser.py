"""The security headers do not break Dash: a hardened app runs in real Chromium with an
empty console log (no CSP violation), charts draw, callbacks answer, PNG export works."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from dash import Dash, Input, Output, dcc, html
from werkzeug.serving import make_server

from dashboard.server import harden
from tests.conftest import REQUIRE_BROWSER, skip_or_fail

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def sample_app() -> Dash:
    """Components the dashboard uses: graph, dropdown, slider, store, download, clientside."""
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([
        dcc.Dropdown(id="pick", options=["Pakistan", "India"], value="Pakistan"),
        dcc.RangeSlider(id="years", min=1950, max=2025, value=[2000, 2024]),
        dcc.Graph(id="chart", config={"toImageButtonOptions": {"format": "png"}}),
        dcc.Store(id="store"),
        html.Div(id="echo"),
        html.Div(id="client"),
        dcc.Download(id="download"),
    ])

    @app.callback(Output("chart", "figure"), Output("store", "data"),
                  Input("pick", "value"), Input("years", "value"))
    def draw(country: str, years: list[int]) -> tuple[go.Figure, dict[str, Any]]:
        fig = go.Figure(go.Bar(x=list(range(years[0], years[1] + 1)), y=[1] * 25,
                               name=country))
        fig.update_layout(title=f"{country}: SIPRI TIV, millions")
        return fig, {"country": country}

    @app.callback(Output("echo", "children"), Input("store", "data"))
    def echo(data: dict[str, Any] | None) -> str:
        return f"shown: {(data or {}).get('country')}"

    app.clientside_callback(
        "function(v) { return 'client ' + v; }",
        Output("client", "children"), Input("pick", "value"),
    )
    return harden(app, lambda: {"build_id": "t"})


@pytest.fixture
def base_url() -> Iterator[str]:
    server = make_server("127.0.0.1", 0, sample_app().server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def test_hardened_app_runs_with_empty_console(base_url: str, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        skip_or_fail("chromium not installed", REQUIRE_BROWSER)
    from playwright.sync_api import sync_playwright

    messages: list[str] = []
    profile = tempfile.mkdtemp(prefix="armsdash-csp-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                accept_downloads=True)
            page = context.new_page()
            page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
            response = page.goto(base_url)
            assert response is not None
            assert "Content-Security-Policy" in {k.title(): v for k, v in
                                                 response.headers.items()}
            page.wait_for_selector("#chart .main-svg", timeout=15_000)
            page.wait_for_function(
                "document.querySelector('#echo').textContent == 'shown: Pakistan'")
            page.wait_for_function(
                "document.querySelector('#client').textContent == 'client Pakistan'")
            page.hover("#chart")
            with page.expect_download() as download:
                page.click("#chart .modebar-btn[data-title='Download plot as a PNG']")
            assert download.value.suggested_filename.endswith(".png")
            page.screenshot(path=str(tmp_path / "csp.png"))
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert messages == []
