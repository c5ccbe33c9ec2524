"""The partial Plotly bundle (dashboard/assets/plotly-partial.min.js) draws every chart:
on each page with charts, in real headless Chromium on the real build, every trace's type
is one the bundle registered (plotly.js would otherwise draw nothing for it, silently), the
bundle is the plotly.js version the plotly package ships, and Dash's full 4.8 MB bundle is
never requested."""

from __future__ import annotations

from typing import Any

import pytest
from plotly.offline import get_plotlyjs_version

from tests.e2e.conftest import wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

SLOW = 60_000
# Every trace drawn on the page whose type the loaded plotly.js does not know.
UNKNOWN_TRACES = """() => {
  const known = new Set(Object.keys(Plotly.PlotSchema.get().traces));
  return [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd =>
    gd.data.map(t => t.type || 'scatter').filter(t => !known.has(t))
      .map(t => (gd.parentElement.id || '?') + ': ' + t));
}"""


@pytest.mark.parametrize(("path", "graphs"), [
    ("/?country=Pakistan", 4), ("/world", 3), ("/pair", 3), ("/compare", 1), ("/flows", 1),
])
def test_every_trace_type_is_in_the_bundle(live_url: str, browser_page: tuple[Any, list[str]],
                                           path: str, graphs: int) -> None:
    page, console = browser_page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(live_url + path)
    wait_drawn(page, graphs, timeout=SLOW)
    assert page.evaluate(UNKNOWN_TRACES) == []
    assert page.evaluate("() => Plotly.version") == get_plotlyjs_version()
    assert [u for u in requested if "plotly-partial.min.js" in u]
    assert not [u for u in requested if "package_data/plotly" in u]
    assert console == [], "\n".join(console)


def test_a_type_left_out_of_the_bundle_is_caught(live_url: str,
                                                 browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 4, timeout=SLOW)
    page.evaluate("""() => { const gd = document.querySelector('.js-plotly-plot');
                           return Plotly.addTraces(gd, {type: 'pie', values: [1, 2]}); }""")
    assert [t.split(": ")[1] for t in page.evaluate(UNKNOWN_TRACES)] == ["pie"]
