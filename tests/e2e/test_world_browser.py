"""The world page in a real browser: a clicked country (bar or map) links to its country
page with the same settings, and the URL's event settings survive a control change."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import screenshot, scroll_to, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]


def click_point(page: Any, graph: str, selector: str, index: int = 0) -> None:
    """Click the index-th drawn element matching selector inside a graph, scrolled into
    the window first."""
    scroll_to(page, graph)
    box = page.locator(f"#{graph} {selector}").nth(index).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_a_clicked_bar_leads_to_the_country_page(live_url: str,
                                                 browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/world?side=exports&top=10")
    wait_drawn(page, 3)
    # Bars are drawn bottom-up: the last one is the largest exporter.
    bars = page.locator(f"#{ids.WORLD_TOP_CHART.graph} .bars .point")
    click_point(page, ids.WORLD_TOP_CHART.graph, ".bars .point", bars.count() - 1)
    link = page.locator(f"#{ids.WORLD_LINK} a")
    link.wait_for()
    assert "United States" in page.inner_text(f"#{ids.WORLD_LINK}")
    screenshot(page, "world_exports_clicked")
    link.click()
    page.wait_for_url("**/?country=United+States*")
    assert "side=exports" in page.url
    wait_drawn(page, 4)
    assert "United States" in page.inner_text(f"#{ids.COUNTRY_CONTROLS.headline}")
    assert console == [], "\n".join(console)


def test_a_clicked_map_country_leads_to_its_page(live_url: str,
                                                 browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/world")
    wait_drawn(page, 3)
    page.evaluate("""(id) => {
        const gd = document.getElementById(id).querySelector('.js-plotly-plot');
        const i = gd.data[0].locations.indexOf('IND');
        gd.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: i,
            location: 'IND', text: gd.data[0].text[i], z: gd.data[0].z[i]}]}); }""",
                  ids.WORLD_MAP.graph)
    page.locator(f"#{ids.WORLD_LINK} a").wait_for()
    assert "India" in page.inner_text(f"#{ids.WORLD_LINK}")
    assert console == [], "\n".join(console)


def test_event_settings_in_the_url_survive_a_control_change(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/world?country=Turkiye&side=exports&events=off&tag=drones")
    wait_drawn(page, 3)
    assert not page.locator(f"#{ids.WORLD_EVENTS.show}").is_checked()
    page.get_by_label("Imports (suppliers)").check()
    page.wait_for_function("() => window.location.search.includes('side=imports')")
    assert "events=off" in page.url and "tag=drones" in page.url
    page.locator(f"#{ids.WORLD_EVENTS.show}").check()
    page.wait_for_function("() => !window.location.search.includes('events=off')")
    wait_drawn(page, 3)
    screenshot(page, "world_turkiye_events")
    assert console == [], "\n".join(console)
