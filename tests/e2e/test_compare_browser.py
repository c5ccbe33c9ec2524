"""/compare in a real browser: an analyst opens Türkiye, Israel and South Korea's
exports from a link, removes one, adds another, switches to shares of the world and
to annual values, and downloads the CSV of the lines drawn."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from tests.e2e.conftest import choose, download_csv, screenshot, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]
V = ids.COMPARE


def lines(page: Any) -> dict[str, dict[str, Any]]:
    """The lines drawn, by name: their x and y."""
    data = json.loads(page.evaluate(
        """(id) => JSON.stringify(document.getElementById(id)
               .querySelector('.js-plotly-plot').data)""", V.graph))
    return {t["name"]: t for t in data}


def toggle(page: Any, name: str) -> None:
    """Click a country in the picker: adds it, or removes it if chosen."""
    choose(page, ids.COMPARE_COUNTRIES, name)


def test_add_remove_share_and_csv(live_url: str, tmp_path: Path,
                                  browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/compare?country=Turkiye&country=Israel&country=South%20Korea"
                         "&side=exports")
    wait_drawn(page, 1)
    assert set(lines(page)) == {"Türkiye", "Israel", "South Korea"}
    assert "Arms exports of Türkiye, Israel, South Korea" in page.inner_text(f"#{V.headline}")
    assert page.locator(f"#{V.table} tbody tr").count() >= 20  # a row per year
    screenshot(page, "compare_exporters")

    # in the picker, typing a chosen country and Enter takes it off; a new one goes on
    toggle(page, "Israel")
    page.wait_for_function("() => !window.location.search.includes('country=Israel')")
    toggle(page, "Pakistan")
    page.wait_for_function("() => window.location.search.includes('country=Pakistan')")
    wait_drawn(page, 1)
    assert set(lines(page)) == {"Türkiye", "South Korea", "Pakistan"}

    page.get_by_label("% of the world total").check()
    page.wait_for_function("() => window.location.search.includes('measure=share')")
    wait_drawn(page, 1)
    korea = lines(page)["South Korea"]
    assert max(korea["y"]) < 100 and "% of world exports" in page.inner_text(
        f"#{V.headline}")

    name, rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert name.startswith("compare_exports_Turkiye-South-Korea-Pakistan_")
    assert name.endswith("_5-year-sums_release-2026-02-12.csv")
    assert {r["release"] for r in rows} == {"2026-02-12"}
    drawn = dict(zip(korea["x"], korea["y"], strict=True))
    for r in rows:
        if r["country"] == "South Korea":
            assert abs(float(r["share_of_world_percent"]) - drawn[int(r["last_year"])]) < 1e-3
    assert console == [], "\n".join(console)


def test_a_region_beside_a_country_as_sipris_regional_table(
        live_url: str, tmp_path: Path, browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/compare?country=India&release=2024-04-13&years=1990-2023"
                         "&window=1")
    wait_drawn(page, 1)
    toggle(page, "Africa (region)")
    page.wait_for_function("() => window.location.search.includes('country=Africa')")
    wait_drawn(page, 1)
    page.wait_for_function("(id) => document.getElementById(id).innerText"
                           ".includes('count each member')", arg=V.notice)
    drawn = lines(page)
    assert set(drawn) == {"India", "Africa"}
    africa = dict(zip(drawn["Africa"]["x"], drawn["Africa"]["y"], strict=True))
    # SIPRI's regional table of 2024-04-13: Africa's imports 1,306 in 1990, 1,442 in 2023
    assert round(africa[1990]) == 1306 and round(africa[2023]) == 1442
    screenshot(page, "compare_region")

    _, rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert {(r["country"], r["kind"]) for r in rows} == {("India", "country"),
                                                         ("Africa", "region")}
    assert console == [], "\n".join(console)
