"""Article events in a real browser: Pakistan's page carries the TB2 and drone-plant
markers, a click opens the panel with the linked SIPRI deals, the events page filters."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import chart_spot, screenshot, wait_drawn
from tests.e2e.test_events_pair_browser import MARKER_JS

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

PAKISTAN = "/?country=Pakistan&release=2026-05-18&years=2010-2025"
ANNUAL = "#country-annual-graph"


def _event_ids(page: Any) -> list[str]:
    return page.evaluate(f"""() => {{
        const g = document.querySelector('{ANNUAL} .js-plotly-plot');
        const t = g.data.find(d => d.name === 'Events');
        return t ? t.customdata : []; }}""")


def test_pakistan_page_shows_markers_and_a_click_shows_linked_deals(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAKISTAN)
    wait_drawn(page, 3)
    ids = _event_ids(page)
    assert "pk-acquires-bayraktar-tb2-2021" in ids
    assert "tr-pk-drone-assembly-plant-2025-12" in ids
    spot = chart_spot(page, ANNUAL[1:], MARKER_JS,
                      [ANNUAL[1:], "tr-pk-drone-assembly-plant-2025-12"])
    x, y = spot["x"], spot["y"]
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    assert "5 Dec 2025" in (page.locator(".hoverlayer").first.text_content() or "")
    page.mouse.click(x, y)
    page.wait_for_selector("#country-events-panel .event-title")
    panel = page.inner_text("#country-events-panel")
    assert "drone assembly plant" in panel
    assert "65816" in panel and "Bayraktar TB-2" in panel
    assert "65859" in panel and "Akinci" in panel
    screenshot(page, "events-pakistan-panel")
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_hidden_events_and_tag_filter_come_from_the_url(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + PAKISTAN + "&events=off")
    wait_drawn(page, 3)
    assert _event_ids(page) == []
    page.goto(live_url + PAKISTAN + "&tag=naval")
    wait_drawn(page, 3)
    assert _event_ids(page) == ["tr-pk-milgem-corvettes"]
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_events_page_lists_and_filters(live_url: str,
                                       browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/events?country=Kazakhstan")
    page.wait_for_selector(".event-card")
    text = page.inner_text("#events-list")
    assert "Kazakhstan Engineering" in text and "1 of" in text
    assert page.locator(".event-card a[href='/?country=Kazakhstan']").count() == 1
    page.goto(live_url + "/events")
    page.wait_for_selector(".event-card")
    assert page.locator(".event-card").count() >= 30
    screenshot(page, "events-page")
    assert console == []
