"""Charts and grids drawn when they come near the view (dashboard/assets/near_view.js), in
real headless Chromium on the real build, as an analyst uses the country page at 1440 px:
the first view draws the charts in the window and leaves those far below as boxes of their
chart's height (the page does not jump when they are drawn); AG Grid's code is not asked
for until the analyst scrolls to the deal grid; a chart or grid drawn only after the view
changed shows the view asked for, not the one the page opened with; printing draws every
chart."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import choose, scroll_to, wait_drawn
from tests.support.near_view import FIRST_VIEW_DRAWN, PENDING

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

SLOW = 60_000
# The boxes not drawn yet, by id, with their height; and the charts drawn, by id.
BOXES = f"""() => Object.fromEntries([...document.querySelectorAll('.{PENDING}')]
  .map(e => [e.id, Math.round(e.getBoundingClientRect().height)]))"""
DRAWN_CHARTS = """() => [...document.querySelectorAll('.dash-graph')]
  .filter(g => g.querySelector('.main-svg')).map(g => g.id)"""
TITLE = """(id) => document.getElementById(id).querySelector('.gtitle').textContent"""
GRID_ROWS = """async (gridId) => {
  const api = await window.dash_ag_grid.getApiAsync(gridId);
  const names = [];
  api.forEachNode(n => { if (n.data) { names.push(n.data.recipient); } });
  return names;
}"""
# Where the deal section under the charts starts on the page (what is above it only).
SECTION_TOP = "() => document.querySelector('.deal-section').getBoundingClientRect().top + scrollY"
FAR = ids.LOCAL_PRODUCTION.graph  # the sixth chart: thousands of pixels down


def open_first_view(page: Any, url: str, requested: list[str]) -> None:
    page.on("request", lambda r: requested.append(r.url))
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(url)
    page.wait_for_function(FIRST_VIEW_DRAWN, timeout=SLOW, polling=50)


def test_the_first_view_draws_only_the_charts_in_the_window(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    requested: list[str] = []
    open_first_view(page, live_url + "/?country=Pakistan", requested)
    drawn = page.evaluate(DRAWN_CHARTS)
    boxes = page.evaluate(BOXES)
    assert ids.ANNUAL.graph in drawn
    assert FAR in boxes and ids.CONCENTRATION.graph in boxes, (drawn, boxes)
    assert ids.COUNTRY_DEALS.grid in boxes
    assert not [u for u in requested if "dash_ag_grid" in u]
    # a box is as tall as its chart will be: the page does not jump when it is drawn
    section_top = page.evaluate(SECTION_TOP)
    scroll_to(page, FAR)
    page.wait_for_selector(f"#{FAR} .main-svg", timeout=SLOW)
    assert page.locator(f"#{FAR}").bounding_box()["height"] == pytest.approx(boxes[FAR],
                                                                             abs=2)
    assert page.evaluate(SECTION_TOP) == pytest.approx(section_top, abs=2)
    assert console == [], "\n".join(console)


def test_what_is_drawn_late_shows_the_view_asked_for(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    requested: list[str] = []
    open_first_view(page, live_url + "/?country=Pakistan", requested)
    assert FAR in page.evaluate(BOXES)
    choose(page, ids.COUNTRY_CONTROLS.country, "India")
    page.wait_for_function("() => location.search.includes('country=India')", timeout=SLOW)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')",
                           timeout=SLOW)
    assert FAR in page.evaluate(BOXES)  # still not drawn: far below
    assert not [u for u in requested if "dash_ag_grid" in u]

    scroll_to(page, FAR)
    page.wait_for_selector(f"#{FAR} .gtitle", timeout=SLOW)
    assert page.evaluate(TITLE, FAR).startswith("India")
    scroll_to(page, ids.COUNTRY_DEALS.grid)
    page.wait_for_selector(f"#{ids.COUNTRY_DEALS.grid} .ag-cell-value", timeout=SLOW)
    names = page.evaluate(GRID_ROWS, ids.COUNTRY_DEALS.grid)
    assert names and set(names) == {"India"}, names[:5]
    assert len([u for u in requested if "dash_ag_grid/dash_ag_grid.v" in u]) == 1
    wait_drawn(page, 6, timeout=SLOW)
    assert console == [], "\n".join(console)


def test_printing_draws_every_chart(live_url: str,
                                    browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    open_first_view(page, live_url + "/?country=Pakistan", [])
    charts = [cid.graph for cid in (ids.ANNUAL, ids.SHARES, ids.CATEGORY, ids.COMPARE_CHART,
                                    ids.CONCENTRATION, ids.LOCAL_PRODUCTION)]
    assert FAR in page.evaluate(BOXES)
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    # drawn in the print handler itself: nothing is left for after the page is printed
    assert not set(page.evaluate(BOXES)) & set(charts)
    page.wait_for_function(f"() => document.querySelectorAll('.dash-graph .main-svg').length"
                           f" >= {len(charts)}", timeout=SLOW)
    assert set(page.evaluate(DRAWN_CHARTS)) >= set(charts)
    assert console == [], "\n".join(console)


# How many options the dropdown with `id` holds now (its wrapper says).
OPTIONS_GIVEN = """(id) => Number(document.getElementById(id)
  .closest('.options-when-used').dataset.options)"""
CHOSEN_CASES = [  # options, chosen value(s), the options kept
    ([{"label": "India", "value": "India"}, {"label": "Pakistan", "value": "Pakistan"}],
     "Pakistan", [{"label": "Pakistan", "value": "Pakistan"}]),
    (["a", "b", "c"], ["c", "a"], ["a", "c"]),
    ([1, 2, 3], 2, [2]),
    ({"x": "Ex", "y": "Why"}, "y", {"y": "Why"}),
    ([{"label": "A", "value": "a"}], None, []),
    ([{"label": "A", "value": "a"}], "gone", []),
    ([{"label": "A", "value": "a"}, {"label": "B", "value": "b"}], ["a", "b"],
     [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]),
    ([], "a", []),
]


def test_a_dropdown_is_given_its_options_once_used(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    open_first_view(page, live_url + "/?country=Pakistan", [])
    # until used, the country list holds the country shown, and shows it
    assert page.evaluate(OPTIONS_GIVEN, ids.COUNTRY_CONTROLS.country) == 1
    assert "Pakistan" in page.inner_text(f"#{ids.COUNTRY_CONTROLS.country}")
    # used, it holds every country of the release: search and pick as before
    choose(page, ids.COUNTRY_CONTROLS.country, "Kazakhstan")
    page.wait_for_function("() => location.search.includes('country=Kazakhstan')",
                           timeout=SLOW)
    assert page.evaluate(OPTIONS_GIVEN, ids.COUNTRY_CONTROLS.country) > 150
    wait_drawn(page, 3)
    assert "Kazakhstan" in page.inner_text(f"#{ids.COUNTRY_CONTROLS.headline}")
    # the rule that keeps the chosen options, on every form Dash takes options in
    for options, chosen, kept in CHOSEN_CASES:
        assert page.evaluate("([o, c]) => window.armsdash_near.chosenOptions(o, c)",
                             [options, chosen]) == kept, (options, chosen)
    assert console == [], "\n".join(console)
