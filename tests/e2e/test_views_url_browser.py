"""The URL holds what the analyst opened, in real headless Chromium on the real build: a
clicked category bar on the pair page (its deals in the grid), reloaded, shows the same
grid; bad values in those parameters are announced on the page, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import wait_drawn
from tests.e2e.test_deals_browser import BAR_JS, grid_rows, summary_total

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

RELEASE = "2026-02-12"
PAIR = f"/pair?supplier=Turkiye&recipient=Pakistan&release={RELEASE}"


def test_a_clicked_category_survives_a_reload(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAIR)
    wait_drawn(page, 3)
    graph = ids.PAIR_CATEGORY.graph
    page.locator(f"#{graph}").scroll_into_view_if_needed()
    bar = page.evaluate(BAR_JS, [graph, "Aircraft", 2023])
    assert bar is not None, "no Aircraft bar for 2023 on Türkiye → Pakistan"
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_function("() => window.location.search.includes('dcat=Aircraft')")
    assert "deals=2023-2023" in page.url
    label = "Türkiye → Pakistan, 2023 (Aircraft)"
    count, total = summary_total(page, ids.PAIR_DEALS.summary, label)
    rows = grid_rows(page, ids.PAIR_DEALS.grid, count)
    assert count > 0 and {r["category"] for r in rows} == {"Aircraft"}
    assert {r["designation"] for r in rows} >= {"Bayraktar TB-2", "Akinci"}

    page.goto(page.url)  # the analyst reloads (or sends the link)
    wait_drawn(page, 3)
    assert summary_total(page, ids.PAIR_DEALS.summary, label) == (count, total)
    assert grid_rows(page, ids.PAIR_DEALS.grid, count) == rows

    page.goto(live_url + PAIR + "&deals=2023&dcat=Lasers")
    wait_drawn(page, 3)
    notice = page.inner_text(f"#{ids.PAIR_CONTROLS.notice}")
    assert "Unknown category “Lasers”" in notice or "Lasers" in notice, notice
    summary_total(page, ids.PAIR_DEALS.summary, "Türkiye → Pakistan, 2023")
    assert "Traceback" not in page.content()
    assert console == [], "\n".join(console)
