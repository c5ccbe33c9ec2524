"""Event markers have a lane of their own, in real headless Chromium on the real build: the
top of the tallest bar gives its deals, not an event; events of the same year are each
reachable and each one's hover lists them all. Titles come from the curated files."""

from __future__ import annotations

from typing import Any

import pytest

from etl.events.model import load_events
from tests.conftest import ROOT
from tests.e2e.conftest import chart_spot, wait_drawn
from tests.e2e.test_events_pair_browser import MARKER_JS, click_marker

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

TB2, AKINCI = "pk-acquires-bayraktar-tb2-2021", "akinci-enters-service-2021"
SEGMENT_TOP_JS = """([graphId, name, year]) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const bars = gd.data.filter(t => t.type === 'bar');
  const ti = bars.findIndex(t => t.name === name);
  if (ti < 0) { return null; }
  const pi = Array.from(bars[ti].x).findIndex(x => Number(x) === year);
  const r = gd.querySelectorAll('.barlayer .trace.bars')[ti].querySelectorAll('.point')[pi]
    .getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + 2};
}"""


def titles() -> dict[str, str]:
    """Event titles as the curated files write them."""
    return {ev.id: ev.title for ev in load_events(ROOT / "data" / "events").events}


def test_the_top_of_the_2023_aircraft_bar_gives_its_deals_not_an_event(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/pair?supplier=Turkiye&recipient=Pakistan&years=2015-2024")
    wait_drawn(page, 3)
    top = chart_spot(page, "pair-category-graph", SEGMENT_TOP_JS,
                     ["pair-category-graph", "Aircraft", 2023])
    page.mouse.move(top["x"], top["y"])
    page.wait_for_selector("#pair-category-graph .hoverlayer .hovertext", timeout=10_000)
    hovered = page.text_content("#pair-category-graph .hoverlayer") or ""
    assert "Aircraft" in hovered and "2023" in hovered, hovered
    page.mouse.click(top["x"], top["y"])
    page.wait_for_function(
        "() => (document.getElementById('pair-deals-summary')?.innerText || '')"
        ".includes('Aircraft; clicked bar')", timeout=20_000)
    assert "2023" in page.inner_text("#pair-deals-summary")
    assert not page.locator("#pair-events-panel .event-title").count()
    assert console == [], "\n".join(console)


def test_events_of_the_same_year_are_each_reachable_and_listed(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    named = titles()
    page.goto(live_url + "/?country=Turkiye&side=exports")
    wait_drawn(page, 4)
    graph = "country-annual-graph"
    spots = {e: chart_spot(page, graph, MARKER_JS, [graph, e]) for e in (TB2, AKINCI)}
    a, b = spots[TB2], spots[AKINCI]
    assert abs(a["x"] - b["x"]) > 8 or abs(a["y"] - b["y"]) > 8  # not drawn on each other
    for event in (TB2, AKINCI):
        spot = chart_spot(page, graph, MARKER_JS, [graph, event])  # the panel above moves it
        page.mouse.move(spot["x"], spot["y"])
        page.wait_for_selector(f"#{graph} .hoverlayer .hovertext", timeout=10_000)
        hovered = page.text_content(f"#{graph} .hoverlayer") or ""
        assert "events here" in hovered, hovered  # the cluster lists both
        for title in (named[TB2], named[AKINCI]):
            assert title.split()[-1] in hovered, (title, hovered)
        click_marker(page, graph, event)
        page.wait_for_function(
            "(t) => (document.querySelector('#country-events-panel .event-title')?.innerText"
            " || '') === t", arg=named[event], timeout=15_000)
    assert console == [], "\n".join(console)
