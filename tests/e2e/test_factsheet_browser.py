"""The fact sheet in a real browser, as an analyst uses it: open the 2020–24 sheet, read
the key facts and tables, choose an earlier period, follow a number to its view,
download a table, and see a notice for a period the release does not hold."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import screenshot, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]


def rows(page: Any, section: str) -> int:
    """The number of body rows of a fact sheet section's table."""
    return int(page.locator(f"#factsheet-{section} tbody tr").count())


def test_an_analyst_reads_changes_and_follows_the_fact_sheet(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/factsheet?release=2026-02-12&period=2024")
    wait_drawn(page, 1)
    assert "Trends in international arms transfers, 2020–24" in page.inner_text("h1")
    facts = page.inner_text("#factsheet-key-facts")
    assert "0.6% lower than in 2015–19 and 3.9% higher than in 2010–14" in facts
    assert "64 states exported major arms and 162 states imported them" in facts
    assert "the United States (43%)" in facts
    assert "release 2026-02-12" in page.inner_text("#factsheet-source")
    assert (rows(page, "exports"), rows(page, "imports")) == (25, 40)
    assert rows(page, "regions") == 18  # 5 regions and 13 subregions
    screenshot(page, "factsheet_2020_24")

    # an earlier period: the sheet and the address follow
    page.click(f"#{ids.FACTSHEET_PERIOD}")
    page.get_by_role("option", name="2015–19", exact=True).click()
    page.wait_for_function("() => document.querySelector('h1').innerText.includes('2015–19')")
    page.wait_for_url("**period=2019*")
    assert "2010–14" in page.inner_text("#factsheet-key-facts")

    # a table as CSV: every row, the release in each
    with page.expect_download() as info:
        page.click(f"#{ids.FACTSHEET_CSV['exporters']}")
    text = info.value.path().read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text.split("\n", 1)[1])))
    assert len(table) == 25 and {r["release"] for r in table} == {"2026-02-12"}
    assert "not money" in text.splitlines()[0]

    # a number leads to the view that shows it
    page.locator("#factsheet-imports tbody tr").first.locator("a").first.click()
    page.wait_for_url("**/?country=*")
    assert "period=2019" in page.url and "release=2026-02-12" in page.url
    wait_drawn(page, 4)
    assert console == [], "\n".join(console)


def test_a_period_outside_the_release_is_announced(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/factsheet?release=2026-02-12&period=1996")
    wait_drawn(page, 1)
    notice = page.inner_text(f"#{ids.FACTSHEET_NOTICE}")
    assert "periods ending 1999–2024 only" in notice and "instead of 1996" in notice
    assert "2020–24" in page.inner_text("h1")
    assert console == [], "\n".join(console)
