"""The URL holds what the analyst opened, in real headless Chromium on the real build: on
the country page the open event's panel and a clicked bar's deals, on the pair page a
clicked category bar's deals; reloaded, the page shows the same panel and grid. Bad values
in those parameters are announced on the page, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import chart_spot, wait_drawn
from tests.e2e.test_deals_browser import BAR_JS, grid_rows, summary_total
from tests.e2e.test_events_pair_browser import TB2, TB2_DEAL, click_marker, highlighted_first

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

RELEASE = "2026-02-12"
PAIR = f"/pair?supplier=Turkiye&recipient=Pakistan&release={RELEASE}"
COUNTRY = f"/?country=Pakistan&release={RELEASE}"
PANEL = f"#{ids.COUNTRY_EVENTS.panel} .event-title"


def search(page: Any) -> str:
    """The address bar's query string (read in the page: the dashboard keeps it on the view
    with history.replaceState, which `page.url` can lag behind)."""
    return str(page.evaluate("() => location.search"))


def test_a_clicked_bar_and_an_open_event_survive_a_reload(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + COUNTRY)
    wait_drawn(page, 4)
    summary_total(page, ids.COUNTRY_DEALS.summary, "→ Pakistan")
    graph = ids.ANNUAL.graph
    bar = chart_spot(page, graph, BAR_JS, [graph, "Türkiye", 2023])
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_function("() => location.search.includes('deals=Turkiye-2023')")
    label = "Türkiye → Pakistan, 2023"
    count, total = summary_total(page, ids.COUNTRY_DEALS.summary, label)
    rows = grid_rows(page, ids.COUNTRY_DEALS.grid, count)
    assert {r["supplier"] for r in rows} == {"Türkiye"}

    click_marker(page, graph, TB2)
    page.wait_for_selector(PANEL)
    page.wait_for_function(f"() => location.search.includes('event={TB2}')")
    title = page.inner_text(PANEL)
    assert "deals=Turkiye-2023" in search(page)  # the clicked bar stays in the URL too

    page.goto(live_url + "/" + search(page))  # the analyst reloads (or sends the link)
    wait_drawn(page, 4)
    assert page.inner_text(PANEL) == title
    highlighted_first(page, ids.COUNTRY_DEALS.grid, ids.COUNTRY_DEALS.summary, [TB2_DEAL])
    assert summary_total(page, ids.COUNTRY_DEALS.summary, label) == (count, total)

    page.goto(live_url + COUNTRY + "&deals=Narnia-2023&event=no-such-event&dfrom=pie")
    wait_drawn(page, 4)
    notice = page.inner_text(f"#{ids.COUNTRY_CONTROLS.notice}")
    for said in ("Narnia-2023", "no-such-event", "pie"):
        assert said in notice, notice
    summary_total(page, ids.COUNTRY_DEALS.summary, "→ Pakistan")
    assert "Traceback" not in page.content()
    assert console == [], "\n".join(console)


def test_a_clicked_category_survives_a_reload(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAIR)
    wait_drawn(page, 3)
    graph = ids.PAIR_CATEGORY.graph
    bar = chart_spot(page, graph, BAR_JS, [graph, "Aircraft", 2023])
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_function("() => window.location.search.includes('dcat=Aircraft')")
    assert "deals=2023-2023" in page.url
    label = f"Türkiye → Pakistan, 2023 (Aircraft; clicked bar: {bar['value']:,.1f} million TIV)"
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
