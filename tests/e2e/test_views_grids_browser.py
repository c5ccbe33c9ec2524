"""Every AG Grid of the app at 1440 px, in real headless Chromium on the real build: no
header is cut (they wrap, and no word of one is split over lines), the grid stays within
the page, and a grid whose columns do not
fit its width keeps its key columns pinned (what a row is at the left, its TIV at the
right) with their cells shown whole, wherever the analyst scrolls."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import scroll_to

pytestmark = [pytest.mark.browser, pytest.mark.realdata]

# page, grid, headers pinned left, headers pinned right, whether pinned cells are whole
# (a TIV table's names are pinned narrow for phones, a long one whole on hover)
GRIDS = [
    ("/?country=Pakistan", ids.COUNTRY_DEALS.grid, ["Designation"], ["TIV in view"], True),
    ("/pair?supplier=Turkiye&recipient=Pakistan", ids.PAIR_DEALS.grid, ["Designation"],
     ["TIV in view"], True),
    ("/search?q=TB2", ids.SEARCH.table, ["", "designation"], ["TIV delivered (millions)"],
     True),
    ("/tables?release=2026-02-12", ids.TABLES.table, ["Rank", "Recipient"], ["1995–2024"],
     False),
]

MEASURE = r"""(id) => {
    const root = document.getElementById(id).querySelector('.ag-root-wrapper');
    const cut = (el) => el.scrollWidth > el.clientWidth + 1;
    const pen = document.createElement('canvas').getContext('2d');
    const broken = (el) => {  // a word of a wrapped header wider than its line: split
        pen.font = getComputedStyle(el).font;
        return el.textContent.split(/\s+/).some(
            (w) => pen.measureText(w).width > el.clientWidth + 1);
    };
    const texts = (sel) => [...root.querySelectorAll(sel)].map((h) => h.textContent.trim());
    const centre = root.querySelector('.ag-center-cols-viewport');
    const box = root.getBoundingClientRect();
    return {
        right: box.right, page: document.documentElement.clientWidth,
        cutHeaders: [...root.querySelectorAll('.ag-header-cell-text')]
            .filter((h) => cut(h) || broken(h)).map((h) => h.textContent),
        overflow: centre.scrollWidth > centre.clientWidth + 1,
        left: texts('.ag-pinned-left-header .ag-header-cell-text'),
        right_: texts('.ag-pinned-right-header .ag-header-cell-text'),
        cutPinned: [...root.querySelectorAll(
            '.ag-pinned-left-cols-container .ag-cell-value, '
            + '.ag-pinned-right-cols-container .ag-cell-value')].filter(cut)
            .map((c) => c.textContent),
        rows: root.querySelectorAll('.ag-center-cols-container .ag-row').length,
    };
}"""
SCROLL_END = """(id) => {
    const bar = document.getElementById(id).querySelector(
        '.ag-body-horizontal-scroll-viewport');
    bar.scrollLeft = bar.scrollWidth;
}"""


def test_every_grid_fits_or_pins_its_key_columns_at_1440(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    for path, grid, left, right, whole in GRIDS:
        page.goto(live_url + path)
        page.wait_for_selector(f"#{grid}")
        scroll_to(page, grid)
        page.wait_for_selector(f"#{grid} .ag-center-cols-container .ag-row .ag-cell-value")
        page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=true]')")
        for step in ("start", "scrolled to the end"):
            seen = page.evaluate(MEASURE, grid)
            where = (path, step)
            assert seen["rows"] > 0, where
            assert seen["cutHeaders"] == [], where
            assert seen["right"] <= seen["page"] + 1, where  # the grid stays on the page
            if seen["overflow"]:
                assert seen["left"] == left and seen["right_"] == right, (where, seen)
                assert seen["cutPinned"] == [] or not whole, where
            page.evaluate(SCROLL_END, grid)
            page.wait_for_timeout(300)
    assert console == [], "\n".join(console)
