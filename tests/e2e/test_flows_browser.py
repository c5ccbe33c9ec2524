"""/flows in a real browser: an analyst sees the largest flows of 2020-24, narrows them to
ships, clicks the largest flow in the diagram, follows the link to its pair page, and
downloads the CSV of the flows drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard import ids
from etl import regions
from tests.e2e.conftest import choose, download_csv, screenshot, wait_drawn

pytestmark = [pytest.mark.browser, pytest.mark.realdata]
V = ids.FLOWS


def table_rows(page: Any) -> list[list[str]]:
    """The cells of the flows table as shown."""
    return [[c.strip() for c in row.split("\t")] for row in
            page.locator(f"#{V.table} tbody tr").all_inner_texts()]


def test_flows_filter_click_pair_and_csv(live_url: str, tmp_path: Path,
                                         browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/flows")
    wait_drawn(page, 1)
    rows = table_rows(page)
    assert len(rows) == 25
    assert rows[0][:3] == ["1", "United States", "Saudi Arabia"]
    assert "2020–2024" in page.inner_text(f"#{V.headline}")
    assert page.locator(f"#{V.graph} .sankey-link").count() == 25
    screenshot(page, "flows_default")

    pick_category(page, "Ships")
    wait_drawn(page, 1)
    page.wait_for_function(f"""() => document.querySelector('#{V.table} caption')
                                 .innerText.includes('(Ships)')""")
    first = table_rows(page)[0]
    assert first[:3] == ["1", "Italy", "Qatar"]

    # a click on the largest flow (the diagram's first link) names it and links its pair;
    # first wait until the diagram has redrawn to the filtered flows, one link per row
    shown = len(table_rows(page))
    page.wait_for_function(f"""() => document.querySelectorAll('#{V.graph} .sankey-link')
                                 .length === {shown}""")
    links = page.locator(f"#{V.graph} .sankey-link")
    numbers = [links.nth(i).evaluate("e => e.__data__.link.pointNumber")
               for i in range(shown)]
    links.nth(numbers.index(0)).dispatch_event("click")  # links overlap: no mouse aim
    link = page.locator(f"#{ids.FLOWS_LINK} a")
    link.wait_for()
    assert page.inner_text(f"#{ids.FLOWS_LINK}").startswith("Italy → Qatar")

    name, saved_rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert name == "flows_top-25_2020-2024_Ships_release-2026-02-12.csv"
    assert [r["supplier"] for r in saved_rows[:1]] == ["Italy"]
    assert {(r["categories"], r["release"]) for r in saved_rows} == {("Ships", "2026-02-12")}
    assert f"{float(saved_rows[0]['tiv_millions']):,.0f}" == first[3]

    link.click()
    page.wait_for_url("**/pair?supplier=Italy&recipient=Qatar*")
    assert "deals=2020-2024" in page.url and "cat=Ships" in page.url
    wait_drawn(page, 3)
    assert console == [], "\n".join(console)


def pick_category(page: Any, name: str) -> None:
    """Type a category into the picker as an analyst does, until the URL holds it."""
    pick(page, V.categories, name, f"cat={name}")


def pick(page: Any, dropdown: str, name: str, wanted: str) -> None:
    """Choose `name` in a dropdown and wait until the URL holds `wanted`."""
    choose(page, dropdown, name)
    page.wait_for_function(f"() => window.location.search.includes('{wanted}')")


def test_flows_into_a_grouping_and_its_csv(live_url: str, tmp_path: Path,
                                           browser_page: tuple[Any, list[str]]) -> None:
    page, console = browser_page
    page.goto(live_url + "/flows")
    wait_drawn(page, 1)
    pick(page, ids.FLOWS_AREA, "NATO", "area=NATO")
    page.click(f"#{ids.FLOWS_ROLE} label:text-is('recipient')")
    page.wait_for_function("() => window.location.search.includes('role=recipient')")
    page.wait_for_function(f"""() => document.getElementById('{V.headline}').innerText
                                 .includes('with the recipient in NATO')""")
    wait_drawn(page, 1)
    nato = set(regions.areas(regions.read_regions(), regions.read_groupings(),
                             "2026-02-12")["NATO"].names())
    rows = table_rows(page)
    assert len(rows) == 25
    assert {r[2] for r in rows} <= {"Türkiye", *nato}  # every recipient a member
    assert ("United States", "Saudi Arabia") not in {(r[1], r[2]) for r in rows}
    screenshot(page, "flows_into_nato")

    name, saved_rows = download_csv(page, f"#{V.csv}", tmp_path)
    assert name == "flows_top-25_recipient-in-NATO_2020-2024_release-2026-02-12.csv"
    assert [r["recipient"] for r in saved_rows] == [r[2] for r in rows]
    assert {(r["area"], r["area_end"], r["release"]) for r in saved_rows} == {
        ("NATO", "recipient", "2026-02-12")}
    assert console == [], "\n".join(console)
