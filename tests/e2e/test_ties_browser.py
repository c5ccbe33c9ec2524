"""An analyst reads Pakistan's defence-industrial ties in the real browser on the real
build: the headline says how concentrated its imports are, the concentration chart shows
it over time, and the local-production chart shows what was built in Pakistan."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import screenshot, wait_drawn
from tests.e2e.test_deals_browser import ROWS_JS

pytestmark = pytest.mark.browser
COUNTRY_GRAPHS = 6
HEADERS_JS = """async (gridId) => {
  const api = await window.dash_ag_grid.getApiAsync(gridId);
  return api.getColumnDefs().map(c => c.headerName);
}"""
GRID_HAS_ROWS = """(gridId) => {
  const el = document.getElementById(gridId);
  return !!el && el.querySelectorAll('.ag-row [col-id="designation"]').length > 1;
}"""


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


def test_pair_timeline_marks_the_corvettes_built_in_pakistan(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_url + "/pair?supplier=Turkiye&recipient=Pakistan&release=2026-02-12")
    wait_drawn(page, 3)
    traces = figure_data(page, ids.PAIR_TIMELINE.graph)
    stars = [t for t in traces if str(t["name"]).startswith("Produced or assembled in")]
    assert len(stars) == 1, [t["name"] for t in traces]
    assert any(str(y).startswith("MilGem") for y in stars[0]["y"])
    # the deal grid below says the same, in a column of its own
    page.wait_for_function(GRID_HAS_ROWS, arg=ids.PAIR_DEALS.grid, timeout=30_000)
    rows = page.evaluate(ROWS_JS, ids.PAIR_DEALS.grid)
    local = {r["designation"].rstrip(" -"): r["local"] for r in rows}
    assert local["MilGem"] == "yes" and local["Bayraktar TB-2"] == "no"
    headers = page.evaluate(HEADERS_JS, ids.PAIR_DEALS.grid)
    assert "Local production" in headers
    page.locator(f"#{ids.PAIR_TIMELINE.graph}").scroll_into_view_if_needed()
    screenshot(page, "pair_turkiye_pakistan_local")
    assert console == []


def test_world_lists_main_supplier_shifts_linking_to_each_country(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_url + "/world?release=2026-02-12")
    wait_drawn(page, 3)
    changed = page.locator(f"#{ids.WORLD_SHIFTS} table.shifts-changed tbody tr")
    assert changed.count() > 5
    assert "changed their main supplier" in page.inner_text(f"#{ids.WORLD_SHIFTS}")
    first = changed.first.locator("a")
    name = first.inner_text()
    first.click()
    page.wait_for_function(
        "(n) => (document.getElementById('country-headline')?.innerText || '')"
        ".includes(n + \"'s imports are\")", arg=name, timeout=60_000)
    assert console == []
