"""A share of a year without any deliveries is undefined: on the real build, in real
headless Chromium, the country page's share chart leaves such a year empty (no area
ramping down to 0%) and says why under the chart."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

RELEASE = "2026-02-12"
# Whether a point (year, % share) of a chart lies inside any area Plotly drew there.
IN_AREA = """([id, points]) => {
    const gd = document.getElementById(id).querySelector('.js-plotly-plot');
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const fills = [...gd.querySelectorAll('.scatterlayer .js-fill')];
    return points.map(([x, y]) => fills.some(
        (f) => f.isPointInFill(new DOMPoint(xa.c2p(x), ya.c2p(y)))));
}"""


def test_a_year_without_imports_is_a_gap_in_the_share_chart(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    # Kazakhstan imported nothing in 1998 and 2003 (release 2026-02-12), plenty around.
    page.goto(live_url + f"/?country=Kazakhstan&side=imports&release={RELEASE}"
              "&years=1995-2010&window=1")
    wait_drawn(page, 4)
    graph = ids.SHARES.graph
    around = [(1996, 50), (2000, 50), (2006, 50)]
    gap = [(x / 10, y) for x in range(19972, 19990, 2) for y in (1, 50, 99)]
    gap += [(x / 10, y) for x in range(20022, 20040, 2) for y in (1, 50, 99)]
    inside = page.evaluate(IN_AREA, [graph, around + gap])
    assert inside[:len(around)] == [True] * len(around)
    assert not any(inside[len(around):]), [p for p, i in zip(gap, inside[len(around):],
                                                             strict=True) if i]
    text = page.inner_text(f"#{graph}")
    assert "no imports at all in the years 1998, 2003, so no shares there" in text
    assert console == [], "\n".join(console)
