"""/tables in a real browser: an analyst opens SIPRI's world table of a release, finds
SIPRI's own figures in it, sorts by a year (kept in the URL), picks a country for its
partners by five-year period, and downloads the CSV of what is shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import choose, download_csv, screenshot, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]
V = ids.TABLES


def grid_cell(page: Any, row: int, col: str) -> str:
    """The text of a grid cell as shown (pinned or not)."""
    return str(page.inner_text(f"#{V.table} .ag-row[row-index='{row}'] [col-id='{col}']"))


def wait_rows(page: Any) -> None:
    """Wait until the grid shows rows and no callback is pending."""
    page.wait_for_selector(f"#{V.table} .ag-center-cols-container .ag-row")
    wait_drawn(page, 1)


def test_world_table_sort_country_periods_and_csv(live_url: str, tmp_path: Path,
                                                  browser_page: tuple[Any, list[str]]
                                                  ) -> None:
    page, console = browser_page
    page.goto(live_url + "/tables?release=2024-04-13")
    wait_rows(page)
    # SIPRI's own table of this release: India first, 2832 in 1990, 74073 in all
    assert grid_cell(page, 0, "name") == "India" and grid_cell(page, 0, "rank") == "1"
    assert grid_cell(page, 0, "y1990") == "2,832"
    assert grid_cell(page, 0, "total") == "74,073"
    assert page.locator(f"#{V.table} .ag-floating-bottom [col-id='name']").inner_text(
    ).startswith("Total")
    assert "release 2024-04-13" in page.inner_text(f"#{V.headline}")
    screenshot(page, "tables_world_imports")

    page.click(f"#{V.table} .ag-header-cell[col-id='y2010']")
    page.wait_for_function("() => window.location.search.includes('sort=2010')")
    first = float(grid_cell(page, 0, "y2010").replace(",", ""))
    second = float(grid_cell(page, 1, "y2010").replace(",", "") or 0)
    assert first >= second > 0
    assert grid_cell(page, 0, "name") == "India"  # SIPRI: India's 2886 leads 2010

    choose(page, ids.TABLES_COUNTRY, "Pakistan")
    page.wait_for_function("() => window.location.search.includes('country=Pakistan')")
    page.wait_for_selector(f"#{V.table} .ag-header-group-cell:has-text('2020–23')")
    wait_rows(page)
    assert "by=period" in page.url
    assert grid_cell(page, 0, "name") == "China"
    assert "2020–23 holds 4 year(s)" in page.inner_text(f"#{V.notice}")
    assert "Pakistan's arms imports by supplier" in page.inner_text(f"#{V.headline}")
    share_shown = grid_cell(page, 0, "p2020_2023_share")
    screenshot(page, "tables_pakistan_periods")

    name, rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert name == "tiv-table_imports_Pakistan_1990-2023_by-period_release-2024-04-13.csv"
    assert {r["release"] for r in rows} == {"2024-04-13"}
    assert {r["country"] for r in rows} == {"Pakistan"}
    china = next(r for r in rows if r["supplier"] == "China" and r["years"] == "2020–23")
    assert f"{float(china['share_percent']):.1f}%" == share_shown
    assert console == [], "\n".join(console)


def test_country_periods_from_the_country_page_then_regions_and_groupings(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/?country=Turkiye&side=exports&release=2024-04-13")
    link = page.locator(f"#{ids.COUNTRY_PERIODS_LINK}")
    link.wait_for()
    assert "five-year period" in link.inner_text()
    link.click()
    page.wait_for_url("**/tables?*country=Turkiye*")
    wait_rows(page)
    assert "by=period" in page.url and "side=exports" in page.url
    assert "Türkiye's arms exports by recipient" in page.inner_text(f"#{V.headline}")
    page.wait_for_selector(f"#{V.table} .ag-header-group-cell:has-text('2015–19')")
    assert grid_cell(page, 0, "rank") == "1" and grid_cell(page, 0, "p2015_2019_share")

    # the world's imports by SIPRI region, as SIPRI's regional table: Africa 51,684
    page.goto(live_url + "/tables?release=2024-04-13&rows=regions")
    wait_rows(page)
    names = [grid_cell(page, i, "name") for i in range(5)]
    assert names[0] == "Asia and Oceania" and "Africa" in names
    africa = names.index("Africa")
    assert grid_cell(page, africa, "total") == "51,684"
    assert grid_cell(page, africa, "y1990") == "1,306"
    assert "in no region" in page.inner_text(f"#{V.notice}")
    screenshot(page, "tables_regions")
    # a region's row opens its own table: Africa's suppliers by period, in the same years
    page.locator(f"#{V.table} .ag-row[row-index='{africa}'] [col-id='partners'] a").click()
    page.wait_for_url("**/tables?*country=Africa*")
    wait_rows(page)
    assert "years=1990-2023" in page.url and "by=period" in page.url
    assert "Arms imports of Africa (region) by supplier" in page.inner_text(f"#{V.headline}")
    total = page.locator(f"#{V.table} .ag-floating-bottom [col-id='total']").inner_text()
    assert total == "51,684"  # the same total as the region's row, and SIPRI's
    page.go_back()
    page.wait_for_url("**/tables?*rows=regions*")
    wait_rows(page)

    page.click(f"#{ids.TABLES_ROWS} label:has-text('Groupings')")
    page.wait_for_function("() => window.location.search.includes('rows=groupings')")
    page.wait_for_function(f"""() => document.getElementById('{V.notice}').innerText
                                 .includes('Groupings overlap')""")
    wait_rows(page)
    shown = {grid_cell(page, i, "name") for i in range(5)}
    assert "NATO" in shown and "Arab League" in shown
    assert page.locator(f"#{V.table} .ag-header-cell-text:has-text('Grouping')").count()
    assert console == [], "\n".join(console)


def test_a_regions_partner_table_from_the_country_page_as_sipris_regional_table(
        live_url: str, tmp_path: Path, browser_page: tuple[Any, list[str]]) -> None:
    """An analyst on Europe's country page follows the link to its partners by period,
    switches to years, finds SIPRI's regional table (Europe: 158,640 in 1990-2023, the
    United States 2,980 in 1990 and 73,370 in all), then picks NATO and downloads it
    (SIPRI's NATO: 182,922)."""
    page, console = browser_page
    page.goto(live_url + "/?country=Europe&release=2024-04-13")
    link = page.locator(f"#{ids.COUNTRY_PERIODS_LINK}")
    link.wait_for()
    link.click()
    page.wait_for_url("**/tables?*country=Europe*")
    wait_rows(page)
    assert "by=period" in page.url
    assert "Arms imports of Europe (region) by supplier" in page.inner_text(f"#{V.headline}")
    notice = page.inner_text(f"#{V.notice}")
    assert "from suppliers inside Europe" in notice and "SIPRI's regional table" in notice
    screenshot(page, "tables_europe_periods")

    page.click(f"#{ids.TABLES_BY} label:has-text('Years')")
    page.wait_for_function("() => window.location.search.includes('by=year')")
    page.wait_for_selector(f"#{V.table} .ag-header-cell[col-id='y1990']")
    wait_rows(page)
    assert grid_cell(page, 0, "name") == "United States"
    assert grid_cell(page, 0, "y1990") == "2,980" and grid_cell(page, 0, "total") == "73,370"
    total = page.locator(f"#{V.table} .ag-floating-bottom [col-id='total']").inner_text()
    assert total == "158,640"
    assert page.locator(f"#{V.table} .ag-floating-bottom [col-id='name']").inner_text(
    ) == "Total (Europe's imports)"

    choose(page, ids.TABLES_COUNTRY, "NATO (grouping)")
    page.wait_for_function("() => window.location.search.includes('country=NATO&')")
    page.wait_for_function(f"""() => document.getElementById('{V.headline}').innerText
                                 .includes('NATO (grouping)')""")
    wait_rows(page)
    assert "each in the years it belongs" in page.inner_text(f"#{V.notice}")
    assert "by=period" in page.url  # another country or area opens on periods again
    name, rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert name == "tiv-table_imports_grouping-NATO_1990-2023_by-period_release-2024-04-13.csv"
    assert {(r["country"], r["country_kind"], r["release"]) for r in rows} == {
        ("NATO", "grouping", "2024-04-13")}
    assert abs(sum(float(r["tiv_millions"]) for r in rows) - 182922) <= 0.5  # SIPRI's NATO
    assert console == [], "\n".join(console)
