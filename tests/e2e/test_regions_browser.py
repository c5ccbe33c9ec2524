"""Regions in a real browser, as an analyst uses them: pick a region where a country is
picked, read its headline and its members' shares, and follow a region from the fact
sheet to its page."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import screenshot, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]
C = ids.COUNTRY_CONTROLS


def test_an_analyst_opens_a_region_on_the_country_page(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/")
    wait_drawn(page, 4)
    assert not page.locator(f"#{ids.COUNTRY_MEMBERS_WRAP}").is_visible()
    page.goto(live_url + "/?country=Europe")
    wait_drawn(page, 5)
    page.wait_for_function(f"""() => document.getElementById('{C.headline}').innerText
                               .startsWith('In 2020–24 Europe received 28% of world')""")
    headline = page.inner_text(f"#{C.headline}")
    assert "The United States supplied" in headline and "155% higher" in headline
    assert "Europe (region): SIPRI's" in headline
    members = page.locator(f"#{ids.COUNTRY_MEMBERS_WRAP}")
    members.wait_for(state="visible")
    wait_drawn(page, 5)
    names = page.evaluate("""(id) => document.getElementById(id)
        .querySelector('.js-plotly-plot').data[1].y""", ids.MEMBERS_CHART.graph)
    assert "Ukraine" in names and "Poland" in names and "India" not in names
    screenshot(page, "country_europe")
    assert console == [], "\n".join(console)


def test_a_region_of_the_fact_sheet_opens_its_page(
        live_url: str, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/factsheet?release=2026-02-12&period=2024")
    wait_drawn(page, 1)
    page.locator("#factsheet-regions a", has_text="South Asia").first.click()
    page.wait_for_url("**country=South+Asia*")
    wait_drawn(page, 5)
    assert page.inner_text(f"#{C.headline}").startswith("In 2020–24 South Asia received")
    assert console == [], "\n".join(console)
