"""The partial Plotly bundle (dashboard/assets/plotly-partial.min.js) draws every page: in
real headless Chromium on the real build, every page the navbar links to (the page
registry's pages) is drawn whole, charts and lazily loaded tables, with an empty console;
every trace drawn is of a type the loaded plotly.js registered (it would otherwise draw
nothing for it, silently); the loaded plotly.js is the bundle, at the version the plotly
package ships, holding the types its banner names; Dash's full bundle is never asked for."""

from __future__ import annotations

from typing import Any

import pytest
from plotly.offline import get_plotlyjs_version

from dashboard import ids
from tests.e2e.conftest import wait_drawn
from tests.support.plotly_bundle import banner

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

SLOW = 60_000
# Every trace drawn on the page whose type the loaded plotly.js does not know.
UNKNOWN_TRACES = """() => {
  const known = new Set(Object.keys(Plotly.PlotSchema.get().traces));
  return [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd =>
    gd.data.map(t => t.type || 'scatter').filter(t => !known.has(t))
      .map(t => (gd.parentElement.id || '?') + ': ' + t));
}"""
DRAWN_TYPES = """() => [...new Set([...document.querySelectorAll('.js-plotly-plot')]
  .flatMap(gd => gd.data.map(t => t.type || 'scatter')))].sort()"""
NAV_PATHS = f"""() => [...document.querySelectorAll('#{ids.NAVBAR} a.nav-link')]
  .map(a => new URL(a.href).pathname)"""


def settle(page: Any) -> int:
    """Wait until the page shown is drawn whole; the number of its charts."""
    page.wait_for_function("() => document.querySelector('#_pages_content')"
                           "?.childElementCount > 0", timeout=SLOW)
    wait_drawn(page, 0, timeout=SLOW)
    graphs = int(page.locator(".dash-graph").count())
    wait_drawn(page, graphs, timeout=SLOW)
    return graphs


def test_every_page_draws_with_the_bundle(live_url: str,
                                          browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_url + "/")
    settle(page)
    paths = page.evaluate(NAV_PATHS)
    assert {"/", "/world", "/pair", "/factsheet"} <= set(paths)
    drawn: dict[str, tuple[int, list[str]]] = {}
    for path in paths:
        page.goto(live_url + path)
        graphs = settle(page)
        assert page.evaluate(UNKNOWN_TRACES) == [], path
        drawn[path] = (graphs, page.evaluate(DRAWN_TYPES))
    # the pages with charts drew them (a walk that saw no chart would prove nothing)
    assert drawn["/"][0] >= 4 and drawn["/world"][0] >= 3, drawn
    version, traces = banner()
    assert {t for _, types in drawn.values() for t in types} == traces, drawn
    assert page.evaluate("() => Plotly.version") == version == get_plotlyjs_version()
    assert set(page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)")) == traces
    assert [u for u in requested if "plotly-partial.min.js" in u]
    assert not [u for u in requested if "plotly" in u and "plotly-partial" not in u]
    assert console == [], "\n".join(console)


def test_a_type_left_out_of_the_bundle_is_caught(live_url: str,
                                                 browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 4, timeout=SLOW)
    page.evaluate("""() => { const gd = document.querySelector('.js-plotly-plot');
                           return Plotly.addTraces(gd, {type: 'pie', values: [1, 2]}); }""")
    assert [t.split(": ")[1] for t in page.evaluate(UNKNOWN_TRACES)] == ["pie"]
