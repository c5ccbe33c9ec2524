"""AG Grid's code is loaded only where a page draws a grid (assets/ag_grid_lazy.js), in
real headless Chromium on the real build: the world page (no grid) is drawn without it;
going on to Pakistan's page through the navbar, its first view (the deal grid is under
seven charts) is drawn without it too; scrolling down to the deal grid loads AG Grid's
script once and shows the deals, found through AG Grid's own API as other scripts and
tests use it."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import scroll_to, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

SLOW = 60_000
GRID_SCRIPT = "dash_ag_grid/dash_ag_grid.v"  # the fingerprinted script's address
ROWS = """async (gridId) => {
  const api = await window.dash_ag_grid.getApiAsync(gridId);
  let rows = 0;
  api.forEachNode(n => { if (n.data) { rows += 1; } });
  return rows;
}"""


def test_ag_grid_loads_only_with_a_grid(live_url: str,
                                        browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_url + "/world")
    wait_drawn(page, 3, timeout=SLOW)
    assert not [u for u in requested if "dash_ag_grid" in u]
    assert page.locator(".ag-root").count() == 0

    page.click(f"#{ids.NAVBAR} a.nav-link[href='/']")
    page.wait_for_selector(f"#{ids.ANNUAL.graph} .main-svg", timeout=SLOW)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')",
                           timeout=SLOW)
    assert not [u for u in requested if "dash_ag_grid" in u]
    scroll_to(page, ids.COUNTRY_DEALS.grid)
    page.wait_for_selector(f"#{ids.COUNTRY_DEALS.grid} .ag-row", timeout=SLOW)
    wait_drawn(page, 4, timeout=SLOW)
    assert page.evaluate(ROWS, ids.COUNTRY_DEALS.grid) > 0
    assert len([u for u in requested if GRID_SCRIPT in u]) == 1
    assert console == [], "\n".join(console)
