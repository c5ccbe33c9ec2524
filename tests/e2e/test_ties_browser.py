"""An analyst reads Pakistan's defence-industrial ties in the real browser on the real
build: the headline says how concentrated its imports are, the concentration chart shows
it over time, and the local-production chart shows what was built in Pakistan."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import screenshot, wait_drawn

pytestmark = pytest.mark.browser
COUNTRY_GRAPHS = 6


def figure_data(page: Any, graph_id: str) -> list[dict[str, Any]]:
    """The traces a dcc.Graph has drawn, read from the browser."""
    data: list[dict[str, Any]] = page.evaluate(
        """(id) => document.getElementById(id).querySelector('.js-plotly-plot').data
                   .map(t => ({name: t.name, x: t.x, y: t.y, customdata: t.customdata}))""",
        graph_id)
    return data


def test_pakistan_concentration_and_local_production(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_url + "/?country=Pakistan&release=2026-02-12")
    wait_drawn(page, COUNTRY_GRAPHS)
    headline = page.inner_text(f"#{ids.COUNTRY_CONTROLS.headline}")
    assert "Pakistan's imports are highly concentrated: HHI 0.6" in headline
    assert "China 81% (2020–24)" in headline

    hhi, main = figure_data(page, ids.CONCENTRATION.graph)[:2]
    last = [y for y in hhi["y"] if y is not None][-1]
    assert 0.25 < last <= 1.0 and hhi["x"][-1] == 2024
    assert main["customdata"][-1] == "China"

    names = [trace["name"] for trace in figure_data(page, ids.LOCAL_PRODUCTION.graph)]
    assert "China (produced locally)" in names and "not produced locally" in names
    assert "Türkiye (produced locally)" in names  # the Babur-class (MILGEM) corvettes
    page.locator(f"#{ids.LOCAL_PRODUCTION.graph}").scroll_into_view_if_needed()
    screenshot(page, "country_pakistan_ties")
    assert console == []
