"""Names analysts type are found, in real headless Chromium on the real build: 'Turkey' and
'UAE' in the country dropdowns and the URL, 'TB2' and 'Akıncı' in the deal search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from etl.store import read_table
from tests.e2e.conftest import wait_drawn
from tests.e2e.test_deals_browser import default_release, grid_rows, summary_total

pytestmark = [pytest.mark.browser, pytest.mark.realdata]


def options_for(page: Any, dropdown_id: str, typed: str) -> list[str]:
    """Open a dropdown, type into its search box, and read the options it offers (the
    dropdown stays open)."""
    if page.locator("input.dash-dropdown-search").count():
        page.keyboard.press("Escape")
        page.wait_for_selector("input.dash-dropdown-search", state="detached")
    page.click(f"#{dropdown_id}")
    box = page.locator("input.dash-dropdown-search")
    box.fill(typed)
    page.wait_for_function(
        "(t) => document.querySelector('input.dash-dropdown-search')?.value === t", arg=typed)
    page.wait_for_timeout(150)  # the list filters on the next render
    found: list[str] = page.locator(".dash-dropdown-option").all_inner_texts()
    return [o.strip() for o in found]


def test_country_dropdown_finds_turkey_and_uae(live_url: str,
                                               browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/")
    wait_drawn(page, 4)
    assert options_for(page, ids.COUNTRY_CONTROLS.country, "Turkey") == ["Türkiye"]
    assert options_for(page, ids.COUNTRY_CONTROLS.country, "uae") == ["United Arab Emirates"]
    page.locator(".dash-dropdown-option", has_text="United Arab Emirates").click()
    page.wait_for_function(
        "() => window.location.search.includes('country=United+Arab+Emirates')")
    assert console == [], "\n".join(console)


def test_pair_dropdown_finds_turkey(live_url: str,
                                    browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/pair?supplier=China&recipient=Pakistan")
    wait_drawn(page, 3)
    assert options_for(page, ids.PAIR_SUPPLIER, "turkey") == ["Türkiye"]
    page.locator(".dash-dropdown-option", has_text="Türkiye").click()
    page.wait_for_function("() => window.location.search.includes('supplier=Turkiye')")
    assert console == [], "\n".join(console)


@pytest.mark.parametrize(("path", "shown"), [
    ("/?country=Turkey&side=exports", "Türkiye"),
    ("/?country=uae", "United Arab Emirates"),
    ("/?country=T%C3%9CRKIYE", "Türkiye"),
])
def test_url_names_any_spelling_without_a_notice(live_url: str,
                                                 browser_page: tuple[Any, list[str]],
                                                 path: str, shown: str) -> None:
    page, _ = browser_page
    page.goto(live_url + path)
    wait_drawn(page, 4)
    assert page.inner_text(f"#{ids.COUNTRY_CONTROLS.country}").strip() == shown
    assert "Unknown country" not in page.inner_text(f"#{ids.COUNTRY_CONTROLS.notice}")


def test_pair_url_takes_former_names(live_url: str,
                                     browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    page.goto(live_url + "/pair?supplier=Turkey&recipient=pakistan")
    wait_drawn(page, 3)
    assert page.inner_text(f"#{ids.PAIR_SUPPLIER}").strip() == "Türkiye"
    assert page.inner_text(f"#{ids.PAIR_RECIPIENT}").strip() == "Pakistan"


def designations_in_view(build: Path, release: str, needle: str) -> set[str]:
    """Designations of Türkiye→Pakistan deals with deliveries in the release whose SIPRI
    designation contains `needle` (as SIPRI writes it), from the build's own table."""
    dl = read_table(build, "deliveries")
    rows = dl[(dl["release"] == release) & (dl["supplier"] == "Turkiye")
              & (dl["recipient"] == "Pakistan")]
    return {str(x) for x in rows["designation"] if needle in str(x)}


@pytest.mark.parametrize(("typed", "sipri"), [("TB2", "TB-2"), ("Akıncı", "Akinci"),
                                              ("bayraktar tb-2", "TB-2")])
def test_deal_search_finds_systems_as_articles_write_them(
        live_url: str, real_build: Path, browser_page: tuple[Any, list[str]],
        typed: str, sipri: str) -> None:
    page, console = browser_page
    release = default_release(real_build)
    expected = designations_in_view(real_build, release, sipri)
    assert expected, f"no {sipri} deal for Türkiye→Pakistan in {release}"
    page.goto(live_url + "/pair?supplier=Turkiye&recipient=Pakistan&years=1995-2024")
    wait_drawn(page, 3)
    page.fill("#pair-deals-search", typed)
    page.press("#pair-deals-search", "Enter")
    count, _ = summary_total(page, "pair-deals-summary", f"matching “{typed}”")
    assert count >= 1
    rows = grid_rows(page, "pair-deals-grid", count)
    assert {r["designation"] for r in rows} == expected
    assert console == [], "\n".join(console)
