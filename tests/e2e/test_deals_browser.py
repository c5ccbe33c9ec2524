"""The deals behind a bar, in real headless Chromium on the real build.

Pakistan's page: click Türkiye's 2023 import bar; the grid shows that year's Turkish deals
(the Bayraktar TB-2 and Akinci among them) with a TIV total equal to the bar, checked
against the deliveries table itself; the pair page's URL restores the same view; the CSV
of the rows shown adds up to the same total. Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

import pytest

from etl.store import read_table
from tests.e2e.conftest import chart_spot, screenshot, scroll_to, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.slow]

BAR_JS = """([graphId, name, year]) => {
  const gd = document.getElementById(graphId).querySelector('.js-plotly-plot');
  const ti = gd.data.findIndex(t => t.name === name && t.type === 'bar');
  if (ti < 0) { return null; }
  const pi = Array.from(gd.data[ti].x).findIndex(x => Number(x) === year);
  if (pi < 0) { return null; }
  const bars = gd.querySelectorAll('.barlayer .trace.bars')[ti].querySelectorAll('.point');
  const r = bars[pi].getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2, value: gd.data[ti].y[pi]};
}"""
ROWS_JS = """async (gridId) => {
  const api = await window.dash_ag_grid.getApiAsync(gridId);
  const rows = [];
  api.forEachNode(n => { if (n.data) { rows.push(n.data); } });
  return rows;
}"""
TOTAL_RE = re.compile(r"([\d,]+) deals?, ([\d,.]+) million TIV delivered in view")


def default_release(build: Path) -> str:
    """The release the dashboard opens on: the newest with exact per-year values."""
    releases = read_table(build, "releases")
    exact = releases.loc[releases["per_year_exact"], "release"]
    return str(sorted(exact)[-1] if len(exact) else sorted(releases["release"])[-1])


def deliveries_total(build: Path, release: str, supplier: str, recipient: str,
                     year: int) -> tuple[float, set[str]]:
    """The bar's value from the deliveries table itself, and the designations behind it."""
    dl = read_table(build, "deliveries")
    rows = dl[(dl["release"] == release) & (dl["supplier"] == supplier)
              & (dl["recipient"] == recipient) & (dl["year"] == year)]
    return float(rows["tiv"].sum()), set(rows["designation"])


def summary_total(page: Any, summary_id: str, expect: str) -> tuple[int, float]:
    """Wait for the grid's summary to describe `expect`, then read its count and total."""
    page.wait_for_function(
        "([id, text]) => (document.getElementById(id)?.innerText || '').includes(text)",
        arg=[summary_id, expect], timeout=15_000)
    text = page.inner_text(f"#{summary_id}")
    match = TOTAL_RE.search(text)
    assert match, text
    return int(match[1].replace(",", "")), float(match[2].replace(",", ""))


def grid_rows(page: Any, grid_id: str, count: int) -> list[dict[str, Any]]:
    """The rows the grid has loaded, once it holds `count` of them."""
    deadline = time.monotonic() + 15
    rows: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        rows = page.evaluate(ROWS_JS, grid_id)
        if len(rows) == count:
            return rows
        time.sleep(0.2)
    raise AssertionError(f"grid {grid_id} holds {len(rows)} rows, expected {count}")


def test_clicking_turkiyes_2023_bar_shows_its_deals(live_url: str, real_build: Path,
                                                    browser_page: Any) -> None:
    page, console = browser_page
    release = default_release(real_build)
    expected, designations = deliveries_total(real_build, release, "Turkiye", "Pakistan",
                                              2023)
    assert {"Bayraktar TB-2", "Akinci"} <= designations  # the data holds what we look for

    page.goto(live_url + "/?country=Pakistan")
    wait_drawn(page, 4)
    summary_total(page, "country-deals-summary", "→ Pakistan")
    bar = chart_spot(page, "country-annual-graph", BAR_JS,
                     ["country-annual-graph", "Türkiye", 2023])
    assert bar["value"] == pytest.approx(expected, abs=1e-6)
    page.mouse.click(bar["x"], bar["y"])

    count, total = summary_total(page, "country-deals-summary", "Türkiye → Pakistan, 2023")
    assert total == pytest.approx(round(expected, 1), abs=0.05)
    rows = grid_rows(page, "country-deals-grid", count)
    shown = {r["designation"] for r in rows}
    assert {"Bayraktar TB-2", "Akinci"} <= shown
    assert shown == designations
    assert sum(r["tiv_in_view"] for r in rows) == pytest.approx(expected, abs=1e-6)
    assert {r["supplier"] for r in rows} == {"Türkiye"}
    page.locator("#country-deals-grid").scroll_into_view_if_needed()
    screenshot(page, "deals-country-pakistan-turkiye-2023")

    # The CSV of the rows shown adds up to the same total.
    with page.expect_download() as info:
        page.click("#country-deals-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"# Source: SIPRI Arms Transfers Database, release {release}")
    table = list(csv.DictReader(io.StringIO("\n".join(
        line for line in text.splitlines() if not line.startswith("#")))))
    assert len(table) == count
    assert sum(float(r["SIPRI TIV delivered in view"]) for r in table) == pytest.approx(
        expected, abs=1e-6)

    # The pair page's URL restores the same view.
    link = page.get_attribute("#country-pair-link a", "href")
    assert link and "deals=2023-2023" in link
    page.goto(live_url + link)
    wait_drawn(page, 3)  # scrolled down to the deals
    count2, total2 = summary_total(page, "pair-deals-summary", "Türkiye → Pakistan, 2023")
    assert (count2, total2) == (count, total)
    assert {r["designation"] for r in grid_rows(page, "pair-deals-grid", count2)} == shown
    restored = page.url
    assert "deals=2023-2023" in restored and "supplier=Turkiye" in restored
    page.goto(restored)
    scroll_to(page, "pair-deals-grid")
    assert summary_total(page, "pair-deals-summary", "Türkiye → Pakistan, 2023") == (
        count, total)
    wait_drawn(page, 3)
    screenshot(page, "deals-pair-turkiye-pakistan-2023")

    # Free-text search narrows the rows shown.
    page.fill("#pair-deals-search", "akinci")
    page.press("#pair-deals-search", "Enter")
    count3, _ = summary_total(page, "pair-deals-summary", "matching “akinci”")
    assert count3 == 1
    page.locator("#pair-deals-grid").scroll_into_view_if_needed()
    screenshot(page, "deals-pair-search-akinci")
    assert console == [], "\n".join(console)


def test_pair_page_with_orders_shows_the_pipeline(live_url: str, real_build: Path,
                                                  browser_page: Any) -> None:
    page, console = browser_page
    deals = read_table(real_build, "deals")
    with_orders = sorted(deals.loc[deals["open"].notna(), "release"].unique())
    if not with_orders:
        pytest.skip("no release with order data in the build")
    release = str(with_orders[-1])
    page.goto(live_url + f"/pair?supplier=Turkiye&recipient=Pakistan&release={release}")
    wait_drawn(page, 3)
    page.wait_for_function(
        "() => (document.getElementById('pair-deals-pipeline')?.innerText || '')"
        ".includes('still to come')", timeout=15_000)
    text = page.inner_text("#pair-deals-pipeline")
    opened = deals[(deals["release"] == release) & (deals["supplier"] == "Turkiye")
                   & (deals["recipient"] == "Pakistan") & (deals["open"] == True)]  # noqa: E712
    noun = "open order" if len(opened) == 1 else "open orders"
    assert f"{len(opened)} {noun}" in text
    assert "not money" in text
    page.locator("#pair-deals-pipeline").scroll_into_view_if_needed()
    screenshot(page, "deals-pair-open-orders")
    page.goto(live_url + "/pair?supplier=Atlantis&recipient=Pakistan")
    wait_drawn(page, 3)
    assert "Unknown supplier" in page.inner_text("#pair-notice")
    assert console == [], "\n".join(console)
