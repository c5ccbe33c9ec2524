"""The security headers do not break Dash: a hardened app runs in real Chromium with an
empty console log (no CSP violation), charts draw, callbacks answer, PNG export works."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest
from dash import Dash, Input, Output, dcc, html
from werkzeug.serving import make_server

from dashboard.serving.harden import harden
from tests.conftest import ROOT
from tests.e2e.conftest import server_logs
from tests.support.servers import free_port, wait_healthy

pytestmark = pytest.mark.browser

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


def test_hardened_app_runs_with_empty_console(base_url: str, tmp_path: Path,
                                              browser_page: tuple[Any, list[str]]) -> None:
    page, messages = browser_page
    response = page.goto(base_url)
    assert response is not None
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
    page.wait_for_selector("#chart .main-svg", timeout=15_000)
    page.wait_for_function(
        "() => document.querySelector('#echo').textContent == 'shown: Pakistan'")
    page.wait_for_function(
        "() => document.querySelector('#client').textContent == 'client Pakistan'")
    page.hover("#chart")
    with page.expect_download() as download:
        page.click("#chart .modebar-btn[data-title='Download plot as a PNG']")
    assert download.value.suggested_filename.endswith(".png")
    page.screenshot(path=str(tmp_path / "csp.png"))
    assert messages == []


@pytest.fixture(scope="module")
def production_url(real_build: Path, tmp_path_factory: pytest.TempPathFactory,
                   pytestconfig: pytest.Config) -> Iterator[str]:
    """`armsdash serve` (gunicorn, production settings) on the real build."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("serve") / "server.log"
    server_logs(pytestconfig).append(log_path)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "etl.cli", "serve", "--build", str(real_build),
             "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(port, timeout=120)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert "Traceback" not in log_path.read_text(encoding="utf-8")


def test_real_dashboard_under_its_csp_has_an_empty_console(
    production_url: str, browser_page: tuple[Any, list[str]]
) -> None:
    """Every page of the real dashboard served by gunicorn, and PNG/SVG/CSV exports, with
    the security headers on: no CSP violation, no error."""
    live_url = production_url
    page, console = browser_page
    for path, graphs in (("/?country=India", 4), ("/world", 3), ("/about", 0),
                         ("/factsheet", 1)):
        response = page.goto(live_url + path)
        assert response is not None
        headers = {k.lower(): v for k, v in response.headers.items()}
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        if graphs:
            # Function form: Playwright evaluates a bare expression string with eval(),
            # which this very CSP forbids.
            page.wait_for_function(
                f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length"
                f" >= {graphs}", timeout=20_000)
    page.goto(live_url + "/?country=Pakistan")
    page.wait_for_function(
        "() => document.querySelectorAll('#country-annual-graph .main-svg').length > 0",
        timeout=20_000)
    for button in ("#country-annual-png", "#country-annual-svg", "#country-annual-csv"):
        with page.expect_download(timeout=20_000) as download:
            page.click(button)
        assert download.value.suggested_filename
    assert console == []
