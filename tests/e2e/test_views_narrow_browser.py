"""A phone-sized screen (390 × 844), in real headless Chromium on the real build: the navbar
folds behind its toggler, the view settings behind their button, so the first chart is near
the top; chart titles keep their units and release, and the legend leaves the plot its
width."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.conftest import launch, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

WIDTH, HEIGHT = 390, 844
SLOW = 60_000

CHART_JS = """(graphId) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const plot = gd.querySelector('.cartesianlayer .plot, .nsewdrag');
  const title = Array.from(gd.querySelectorAll('.gtitle')).map(t => t.textContent).join(' ');
  const legend = gd.querySelector('.legend');
  const lb = legend ? legend.getBoundingClientRect() : null;
  const gb = gd.getBoundingClientRect();
  const pb = plot.getBoundingClientRect();
  return {title: title, plotWidth: pb.width, width: gb.width, plotHeight: pb.height,
          legendBelow: lb ? lb.top >= pb.bottom : true};
}"""


@pytest.fixture
def phone(playwright_driver: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page in a phone-sized headless Chromium, and its console messages."""
    profile = tempfile.mkdtemp(prefix="armsdash-e2e-phone-")
    context = launch(playwright_driver, profile, viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    try:
        yield page, console
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def test_a_phone_sees_the_first_chart_near_the_top(live_url: str,
                                                  phone: tuple[Any, list[str]]) -> None:
    page, console = phone
    page.goto(live_url + "/?country=Turkiye&side=exports")
    wait_drawn(page, 3, timeout=SLOW)

    # The navbar's links are folded behind the toggler, which opens them.
    world = page.locator("#navbar-collapse a", has_text="World")
    assert not world.is_visible()
    page.click("#navbar-toggler")
    world.wait_for(state="visible", timeout=SLOW)
    page.click("#navbar-toggler")
    world.wait_for(state="hidden", timeout=SLOW)

    # The settings are folded; the first chart starts within the first screen.
    assert not page.locator("#country-country").is_visible()
    top = page.evaluate("() => document.getElementById('country-annual-graph')"
                        ".getBoundingClientRect().top")
    assert top < HEIGHT, top
    page.click("#country-settings-toggle")
    page.locator("#country-country").wait_for(state="visible", timeout=SLOW)

    # Titles keep units and release; the legend is below the plot, which keeps the width.
    page.wait_for_function(
        "() => document.querySelector('#country-annual-graph .gtitle')"
        ".textContent.includes('release')", timeout=SLOW)
    for graph in ("country-annual-graph", "country-shares-graph"):
        chart = page.evaluate(CHART_JS, graph)
        text = chart["title"].replace(" ", "")  # wrapped lines join without a space
        assert "release2026-02-12" in text, chart
        assert "SIPRITIV,millions" in text or "%ofexports" in text, chart
        assert chart["legendBelow"], chart
        assert chart["plotWidth"] > 0.6 * chart["width"], chart
        assert chart["plotHeight"] > 150, chart
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))


def test_a_wide_screen_keeps_everything_open(live_url: str,
                                            browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Turkiye&side=exports")
    wait_drawn(page, 3, timeout=SLOW)
    assert page.locator("#navbar-collapse a", has_text="World").is_visible()
    assert page.locator("#country-country").is_visible()
    assert not page.locator("#country-settings-toggle").is_visible()
    assert page.locator("#country-events-undated .undated-event").first.is_visible()
    chart = page.evaluate(CHART_JS, "country-annual-graph")
    assert not chart["legendBelow"]  # beside the plot, as drawn by the server
    assert console == [], "\n".join(sorted(set(c[:300] for c in console)))
